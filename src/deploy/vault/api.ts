/**
 * The Vault HTTP API calls the target makes: GitHub's OIDC token for the job, the JWT auth
 * method's login, a KV v2 write, and revoking the login's token. 429 and 5xx (a sealed or
 * standby node answers 503) are retried, 412 too (a performance standby that has not seen the
 * token yet). Vault answers errors as `{"errors": [...]}`: they become the one error line.
 */
import type { HttpClient, HttpMethod, HttpResponse } from '../../net/http.js';
import { parseJson, shownBody } from '../../vendor/body.js';
import { isSuccess, sendRequest, throttledOrServerError, type VendorAnswer } from '../../vendor/request.js';
import { DEFAULT_RETRY_POLICY, type RunTools } from '../../vendor/retry.js';

export interface VaultConnection {
  /** `https://vault.example.com:8200`, without a trailing slash. */
  readonly addr: string;
  readonly namespace?: string | undefined;
  readonly http: HttpClient;
  readonly run: RunTools;
  /** Values no error line may show. */
  readonly secrets: () => readonly string[];
}

/** The fields written to the KV secret: the names the README documents. */
export interface CertificateFields {
  readonly certificate: string;
  readonly private_key: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly serial: string;
  readonly not_after: string;
  readonly domains: string;
  readonly certificate_name: string;
}

function retryWhen(answer: HttpResponse) {
  return answer.status === 412 ? { why: 'HTTP 412 (standby not caught up)' } : throttledOrServerError(answer);
}

async function call(
  connection: VaultConnection,
  method: HttpMethod,
  path: string,
  what: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<VendorAnswer> {
  return sendRequest(
    { http: connection.http, policy: DEFAULT_RETRY_POLICY, clock: connection.run.clock, logger: connection.run.logger },
    {
      method,
      url: `${connection.addr}/v1/${path}`,
      what: `vault: ${what}`,
      headers: () => ({ ...(connection.namespace ? { 'x-vault-namespace': connection.namespace } : {}), ...headers }),
      ...(body === undefined ? {} : { json: body }),
      retryWhen,
    },
  );
}

function explain(connection: VaultConnection, answer: VendorAnswer, what: string, hint: string): Error {
  const errors = parseJson<{ errors?: unknown }>(answer.body)?.errors;
  const detail = Array.isArray(errors)
    ? shownBody(Buffer.from(errors.map(String).join('; ')), connection.secrets())
    : shownBody(answer.body, connection.secrets());
  return new Error(`vault: ${what}: ${answer.status}: ${detail || 'no details'}${answer.note}${hint}`);
}

/** `POST /v1/auth/{mount}/login` of the JWT auth method: the role's token. */
export async function loginWithJwt(
  connection: VaultConnection,
  authMount: string,
  role: string,
  jwt: string,
): Promise<string> {
  const what = `logging in as JWT role "${role}" at auth/${authMount}`;
  const answer = await call(connection, 'POST', `auth/${authMount}/login`, what, {}, { role, jwt });
  if (!isSuccess(answer)) {
    const hint =
      answer.status === 400 || answer.status === 403
        ? " (check the role's bound_audiences against vault-oidc-audience, " +
          'and its bound_claims against this repository and ref)'
        : '';
    throw explain(connection, answer, what, hint);
  }
  const token = parseJson<{ auth?: { client_token?: unknown } }>(answer.body)?.auth?.client_token;
  if (typeof token !== 'string' || token === '') throw new Error(`vault: ${what}: the answer holds no client_token`);
  return token;
}

/** `POST /v1/{mount}/data/{path}`: a new version of the KV v2 secret; its version number. */
export async function writeKv(
  connection: VaultConnection,
  token: string,
  mount: string,
  path: string,
  data: CertificateFields,
): Promise<number> {
  const what = `writing ${mount}/${path}`;
  const answer = await call(connection, 'POST', `${mount}/data/${path}`, what, { 'x-vault-token': token }, { data });
  if (!isSuccess(answer)) {
    const hint =
      answer.status === 403
        ? ` (the token's policy needs create and update on "${mount}/data/${path}")`
        : answer.status === 404
          ? ` (is ${mount}/ a KV version 2 secrets engine?)`
          : '';
    throw explain(connection, answer, what, hint);
  }
  const version = parseJson<{ data?: { version?: unknown } }>(answer.body)?.data?.version;
  if (typeof version !== 'number')
    throw new Error(`vault: ${what}: the answer has no version (is ${mount}/ KV version 2?)`);
  return version;
}

/** `POST /v1/auth/token/revoke-self`: the login's token ends with the deploy rather than at its TTL. */
export async function revokeSelf(connection: VaultConnection, token: string): Promise<void> {
  const answer = await call(connection, 'POST', 'auth/token/revoke-self', 'revoking the login token', {
    'x-vault-token': token,
  });
  if (!isSuccess(answer)) throw explain(connection, answer, 'revoking the login token', '');
}

/**
 * The job's OIDC token from GitHub (`ACTIONS_ID_TOKEN_REQUEST_URL`, with the runner's request
 * token), for `audience` or GitHub's default one.
 */
export async function githubOidcToken(
  connection: Pick<VaultConnection, 'http' | 'run' | 'secrets'>,
  requestUrl: string,
  requestToken: string,
  audience: string | undefined,
): Promise<string> {
  const url = new URL(requestUrl);
  if (audience) url.searchParams.set('audience', audience);
  const what = "vault: asking GitHub for the job's OIDC token";
  const answer = await sendRequest(
    { http: connection.http, policy: DEFAULT_RETRY_POLICY, clock: connection.run.clock, logger: connection.run.logger },
    {
      method: 'GET',
      url: url.href,
      what,
      headers: () => ({ authorization: `Bearer ${requestToken}` }),
      retryNoAnswer: true,
    },
  );
  const value = isSuccess(answer) ? parseJson<{ value?: unknown }>(answer.body)?.value : undefined;
  if (typeof value !== 'string' || value === '')
    throw new Error(
      `${what}: ${answer.status}: ` +
        `${shownBody(answer.body, connection.secrets()) || 'no token in the answer'}${answer.note}`,
    );
  return value;
}
