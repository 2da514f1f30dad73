/**
 * Imports a certificate into Azure Key Vault as a new version of a named certificate, the
 * version App Gateway and Front Door pick up when they follow the latest one (their reference is
 * the versionless secret ID). One call, Key Vault's REST `POST {vault}/certificates/{name}/import`,
 * as JSON over the run's HTTP client with a token from DefaultAzureCredential for the vault's
 * cloud. The key travels in that request alone, inside a PKCS#12 file sealed with a one-time
 * password; the version ID Key Vault answers with is what the state keeps.
 *
 * Why not @azure/keyvault-certificates: its own HTTP pipeline (proxy, retries, trust) beside the
 * run's, and a poller and policy model for one POST.
 */
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { pemToDer } from '../../crypto/pem.js';
import { buildPfx } from '../../crypto/pkcs12.js';
import { perRun } from '../../dns/providers/run-cache.js';
import type { HttpResponse } from '../../net/http.js';
import { AzureTokens } from '../../vendor/azure-credential.js';
import { parseJson, shownBody } from '../../vendor/body.js';
import { isSuccess, sendRequest, throttledOrServerError, type VendorCaller } from '../../vendor/request.js';
import { CLOUD_API_RETRY_POLICY, type RetryPolicy } from '../../vendor/retry.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import { API_VERSION, IMPORT_ACTION } from './metadata.js';
import { certificateNameFor, parseVersionId, tokenScope, type CertificateVersion } from './names.js';

export interface KeyVaultSettings {
  /** The vault's origin, `https://my-vault.vault.azure.net`. */
  readonly vaultUrl: string;
  /** `azure-key-vault-certificate`; undefined: named after the certificate's cert-name. */
  readonly certificateName: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

// Azure asks for a longer first wait than the other clouds.
const RETRY_POLICY: RetryPolicy = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };

/** What Key Vault's import takes (CertificateImportParameters). */
interface ImportBody {
  readonly value: string;
  readonly pwd: string;
  readonly policy: {
    readonly key_props: { readonly exportable: true; readonly kty: 'RSA' | 'EC'; readonly reuse_key: false } & (
      { readonly key_size: number } | { readonly crv: string }
    );
    readonly secret_props: { readonly contentType: 'application/x-pkcs12' };
  };
  readonly attributes: { readonly enabled: true };
  readonly tags?: Readonly<Record<string, string>>;
}

interface KeyVaultErrorBody {
  readonly error?: {
    readonly code?: string;
    readonly message?: string;
    readonly innererror?: { readonly code?: string };
  };
}

export class KeyVaultTarget implements DeployTarget {
  readonly name = 'azure-key-vault';
  readonly #settings: KeyVaultSettings;
  readonly #context: DeployContext;
  readonly #caller: VendorCaller;
  readonly #tokens: AzureTokens;

  constructor(settings: KeyVaultSettings, context: DeployContext) {
    this.#settings = settings;
    this.#context = context;
    this.#caller = { ...context, policy: RETRY_POLICY };
    const scope = tokenScope(settings.vaultUrl);
    // One token per vault cloud and run, for every certificate deployed.
    this.#tokens = perRun(
      context,
      JSON.stringify(['azure-key-vault-token', scope]),
      () =>
        new AzureTokens({
          scope,
          component: 'azure-key-vault',
          unknownResourceAdvice: `Entra ID does not know ${scope.replace('/.default', '')}; check azure-key-vault-url`,
          env: context.env,
          clock: context.clock,
          logger: context.logger,
        }),
    );
  }

  async deploy(certificate: IssuedCertificate, previous: DeployedRecord | undefined): Promise<DeployedRecord> {
    const name = this.#nameFor(certificate, previous);
    const password = randomBytes(24).toString('base64url');
    const body = await importBody(certificate, password, this.#settings.tags);
    const answer = await this.#import(name, body, password);
    const version = this.#versionFrom(answer, name, certificate);
    const { vaultUrl } = this.#settings;
    return {
      serial: certificate.serial,
      id: `${vaultUrl}/certificates/${version.name}/${version.version}`,
      details: {
        vault: vaultUrl,
        certificate: version.name,
        version: version.version,
        // What App Gateway and Front Door reference to follow the latest version.
        'secret-id': `${vaultUrl}/secrets/${version.name}`,
      },
      at: this.#context.clock.now(),
    };
  }

  /** The option's name, else the one the last deploy used in this vault, else one made from cert-name. */
  #nameFor(certificate: IssuedCertificate, previous: DeployedRecord | undefined): string {
    if (this.#settings.certificateName) return this.#settings.certificateName;
    const before = previous ? parseVersionId(previous.id, this.#settings.vaultUrl) : undefined;
    return before?.name ?? certificateNameFor(certificate.name);
  }

  /** `POST {vault}/certificates/{name}/import`: 429 and 5xx retried, a refused token once with a new one. */
  async #import(name: string, body: ImportBody, password: string): Promise<HttpResponse> {
    const what = `importing certificate ${name} into ${this.#settings.vaultUrl}`;
    let tokenRenewed = false;
    const retryWhen = (answer: HttpResponse) => {
      if (answer.status === 401 && !tokenRenewed) {
        tokenRenewed = true;
        this.#tokens.discard();
        return { why: 'HTTP 401, the token refused; with a new one', afterMs: 0 };
      }
      const verdict = throttledOrServerError(answer);
      return verdict && { why: `${verdict.why} ${errorCode(answer) ?? ''}`.trim() };
    };
    const answer = await sendRequest(this.#caller, {
      method: 'POST',
      url: `${this.#settings.vaultUrl}/certificates/${encodeURIComponent(name)}/import?api-version=${API_VERSION}`,
      what: `azure-key-vault: ${what}`,
      headers: async () => ({ authorization: `Bearer ${await this.#tokens.bearer()}` }),
      json: body,
      retryWhen,
      // Another version of the same certificate, should the first answer be lost: harmless.
      retryNoAnswer: true,
    });
    if (isSuccess(answer)) return answer;
    throw explain(what, answer, answer.note, password);
  }

  /** The version Key Vault made, checked to be of this certificate in this vault and to hold the leaf sent. */
  #versionFrom(answer: HttpResponse, name: string, certificate: IssuedCertificate): CertificateVersion {
    const bundle = parseJson<{ id?: unknown; x5t?: unknown }>(answer.body);
    const id = typeof bundle?.id === 'string' ? bundle.id : '';
    const version = parseVersionId(id, this.#settings.vaultUrl);
    if (!version || version.name.toLowerCase() !== name.toLowerCase()) {
      throw new Error(
        `azure-key-vault: importing certificate ${name} into ${this.#settings.vaultUrl}: ` +
          `the answer names "${id.slice(0, 200)}", not a version of that certificate in that vault`,
      );
    }
    const [leaf] = pemToDer(certificate.certPem, 'CERTIFICATE');
    const thumbprint = leaf ? createHash('sha1').update(leaf).digest('base64url') : '';
    if (typeof bundle?.x5t === 'string' && bundle.x5t !== thumbprint) {
      throw new Error(
        `azure-key-vault: importing certificate ${name}: Key Vault's version ${version.version} holds another ` +
          `certificate (x5t ${bundle.x5t}) than the one sent (${thumbprint})`,
      );
    }
    return version;
  }
}

/** The import's body: the key and full chain as a PKCS#12 file, and a policy that keeps the key exportable. */
async function importBody(
  certificate: IssuedCertificate,
  password: string,
  tags: Readonly<Record<string, string>>,
): Promise<ImportBody> {
  // The older PKCS#12 protection (3DES, SHA-1 MAC) is the one every Key Vault front end reads; the
  // file only carries the key through this one TLS request, and Key Vault stores it its own way.
  const pfx = await buildPfx(
    { privkey: certificate.keyPem, cert: certificate.certPem, chain: certificate.chainPem },
    { password, friendlyName: certificate.name, legacy: true },
  );
  return {
    value: Buffer.from(pfx).toString('base64'),
    pwd: password,
    policy: { key_props: keyProperties(certificate.keyPem), secret_props: { contentType: 'application/x-pkcs12' } },
    attributes: { enabled: true },
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

/** Key Vault's description of the key: its type and size or curve, exportable (App Gateway reads the secret). */
function keyProperties(keyPem: string): ImportBody['policy']['key_props'] {
  const key = createPrivateKey(keyPem);
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa')
    return { exportable: true, kty: 'RSA', reuse_key: false, key_size: details.modulusLength ?? 2048 };
  const curves: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
  const crv = curves[details.namedCurve ?? ''];
  if (key.asymmetricKeyType !== 'ec' || !crv)
    throw new Error(`azure-key-vault: a ${key.asymmetricKeyType ?? 'unknown'} key; Key Vault takes RSA and EC keys`);
  return { exportable: true, kty: 'EC', reuse_key: false, crv };
}

function errorCode(answer: HttpResponse): string | undefined {
  return parseJson<KeyVaultErrorBody>(answer.body)?.error?.code;
}

/** One line for a refusal: Key Vault's code (and inner code), its message's first line, what to change. */
function explain(what: string, answer: HttpResponse, note: string, password: string): Error {
  const error = parseJson<KeyVaultErrorBody>(answer.body)?.error;
  const code = error?.code ?? `HTTP ${answer.status}`;
  const inner = error?.innererror?.code;
  const firstLine = ((error?.message ?? '').split(/\r?\n/)[0] ?? '').trim().replace(/\.$/, '');
  const message = shownBody(Buffer.from(firstLine || (error ? '' : answer.body.toString('utf8'))), [password]);
  const advice = adviceFor(code, inner);
  return new Error(
    `azure-key-vault: ${what}: ${code}${inner ? ` (${inner})` : ''}${note}` +
      `${message ? `: ${message}` : ''}${advice ? `; ${advice}` : ''}`,
  );
}

const ROLE_ADVICE =
  'give the identity the role "Key Vault Certificates Officer" on the vault, ' +
  `or a custom role with the data action ${IMPORT_ACTION}`;
const POLICY_ADVICE = 'add an access policy for the identity with the certificate permission "import"';

/** What to change for Key Vault's error codes, in the words of certwright's settings. */
function adviceFor(code: string, inner: string | undefined): string | undefined {
  if (code === 'Forbidden') {
    if (inner === 'ForbiddenByRbac') return `${ROLE_ADVICE} (the vault uses Azure RBAC)`;
    if (inner === 'AccessDenied') return `${POLICY_ADVICE} (the vault uses access policies)`;
    if (inner === 'ForbiddenByFirewall') {
      return (
        "the vault's firewall refused the runner's address; allow it under the vault's Networking, " +
        'or run on a runner inside the network the vault allows'
      );
    }
    return `${ROLE_ADVICE}, or with access policies, ${POLICY_ADVICE}`;
  }
  if (code === 'Unauthorized')
    return (
      'Key Vault refused the token; check the sign-in step before this one (azure/login) ' +
      'and that the vault belongs to its tenant'
    );
  if (code === 'Conflict') {
    return (
      'a deleted certificate of that name is kept for recovery: recover it (az keyvault certificate recover) or ' +
      'purge it, or set azure-key-vault-certificate to another name'
    );
  }
  return undefined;
}
