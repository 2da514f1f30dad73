/**
 * TXT record data in the quoted presentation form DNS APIs use (Route 53's `Value`, Cloudflare's
 * `content`): `"abc"`, several strings as `"a" "b"`, `\"` and `\\` escaped, `\DDD` decimal bytes.
 */

/** One value as quoted character-strings, split every 255 bytes (RFC 1035 §3.3.14). */
export function quoteTxt(value: string): string {
  const strings = value.match(/[^]{1,255}/g) ?? [''];
  return strings.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
}

/**
 * The value a quoted TXT rdata carries, its strings joined. Unquoted text (as some tools write
 * it) is taken as is, so it still compares equal to the same value quoted.
 */
export function unquoteTxt(rdata: string): string {
  const text = rdata.trim();
  if (!text.startsWith('"')) return text;
  let value = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++; // whitespace between strings
      continue;
    }
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && /^\d{3}$/.test(text.slice(i + 1, i + 4))) {
        value += String.fromCharCode(Number(text.slice(i + 1, i + 4)));
        i += 4;
      } else if (text[i] === '\\') {
        value += text[i + 1] ?? '';
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    i++; // the closing quote
  }
  return value;
}
