/**
 * The two calls of the acme-dns HTTP API (github.com/joohoi/acme-dns#api), over the run's HTTP
 * client (its proxy, trust and keep-alive): `POST /register` and `POST /update`. acme-dns answers
 * errors as `{"error": "<code>"}`; each becomes one line saying what to check. The password goes
 * into the X-Api-Key header only, and answers are quoted bounded and with it cut out.
 *
 * Why no client library: there is none on npm worth a dependency for two JSON POSTs, and
 * going through `context.http` keeps the run's proxy and CA settings.
 */
import type { HttpClient, HttpResponse } from '../../../net/http.js';
import type { AcmeDnsAccount } from './credentials.js';
import { parseJson, shownBody } from '../../../vendor/body.js';

/** An answer acme-dns gave other than success: its status and `error` code. */
export class AcmeDnsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }

  /** Throttled by a proxy in front, or a server error (acme-dns's `db_error`): worth another try. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** What `POST /register` answers (github.com/joohoi/acme-dns api.go, RegResponse). */
export interface RegisteredAccount {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: readonly string[];
}

function errorCode(response: HttpResponse): string | undefined {
  const code = parseJson<{ error?: unknown }>(response.body)?.error;
  return typeof code === 'string' ? code : undefined;
}

/** `401 forbidden` or `HTTP 502: <body>`. */
function answerOf(response: HttpResponse, secrets: readonly string[]): string {
  const code = errorCode(response);
  if (code) return `${response.status} ${code}`;
  const body = shownBody(response.body, secrets);
  return `HTTP ${response.status}${body ? `: ${body}` : ''}`;
}

async function post(
  http: HttpClient,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  what: string,
): Promise<HttpResponse> {
  try {
    return await http({
      method: 'POST',
      url,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
  } catch (cause) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: no answer from ${new URL(url).origin} (${(cause as Error).message})`,
      0,
      undefined,
    );
  }
}

/**
 * Sets one of the account's two TXT values (acme-dns replaces the older one). A value must be
 * 43 characters: acme-dns refuses anything else with `bad_txt`.
 */
export async function updateTxt(http: HttpClient, account: AcmeDnsAccount, value: string, what: string): Promise<void> {
  const headers = { 'x-api-user': account.username, 'x-api-key': account.password };
  const response = await post(
    http,
    `${account.server}/update`,
    headers,
    JSON.stringify({ subdomain: account.subdomain, txt: value }),
    what,
  );
  if (response.status === 200) return;
  const code = errorCode(response);
  const answer = answerOf(response, [account.password, account.username]);
  let advice: string;
  if (response.status === 401 || code === 'forbidden') {
    advice =
      `acme-dns refused the account: a wrong username or password, a subdomain other than the account's, ` +
      `or an address outside the account's allowfrom; ` +
      `check the entry for ${account.names.filter(Boolean).join(', ') || account.fulldomain} in the credentials, ` +
      `and allowfrom against the runner's address`;
  } else if (code === 'bad_txt') advice = 'acme-dns takes only 43-character values (a dns-01 digest)';
  else if (code === 'bad_subdomain')
    advice = `the subdomain "${account.subdomain}" in the credentials is not one acme-dns accepts`;
  else if (response.status === 404 || response.status === 405)
    advice =
      `${account.server} has no acme-dns /update; ` +
      `acme-dns-server (or the account's server_url) must be the API's base URL`;
  else advice = 'the acme-dns server or a proxy in front of it failed';
  throw new AcmeDnsError(`acme-dns: ${what}: ${answer}; ${advice}`, response.status, code);
}

/** Registers an account (`POST /register`), limited to `allowFrom` networks when given. */
export async function registerAccount(
  http: HttpClient,
  server: string,
  allowFrom: readonly string[],
): Promise<RegisteredAccount> {
  const what = `registering an account at ${server}`;
  const body = allowFrom.length > 0 ? JSON.stringify({ allowfrom: allowFrom }) : undefined;
  const response = await post(http, `${server}/register`, {}, body, what);
  if (response.status !== 201 && response.status !== 200) {
    const code = errorCode(response);
    let advice: string;
    if (code === 'invalid_allowfrom_cidr')
      advice = 'an allowfrom entry is not a network in CIDR notation, such as 192.0.2.0/24';
    else if (response.status === 404 || response.status === 405)
      advice =
        `${server} does not register accounts (acme-dns with disable_registration, or not the API's base URL); ` +
        'ask its operator for an account';
    else advice = 'the acme-dns server or a proxy in front of it failed';
    throw new AcmeDnsError(`acme-dns: ${what}: ${answerOf(response, [])}; ${advice}`, response.status, code);
  }
  const parsed = parseJson<Partial<Record<keyof RegisteredAccount, unknown>>>(response.body);
  if (typeof parsed !== 'object' || parsed === null)
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer is not JSON; is ${server} an acme-dns API?`,
      response.status,
      undefined,
    );
  const { username, password, fulldomain, subdomain, allowfrom } = parsed;
  if (
    typeof username !== 'string' ||
    typeof password !== 'string' ||
    typeof fulldomain !== 'string' ||
    typeof subdomain !== 'string' ||
    !username ||
    !password ||
    !fulldomain ||
    !subdomain
  ) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer lacks username, password, fulldomain or subdomain; is ${server} an acme-dns API?`,
      response.status,
      undefined,
    );
  }
  return {
    username,
    password,
    fulldomain,
    subdomain,
    allowfrom: Array.isArray(allowfrom) ? allowfrom.filter((a): a is string => typeof a === 'string') : [],
  };
}
