/**
 * Puts a certificate into Google Cloud Certificate Manager as a self-managed certificate: created
 * on the first deploy (`certificates.create`), updated in place on each renewal
 * (`certificates.patch`, `updateMask=selfManaged`), so the certificate maps and load balancers
 * that name it serve the new one without a change of theirs. Both answer with a long-running
 * operation, polled until done. JSON over the run's HTTP client, with a token from Application
 * Default Credentials (src/vendor/google-credentials.ts). The key travels in that one request.
 *
 * Why not @google-cloud/certificate-manager: gRPC (google-gax) and its own transport, many times
 * the size of three calls, and blind to the run's proxy and trust settings.
 */
import { perRun } from '../../dns/providers/run-cache.js';
import type { HttpMethod, HttpResponse } from '../../net/http.js';
import { parseJson, shownBody } from '../../vendor/body.js';
import { GoogleCredentials } from '../../vendor/google-credentials.js';
import { pollUntil } from '../../vendor/poll.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../vendor/request.js';
import { CLOUD_API_RETRY_POLICY, type RetryPolicy } from '../../vendor/retry.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import { CERTIFICATE_MANAGER_PERMISSIONS } from './metadata.js';
import { certificateIdFor, certificateName, parseCertificateName, parseProjectId } from './names.js';

export interface CertificateManagerSettings {
  /** `google-certificate-manager-project`; undefined: the credentials'. */
  readonly project: string | undefined;
  readonly location: string;
  /** `google-certificate-manager-certificate`; undefined: made from cert-name. */
  readonly certificateId: string | undefined;
  readonly apiUrl: string;
}

// Azure asks for a longer first wait than the other clouds.
const RETRY_POLICY: RetryPolicy = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };
/** An operation usually ends within seconds; one that runs past this is reported, not waited for. */
const OPERATION_TIMING = { firstMs: 500, maxMs: 5_000, timeoutMs: 180_000 };

/** A long-running operation (google.longrunning.Operation). */
interface Operation {
  readonly name?: string;
  readonly done?: boolean;
  readonly error?: RpcStatus;
  readonly response?: { readonly name?: string };
}

/** google.rpc.Status, alone (an operation's error) or wrapped in `error` (an HTTP answer). */
interface RpcStatus {
  readonly code?: number;
  readonly message?: string;
  readonly status?: string;
}

/** A refusal that create and update handle themselves (ALREADY_EXISTS, NOT_FOUND). */
class RpcError extends Error {
  constructor(
    message: string,
    readonly status: string,
  ) {
    super(message);
  }
}

export class CertificateManagerTarget implements DeployTarget {
  readonly name = 'google-certificate-manager';
  readonly #settings: CertificateManagerSettings;
  readonly #context: DeployContext;
  readonly #caller: VendorCaller;
  readonly #credentials: GoogleCredentials;

  constructor(settings: CertificateManagerSettings, context: DeployContext) {
    this.#settings = settings;
    this.#context = context;
    this.#caller = { ...context, policy: RETRY_POLICY };
    // One credential (one token) per run, for every certificate deployed.
    this.#credentials = perRun(
      context,
      'google-certificate-manager-credentials',
      () =>
        new GoogleCredentials({
          ...context,
          component: 'google-certificate-manager',
          projectAdvice: 'set google-certificate-manager-project to the ID of the project that holds the certificates',
        }),
    );
  }

  async deploy(certificate: IssuedCertificate, previous: DeployedRecord | undefined): Promise<DeployedRecord> {
    const project = await this.#project();
    const { location } = this.#settings;
    const id = this.#idFor(certificate, previous, project);
    const name = certificateName(project, location, id);
    const selfManaged = {
      pemCertificate: certificate.certPem + certificate.chainPem,
      pemPrivateKey: certificate.keyPem,
    };
    // Should an answer quote the request, no line of the key reaches the error.
    const secrets = certificate.keyPem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
    const operation = previous
      ? await this.#updateOrCreate(name, selfManaged, secrets)
      : await this.#createOrUpdate(name, selfManaged, secrets);
    await this.#finish(operation, name);
    return {
      serial: certificate.serial,
      id: name,
      details: { project, location, certificate: id },
      at: this.#context.clock.now(),
    };
  }

  async #project(): Promise<string> {
    if (this.#settings.project) return this.#settings.project;
    const found = await this.#credentials.project();
    return parseProjectId(found.id, `google-certificate-manager-project (from ${found.source})`);
  }

  /** The option's ID, else the one the last deploy used in this project and location, else one made from cert-name. */
  #idFor(certificate: IssuedCertificate, previous: DeployedRecord | undefined, project: string): string {
    if (this.#settings.certificateId) return this.#settings.certificateId;
    const before = previous ? parseCertificateName(previous.id) : undefined;
    if (before && before.project === project && before.location === this.#settings.location) return before.id;
    return certificateIdFor(certificate.name);
  }

  /** A first deploy creates; a certificate of that ID already there (made by hand, or a lost state) is updated. */
  async #createOrUpdate(name: string, selfManaged: SelfManaged, secrets: string[]): Promise<Operation> {
    try {
      return await this.#create(name, selfManaged, secrets);
    } catch (error) {
      if (!(error instanceof RpcError && error.status === 'ALREADY_EXISTS')) throw error;
      this.#context.logger.debug(`google-certificate-manager: ${name} exists; updating it`);
      return this.#update(name, selfManaged, secrets);
    }
  }

  /** A renewal updates in place; a certificate deleted since is created anew. */
  async #updateOrCreate(name: string, selfManaged: SelfManaged, secrets: string[]): Promise<Operation> {
    try {
      return await this.#update(name, selfManaged, secrets);
    } catch (error) {
      if (!(error instanceof RpcError && error.status === 'NOT_FOUND')) throw error;
      this.#context.logger.debug(`google-certificate-manager: ${name} is gone; creating it again`);
      return this.#create(name, selfManaged, secrets);
    }
  }

  /** `POST .../certificates?certificateId=ID`. */
  #create(name: string, selfManaged: SelfManaged, secrets: string[]): Promise<Operation> {
    const parent = name.slice(0, name.lastIndexOf('/'));
    const id = name.slice(name.lastIndexOf('/') + 1);
    const url = `${this.#settings.apiUrl}/v1/${parent}?certificateId=${encodeURIComponent(id)}`;
    return this.#call('POST', url, `creating certificate ${name}`, { selfManaged }, secrets);
  }

  /** `PATCH .../certificates/ID?updateMask=selfManaged`. */
  #update(name: string, selfManaged: SelfManaged, secrets: string[]): Promise<Operation> {
    const url = `${this.#settings.apiUrl}/v1/${name}?updateMask=selfManaged`;
    return this.#call('PATCH', url, `updating certificate ${name}`, { selfManaged }, secrets);
  }

  /** Polls the operation until done; its error, if it ends in one, becomes the error line. */
  async #finish(first: Operation, name: string): Promise<void> {
    const operationName = first.name ?? '';
    const parent = name.slice(0, name.indexOf('/certificates/'));
    if (!operationName.startsWith(`${parent}/operations/`))
      throw new Error(`google-certificate-manager: ${name}: the answer names no operation of ${parent}`);
    let operation = first;
    const what = `waiting for ${operationName}`;
    const timing = { ...OPERATION_TIMING, since: this.#context.clock.now() };
    const done = await pollUntil(this.#context.clock, timing, async () => {
      if (!operation.done)
        operation = await this.#call('GET', `${this.#settings.apiUrl}/v1/${operationName}`, what, undefined, []);
      return operation.done === true;
    });
    if (!done) {
      throw new Error(
        `google-certificate-manager: ${name}: ${operationName} still runs ` +
          `after ${OPERATION_TIMING.timeoutMs / 1000} s; ` +
          'the next run deploys again',
      );
    }
    if (operation.error) throw explain(`${name}: ${operationName} failed`, operation.error, '', []);
  }

  /** One API call: 429 and 5xx retried (after Retry-After, else with backoff), lost answers too. */
  async #call(method: HttpMethod, url: string, what: string, json: unknown, secrets: string[]): Promise<Operation> {
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `google-certificate-manager: ${what}`,
      headers: () => this.#credentials.headers(),
      json,
      retryNoAnswer: true,
    });
    if (isSuccess(answer)) return parseJson<Operation>(answer.body) ?? {};
    const status = parseJson<{ error?: RpcStatus }>(answer.body)?.error;
    throw explain(what, status ?? { message: answer.body.toString('utf8') }, answer.note, secrets, answer);
  }
}

interface SelfManaged {
  readonly pemCertificate: string;
  readonly pemPrivateKey: string;
}

/** The names of google.rpc.Code, for an operation's error (which carries the number alone). */
const RPC_CODES: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** One line for a google.rpc.Status: its status name, its message, what to change. */
function explain(what: string, status: RpcStatus, note: string, secrets: string[], answer?: HttpResponse): RpcError {
  const name =
    status.status ??
    (answer ? `HTTP ${answer.status}` : (RPC_CODES[status.code ?? -1] ?? `code ${status.code ?? '?'}`));
  const message = shownBody(Buffer.from((status.message ?? '').replace(/\.$/, '')), secrets);
  const advice = adviceFor(name);
  return new RpcError(
    `google-certificate-manager: ${what}: ${name}${note}${message ? `: ${message}` : ''}${advice ? `; ${advice}` : ''}`,
    name,
  );
}

function adviceFor(status: string): string | undefined {
  switch (status) {
    case 'PERMISSION_DENIED':
      return (
        'give the identity roles/certificatemanager.editor on the project, or a custom role with ' +
        `${CERTIFICATE_MANAGER_PERMISSIONS.join(', ')}; check google-certificate-manager-project too`
      );
    case 'UNAUTHENTICATED':
      return 'Google refused the token; check the credentials step before this one (google-github-actions/auth)';
    case 'INVALID_ARGUMENT':
      return 'Certificate Manager takes RSA (2048 bits or more) and ECDSA P-256 or P-384 keys';
    default:
      return undefined;
  }
}
