/**
 * A local stand-in for Google Cloud Certificate Manager (v1), for the google-certificate-manager
 * target's tests. Tokens come from the Google DNS provider's fake (`startFakeGoogleApi`: STS of
 * Workload Identity Federation, impersonation, key files, the metadata server); this endpoint
 * checks them as Google does (issued, not expired, a cloud-platform scope) and the caller's IAM
 * permissions, and answers as Certificate Manager does:
 *
 * - `POST /v1/projects/{p}/locations/{l}/certificates?certificateId=ID` and
 *   `PATCH /v1/projects/{p}/locations/{l}/certificates/{id}?updateMask=selfManaged` with
 *   `selfManaged: {pemCertificate, pemPrivateKey}`: the chain parsed, the key matched to the leaf
 *   and of a kind Certificate Manager takes (RSA of 2048 bits or more, ECDSA P-256 or P-384);
 *   both answer with a long-running operation, `done` after `pendingPolls` polls of
 *   `GET /v1/projects/{p}/locations/{l}/operations/{id}`, its `response` the certificate.
 * - Errors as `{"error": google.rpc.Status}`: ALREADY_EXISTS (409), NOT_FOUND (404),
 *   PERMISSION_DENIED (403), INVALID_ARGUMENT (400), UNAUTHENTICATED (401), RESOURCE_EXHAUSTED (429).
 *
 * Requests a correct client never sends (no token, a wrong update mask, a body that is not a
 * certificate) are answered as Google does *and* listed in `malformed`.
 */
import { createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import {
  startFakeGoogleApi,
  type FakeGoogleApi,
  type FakeGoogleApiOptions,
} from '../../../dns/providers/google/testing/fake-api.js';
import {
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../testing/fake-api-kit.js';

/** The permissions of roles/certificatemanager.editor that matter here. */
export const CERTIFICATE_MANAGER_EDITOR = [
  'certificatemanager.certs.create',
  'certificatemanager.certs.get',
  'certificatemanager.certs.list',
  'certificatemanager.certs.update',
  'certificatemanager.operations.get',
  'certificatemanager.operations.list',
];
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
const CERTIFICATE_TYPE = 'type.googleapis.com/google.cloud.certificatemanager.v1.Certificate';
const METADATA_TYPE = 'type.googleapis.com/google.cloud.certificatemanager.v1.OperationMetadata';

export interface FakeCertificateManagerOptions {
  /** The token services and identities (the Google DNS fake's options, zones left out). */
  readonly google: Omit<FakeGoogleApiOptions, 'zones'>;
  /** Principal -> its Certificate Manager permissions on the project. */
  readonly permissions: Readonly<Record<string, readonly string[]>>;
  /** An operation answers `done: false` this many times before `done: true`; default 1. */
  readonly pendingPolls?: number;
}

/** A certificate as the endpoint holds it. */
export interface StoredCertificate {
  readonly name: string;
  readonly pemCertificate: string;
  readonly pemPrivateKey: string;
  readonly serial: string;
  readonly sanDnsnames: readonly string[];
  readonly createTime: string;
  readonly updateTime: string;
  /** How many times it was written (1 on create). */
  readonly writes: number;
}

export interface FakeCertificateManager {
  /** `google-certificate-manager-api-url`. */
  readonly apiUrl: string;
  readonly api: FakeApi;
  /** The token services. */
  readonly google: FakeGoogleApi;
  readonly project: string;
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  readonly routes: { readonly create: string; readonly patch: string; readonly operation: string };
  certificate(name: string): StoredCertificate | undefined;
  /** Deletes a certificate behind the client's back (a renewal then finds it gone). */
  remove(name: string): void;
  /** The next `times` calls to `route` (default create) get 429 RESOURCE_EXHAUSTED, with Retry-After if given. */
  throttleNext(times: number, routePattern?: string, retryAfterSeconds?: number): ScriptedFailure;
  /** The next operation ends in this error instead of success. */
  failNextOperation(status: { code: number; message: string }): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  3: 'INVALID_ARGUMENT',
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

/** `{"error": google.rpc.Status}` with the HTTP status as its code. */
function rpcError(code: number, message: string, details: unknown[] = [], headers = {}): FakeApiReply {
  return json(code, { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN', details } }, headers);
}

function permissionDenied(permission: string, resource: string): FakeApiReply {
  return rpcError(403, `Permission '${permission}' denied on '${resource}'`, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'IAM_PERMISSION_DENIED',
      domain: 'certificatemanager.googleapis.com',
      metadata: { permission, resource },
    },
  ]);
}

/** Why a self-managed certificate is refused, or its leaf and key. */
function checkSelfManaged(value: unknown): { leaf: X509Certificate; key: KeyObject; chain: string } | string {
  const selfManaged = (value as { selfManaged?: { pemCertificate?: unknown; pemPrivateKey?: unknown } } | null)
    ?.selfManaged;
  const { pemCertificate, pemPrivateKey } = selfManaged ?? {};
  if (typeof pemCertificate !== 'string' || typeof pemPrivateKey !== 'string')
    return 'certificate.self_managed: pem_certificate and pem_private_key are required';
  const pems = pemCertificate.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  let certificates: X509Certificate[];
  let key: KeyObject;
  try {
    certificates = pems.map((pem) => new X509Certificate(pem));
    key = createPrivateKey(pemPrivateKey);
  } catch {
    return 'certificate.self_managed: failed to parse the PEM certificate or private key';
  }
  const leaf = certificates[0];
  if (!leaf) return 'certificate.self_managed.pem_certificate: no certificate found';
  if (!leaf.checkPrivateKey(key)) return 'certificate.self_managed: the private key does not match the certificate';
  const details = key.asymmetricKeyDetails ?? {};
  const supported =
    (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) ||
    (key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1'].includes(details.namedCurve ?? ''));
  if (!supported) return 'certificate.self_managed.pem_private_key: unsupported key type';
  return { leaf, key, chain: pemCertificate };
}

export async function startFakeCertificateManager(
  options: FakeCertificateManagerOptions,
): Promise<FakeCertificateManager> {
  const google = await startFakeGoogleApi({ ...options.google, zones: [] });
  const project = options.google.project ?? 'certwright-test';
  const pendingPolls = options.pendingPolls ?? 1;
  const certificates = new Map<string, StoredCertificate>();
  const operations = new Map<
    string,
    { polls: number; body: Record<string, unknown>; result: Record<string, unknown> }
  >();
  const operationFailures: { code: number; message: string }[] = [];
  const callers = new WeakMap<FakeApiRequest, string>();
  const malformed: { method: string; path: string; problem: string }[] = [];
  const refuse = (request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply => {
    malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  };

  const auth = (request: FakeApiRequest): FakeApiReply | undefined => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const unauthenticated = rpcError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
    if (!bearer) return refuse(request, unauthenticated, 'no bearer token');
    const info = google.tokenInfo(bearer);
    if (!info || info.expiresAt <= Date.now()) return unauthenticated;
    if (!info.scopes.includes(CLOUD_PLATFORM)) return rpcError(403, 'Request had insufficient authentication scopes.');
    callers.set(request, info.principal);
    return undefined;
  };

  /** The caller's permission on the project, or Google's refusal (also for a project that is not there). */
  const gate = (request: FakeApiRequest, permission: string, resource: string): FakeApiReply | undefined => {
    const principal = callers.get(request) ?? '';
    if (request.params.project !== project) return permissionDenied(permission, resource);
    return (options.permissions[principal] ?? []).includes(permission)
      ? undefined
      : permissionDenied(permission, resource);
  };

  const startOperation = (request: FakeApiRequest, verb: string, target: string, result: Record<string, unknown>) => {
    const name = `projects/${project}/locations/${request.params.location}/operations/operation-${Date.now()}-${randomBytes(8).toString('hex')}`;
    const body = {
      name,
      metadata: {
        '@type': METADATA_TYPE,
        createTime: new Date().toISOString(),
        target,
        verb,
        requestedCancellation: false,
        apiVersion: 'v1',
      },
      done: false,
    };
    operations.set(name, { polls: 0, body, result });
    return json(200, body);
  };

  const write = (
    name: string,
    checked: { leaf: X509Certificate; key: KeyObject; chain: string },
    before?: StoredCertificate,
  ) => {
    const now = new Date().toISOString();
    const failure = operationFailures.shift();
    const stored: StoredCertificate = {
      name,
      pemCertificate: checked.chain,
      pemPrivateKey: checked.key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      serial: checked.leaf.serialNumber.toLowerCase(),
      sanDnsnames: (checked.leaf.subjectAltName ?? '').split(', ').map((san) => san.replace(/^DNS:/, '')),
      createTime: before?.createTime ?? now,
      updateTime: now,
      writes: (before?.writes ?? 0) + 1,
    };
    if (failure) return { error: { code: failure.code, message: failure.message, details: [] } };
    certificates.set(name, stored);
    return {
      response: {
        '@type': CERTIFICATE_TYPE,
        name,
        createTime: stored.createTime,
        updateTime: stored.updateTime,
        sanDnsnames: stored.sanDnsnames,
        pemCertificate: stored.pemCertificate,
        expireTime: new Date(checked.leaf.validTo).toISOString(),
        scope: 'DEFAULT',
      },
    };
  };

  const parseBody = (request: FakeApiRequest): unknown => {
    try {
      return JSON.parse(request.body);
    } catch {
      return undefined;
    }
  };

  const create = (request: FakeApiRequest): FakeApiReply => {
    const { location } = request.params;
    const parent = `projects/${request.params.project}/locations/${location}`;
    const id = request.query.get('certificateId') ?? '';
    const name = `${parent}/certificates/${id}`;
    const denied = gate(request, 'certificatemanager.certs.create', name);
    if (denied) return denied;
    if (!/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(id))
      return refuse(
        request,
        rpcError(400, `Invalid resource field value in the request: certificate_id '${id}'`),
        `certificateId ${id}`,
      );
    if (certificates.has(name)) return rpcError(409, `Resource '${name}' already exists`);
    const checked = checkSelfManaged(parseBody(request));
    if (typeof checked === 'string') return refuse(request, rpcError(400, checked), checked);
    return startOperation(request, 'create', name, write(name, checked));
  };

  const patch = (request: FakeApiRequest): FakeApiReply => {
    const name = `projects/${request.params.project}/locations/${request.params.location}/certificates/${request.params.id}`;
    const denied = gate(request, 'certificatemanager.certs.update', name);
    if (denied) return denied;
    if (request.query.get('updateMask') !== 'selfManaged')
      return refuse(
        request,
        rpcError(400, 'update_mask: invalid field path'),
        `updateMask ${request.query.get('updateMask')}`,
      );
    const before = certificates.get(name);
    if (!before) return rpcError(404, `Resource '${name}' was not found`);
    const checked = checkSelfManaged(parseBody(request));
    if (typeof checked === 'string') return refuse(request, rpcError(400, checked), checked);
    return startOperation(request, 'update', name, write(name, checked, before));
  };

  const getOperation = (request: FakeApiRequest): FakeApiReply => {
    const name = `projects/${request.params.project}/locations/${request.params.location}/operations/${request.params.id}`;
    const denied = gate(request, 'certificatemanager.operations.get', name);
    if (denied) return denied;
    const operation = operations.get(name);
    if (!operation) return rpcError(404, `Resource '${name}' was not found`);
    operation.polls += 1;
    if (operation.polls <= pendingPolls) return json(200, operation.body);
    return json(200, { ...operation.body, done: true, ...operation.result });
  };

  const routes = {
    create: 'POST /v1/projects/:project/locations/:location/certificates',
    patch: 'PATCH /v1/projects/:project/locations/:location/certificates/:id',
    operation: 'GET /v1/projects/:project/locations/:location/operations/:id',
  };
  const api = await startFakeApi({
    name: 'certificate manager',
    auth,
    unknownRoute: (request) => rpcError(404, `Method not found: ${request.method} ${request.path}`),
    routes: [route(routes.create, create), route(routes.patch, patch), route(routes.operation, getOperation)],
  });

  return {
    apiUrl: api.url,
    api,
    google,
    project,
    malformed,
    routes,
    certificate: (name) => certificates.get(name),
    remove: (name) => void certificates.delete(name),
    throttleNext: (times, routePattern = routes.create, retryAfterSeconds) =>
      api.failNext(
        routePattern,
        rpcError(
          429,
          "Quota exceeded for quota metric 'Certificate write requests' and limit 'Certificate write requests per minute' of service 'certificatemanager.googleapis.com'.",
          [],
          retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
        ),
        times,
      ),
    failNextOperation: (status) => void operationFailures.push(status),
    assertNoUnexpectedRequests() {
      const problems = [
        ...api.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...api.checkFailures.map((f) => f.message),
        ...malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`certificate manager: unexpected requests:\n  ${problems.join('\n  ')}`);
      google.assertNoUnexpectedRequests();
    },
    async close() {
      await api.close();
      await google.close();
    },
  };
}
