/**
 * A local stand-in for a Kubernetes API server's Secret endpoints, for the kubernetes target's
 * tests. HTTPS with a test CA (as a cluster's own CA), bearer tokens checked (401 with the
 * `Status` object the API server sends), RBAC-like rules per token (403 Forbidden with the API
 * server's message; `resourceNames` limits get and update, never create), optimistic concurrency
 * (409 Conflict on a stale resourceVersion, 409 AlreadyExists on a second create), the
 * validation of `kubernetes.io/tls` Secrets (422 Invalid), and 429 with Retry-After as API
 * Priority and Fairness answers.
 */
import {
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../testing/fake-api-kit.js';

export type Verb = 'get' | 'create' | 'update';

/** One RoleBinding's worth: what a token may do to secrets in a namespace. */
export interface SecretRule {
  readonly namespace: string;
  readonly verbs: readonly Verb[];
  /** Only these Secrets (get and update); a rule with resourceNames never allows create, as in RBAC. */
  readonly resourceNames?: readonly string[];
}

export interface FakeKubernetesOptions {
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  /** Bearer token -> the user it authenticates and what that user may do. */
  readonly tokens: Readonly<Record<string, { readonly user: string; readonly rules: readonly SecretRule[] }>>;
  readonly namespaces: readonly string[];
}

interface StoredSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: Record<string, unknown> & { name: string; namespace: string; resourceVersion: string };
  type: string;
  data: Record<string, string>;
}

export interface FakeKubernetesApi {
  readonly url: string;
  readonly vendor: FakeApi;
  /** The Secret as stored, or undefined. */
  secret(namespace: string, name: string): StoredSecret | undefined;
  /** Stores a Secret as another client would (bumping its resourceVersion). */
  seed(
    namespace: string,
    secret: { name: string; type?: string; data?: Record<string, string>; labels?: Record<string, string> },
  ): StoredSecret;
  /** Changes the Secret behind the client's back right after its next read: its write then meets 409 Conflict. */
  raceNextRead(): void;
  /** The next `times` requests to the Secret routes get 429 with `Retry-After: seconds`. */
  throttleNext(times: number, seconds: number): ScriptedFailure[];
  close(): Promise<void>;
}

/** The `Status` object the API server answers errors with. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): FakeApiReply {
  return json(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const ROUTES = {
  get: 'GET /api/v1/namespaces/:namespace/secrets/:name',
  create: 'POST /api/v1/namespaces/:namespace/secrets',
  update: 'PUT /api/v1/namespaces/:namespace/secrets/:name',
} as const;

export async function startFakeKubernetesApi(options: FakeKubernetesOptions): Promise<FakeKubernetesApi> {
  const secrets = new Map<string, StoredSecret>();
  let version = 1000;
  let raceNext = false;
  const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;
  const userOf = (request: FakeApiRequest) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    return options.tokens[token];
  };

  const forbidden = (request: FakeApiRequest, verb: Verb, name?: string): FakeApiReply | undefined => {
    const user = userOf(request);
    const namespace = request.params.namespace ?? '';
    const allowed = user?.rules.some(
      (rule) =>
        rule.namespace === namespace &&
        rule.verbs.includes(verb) &&
        (rule.resourceNames === undefined || (name !== undefined && rule.resourceNames.includes(name))),
    );
    if (allowed) return undefined;
    const what = name === undefined ? 'secrets' : `secrets "${name}"`;
    return status(
      403,
      'Forbidden',
      `${what} is forbidden: User "${user?.user ?? 'system:anonymous'}" cannot ${verb} resource "secrets" in API group "" in the namespace "${namespace}"`,
      { ...(name ? { name } : {}), kind: 'secrets' },
    );
  };

  const invalid = (body: StoredSecret, name: string): FakeApiReply | undefined => {
    const causes: string[] = [];
    if (body.type === 'kubernetes.io/tls') {
      for (const key of ['tls.crt', 'tls.key']) if (!body.data?.[key]) causes.push(`data[${key}]: Required value`);
    }
    for (const [key, value] of Object.entries(body.data ?? {}))
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) causes.push(`data[${key}]: Invalid value: illegal base64 data`);
    if (causes.length === 0) return undefined;
    return status(422, 'Invalid', `Secret "${name}" is invalid: ${causes.join(', ')}`, { name, kind: 'Secret' });
  };

  const parse = (request: FakeApiRequest): StoredSecret | FakeApiReply => {
    try {
      const body = JSON.parse(request.body) as StoredSecret;
      if (body.kind !== 'Secret' || body.apiVersion !== 'v1')
        return status(400, 'BadRequest', 'the body is not a v1 Secret');
      return body;
    } catch {
      return status(400, 'BadRequest', 'the body is not JSON');
    }
  };

  const store = (namespace: string, body: StoredSecret): StoredSecret => {
    version += 1;
    const previous = secrets.get(keyOf(namespace, body.metadata.name));
    const stored: StoredSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: body.type ?? 'Opaque',
      data: { ...body.data },
      metadata: {
        ...body.metadata,
        namespace,
        uid: previous?.metadata.uid ?? `uid-${version}`,
        creationTimestamp: previous?.metadata.creationTimestamp ?? new Date().toISOString(),
        resourceVersion: String(version),
      },
    };
    secrets.set(keyOf(namespace, body.metadata.name), stored);
    return stored;
  };

  const read = (request: FakeApiRequest): FakeApiReply => {
    const { namespace = '', name = '' } = request.params;
    const denied = forbidden(request, 'get', name);
    if (denied) return denied;
    const found = secrets.get(keyOf(namespace, name));
    if (!found) return status(404, 'NotFound', `secrets "${name}" not found`, { name, kind: 'secrets' });
    const answer = json(200, found);
    if (raceNext) {
      raceNext = false;
      store(namespace, {
        ...found,
        metadata: { ...found.metadata, labels: { ...(found.metadata.labels as object), raced: 'yes' } },
      });
    }
    return answer;
  };

  const create = (request: FakeApiRequest): FakeApiReply => {
    const namespace = request.params.namespace ?? '';
    const denied = forbidden(request, 'create');
    if (denied) return denied;
    const body = parse(request);
    if ('status' in body) return body;
    const name = body.metadata?.name ?? '';
    if (!options.namespaces.includes(namespace))
      return status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    if (secrets.has(keyOf(namespace, name)))
      return status(409, 'AlreadyExists', `secrets "${name}" already exists`, { name, kind: 'secrets' });
    if (body.metadata.resourceVersion)
      return status(500, 'InternalError', 'resourceVersion should not be set on objects to be created');
    return invalid(body, name) ?? json(201, store(namespace, body));
  };

  const update = (request: FakeApiRequest): FakeApiReply => {
    const { namespace = '', name = '' } = request.params;
    const denied = forbidden(request, 'update', name);
    if (denied) return denied;
    const body = parse(request);
    if ('status' in body) return body;
    if (body.metadata?.name !== name)
      return status(
        400,
        'BadRequest',
        `the name of the object (${body.metadata?.name}) does not match the name on the URL (${name})`,
      );
    const found = secrets.get(keyOf(namespace, name));
    if (!found) return status(404, 'NotFound', `secrets "${name}" not found`, { name, kind: 'secrets' });
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== found.metadata.resourceVersion)
      return status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on secrets "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, kind: 'secrets' },
      );
    if ((body.type ?? 'Opaque') !== found.type)
      return status(
        422,
        'Invalid',
        `Secret "${name}" is invalid: type: Invalid value: "${body.type}": field is immutable`,
      );
    return invalid(body, name) ?? json(200, store(namespace, body));
  };

  const vendor = await startFakeApi({
    name: 'kubernetes',
    tls: options.tls,
    auth: (request) => (userOf(request) ? undefined : status(401, 'Unauthorized', 'Unauthorized')),
    routes: [route(ROUTES.get, read), route(ROUTES.create, create), route(ROUTES.update, update)],
    unknownRoute: () => status(404, 'NotFound', 'the server could not find the requested resource'),
  });

  return {
    url: vendor.url,
    vendor,
    secret: (namespace, name) => secrets.get(keyOf(namespace, name)),
    seed(namespace, secret) {
      return store(namespace, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: secret.type ?? 'Opaque',
        data: secret.data ?? {},
        metadata: {
          name: secret.name,
          namespace,
          resourceVersion: '',
          ...(secret.labels ? { labels: secret.labels } : {}),
        },
      });
    },
    raceNextRead() {
      raceNext = true;
    },
    throttleNext(times, seconds) {
      const reply = status(429, 'TooManyRequests', 'Too many requests, please try again later.', {
        retryAfterSeconds: seconds,
      });
      const throttled = { ...reply, headers: { ...reply.headers, 'retry-after': String(seconds) } };
      return Object.values(ROUTES).map((pattern) => vendor.failNext(pattern, throttled, times));
    },
    close: () => vendor.close(),
  };
}
