/**
 * The kubernetes target: a `kubernetes.io/tls` Secret written through the API server. It reads
 * the Secret, then creates it (POST) or replaces it (PUT) carrying the resourceVersion it read,
 * so a write that raced another one is refused with 409 and done again from a fresh read.
 *
 * Why GET + POST/PUT and not server-side apply: apply needs the `patch` verb and, for a Secret
 * that does not exist yet, `create` as well, so it grants no less; GET + PUT works with the
 * smallest Role (get, create, and update limited by `resourceNames`), keeps labels, annotations,
 * owner references and data keys that others wrote (the object is read and changed, not rebuilt),
 * and the resourceVersion makes the write safe against a concurrent one without a field manager.
 */
import { readFile } from 'node:fs/promises';
import { createHttpClient, type ClientCertificate, type HttpClient } from '../../net/http.js';
import { USER_AGENT } from '../../runtime.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import { KubernetesApi, KubernetesApiError, type Authenticator, type SecretObject } from './api.js';
import { runExecPlugin, type ExecCredential } from './exec-credential.js';
import { clusterAccess, type AccessSettings, type ClusterAccess } from './kubeconfig.js';

export interface KubernetesSettings extends AccessSettings {
  readonly namespace: string;
  readonly name: string;
  /** Write `ca.crt` (the issuer chain) too. */
  readonly includeCa: boolean;
}

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const ANNOTATIONS = {
  certificate: 'certwright.dev/certificate-name',
  domains: 'certwright.dev/domains',
  serial: 'certwright.dev/serial',
  notAfter: 'certwright.dev/not-after',
} as const;
const TLS_TYPE = 'kubernetes.io/tls';
/** Reads and writes in all when others keep changing the Secret between our read and our write. */
const ROUNDS = 4;
/** An exec credential this close to expiring is renewed before use. */
const EXPIRY_SKEW_MS = 30_000;

export class KubernetesTarget implements DeployTarget {
  readonly name = 'kubernetes';
  readonly #settings: KubernetesSettings;
  readonly #context: DeployContext;
  #api: Promise<{ api: KubernetesApi; access: ClusterAccess }> | undefined;
  #keyPem = '';

  constructor(settings: KubernetesSettings, context: DeployContext) {
    this.#settings = settings;
    this.#context = context;
  }

  async deploy(certificate: IssuedCertificate): Promise<DeployedRecord> {
    const { namespace, name } = this.#settings;
    this.#keyPem = certificate.keyPem;
    const { api, access } = await (this.#api ??= this.#connect());
    for (let round = 1; ; round++) {
      const current = await api.readSecret(namespace, name);
      refuseForeign(current, `${namespace}/${name}`);
      const desired = secretFor(certificate, this.#settings, current);
      try {
        const written = current
          ? await api.replaceSecret(namespace, desired)
          : await api.createSecret(namespace, desired);
        const resourceVersion = written.metadata.resourceVersion ?? '';
        this.#context.logger.info(
          `kubernetes: ${current ? 'updated' : 'created'} Secret ${namespace}/${name} ` +
            `(resourceVersion ${resourceVersion}) through ${access.source} at ${access.server}`,
        );
        return {
          serial: certificate.serial,
          id: `${namespace}/${name}`,
          details: { resourceVersion, server: access.server },
          at: this.#context.clock.now(),
        };
      } catch (error) {
        if (!isRace(error) || round >= ROUNDS) throw error;
        this.#context.logger.debug(
          `kubernetes: Secret ${namespace}/${name} changed meanwhile (${error.reason}); reading it again`,
        );
      }
    }
  }

  async #connect(): Promise<{ api: KubernetesApi; access: ClusterAccess }> {
    const access = await clusterAccess(this.#settings, this.#context.env);
    const auth = new ClusterAuth(access, this.#context);
    const http: HttpClient = (request) => this.#clientFor(access.caPem, auth.identity())(request);
    const api = new KubernetesApi(access.server, http, auth, this.#context, () => [...auth.secrets(), this.#keyPem]);
    return { api, access };
  }

  readonly #clients = new Map<string, HttpClient>();

  /** The run's client for a public CA and no client certificate; else one trusting the cluster's CA, presenting it. */
  #clientFor(caPem: string | undefined, identity: ClientCertificate | undefined): HttpClient {
    if (!caPem && !identity) return this.#context.http;
    const key = `${caPem ?? ''}\n${identity?.certPem ?? ''}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = createHttpClient({
        userAgent: USER_AGENT,
        env: this.#context.env,
        logger: this.#context.logger,
        ...(caPem ? { extraCaPem: caPem } : {}),
        ...(identity ? { clientCertificate: identity } : {}),
      });
      this.#clients.set(key, client);
    }
    return client;
  }
}

function isRace(error: unknown): error is KubernetesApiError {
  return (
    error instanceof KubernetesApiError && error.status === 409 && ['Conflict', 'AlreadyExists'].includes(error.reason)
  );
}

/** A Secret certwright must not overwrite: another type (immutable), or another manager's. */
function refuseForeign(current: SecretObject | undefined, where: string): void {
  if (!current) return;
  const type = current.type ?? 'Opaque';
  if (type !== TLS_TYPE)
    throw new Error(
      `kubernetes: Secret ${where} exists with type ${type}; a Secret's type cannot change: ` +
        'delete it or set kubernetes-secret to another name',
    );
  const manager = current.metadata.labels?.[MANAGED_BY];
  if (manager !== undefined && manager !== 'certwright')
    throw new Error(
      `kubernetes: Secret ${where} is managed by ${manager} (label ${MANAGED_BY}); ` +
        'certwright does not overwrite it: set kubernetes-secret to another name',
    );
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The Secret to write: the one read (its other labels, annotations, data keys, owners kept) with the certificate. */
export function secretFor(
  certificate: IssuedCertificate,
  settings: KubernetesSettings,
  current?: SecretObject,
): SecretObject {
  const fullchain = `${certificate.certPem.trimEnd()}\n${certificate.chainPem.trim()}\n`;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      ...(current?.metadata ?? {}),
      name: settings.name,
      namespace: settings.namespace,
      labels: { ...current?.metadata.labels, [MANAGED_BY]: 'certwright' },
      annotations: {
        ...current?.metadata.annotations,
        [ANNOTATIONS.certificate]: certificate.name,
        [ANNOTATIONS.domains]: certificate.domains.join(','),
        [ANNOTATIONS.serial]: certificate.serial,
        [ANNOTATIONS.notAfter]: certificate.notAfter.toISOString(),
      },
    },
    type: TLS_TYPE,
    data: {
      ...current?.data,
      'tls.crt': base64(fullchain),
      'tls.key': base64(certificate.keyPem),
      ...(settings.includeCa ? { 'ca.crt': base64(`${certificate.chainPem.trim()}\n`) } : {}),
    },
  };
}

/** A ClusterAccess's credentials as request headers (and a client certificate); an exec plugin's kept till expiry. */
class ClusterAuth implements Authenticator {
  readonly #access: ClusterAccess;
  readonly #context: DeployContext;
  #exec: ExecCredential | undefined;
  #seen: string[] = [];

  constructor(access: ClusterAccess, context: DeployContext) {
    this.#access = access;
    this.#context = context;
  }

  async headers(): Promise<Record<string, string>> {
    const credentials = this.#access.credentials;
    switch (credentials.kind) {
      case 'token':
        return this.#bearer(credentials.token);
      case 'token-file':
        return this.#bearer(await readToken(credentials.path));
      case 'client-certificate':
        return {};
      case 'exec': {
        const exec = await this.#execCredential();
        return exec.token ? this.#bearer(exec.token) : {};
      }
    }
  }

  renew(): boolean {
    if (this.#access.credentials.kind !== 'exec' || this.#exec === undefined) return false;
    this.#exec = undefined;
    return true;
  }

  identity(): ClientCertificate | undefined {
    const credentials = this.#access.credentials;
    if (credentials.kind === 'client-certificate') return credentials;
    return this.#exec?.clientCertificate;
  }

  /** Every credential value used so far, for redaction. */
  secrets(): string[] {
    const credentials = this.#access.credentials;
    const own =
      credentials.kind === 'token'
        ? [credentials.token]
        : credentials.kind === 'client-certificate'
          ? [credentials.keyPem]
          : [];
    return [...own, ...this.#seen];
  }

  #bearer(token: string): Record<string, string> {
    if (!this.#seen.includes(token)) this.#seen.push(token);
    return { authorization: `Bearer ${token}` };
  }

  async #execCredential(): Promise<ExecCredential> {
    const now = this.#context.clock.now();
    if (this.#exec && (this.#exec.expiresAt === undefined || this.#exec.expiresAt - EXPIRY_SKEW_MS > now))
      return this.#exec;
    const credentials = this.#access.credentials;
    if (credentials.kind !== 'exec') throw new Error('kubernetes: no exec plugin configured');
    const exec = await runExecPlugin(credentials.exec, this.#access, this.#context.env, `user "${credentials.user}"`);
    if (exec.clientCertificate) this.#seen.push(exec.clientCertificate.keyPem);
    this.#context.logger.debug(
      `kubernetes: credential from the exec plugin of user "${credentials.user}"` +
        (exec.expiresAt ? `, valid until ${new Date(exec.expiresAt).toISOString()}` : ''),
    );
    this.#exec = exec;
    return exec;
  }
}

async function readToken(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (cause) {
    throw new Error(`kubernetes: cannot read the token file ${path}`, { cause });
  }
}
