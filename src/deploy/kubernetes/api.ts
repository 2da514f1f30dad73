/**
 * The three Secret calls of the Kubernetes REST API the target makes (read, create, replace),
 * over certwright's HTTP client: no client library, whose size and own HTTP stack would bring
 * nothing for three JSON requests. 429 (API Priority and Fairness, with `Retry-After`) and 5xx
 * are retried; a 401 gets one more try with a fresh credential (an exec plugin's token may have
 * expired early). Kubernetes answers errors with a `Status` object: its `message` becomes the one
 * error line, with its `reason`.
 */
import type { HttpClient, HttpMethod } from '../../net/http.js';
import type { RunTools } from '../../vendor/retry.js';
import { DEFAULT_RETRY_POLICY } from '../../vendor/retry.js';
import { parseJson, shownBody } from '../../vendor/body.js';
import { isSuccess, sendRequest, type VendorAnswer } from '../../vendor/request.js';

/** A Secret as the API server returns it (the fields the target reads). */
export interface SecretObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [field: string]: unknown;
  };
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** Kubernetes' error: the HTTP status and the `Status` object's reason (`Conflict`, `Forbidden`, ...). */
export class KubernetesApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

interface StatusObject {
  readonly kind?: string;
  readonly message?: string;
  readonly reason?: string;
}

/** Who we are for each request: headers now, and whether a fresh credential is worth another try after a 401. */
export interface Authenticator {
  headers(): Promise<Record<string, string>>;
  /** Drops a cached credential; true when the next `headers()` may prove something new. */
  renew(): boolean;
}

export class KubernetesApi {
  constructor(
    private readonly server: string,
    private readonly http: HttpClient,
    private readonly auth: Authenticator,
    private readonly run: RunTools,
    /** Values no error line may show (the token, the key being deployed). */
    private readonly secrets: () => readonly string[],
  ) {}

  /** `GET /api/v1/namespaces/{ns}/secrets/{name}`; undefined when there is none. */
  async readSecret(namespace: string, name: string): Promise<SecretObject | undefined> {
    const answer = await this.call('GET', this.secretPath(namespace, name), `reading Secret ${namespace}/${name}`);
    if (answer.status === 404 && this.reasonOf(answer) === 'NotFound') return undefined;
    return this.objectFrom(answer, `reading Secret ${namespace}/${name}`);
  }

  /** `POST /api/v1/namespaces/{ns}/secrets`. */
  async createSecret(namespace: string, secret: SecretObject): Promise<SecretObject> {
    const what = `creating Secret ${namespace}/${secret.metadata.name}`;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
    return this.objectFrom(await this.call('POST', path, what, secret), what);
  }

  /** `PUT /api/v1/namespaces/{ns}/secrets/{name}`: 409 Conflict when `metadata.resourceVersion` is stale. */
  async replaceSecret(namespace: string, secret: SecretObject): Promise<SecretObject> {
    const what = `updating Secret ${namespace}/${secret.metadata.name}`;
    const path = this.secretPath(namespace, secret.metadata.name);
    return this.objectFrom(await this.call('PUT', path, what, secret), what);
  }

  private secretPath(namespace: string, name: string): string {
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
  }

  private async call(method: HttpMethod, path: string, what: string, body?: unknown): Promise<VendorAnswer> {
    const send = () =>
      sendRequest(
        { http: this.http, policy: DEFAULT_RETRY_POLICY, clock: this.run.clock, logger: this.run.logger },
        {
          method,
          url: `${this.server}${path}`,
          what: `kubernetes: ${what}`,
          headers: () => this.auth.headers(),
          ...(body === undefined ? {} : { json: body }),
          retryNoAnswer: method === 'GET',
        },
      );
    const answer = await send();
    if (answer.status === 401 && this.auth.renew()) {
      this.run.logger.debug(`kubernetes: ${what}: 401 Unauthorized; trying once more with a fresh credential`);
      return send();
    }
    return answer;
  }

  private reasonOf(answer: VendorAnswer): string {
    return parseJson<StatusObject>(answer.body)?.reason ?? '';
  }

  private objectFrom(answer: VendorAnswer, what: string): SecretObject {
    if (!isSuccess(answer)) throw this.explain(answer, what);
    const object = parseJson<SecretObject>(answer.body);
    if (object?.metadata?.name === undefined)
      throw new KubernetesApiError(
        `kubernetes: ${what}: the API server answered ${answer.status} without a Secret`,
        answer.status,
        '',
      );
    return object;
  }

  private explain(answer: VendorAnswer, what: string): KubernetesApiError {
    const status = parseJson<StatusObject>(answer.body);
    const reason = status?.kind === 'Status' ? (status.reason ?? '') : '';
    const detail =
      status?.kind === 'Status' && status.message
        ? shownBody(Buffer.from(status.message), this.secrets())
        : shownBody(answer.body, this.secrets()) || 'no details';
    return new KubernetesApiError(
      `kubernetes: ${what}: ${answer.status}${reason ? ` ${reason}` : ''}: ${detail}` +
        `${answer.note}${hintFor(answer.status)}`,
      answer.status,
      reason,
    );
  }
}

/** What to do about the answers a user can fix. */
function hintFor(status: number): string {
  if (status === 401)
    return ' (the credential was refused: check the kubeconfig user, or run the set-context step again)';
  if (status === 403)
    return (
      ' (grant get, create and update on secrets in this namespace: ' +
      "see the kubernetes target's least-privilege Role)"
    );
  return '';
}
