/**
 * A local stand-in for Azure Key Vault's certificate import, for the azure-key-vault target's
 * tests. Microsoft Entra ID is the Azure DNS provider's fake (`startFakeAzureApi`), asked to issue
 * tokens for `https://vault.azure.net` too; this endpoint checks those tokens as Key Vault does
 * (signature, tenant, audience `https://vault.azure.net`, expiry) and the caller's data actions
 * (Azure RBAC), and answers as Key Vault does:
 *
 * - `POST /certificates/{name}/import?api-version=2025-07-01` with a PKCS#12 (`value` base64,
 *   `pwd`) or PEM (`policy.secret_props.contentType: application/x-pem-file`) holding the key and
 *   the chain: the PFX is opened with OpenSSL, the key must match the leaf, the policy's key type
 *   must be the key's; each import adds a version (32 hex digits) and the answer is the
 *   CertificateBundle (`id`, `kid`, `sid`, `x5t`, `cer`, attributes, policy, tags).
 * - Errors in Key Vault's shape, `{"error":{"code","message","innererror":{"code"}}}`: Unauthorized
 *   (AKV10000 no token, AKV10022 audience, AKV10032 issuer), Forbidden (ForbiddenByRbac),
 *   BadParameter, Conflict for a name deleted but recoverable, Throttled (429 with Retry-After).
 *
 * Requests Key Vault would refuse because the client is wrong (no token, bad body) are answered
 * as Key Vault does *and* listed in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import https from 'node:https';
import {
  createLocalJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import {
  startFakeAzureApi,
  type FakeAzureApi,
  type FederatedCredential,
  type OidcIssuer,
} from '../../../dns/providers/azure/testing/fake-api.js';
import {
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../testing/fake-api-kit.js';

export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';
const API_VERSION = '2025-07-01';
/** Versions Key Vault serves; only API_VERSION is served here, the others are refused as unknown to this fake. */
const KNOWN_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01'];

/** The data actions of Key Vault's built-in roles that matter here. */
export const KEY_VAULT_ROLES = {
  /** Key Vault Certificates Officer (a4417e6f-fecd-4de8-b567-7b0420556985). */
  certificatesOfficer: [
    'Microsoft.KeyVault/vaults/certificatecas/*',
    'Microsoft.KeyVault/vaults/certificates/*',
    'Microsoft.KeyVault/vaults/certificatecontacts/write',
  ],
  /** Key Vault Reader: metadata only. */
  reader: ['Microsoft.KeyVault/vaults/*/read'],
  /** The least: the one data action an import needs. */
  importOnly: ['Microsoft.KeyVault/vaults/certificates/import/action'],
} as const;

const IMPORT_ACTION = 'Microsoft.KeyVault/vaults/certificates/import/action';

export interface KeyVaultAppOptions {
  readonly clientId: string;
  readonly objectId?: string;
  readonly clientSecret?: string;
  readonly federated?: readonly FederatedCredential[];
  /** Data actions on the vault (`*` wildcards, as role definitions write them). */
  readonly dataActions: readonly string[];
}

export interface FakeKeyVaultOptions {
  readonly tenantId: string;
  /** The vault's name, in messages. */
  readonly vaultName: string;
  readonly apps: readonly KeyVaultAppOptions[];
  readonly issuers?: readonly OidcIssuer[];
}

/** One version of a certificate, as the vault holds it. */
export interface StoredVersion {
  readonly version: string;
  /** `{vault}/certificates/{name}/{version}`. */
  readonly id: string;
  readonly x5t: string;
  /** The chain as imported, leaf first (PEM). */
  readonly certificates: readonly string[];
  readonly serial: string;
  /** The key imported, PKCS#8 PEM. */
  readonly keyPem: string;
  readonly contentType: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Who imported it (the token's appid). */
  readonly clientId: string;
}

export interface FakeKeyVault {
  /** The vault's URL, `http://127.0.0.1:port`: `azure-key-vault-url`. */
  readonly vaultUrl: string;
  readonly vault: FakeApi;
  /** Entra ID and its certificate: AZURE_AUTHORITY_HOST, NODE_EXTRA_CA_CERTS, tokens issued. */
  readonly azure: FakeAzureApi;
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  /** The import route, for `vault.failNext`. */
  readonly importRoute: string;
  /** Every version of `name`, oldest first. */
  versions(name: string): readonly StoredVersion[];
  /** The newest version of `name`: what App Gateway and Front Door serve. */
  latest(name: string): StoredVersion | undefined;
  /** Deletes `name` as soft delete does: the name stays taken until recovered or purged (409 Conflict). */
  softDelete(name: string): void;
  /** The next `times` imports get 429 Throttled with Retry-After. */
  throttleImports(times: number, retryAfterSeconds?: number): ScriptedFailure;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

function keyVaultError(status: number, code: string, message: string, inner?: string, headers = {}): FakeApiReply {
  return json(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, headers);
}

function actionMatches(pattern: string, action: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'i').test(action);
}

/** The tenant's signing keys, from the local Entra ID's discovery endpoint (over HTTPS with its CA). */
function fetchJwks(azure: FakeAzureApi, tenantId: string): Promise<JSONWebKeySet> {
  return new Promise((resolve, reject) => {
    const url = `${azure.authorityHost}/${tenantId}/discovery/v2.0/keys`;
    https
      .get(url, { ca: azure.caPem }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(body) as JSONWebKeySet));
      })
      .on('error', reject);
  });
}

/** What an import carries, opened: the chain (leaf first) and the key. */
interface Opened {
  readonly certificates: X509Certificate[];
  readonly key: KeyObject;
}

/** Opens a PKCS#12 file with OpenSSL, a parser independent of the one that wrote it; undefined when it cannot. */
function openPfx(der: Buffer, password: string): { pems: string[]; keyPem: string } | undefined {
  const out = spawnSync('openssl', ['pkcs12', '-nodes', '-passin', 'env:PFX_PASSWORD'], {
    input: der,
    env: { ...process.env, PFX_PASSWORD: password },
  });
  if (out.status !== 0) return undefined;
  const text = out.stdout.toString();
  const pems = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  const keyPem = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/.exec(text)?.[0];
  return keyPem ? { pems, keyPem } : undefined;
}

/** The key and chain of an import, the leaf first (the one the key belongs to); a string: why not. */
function openImport(body: ImportBody): Opened | string {
  const contentType = body.policy?.secret_props?.contentType ?? 'application/x-pkcs12';
  let pems: string[];
  let keyPem: string | undefined;
  if (contentType === 'application/x-pem-file') {
    pems = body.value.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    keyPem = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/.exec(body.value)?.[0];
    if (!keyPem) return 'Private key is not specified in the specified X.509 PEM certificate content.';
  } else if (contentType === 'application/x-pkcs12') {
    const opened = openPfx(Buffer.from(body.value, 'base64'), body.pwd ?? '');
    if (!opened)
      return 'The specified PKCS#12 X.509 certificate content can not be read. Please check if certificate is in valid PKCS#12 format.';
    ({ pems, keyPem } = opened);
  } else {
    return `Property policy.secret_props.contentType has invalid value '${contentType}'.`;
  }
  const key = createPrivateKey(keyPem);
  const certificates = pems.map((pem) => new X509Certificate(pem));
  const leaf = certificates.findIndex((certificate) => certificate.checkPrivateKey(key));
  if (leaf < 0) return 'The private key does not match any certificate in the specified content.';
  return { certificates: [certificates[leaf] as X509Certificate, ...certificates.filter((_, i) => i !== leaf)], key };
}

interface ImportBody {
  value: string;
  pwd?: string;
  policy?: {
    key_props?: { kty?: string; key_size?: number; crv?: string; exportable?: boolean };
    secret_props?: { contentType?: string };
  };
  attributes?: { enabled?: boolean };
  tags?: Record<string, string>;
}

/** Why the body is not a CertificateImportParameters, or undefined. */
function bodyProblem(value: unknown): string | undefined {
  const body = value as ImportBody | null;
  if (typeof body !== 'object' || body === null) return 'The request body is not a JSON object.';
  if (typeof body.value !== 'string' || body.value === '') return "Property 'value' is required.";
  if (body.tags !== undefined) {
    const entries = Object.entries(body.tags);
    if (entries.length > 15) return 'Too many tags; at most 15 are allowed.';
    if (entries.some(([k, v]) => typeof v !== 'string' || k.length > 512 || v.length > 256))
      return 'A tag name or value is invalid.';
  }
  return undefined;
}

/** The policy's key type against the key's: Key Vault refuses a policy that describes another key. */
function keyTypeProblem(body: ImportBody, key: KeyObject): string | undefined {
  const props = body.policy?.key_props;
  if (!props?.kty) return undefined;
  const kty = key.asymmetricKeyType === 'rsa' ? 'RSA' : 'EC';
  const details = key.asymmetricKeyDetails ?? {};
  const curve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[details.namedCurve ?? ''];
  if (props.kty !== kty) return `The key type '${props.kty}' in the policy does not match the key of the certificate.`;
  if (kty === 'RSA' && props.key_size !== undefined && props.key_size !== details.modulusLength)
    return `The key size ${props.key_size} in the policy does not match the key of the certificate.`;
  if (kty === 'EC' && props.crv !== undefined && props.crv !== curve)
    return `The curve '${props.crv}' in the policy does not match the key of the certificate.`;
  return undefined;
}

export async function startFakeKeyVault(options: FakeKeyVaultOptions): Promise<FakeKeyVault> {
  const azure = await startFakeAzureApi({
    tenantId: options.tenantId,
    subscriptions: [],
    zones: [],
    apps: options.apps.map((app) => ({ ...app, roles: [] })),
    ...(options.issuers ? { issuers: options.issuers } : {}),
    resources: [KEY_VAULT_RESOURCE],
  });
  const verifyKey = createLocalJWKSet(await fetchJwks(azure, options.tenantId));
  const apps = new Map(options.apps.map((app) => [app.clientId.toLowerCase(), app]));
  const certificates = new Map<string, StoredVersion[]>();
  const deleted = new Set<string>();
  const callers = new WeakMap<FakeApiRequest, JWTPayload>();
  const malformed: { method: string; path: string; problem: string }[] = [];
  const refuse = (request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply => {
    malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  };
  let vaultUrl = '';
  const challenge = {
    'www-authenticate': `Bearer authorization="${azure.authorityHost}/${options.tenantId}", resource="${KEY_VAULT_RESOURCE}"`,
  };
  const unauthorized = (message: string) => keyVaultError(401, 'Unauthorized', message, undefined, challenge);

  /** Before any route: the bearer token, then api-version. */
  const auth = async (request: FakeApiRequest): Promise<FakeApiReply | undefined> => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer)
      return refuse(request, unauthorized('AKV10000: Request is missing a Bearer or PoP token.'), 'no bearer token');
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(bearer, verifyKey, { algorithms: ['RS256'] })).payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        const exp = new Date(Number(decodeJwt(bearer).exp ?? 0) * 1000).toISOString();
        return unauthorized(`AKV10021: Invalid token: the token expired at ${exp}.`);
      }
      return unauthorized('AKV10031: Invalid token signature.');
    }
    const issuer = `https://sts.windows.net/${options.tenantId}/`;
    if (claims.iss !== issuer)
      return unauthorized(`AKV10032: Invalid issuer. Expected one of ${issuer}, found: ${String(claims.iss)}.`);
    if (![KEY_VAULT_RESOURCE, `${KEY_VAULT_RESOURCE}/`].includes(String(claims.aud)))
      return unauthorized(`AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}, found: ${String(claims.aud)}.`);
    const version = request.query.get('api-version');
    if (version !== API_VERSION) {
      const reply = keyVaultError(
        400,
        'BadParameter',
        version === null
          ? 'The api-version query parameter is required.'
          : `The specified version (${version}) is not recognized. Consider using the latest supported version (${API_VERSION}).`,
      );
      return KNOWN_VERSIONS.includes(version ?? '') ? reply : refuse(request, reply, `api-version ${version}`);
    }
    callers.set(request, claims);
    return undefined;
  };

  const forbidden = (claims: JWTPayload, name: string): FakeApiReply =>
    keyVaultError(
      403,
      'Forbidden',
      'Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
        `Caller: appid=${String(claims.appid)};oid=${String(claims.oid)};iss=${String(claims.iss)}\r\n` +
        `Action: '${IMPORT_ACTION}'\r\nResource: '/vaults/${options.vaultName}/certificates/${name}'\r\n` +
        `Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\nVault: ${options.vaultName};location=westeurope\r\n`,
      'ForbiddenByRbac',
    );

  const importCertificate = (request: FakeApiRequest): FakeApiReply => {
    const claims = callers.get(request) ?? {};
    const name = request.params.name ?? '';
    if (!/^[0-9a-zA-Z-]{1,127}$/.test(name))
      return refuse(
        request,
        keyVaultError(400, 'BadParameter', `The request URI contains an invalid name: ${name}`),
        `name ${name}`,
      );
    const app = apps.get(String(claims.appid).toLowerCase());
    if (!app?.dataActions.some((pattern) => actionMatches(pattern, IMPORT_ACTION))) return forbidden(claims, name);
    if (deleted.has(name.toLowerCase())) {
      return keyVaultError(
        409,
        'Conflict',
        `Certificate ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the certificate can only be recovered or purged.`,
        'ObjectIsDeletedButRecoverable',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return refuse(request, keyVaultError(400, 'BadParameter', 'The request body is not valid JSON.'), 'not JSON');
    }
    const problem = bodyProblem(body);
    if (problem) return refuse(request, keyVaultError(400, 'BadParameter', problem), problem);
    const opened = openImport(body as ImportBody);
    if (typeof opened === 'string') return refuse(request, keyVaultError(400, 'BadParameter', opened), opened);
    const typeProblem = keyTypeProblem(body as ImportBody, opened.key);
    if (typeProblem) return refuse(request, keyVaultError(400, 'BadParameter', typeProblem), typeProblem);
    const stored = store(name, body as ImportBody, opened, String(claims.appid));
    return json(200, bundleOf(name, stored, body as ImportBody, opened));
  };

  const store = (name: string, body: ImportBody, opened: Opened, clientId: string): StoredVersion => {
    const version = randomBytes(16).toString('hex');
    const leaf = opened.certificates[0] as X509Certificate;
    const stored: StoredVersion = {
      version,
      id: `${vaultUrl}/certificates/${name}/${version}`,
      x5t: createHash('sha1').update(leaf.raw).digest('base64url'),
      certificates: opened.certificates.map((c) => c.toString()),
      serial: leaf.serialNumber.toLowerCase(),
      keyPem: opened.key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      contentType: body.policy?.secret_props?.contentType ?? 'application/x-pkcs12',
      tags: body.tags ?? {},
      clientId,
    };
    const key = name.toLowerCase();
    certificates.set(key, [...(certificates.get(key) ?? []), stored]);
    return stored;
  };

  const bundleOf = (name: string, stored: StoredVersion, body: ImportBody, opened: Opened) => {
    const leaf = opened.certificates[0] as X509Certificate;
    const now = Math.floor(Date.now() / 1000);
    const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);
    return {
      id: stored.id,
      kid: `${vaultUrl}/keys/${name}/${stored.version}`,
      sid: `${vaultUrl}/secrets/${name}/${stored.version}`,
      x5t: stored.x5t,
      cer: leaf.raw.toString('base64'),
      attributes: {
        enabled: body.attributes?.enabled ?? true,
        nbf: seconds(leaf.validFrom),
        exp: seconds(leaf.validTo),
        created: now,
        updated: now,
        recoveryLevel: 'Recoverable+Purgeable',
        recoverableDays: 90,
      },
      policy: {
        id: `${vaultUrl}/certificates/${name}/policy`,
        key_props: body.policy?.key_props ?? {},
        secret_props: { contentType: stored.contentType },
        x509_props: { subject: leaf.subject.replace(/\n/g, ', '), validity_months: 3 },
        issuer: { name: 'Unknown' },
        attributes: { enabled: true, created: now, updated: now },
      },
      tags: stored.tags,
    };
  };

  const importRoute = 'POST /certificates/:name/import';
  const vault = await startFakeApi({
    name: 'azure key vault',
    auth,
    unknownRoute: (request) =>
      keyVaultError(400, 'BadParameter', `Method ${request.method} ${request.path} is not supported.`),
    routes: [route(importRoute, importCertificate)],
  });
  vaultUrl = vault.url;

  return {
    vaultUrl,
    vault,
    azure,
    malformed,
    importRoute,
    versions: (name) => certificates.get(name.toLowerCase()) ?? [],
    latest: (name) => certificates.get(name.toLowerCase())?.at(-1),
    softDelete(name) {
      certificates.delete(name.toLowerCase());
      deleted.add(name.toLowerCase());
    },
    throttleImports: (times, retryAfterSeconds = 1) =>
      vault.failNext(
        importRoute,
        keyVaultError(
          429,
          'Throttled',
          'Request was not processed because too many requests were received. Reason: A generic throttling rule was hit.',
          undefined,
          { 'retry-after': String(retryAfterSeconds) },
        ),
        times,
      ),
    assertNoUnexpectedRequests() {
      const problems = [
        ...vault.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vault.checkFailures.map((f) => f.message),
        ...malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`key vault: unexpected requests:\n  ${problems.join('\n  ')}`);
      azure.assertNoUnexpectedRequests();
    },
    async close() {
      await vault.close();
      await azure.close();
    },
  };
}
