/**
 * A local stand-in for HashiCorp Vault (the JWT auth method, KV v2 writes, revoke-self) and for
 * GitHub's OIDC token service that the login starts from, for the vault target's tests. The OIDC
 * service checks the runner's request token and signs RS256 JWTs with the claims GitHub puts in
 * (iss, aud, repository, ref, sub); Vault verifies the signature, issuer, audience and the role's
 * bound claims, checks `X-Vault-Token` against each token's policy paths, keeps KV v2 versions,
 * and answers errors as Vault does: `{"errors": [...]}`, 403 "permission denied", 429 for a rate
 * limit quota, 503 while sealed.
 */
import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  json,
  route,
  startFakeApi,
  text,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../testing/fake-api-kit.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const OIDC_PATH = '/_apis/distributedtask/hubs/build/plans/plan/jobs/job/idtoken';

export interface JwtRole {
  readonly boundAudiences: readonly string[];
  readonly boundClaims: Readonly<Record<string, string>>;
  /** KV paths (`secret/data/certs/`) the role's tokens may write under. */
  readonly writes: readonly string[];
}

export interface FakeVaultOptions {
  /** KV v2 mounts. */
  readonly mounts: readonly string[];
  /** Static tokens and the KV paths (prefixes, such as `secret/data/certs/`) each may write. */
  readonly tokens: Readonly<Record<string, readonly string[]>>;
  readonly roles: Readonly<Record<string, JwtRole>>;
  /** What GitHub puts in the job's OIDC token. */
  readonly job: { readonly repository: string; readonly ref: string; readonly requestToken: string };
}

export interface KvVersion {
  readonly version: number;
  readonly data: Readonly<Record<string, string>>;
}

export interface FakeVault {
  readonly url: string;
  readonly vendor: FakeApi;
  readonly oidc: FakeApi;
  /** ACTIONS_ID_TOKEN_REQUEST_URL as the runner sets it. */
  readonly oidcRequestUrl: string;
  /** The versions written at `mount/path`, oldest first. */
  versions(kvPath: string): readonly KvVersion[];
  /** Tokens handed out by logins and not revoked. */
  liveLoginTokens(): number;
  /** Every token a login handed out, revoked or not (none may appear in an output). */
  issuedTokens(): readonly string[];
  /** The next `times` writes get `reply` (see `vaultErrors`). */
  failWrites(reply: FakeApiReply, times: number): ScriptedFailure;
  /** An OIDC token signed by another key (a forged one), for the login to refuse. */
  forgedJwt(): string;
  close(): Promise<void>;
}

export const vaultErrors = {
  rateLimited: (path: string) =>
    json(429, { errors: [`request path "${path}": rate limit quota exceeded`] }, { 'retry-after': '0' }),
  sealed: () => json(503, { errors: ['Vault is sealed'] }),
  denied: () => json(403, { errors: ['permission denied'] }),
};

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(claims: Record<string, unknown>, privateKey: string): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${base64url(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

/** The claims of a JWT whose RS256 signature `publicKey` verifies, else undefined. */
function verifiedClaims(jwt: string, publicKey: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return undefined;
  const ok = createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(publicKey, Buffer.from(signature, 'base64url'));
  return ok ? (JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>) : undefined;
}

function keyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export async function startFakeVault(options: FakeVaultOptions): Promise<FakeVault> {
  const github = keyPair();
  const kv = new Map<string, KvVersion[]>();
  const loginTokens = new Map<string, readonly string[]>();
  const issued: string[] = [];
  const errors = (status: number, ...messages: string[]) => json(status, { errors: messages });
  const owner = options.job.repository.split('/')[0] ?? '';

  const oidc = await startFakeApi({
    name: 'github-oidc',
    auth: (request) =>
      request.headers.authorization === `Bearer ${options.job.requestToken}` ? undefined : text(401, 'Unauthorized'),
    routes: [
      route(`GET ${OIDC_PATH}`, (request) => {
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          iss: GITHUB_ISSUER,
          aud: request.query.get('audience') ?? `https://github.com/${owner}`,
          sub: `repo:${options.job.repository}:ref:${options.job.ref}`,
          repository: options.job.repository,
          repository_owner: owner,
          ref: options.job.ref,
          iat: now,
          nbf: now,
          exp: now + 300,
        };
        return json(200, { count: 1, value: signJwt(claims, github.privateKey) });
      }),
    ],
  });

  const login = (request: FakeApiRequest): FakeApiReply => {
    let body: { role?: string; jwt?: string };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return errors(400, 'error parsing JSON');
    }
    const role = options.roles[body.role ?? ''];
    if (!body.role) return errors(400, 'missing role');
    if (!role) return errors(400, `role "${body.role}" could not be found`);
    const claims = verifiedClaims(body.jwt ?? '', github.publicKey);
    if (!claims) return errors(400, 'error validating token: failed to verify id token signature');
    if (claims.iss !== GITHUB_ISSUER) return errors(400, 'error validating token: invalid issuer (iss) claim');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
      return errors(400, 'error validating token: token is expired (exp)');
    if (!role.boundAudiences.includes(String(claims.aud)))
      return errors(
        400,
        'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience',
      );
    for (const [claim, value] of Object.entries(role.boundClaims))
      if (claims[claim] !== value)
        return errors(
          400,
          `error validating claims: claim "${claim}" does not match any associated bound claim values`,
        );
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    loginTokens.set(token, role.writes);
    issued.push(token);
    return json(200, {
      request_id: randomBytes(8).toString('hex'),
      auth: { client_token: token, policies: ['default', 'certwright'], lease_duration: 300, renewable: true },
    });
  };

  const write = (request: FakeApiRequest): FakeApiReply => {
    const { mount = '' } = request.params;
    const path = request.path.slice(`/v1/${mount}/data/`.length);
    const token = String(request.headers['x-vault-token'] ?? '');
    const writes = options.tokens[token] ?? loginTokens.get(token);
    const apiPath = `${mount}/data/${path}`;
    if (!writes || !writes.some((prefix) => apiPath.startsWith(prefix))) return errors(403, 'permission denied');
    if (!options.mounts.includes(mount))
      return errors(404, `no handler for route "${apiPath}". route entry not found.`);
    let body: { data?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return errors(400, 'error parsing JSON');
    }
    if (typeof body.data !== 'object' || body.data === null) return errors(400, 'no data provided');
    const versions = kv.get(`${mount}/${path}`) ?? [];
    const version = versions.length + 1;
    versions.push({ version, data: body.data as Record<string, string> });
    kv.set(`${mount}/${path}`, versions);
    return json(200, {
      request_id: randomBytes(8).toString('hex'),
      data: {
        created_time: new Date().toISOString(),
        custom_metadata: null,
        deletion_time: '',
        destroyed: false,
        version,
      },
    });
  };

  const revoke = (request: FakeApiRequest): FakeApiReply => {
    const token = String(request.headers['x-vault-token'] ?? '');
    if (!loginTokens.delete(token) && !options.tokens[token]) return errors(403, 'permission denied');
    return { status: 204 };
  };

  // Vault routes by mount prefix and KV paths have any depth, where the kit routes by a fixed
  // number of segments: every request is answered here (each still recorded by the kit).
  const kvWrite = /^\/v1\/([^/]+)\/data\/.+$/;
  const kvFailures: { reply: FakeApiReply; served: number; remaining: number }[] = [];
  const scripted = (): FakeApiReply | undefined => {
    const failure = kvFailures[0];
    if (!failure) return undefined;
    failure.served += 1;
    failure.remaining -= 1;
    if (failure.remaining === 0) kvFailures.shift();
    return failure.reply;
  };
  const dispatch = (request: FakeApiRequest): FakeApiReply => {
    if (request.method !== 'POST') return errors(405, 'unsupported operation');
    const loginMatch = /^\/v1\/auth\/([^/]+)\/login$/.exec(request.path);
    if (request.path === '/v1/auth/token/revoke-self') return revoke(request);
    if (loginMatch) return login({ ...request, params: { mount: loginMatch[1] ?? '' } });
    const writeMatch = kvWrite.exec(request.path);
    if (writeMatch) return scripted() ?? write({ ...request, params: { mount: writeMatch[1] ?? '' } });
    return errors(404, `no handler for route "${request.path.slice(4)}". route entry not found.`);
  };
  const kvServer = await startFakeApi({ name: 'vault', auth: dispatch, routes: [] });

  return {
    url: kvServer.url,
    vendor: kvServer,
    oidc,
    oidcRequestUrl: `${oidc.url}${OIDC_PATH}?api-version=2.0`,
    versions: (kvPath) => kv.get(kvPath) ?? [],
    liveLoginTokens: () => loginTokens.size,
    issuedTokens: () => issued,
    failWrites(reply, times) {
      const failure = { reply, served: 0, remaining: times };
      kvFailures.push(failure);
      return failure;
    },
    forgedJwt: () =>
      signJwt(
        {
          iss: GITHUB_ISSUER,
          aud: `https://github.com/${owner}`,
          repository: options.job.repository,
          ref: options.job.ref,
          exp: Math.floor(Date.now() / 1000) + 300,
        },
        keyPair().privateKey,
      ),
    async close() {
      await Promise.all([kvServer.close(), oidc.close()]);
    },
  };
}
