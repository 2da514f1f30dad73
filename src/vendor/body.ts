/** A vendor's answer body, read and quoted safely. */

/** How much of a vendor's answer body an error line shows. */
const BODY_SHOWN = 200;

/** An answer body for an error line: printable, one line, bounded, without any of `secrets`. */
export function shownBody(body: Buffer, secrets: readonly string[]): string {
  let text = body.toString('utf8');
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('***');
  text = text
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text;
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson<T>(body: Buffer): T | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
