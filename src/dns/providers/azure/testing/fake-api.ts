/**
 * A local stand-in for Azure DNS, for the Azure provider's tests: Microsoft Entra ID (over HTTPS,
 * as @azure/identity and MSAL require) and the Resource Manager DNS API (Microsoft.Network/dnsZones,
 * api-version 2018-05-01). It answers as Azure does — status codes, error codes and messages — for
 * what a DNS-01 client meets:
 *
 * - Entra ID: the tenant's OpenID configuration (what MSAL reads to find the token endpoint), the
 *   client-credentials grant with a client secret or a federated client assertion (workload
 *   identity: the assertion's signature, issuer, subject, audience and lifetime are checked against
 *   the app's federated credentials), and the AADSTS errors for each refusal. Tokens are JWTs signed
 *   by the endpoint, with the audience asked for.
 * - The instance metadata service of an Azure VM (IMDS): a token for the machine's managed identity,
 *   only with the `Metadata: true` header.
 * - Resource Manager: the bearer token's signature, expiry and audience (this endpoint's URL, as a
 *   sovereign cloud accepts only its own), api-version, role assignments by scope
 *   (AuthorizationFailed), subscriptions, resource groups and zones that are not there, the zone
 *   list page by page, and TXT record sets with ETags: `If-Match` with a stale ETag or
 *   `If-None-Match: *` on an existing set get 412 PreconditionFailed.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND (`applyTxtToBind`), so Pebble validates
 * through real DNS. Requests Azure would refuse as malformed (a provider bug, not a situation a
 * test sets up) are answered as Azure does *and* listed in `malformed`, so that
 * `assertNoUnexpectedRequests()` fails the test.
 *
 * Sources for the wording: the record-set NotFound body (Azure/azure-cli#27374), PreconditionFailed
 * (Azure PowerShell's DNS tests: "The condition 'x' in the If-Match header was not satisfied. The
 * current was 'y'."), the zone list shape (win-acme/win-acme#2346), SubscriptionRequestsThrottled
 * and MissingApiVersionParameter bodies (as logged by ARM clients), InvalidAuthenticationTokenAudience
 * ("The 'EvolvedSecurityTokenService' access token has been obtained for wrong audience ..."),
 * AuthorizationFailed ("The client '…' with object id '…' does not have authorization to perform
 * action '…' over scope '…' or the scope is invalid. ..."), and the AADSTS descriptions of Entra ID.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { ServerAddress } from '../../../address.js';
import {
  checkQuery,
  json,
  route,
  startFakeApi,
  type ScriptedFailure,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type FakeApiRoute,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';
import { makeServerCertificate } from '../../../../testing/testbed.js';

// Options and the returned handle

export interface AzureZoneOptions {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The zone's DNS name, such as `example.test`. */
  readonly name: string;
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

/** A role assignment: actions (with `*` wildcards, as Azure's role definitions write them) at a scope and below. */
export interface AzureRoleAssignment {
  /** A subscription, resource group, zone or record set ID. */
  readonly scope: string;
  readonly actions: readonly string[];
}

/** The actions of Azure's built-in roles that matter here. */
export const AZURE_ROLES = {
  /** DNS Zone Contributor (befefa01-2a29-4197-83a8-272ff33ce314). */
  dnsZoneContributor: [
    'Microsoft.Authorization/*/read',
    'Microsoft.Insights/alertRules/*',
    'Microsoft.Network/dnsZones/*',
    'Microsoft.ResourceHealth/availabilityStatuses/read',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Support/*',
  ],
  reader: ['*/read'],
} as const;

/** A federated identity credential on an app: a client assertion must match all three. */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  /** Default `api://AzureADTokenExchange`, what Azure suggests. */
  readonly audience?: string;
}

export interface AzureAppOptions {
  /** Application (client) ID. */
  readonly clientId: string;
  /** The service principal's object ID, named in AuthorizationFailed; default the client ID. */
  readonly objectId?: string;
  readonly clientSecret?: string;
  readonly federated?: readonly FederatedCredential[];
  readonly roles: readonly AzureRoleAssignment[];
}

/** An OpenID Connect issuer whose tokens federated credentials may trust (GitHub Actions', in the tests a local one). */
export interface OidcIssuer {
  readonly issuer: string;
  readonly jwks: JSONWebKeySet;
  /** A token from this issuer: `iss`, `iat`, `nbf`, `exp` (10 minutes) filled in. */
  sign(claims: { sub: string; aud: string; exp?: number; iat?: number; nbf?: number } & JWTPayload): Promise<string>;
}

export interface FakeAzureApiOptions {
  readonly tenantId: string;
  readonly subscriptions: readonly string[];
  readonly zones: readonly AzureZoneOptions[];
  readonly apps: readonly AzureAppOptions[];
  /** Issuers federated credentials may name; a client assertion from any other is refused. */
  readonly issuers?: readonly OidcIssuer[];
  /** The test bed's BIND, to mirror TXT writes into. Without it nothing is mirrored. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Zones per page of a zone list (Azure's default is 100), so clients must follow nextLink. */
  readonly maxPerPage?: number;
  /** Lifetime of the access tokens Entra ID issues; default an hour, as Entra's. */
  readonly tokenLifetimeSeconds?: number;
  /** The managed identity of the machine (the client ID of one of `apps`), served by the local IMDS. */
  readonly managedIdentity?: string;
  /** More resources Entra ID issues tokens for (`https://vault.azure.net` for Key Vault), beside this Resource Manager. */
  readonly resources?: readonly string[];
}

/** A TXT record set as the endpoint holds it. */
export interface AzureRecordSet {
  readonly etag: string;
  readonly ttl: number;
  readonly records: readonly { readonly value: readonly string[] }[];
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A token Entra ID issued (or `mintToken` made), and how it was obtained. */
export interface IssuedToken {
  readonly token: string;
  readonly clientId: string;
  /** The `aud` claim. */
  readonly audience: string;
  readonly grant: 'client_secret' | 'client_assertion' | 'managed_identity' | 'minted';
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeAzureApi {
  /** Resource Manager, `http://127.0.0.1:port`: `azure-api-url`. */
  readonly apiUrl: string;
  /** Entra ID, `https://127.0.0.1:port`: AZURE_AUTHORITY_HOST. */
  readonly authorityHost: string;
  /** The instance metadata service, `http://127.0.0.1:port`: AZURE_POD_IDENTITY_AUTHORITY_HOST (what IMDS is at 169.254.169.254). */
  readonly imdsUrl: string;
  readonly imds: FakeApi;
  /** The CA of the Entra ID endpoint's certificate (PEM file): NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  readonly caPem: string;
  readonly arm: FakeApi;
  readonly entra: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** Every access token issued, in order. */
  readonly issued: readonly IssuedToken[];
  /** Route patterns, for `arm.failNext`. */
  readonly routes: {
    readonly getTxt: string;
    readonly putTxt: string;
    readonly deleteTxt: string;
    readonly listZones: string;
  };
  /** A token as Entra ID would issue one to the app (what `az account get-access-token` prints after azure/login). */
  mintToken(
    clientId: string,
    resource: string,
    lifetimeSeconds?: number,
  ): Promise<{ accessToken: string; expiresOn: number }>;
  /** The TXT values at `fqdn` in any zone, each record's strings joined. */
  txt(fqdn: string): string[];
  /** The record set at `fqdn` in the zone named so (its only one, or in `resourceGroup`). */
  recordSet(fqdn: string, resourceGroup?: string): AzureRecordSet | undefined;
  /**
   * Adds TXT values no client wrote (foreign ones) at `fqdn`, mirrored to BIND like any other write;
   * a new ETag. A value given as several strings is one record of those strings, as another tool may write it.
   */
  seedTxt(fqdn: string, values: readonly (string | readonly string[])[], resourceGroup?: string): Promise<void>;
  /** Runs `action` once, right after the next GET of the set at `fqdn` was answered from the set as it was: a writer that comes between a read and a write. */
  afterNextRead(fqdn: string, action: () => Promise<void> | void): void;
  /** The next `times` TXT writes (PUT) get 429 SubscriptionRequestsThrottled with Retry-After. */
  throttleWrites(times: number, retryAfterSeconds?: number): ScriptedFailure;
  /** Off: writes stay here and never reach BIND (a validation that must fail); on again: as before. */
  setMirroring(on: boolean): void;
  /** Throws, listing them, if any request was unmatched, failed a check, threw, or was malformed. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// Azure's answers

/** A Resource Manager error: `{"error": {"code", "message"}}`. */
function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeApiReply {
  return json(status, { error: { code, message } }, headers);
}

/** The DNS resource provider's own errors come without the `error` wrapper (NotFound, PreconditionFailed). */
function dnsError(status: number, code: string, message: string): FakeApiReply {
  return json(status, { code, message });
}

const API_VERSION = '2018-05-01';
/** Versions of Microsoft.Network/dnsZones Resource Manager knows; only API_VERSION is served here. */
const KNOWN_VERSIONS = [
  '2015-05-04-preview',
  '2016-04-01',
  '2017-09-01',
  '2017-10-01',
  '2018-03-01-preview',
  '2018-05-01',
  '2023-07-01-preview',
];
const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Azure DNS: at most 20 records in a record set, each TXT string at most 1024 characters. */
const MAX_RECORDS = 20;
const MAX_STRING = 1024;
const TTL_MAX = 2_147_483_647;
/** The bed's resolver must not hold a stale answer long, so BIND gets this TTL whatever the set says. */
const BIND_TTL = 60;
const OTHER_RECORD_ARRAYS = [
  'ARecords',
  'AAAARecords',
  'MXRecords',
  'NSRecords',
  'PTRRecords',
  'SRVRecords',
  'CNAMERecord',
  'SOARecord',
  'CAARecords',
  'DSRecords',
  'TLSARecords',
  'NAPTRRecords',
];

function traceLines(): string {
  return `\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** An Entra ID OAuth error, as the token and discovery endpoints send them. */
function entraError(status: number, error: string, code: number, description: string): FakeApiReply {
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description}${traceLines()}`,
    error_codes: [code],
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** The wording of ARM's UTC times ("5/1/2024 1:23:45 PM"). */
function armTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/** `*` in an action matches anything, case-insensitively, as in Azure role definitions. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(action);
}

function inScope(scope: string, resource: string): boolean {
  const a = scope.toLowerCase().replace(/\/+$/, '');
  const b = resource.toLowerCase();
  return b === a || b.startsWith(`${a}/`);
}

/** A local OpenID Connect issuer (a stand-in for GitHub Actions' token service) for federated credentials. */
export async function createOidcIssuer(issuer = 'https://token.actions.githubusercontent.com'): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    issuer,
    jwks: { keys: [jwk] },
    sign: (claims) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iat: now, nbf: now, exp: now + 600, ...claims, iss: issuer })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .sign(privateKey);
    },
  };
}

/**
 * A CA and a 127.0.0.1 certificate for the Entra ID endpoint (MSAL talks to an authority over
 * HTTPS only). The CA has a name of its own: trusted through NODE_EXTRA_CA_CERTS beside the test
 * bed's Pebble CA, one of the same name would be tried for Pebble's certificate and fail it.
 */
async function makeEntraCertificate(): Promise<{ caFile: string; caPem: string; certPem: string; keyPem: string }> {
  const made = await makeServerCertificate('CN=certwright Azure endpoint test CA', 'CN=login.certwright.test', 7);
  const caFile = join(await mkdtemp(join(tmpdir(), 'certwright-azure-ca-')), 'entra-ca.pem');
  await writeFile(caFile, made.caPem);
  return { caFile, ...made };
}

// State

interface StoredSet {
  etag: string;
  ttl: number;
  records: { value: string[] }[];
  metadata?: Record<string, string>;
}

interface Zone {
  readonly options: AzureZoneOptions;
  readonly sets: Map<string, StoredSet>;
}

interface Caller {
  readonly clientId: string;
  readonly objectId: string;
  readonly roles: readonly AzureRoleAssignment[];
}

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Notes a request Azure refuses as malformed (a provider bug) and returns Azure's answer to it. */
type Refuse = (request: FakeApiRequest, reply: FakeApiReply, problem: string) => FakeApiReply;
/** Notes a request Azure takes that no correct client sends. */
type Note = (request: FakeApiRequest, problem: string) => void;

const TENANT_NOT_FOUND = (tenant: string) =>
  entraError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
const NO_FEDERATED_MATCH = (what: string, value: string) =>
  `No matching federated identity record found for presented assertion ${what} '${value}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`;

/**
 * Microsoft Entra ID for one tenant: its OpenID configuration, the client-credentials grant (a
 * secret, or a federated assertion checked against the app's federated credentials), the
 * instance metadata service of a VM with a managed identity, and the tokens all of them issue.
 */
class EntraId {
  readonly issued: IssuedToken[] = [];
  /** Set once the servers listen. */
  url = '';
  armUrl = '';
  readonly #apps: ReadonlyMap<string, AzureAppOptions>;
  readonly #issuers: ReadonlyMap<string, OidcIssuer>;
  readonly #lifetime: number;

  constructor(
    private readonly options: FakeAzureApiOptions,
    private readonly signing: { readonly privateKey: SigningKey; readonly kid: string; readonly jwks: JSONWebKeySet },
    private readonly refuse: Refuse,
  ) {
    this.#apps = new Map(options.apps.map((app) => [app.clientId.toLowerCase(), app]));
    this.#issuers = new Map((options.issuers ?? []).map((issuer) => [issuer.issuer, issuer]));
    this.#lifetime = options.tokenLifetimeSeconds ?? 3600;
  }

  app(clientId: string): AzureAppOptions | undefined {
    return this.#apps.get(clientId.toLowerCase());
  }

  /** A v1 access token for `resource`, as Entra ID signs them (`aud` with a trailing slash, `appid`, `oid`, `tid`). */
  async issue(
    clientId: string,
    resource: string,
    grant: IssuedToken['grant'],
    lifetime = this.#lifetime,
  ): Promise<{ token: string; expiresOn: number }> {
    const audience = `${resource.replace(/\/+$/, '')}/`;
    const now = Math.floor(Date.now() / 1000);
    const objectId = this.app(clientId)?.objectId ?? clientId;
    const token = await new SignJWT({
      aud: audience,
      iss: `https://sts.windows.net/${this.options.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      appid: clientId,
      appidacr: grant === 'client_secret' ? '1' : '2',
      idtyp: 'app',
      oid: objectId,
      sub: objectId,
      tid: this.options.tenantId,
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.signing.kid, typ: 'JWT' })
      .sign(this.signing.privateKey);
    this.issued.push({ token, clientId, audience, grant });
    return { token, expiresOn: now + lifetime };
  }

  /** Resources tokens are issued for: this Resource Manager, and the public cloud's (a token for the wrong cloud). */
  #knownResource(resource: string): boolean {
    return [
      this.armUrl,
      'https://management.azure.com',
      'https://management.core.windows.net',
      ...(this.options.resources ?? []),
    ].includes(resource.replace(/\/+$/, ''));
  }

  #resourceNotFound(resource: string): FakeApiReply {
    return entraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${this.options.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }

  /** `GET /{tenant}/v2.0/.well-known/openid-configuration`: where MSAL finds the token endpoint. */
  readonly openidConfiguration = (request: FakeApiRequest): FakeApiReply => {
    const tenant = request.params.tenant ?? '';
    if (tenant.toLowerCase() !== this.options.tenantId.toLowerCase()) return TENANT_NOT_FOUND(tenant);
    const base = `${this.url}/${this.options.tenantId}`;
    return json(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    });
  };

  readonly keys = (): FakeApiReply => json(200, this.signing.jwks);

  /** `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant, with a secret or a federated client assertion. */
  readonly token = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const tenant = request.params.tenant ?? '';
    if (tenant.toLowerCase() !== this.options.tenantId.toLowerCase()) return TENANT_NOT_FOUND(tenant);
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      return this.refuse(
        request,
        entraError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'grant_type'.",
        ),
        `content type ${request.headers['content-type'] ?? 'none'}, not a form`,
      );
    }
    const form = new URLSearchParams(request.body);
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials') {
      return this.refuse(
        request,
        entraError(
          400,
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grant ?? ''}'.`,
        ),
        `grant_type ${grant}`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = this.app(clientId);
    if (!app) {
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.options.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const scope = form.get('scope');
    if (!scope)
      return this.refuse(
        request,
        entraError(400, 'invalid_request', 90014, "The required field 'scope' is missing from the credential."),
        'no scope',
      );
    const resource = /^(\S+)\/\.default$/.exec(scope)?.[1];
    if (!resource) {
      return this.refuse(
        request,
        entraError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        ),
        `scope "${scope}"`,
      );
    }
    if (!this.#knownResource(resource)) return this.#resourceNotFound(resource);
    const how = await this.#authenticateClient(request, form, app);
    if (typeof how !== 'string') return how;
    const { token: accessToken } = await this.issue(clientId, resource, how);
    return json(200, {
      token_type: 'Bearer',
      expires_in: this.#lifetime,
      ext_expires_in: this.#lifetime,
      access_token: accessToken,
    });
  };

  /** How the client proved who it is, or Entra ID's refusal. */
  async #authenticateClient(
    request: FakeApiRequest,
    form: URLSearchParams,
    app: AzureAppOptions,
  ): Promise<IssuedToken['grant'] | FakeApiReply> {
    const assertion = form.get('client_assertion');
    const secret = form.get('client_secret');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
        return this.refuse(
          request,
          entraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
          `client_assertion_type ${form.get('client_assertion_type')}`,
        );
      }
      return (await this.#checkAssertion(assertion, app)) ?? 'client_assertion';
    }
    if (secret !== null) {
      if (secret === app.clientSecret) return 'client_secret';
      return entraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    return entraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  /** Why a federated client assertion is refused, or undefined when it matches a federated credential of `app`. */
  async #checkAssertion(assertion: string, app: AzureAppOptions): Promise<FakeApiReply | undefined> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(assertion);
      decodeProtectedHeader(assertion);
    } catch {
      return entraError(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    }
    const issuer = this.#issuers.get(String(claims.iss));
    const byIssuer = (app.federated ?? []).filter((f) => f.issuer === claims.iss);
    if (!issuer || byIssuer.length === 0)
      return entraError(400, 'invalid_client', 700211, NO_FEDERATED_MATCH('issuer', String(claims.iss)));
    try {
      // The signature alone here; the lifetime is checked below, with Entra ID's own words.
      await jwtVerify(assertion, createLocalJWKSet(issuer.jwks), {
        algorithms: ['RS256'],
        currentDate: new Date(((claims.nbf ?? claims.iat ?? 0) + 1) * 1000),
      });
    } catch {
      return entraError(
        400,
        'invalid_client',
        50013,
        'Assertion failed signature validation. [Reason - The key was not found.]',
      );
    }
    const now = Math.floor(Date.now() / 1000);
    if ((claims.exp ?? 0) <= now || (claims.nbf ?? 0) > now + 300) {
      const at = (seconds: number | undefined) => new Date((seconds ?? 0) * 1000).toISOString();
      return entraError(
        400,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range. Current time: ${at(now)}, assertion valid from ${at(claims.nbf ?? claims.iat)}, expiry time of assertion ${at(claims.exp)}.`,
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const byAudience = byIssuer.filter((f) => audiences.includes(f.audience ?? FEDERATION_AUDIENCE));
    if (byAudience.length === 0)
      return entraError(400, 'invalid_client', 700212, NO_FEDERATED_MATCH('audience', audiences.join(',')));
    if (!byAudience.some((f) => f.subject === claims.sub))
      return entraError(400, 'invalid_client', 700213, NO_FEDERATED_MATCH('subject', String(claims.sub)));
    return undefined;
  }

  /** `GET /metadata/identity/oauth2/token` of a VM's instance metadata service: a token for its managed identity. */
  readonly imdsToken = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    if (request.headers.metadata !== 'true') {
      return this.refuse(
        request,
        json(400, { error: 'invalid_request', error_description: 'Required metadata header not specified' }),
        'no Metadata: true header',
      );
    }
    const resource = request.query.get('resource') ?? '';
    const identity = this.options.managedIdentity;
    const asked = request.query.get('client_id');
    if (!identity || (asked !== null && asked.toLowerCase() !== identity.toLowerCase()))
      return json(400, { error: 'invalid_request', error_description: 'Identity not found' });
    if (!this.#knownResource(resource)) return this.#resourceNotFound(resource);
    const { token: accessToken, expiresOn } = await this.issue(identity, resource, 'managed_identity');
    return json(200, {
      access_token: accessToken,
      client_id: identity,
      expires_in: String(this.#lifetime),
      expires_on: String(expiresOn),
      ext_expires_in: String(this.#lifetime),
      not_before: String(expiresOn - this.#lifetime),
      resource: `${resource.replace(/\/+$/, '')}/`,
      token_type: 'Bearer',
    });
  };
}

const TXT_PATH =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/dnsZones/:zoneName/TXT/:relativeRecordSetName';
const RG_ZONES_PATH =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/dnsZones';
const SUB_ZONES_PATH = '/subscriptions/:subscriptionId/providers/Microsoft.Network/dnszones';

/** Resource Manager paths are case-insensitive; the type is listed as `dnszones` and written as `dnsZones`: serve both. */
function bothSpellings(
  method: string,
  path: string,
  handler: (request: FakeApiRequest) => Promise<FakeApiReply> | FakeApiReply,
): FakeApiRoute[] {
  const other = path.includes('/dnsZones')
    ? path.replace('/dnsZones', '/dnszones')
    : path.replace('/dnszones', '/dnsZones');
  return [route(`${method} ${path}`, handler), route(`${method} ${other}`, handler)];
}

const zoneKey = (subscriptionId: string, resourceGroup: string, name: string) =>
  `${subscriptionId.toLowerCase()}/${resourceGroup.toLowerCase()}/${name.toLowerCase()}`;
const fqdnOf = (zone: Zone, name: string) => (name === '@' ? zone.options.name : `${name}.${zone.options.name}`);

function zoneJson(zone: Zone) {
  return {
    id: `/subscriptions/${zone.options.subscriptionId}/resourceGroups/${zone.options.resourceGroup}/providers/Microsoft.Network/dnszones/${zone.options.name}`,
    name: zone.options.name,
    type: 'Microsoft.Network/dnszones',
    etag: '00000002-0000-0000-0000-000000000000',
    location: 'global',
    tags: {},
    properties: {
      maxNumberOfRecordSets: 10000,
      maxNumberOfRecordsPerRecordSet: null,
      nameServers: [
        'ns1-01.azure-dns.com.',
        'ns2-01.azure-dns.net.',
        'ns3-01.azure-dns.org.',
        'ns4-01.azure-dns.info.',
      ],
      numberOfRecordSets: 2 + zone.sets.size,
      zoneType: 'Public',
    },
  };
}

function setJson(zone: Zone, name: string, set: StoredSet) {
  return {
    id: `/subscriptions/${zone.options.subscriptionId}/resourceGroups/${zone.options.resourceGroup}/providers/Microsoft.Network/dnszones/${zone.options.name}/TXT/${name}`,
    name,
    type: 'Microsoft.Network/dnszones/TXT',
    etag: set.etag,
    properties: {
      metadata: set.metadata,
      TTL: set.ttl,
      fqdn: `${fqdnOf(zone, name)}.`,
      provisioningState: 'Succeeded',
      targetResource: {},
      TXTRecords: set.records.map((r) => ({ value: [...r.value] })),
    },
  };
}

/** Whether the request's If-Match / If-None-Match allow it against `set` (undefined: there is none); else the 412. */
function precondition(request: FakeApiRequest, set: StoredSet | undefined): FakeApiReply | undefined {
  const unquote = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifMatch === 'string') {
    const tags = ifMatch.split(',').map(unquote);
    if (!set || !(tags.includes('*') || tags.includes(set.etag))) {
      return dnsError(
        412,
        'PreconditionFailed',
        `The condition '${ifMatch}' in the If-Match header was not satisfied.${set ? ` The current was '${set.etag}'.` : ''}`,
      );
    }
  }
  if (typeof ifNoneMatch === 'string' && set) {
    const tags = ifNoneMatch.split(',').map(unquote);
    if (tags.includes('*') || tags.includes(set.etag))
      return dnsError(
        412,
        'PreconditionFailed',
        `The condition '${ifNoneMatch}' in the If-None-Match header was satisfied.`,
      );
  }
  return undefined;
}

/**
 * Resource Manager for Microsoft.Network/dnsZones: who calls (the bearer token), what their roles
 * allow where, what exists, and TXT record sets with ETags, mirrored into BIND.
 */
class DnsZonesApi {
  readonly zones = new Map<string, Zone>();
  readonly readHooks = new Map<string, (() => Promise<void> | void)[]>();
  mirroring = true;
  /** Set once the server listens. */
  url = '';
  readonly #subscriptions: ReadonlySet<string>;
  readonly #groups: ReadonlySet<string>;
  readonly #callers = new WeakMap<FakeApiRequest, Caller>();
  readonly #verifyKey: ReturnType<typeof createLocalJWKSet>;

  constructor(
    private readonly options: FakeAzureApiOptions,
    private readonly entra: EntraId,
    jwks: JSONWebKeySet,
    private readonly refuse: Refuse,
    private readonly note: Note,
  ) {
    for (const zone of options.zones)
      this.zones.set(zoneKey(zone.subscriptionId, zone.resourceGroup, zone.name), { options: zone, sets: new Map() });
    this.#subscriptions = new Set(options.subscriptions.map((s) => s.toLowerCase()));
    this.#groups = new Set(
      options.zones.map((z) => `${z.subscriptionId.toLowerCase()}/${z.resourceGroup.toLowerCase()}`),
    );
    this.#verifyKey = createLocalJWKSet(jwks);
  }

  /** Before any route: the bearer token (signature, expiry, audience), then api-version. */
  readonly authenticate = async (request: FakeApiRequest): Promise<FakeApiReply | undefined> => {
    const header = request.headers.authorization;
    const challenge = (description: string) => ({
      'www-authenticate': `Bearer authorization_uri="${this.entra.url}/${this.options.tenantId}", error="invalid_token", error_description="${description}"`,
    });
    if (!header) {
      return this.refuse(
        request,
        armError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
          challenge("The authentication failed because of missing 'Authorization' header."),
        ),
        'no Authorization header',
      );
    }
    const bearer = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!bearer) {
      return this.refuse(
        request,
        armError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is provided in an invalid format.",
          challenge("The 'Authorization' header is provided in an invalid format."),
        ),
        'Authorization is not "Bearer <token>"',
      );
    }
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(bearer, this.#verifyKey, { algorithms: ['RS256'] })).payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        const exp = Number(decodeJwt(bearer).exp ?? 0);
        return armError(
          401,
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${armTime(exp)}' is earlier than current UTC time '${armTime(Math.floor(Date.now() / 1000))}'.`,
          challenge('The access token has expired.'),
        );
      }
      return armError(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid.',
        challenge('The access token is invalid.'),
      );
    }
    const allowed = [`${this.url}/`, this.url];
    if (!allowed.includes(String(claims.aud))) {
      return armError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The 'EvolvedSecurityTokenService' access token has been obtained for wrong audience or resource '${String(claims.aud)}'. It should exactly match with one of the allowed audiences ${allowed.map((a) => `'${a}'`).join(',')}.`,
        challenge('The access token has been obtained for wrong audience or resource.'),
      );
    }
    const version = request.query.get('api-version');
    if (version === null)
      return this.refuse(
        request,
        armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
        'no api-version',
      );
    if (version !== API_VERSION) {
      const known = KNOWN_VERSIONS.includes(version);
      const reply = known
        ? armError(400, 'NoRegisteredProviderFound', `This endpoint serves api-version '${API_VERSION}' only.`)
        : armError(
            400,
            'InvalidApiVersionParameter',
            `The api-version '${version}' is invalid. The supported versions are '${KNOWN_VERSIONS.join(',')}'.`,
          );
      return this.refuse(request, reply, `api-version ${version}`);
    }
    const clientId = typeof claims.appid === 'string' ? claims.appid : '';
    this.#callers.set(request, {
      clientId,
      objectId: typeof claims.oid === 'string' ? claims.oid : clientId,
      roles: this.entra.app(clientId)?.roles ?? [],
    });
    return undefined;
  };

  readonly listSubscriptionZones = (request: FakeApiRequest): FakeApiReply => {
    const subscriptionId = request.params.subscriptionId ?? '';
    const refusal =
      this.#subscriptionFound(subscriptionId) ??
      this.#authorize(request, 'Microsoft.Network/dnsZones/read', `/subscriptions/${subscriptionId}`);
    if (refusal) return refusal;
    return this.#page(
      request,
      [...this.zones.values()]
        .filter((z) => z.options.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
        .map(zoneJson),
    );
  };

  readonly listGroupZones = (request: FakeApiRequest): FakeApiReply => {
    const { subscriptionId = '', resourceGroupName = '' } = request.params;
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
    const refusal =
      this.#subscriptionFound(subscriptionId) ??
      this.#authorize(request, 'Microsoft.Network/dnsZones/read', scope) ??
      this.#groupFound(subscriptionId, resourceGroupName);
    if (refusal) return refusal;
    const inGroup = [...this.zones.values()].filter(
      (z) =>
        zoneKey(z.options.subscriptionId, z.options.resourceGroup, '') ===
        zoneKey(subscriptionId, resourceGroupName, ''),
    );
    return this.#page(request, inGroup.map(zoneJson));
  };

  readonly getTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const found = this.#target(request, 'Microsoft.Network/dnsZones/TXT/read');
    if ('status' in found) return found;
    const { zone, name } = found;
    const set = zone.sets.get(name);
    const reply = set
      ? json(200, setJson(zone, name, set), { etag: set.etag })
      : dnsError(
          404,
          'NotFound',
          `The resource record '${request.params.relativeRecordSetName}' does not exist in resource group '${zone.options.resourceGroup}' of subscription '${zone.options.subscriptionId}'.`,
        );
    // A writer that comes after this read was answered, and before the reader writes.
    await this.readHooks.get(fqdnOf(zone, name))?.shift()?.();
    return reply;
  };

  readonly putTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const found = this.#target(request, 'Microsoft.Network/dnsZones/TXT/write');
    if ('status' in found) return found;
    const { zone, name } = found;
    const content = this.#parseSet(request);
    if ('status' in content) return content;
    const before = zone.sets.get(name);
    const failed = precondition(request, before);
    if (failed) return failed;
    const after: StoredSet = { etag: randomUUID(), ...content };
    zone.sets.set(name, after);
    await this.mirror(zone, name, before, after);
    return json(before ? 200 : 201, setJson(zone, name, after), { etag: after.etag });
  };

  readonly deleteTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const found = this.#target(request, 'Microsoft.Network/dnsZones/TXT/delete');
    if ('status' in found) return found;
    const { zone, name } = found;
    const before = zone.sets.get(name);
    const failed = precondition(request, before);
    if (failed) return failed;
    if (!before) return { status: 204 };
    zone.sets.delete(name);
    await this.mirror(zone, name, before, undefined);
    return { status: 200 };
  };

  /** Applies the difference between two states of a set to BIND. */
  async mirror(zone: Zone, name: string, before: StoredSet | undefined, after: StoredSet | undefined): Promise<void> {
    if (!this.options.bind || !this.mirroring || zone.options.mirror === false) return;
    const fqdn = fqdnOf(zone, name);
    const values = (set: StoredSet | undefined) => new Set((set?.records ?? []).map((r) => r.value.join('')));
    const [old, next] = [values(before), values(after)];
    await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, {
      remove: [...old].filter((v) => !next.has(v)).map((value) => ({ fqdn, value })),
      add: [...next].filter((v) => !old.has(v)).map((value) => ({ fqdn, value, ttl: BIND_TTL })),
    });
  }

  /** 403 AuthorizationFailed unless a role assignment grants `action` at `scope` or above. */
  #authorize(request: FakeApiRequest, action: string, scope: string): FakeApiReply | undefined {
    const caller = this.#callers.get(request);
    if (
      caller?.roles.some(
        (role) => inScope(role.scope, scope) && role.actions.some((pattern) => actionMatches(pattern, action)),
      )
    )
      return undefined;
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${caller?.clientId ?? ''}' with object id '${caller?.objectId ?? ''}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }

  #subscriptionFound(subscriptionId: string): FakeApiReply | undefined {
    return this.#subscriptions.has(subscriptionId.toLowerCase())
      ? undefined
      : armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }

  #groupFound(subscriptionId: string, resourceGroup: string): FakeApiReply | undefined {
    return this.#groups.has(`${subscriptionId.toLowerCase()}/${resourceGroup.toLowerCase()}`)
      ? undefined
      : armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  }

  /** One page of `items`: `$skipToken` is the offset, as opaque to clients as Azure's. */
  #page(request: FakeApiRequest, items: unknown[]): FakeApiReply {
    const per = this.options.maxPerPage ?? 100;
    const start = Number(request.query.get('$skipToken') ?? '0');
    const next =
      start + per < items.length
        ? `${this.url}${request.path}?api-version=${API_VERSION}&$skipToken=${start + per}`
        : undefined;
    return json(200, { value: items.slice(start, start + per), nextLink: next });
  }

  /** The zone and set name a TXT request addresses, or what Resource Manager answers first: roles, then existence. */
  #target(request: FakeApiRequest, action: string): { zone: Zone; name: string } | FakeApiReply {
    const { subscriptionId = '', resourceGroupName = '', zoneName = '', relativeRecordSetName = '' } = request.params;
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/dnszones/${zoneName}/TXT/${relativeRecordSetName}`;
    const refusal =
      this.#subscriptionFound(subscriptionId) ??
      this.#authorize(request, action, scope) ??
      this.#groupFound(subscriptionId, resourceGroupName);
    if (refusal) return refusal;
    const zone = this.zones.get(zoneKey(subscriptionId, resourceGroupName, zoneName));
    if (!zone)
      return armError(
        404,
        'ParentResourceNotFound',
        `Can not perform requested operation on nested resource. Parent resource '${zoneName}' not found.`,
      );
    const name = relativeRecordSetName.toLowerCase();
    if (name !== '@' && !/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) {
      return this.refuse(
        request,
        dnsError(400, 'BadRequest', `The record set name '${relativeRecordSetName}' is invalid.`),
        `record set name "${relativeRecordSetName}"`,
      );
    }
    if (name.endsWith(`.${zone.options.name}`) || name === zone.options.name) {
      return this.refuse(
        request,
        dnsError(
          400,
          'BadRequest',
          `The record set name '${relativeRecordSetName}' must be relative to the zone '${zone.options.name}'.`,
        ),
        `record set name "${relativeRecordSetName}" is not relative to the zone`,
      );
    }
    return { zone, name };
  }

  /** A PUT body as a TXT record set Azure stores, or its refusal. */
  #parseSet(request: FakeApiRequest): Omit<StoredSet, 'etag'> | FakeApiReply {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return this.refuse(
        request,
        armError(
          415,
          'UnsupportedMediaType',
          `The content media type '${request.headers['content-type'] ?? ''}' is not supported. Only 'application/json' is supported.`,
        ),
        'not JSON',
      );
    }
    let body: { properties?: Record<string, unknown> };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch (error) {
      return this.refuse(
        request,
        armError(
          400,
          'InvalidRequestContent',
          `The request content was invalid and could not be deserialized: '${(error as Error).message}'.`,
        ),
        'body does not parse',
      );
    }
    const properties = body?.properties;
    const bad = (message: string) => this.refuse(request, dnsError(400, 'BadRequest', message), message);
    if (!properties || typeof properties !== 'object') return bad('The record set properties are missing.');
    const ttl = properties.TTL;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > TTL_MAX)
      return bad(`The TTL '${String(ttl)}' is invalid; it must be a whole number of seconds from 0 to ${TTL_MAX}.`);
    const others = OTHER_RECORD_ARRAYS.filter((key) => properties[key] !== undefined && properties[key] !== null);
    if (others.length > 0) return bad(`A TXT record set cannot contain ${others.join(', ')}.`);
    const records = properties.TXTRecords ?? [];
    if (!Array.isArray(records)) return bad('TXTRecords must be an array.');
    if (records.length > MAX_RECORDS)
      return bad(`The record set has ${records.length} records; the limit is ${MAX_RECORDS}.`);
    const parsed: { value: string[] }[] = [];
    for (const record of records as { value?: unknown }[]) {
      const value = record?.value;
      if (!Array.isArray(value) || value.length === 0 || !value.every((s) => typeof s === 'string'))
        return bad('Each TXT record must have a value: a non-empty array of strings.');
      if (value.some((s) => s.length > MAX_STRING))
        return bad(`A TXT record string is longer than ${MAX_STRING} characters.`);
      parsed.push({ value: [...value] });
    }
    const joined = parsed.map((r) => r.value.join(''));
    if (new Set(joined).size !== joined.length) {
      // Azure keeps duplicates as given; a client that writes one has merged badly.
      this.note(request, `a value listed twice: ${JSON.stringify(joined)}`);
    }
    const metadata = properties.metadata;
    if (
      metadata !== undefined &&
      (metadata === null || typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string'))
    )
      return bad('The metadata must map names to strings.');
    return { ttl, records: parsed, ...(metadata ? { metadata: metadata as Record<string, string> } : {}) };
  }
}

export async function startFakeAzureApi(options: FakeAzureApiOptions): Promise<FakeAzureApi> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const tls = await makeEntraCertificate();
  const malformed: MalformedRequest[] = [];
  const note: Note = (request, problem) => void malformed.push({ method: request.method, path: request.path, problem });
  const refuse: Refuse = (request, reply, problem) => {
    note(request, problem);
    return reply;
  };
  const entraId = new EntraId(options, { privateKey, kid, jwks }, refuse);
  const dns = new DnsZonesApi(options, entraId, jwks, refuse, note);

  const entra = await startFakeApi({
    name: 'azure entra id',
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    routes: [
      route('GET /:tenant/v2.0/.well-known/openid-configuration', entraId.openidConfiguration),
      route('POST /:tenant/oauth2/v2.0/token', entraId.token),
      route('GET /:tenant/discovery/v2.0/keys', entraId.keys),
    ],
  });
  const imdsQuery = checkQuery({ 'api-version': /^\d{4}-\d{2}-\d{2}$/, resource: /\S/ });
  const imds = await startFakeApi({
    name: 'azure instance metadata',
    // MSAL asks for the path with a trailing slash; Azure's documentation writes it without.
    routes: ['/metadata/identity/oauth2/token', '/metadata/identity/oauth2/token/'].map((path) =>
      route(`GET ${path}`, entraId.imdsToken, imdsQuery),
    ),
  });
  const arm = await startFakeApi({
    name: 'azure resource manager',
    auth: dns.authenticate,
    // Resource Manager's answer for a path that names no resource type it serves.
    unknownRoute: () =>
      armError(
        404,
        'InvalidResourceType',
        `The resource type could not be found in the namespace 'Microsoft.Network' for api version '${API_VERSION}'.`,
      ),
    routes: [
      ...bothSpellings('GET', SUB_ZONES_PATH, dns.listSubscriptionZones),
      ...bothSpellings('GET', RG_ZONES_PATH, dns.listGroupZones),
      ...bothSpellings('GET', TXT_PATH, dns.getTxt),
      ...bothSpellings('PUT', TXT_PATH, dns.putTxt),
      ...bothSpellings('DELETE', TXT_PATH, dns.deleteTxt),
    ],
  });
  entraId.url = entra.url;
  entraId.armUrl = arm.url;
  dns.url = arm.url;

  const zonesHolding = (fqdn: string, resourceGroup?: string): Zone[] => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const holding = [...dns.zones.values()].filter(
      (z) =>
        (name === z.options.name || name.endsWith(`.${z.options.name}`)) &&
        (resourceGroup === undefined || z.options.resourceGroup === resourceGroup),
    );
    const longest = Math.max(0, ...holding.map((z) => z.options.name.length));
    return holding.filter((z) => z.options.name.length === longest);
  };
  const relative = (zone: Zone, fqdn: string) => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    return name === zone.options.name ? '@' : name.slice(0, -(zone.options.name.length + 1));
  };
  const onlyZone = (fqdn: string, resourceGroup?: string): Zone => {
    const found = zonesHolding(fqdn, resourceGroup);
    if (found.length !== 1)
      throw new Error(
        `azure endpoint: ${found.length} zones hold ${fqdn}${resourceGroup ? ` in ${resourceGroup}` : ''}; name the resource group`,
      );
    return found[0] as Zone;
  };

  return {
    apiUrl: arm.url,
    authorityHost: entra.url,
    imdsUrl: imds.url,
    imds,
    caFile: tls.caFile,
    caPem: tls.caPem,
    arm,
    entra,
    malformed,
    issued: entraId.issued,
    routes: {
      getTxt: `GET ${TXT_PATH}`,
      putTxt: `PUT ${TXT_PATH}`,
      deleteTxt: `DELETE ${TXT_PATH}`,
      listZones: `GET ${SUB_ZONES_PATH}`,
    },
    async mintToken(clientId, resource, lifetimeSeconds) {
      const { token: accessToken, expiresOn } = await entraId.issue(clientId, resource, 'minted', lifetimeSeconds);
      return { accessToken, expiresOn };
    },
    txt(fqdn) {
      return zonesHolding(fqdn).flatMap((zone) =>
        (zone.sets.get(relative(zone, fqdn))?.records ?? []).map((r) => r.value.join('')),
      );
    },
    recordSet(fqdn, resourceGroup) {
      const zone = onlyZone(fqdn, resourceGroup);
      const set = zone.sets.get(relative(zone, fqdn));
      return set
        ? {
            etag: set.etag,
            ttl: set.ttl,
            records: set.records.map((r) => ({ value: [...r.value] })),
            ...(set.metadata ? { metadata: { ...set.metadata } } : {}),
          }
        : undefined;
    },
    async seedTxt(fqdn, values, resourceGroup) {
      const zone = onlyZone(fqdn, resourceGroup);
      const name = relative(zone, fqdn);
      const before = zone.sets.get(name);
      const after: StoredSet = {
        etag: randomUUID(),
        ttl: before?.ttl ?? 3600,
        records: [
          ...(before?.records ?? []),
          ...values.map((value) => ({ value: typeof value === 'string' ? [value] : [...value] })),
        ],
        ...(before?.metadata ? { metadata: before.metadata } : {}),
      };
      zone.sets.set(name, after);
      await dns.mirror(zone, name, before, after);
    },
    afterNextRead(fqdn, action) {
      const name = fqdn.toLowerCase().replace(/\.$/, '');
      dns.readHooks.set(name, [...(dns.readHooks.get(name) ?? []), action]);
    },
    throttleWrites(times, retryAfterSeconds = 1) {
      const reply = armError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of 'write' requests for subscription '${options.subscriptions[0] ?? ''}' actor '${options.apps[0]?.clientId ?? ''}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional '${retryAfterSeconds}' requests.`,
        { 'retry-after': String(retryAfterSeconds) },
      );
      return arm.failNext(`PUT ${TXT_PATH}`, reply, times);
    },
    setMirroring(on) {
      dns.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const servers: [string, FakeApi][] = [
        ['', arm],
        [' (Entra ID)', entra],
        [' (IMDS)', imds],
      ];
      const problems = [
        ...servers.flatMap(([label, server]) =>
          server.unmatched.map((r) => `no route for ${r.method} ${r.path}${label}`),
        ),
        ...servers.flatMap(([, server]) => server.checkFailures.map((f) => f.message)),
        ...malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`azure endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    async close() {
      await Promise.all([arm.close(), entra.close(), imds.close()]);
    },
  };
}
