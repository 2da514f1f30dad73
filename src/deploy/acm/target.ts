/**
 * The acm target: one ImportCertificate per region. The first import of a region creates a
 * certificate and records its ARN; every later one re-imports into that ARN, so whatever serves
 * it (load balancer listeners, CloudFront, API Gateway) picks up the renewal without a change.
 * Loaded only when a run deploys to ACM: it brings the AWS SDK.
 */
import {
  ACMClient,
  AddTagsToCertificateCommand,
  DescribeCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
  type CertificateSummary,
  type KeyAlgorithm,
} from '@aws-sdk/client-acm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { smithyHandlerOver } from '../../net/smithy.js';
import { USER_AGENT } from '../../runtime.js';
import { allPages } from '../../vendor/pages.js';
import { settleAll } from '../../vendor/parallel.js';
import { callWithRetries, CLOUD_API_RETRY_POLICY, type RetryPolicy, type RetryVerdict } from '../../vendor/retry.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import { checkImportRules, type ImportMaterial } from './import-rules.js';
import { ACM_ACTIONS } from './metadata.js';
import { arnRegion, resolveRegions, type AcmSettings } from './settings.js';

const RETRYABLE = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'InternalFailure',
  'ServiceUnavailable',
]);
const CREDENTIAL_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
]);
const RETRY_POLICY: RetryPolicy = CLOUD_API_RETRY_POLICY;
/** ListCertificates lists RSA 2048 keys only unless asked for the others. */
const ALL_KEY_TYPES: KeyAlgorithm[] = [
  'RSA_1024',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'EC_secp521r1',
];

/** An AWS error's code (its `name`), HTTP status and message, from the SDK's exception. */
function awsFault(error: unknown): { code: string; status: number | undefined; message: string } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return { code: e.name ?? 'Error', status: e.$metadata?.httpStatusCode, message: e.message ?? String(error) };
}

function throttled(error: unknown): RetryVerdict | undefined {
  const { code, status } = awsFault(error);
  return RETRYABLE.has(code) || (status !== undefined && status >= 500) ? { why: code } : undefined;
}

/** A serial as lower-case hex without colons or leading zeros, however ACM or the state spells it. */
function plainSerial(serial: string): string {
  return serial
    .replace(/:/g, '')
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
}

/** The ARN per region a record holds: its details, else the ARNs of its id (each names its region). */
function previousArns(previous: DeployedRecord | undefined): Map<string, string> {
  const arns = new Map<string, string>();
  for (const arn of previous?.id.split(',') ?? []) {
    const region = arnRegion(arn.trim());
    if (region) arns.set(region, arn.trim());
  }
  for (const [region, arn] of Object.entries(previous?.details ?? {}))
    if (arnRegion(arn) === region) arns.set(region, arn);
  return arns;
}

export class AcmTarget implements DeployTarget {
  readonly name = 'acm';
  readonly #settings: AcmSettings;
  readonly #context: DeployContext;
  readonly #regions: readonly string[];
  readonly #clients = new Map<string, ACMClient>();

  constructor(settings: AcmSettings, context: DeployContext) {
    this.#settings = settings;
    this.#context = context;
    this.#regions = resolveRegions(settings, context.env);
  }

  async deploy(certificate: IssuedCertificate, previous: DeployedRecord | undefined): Promise<DeployedRecord> {
    const material = checkImportRules(certificate, this.#context.clock.now());
    const known = previousArns(previous);
    const arns = await settleAll(
      this.#regions.map((region) => this.#deployRegion(region, certificate, material, known.get(region))),
    );
    const details = Object.fromEntries(this.#regions.map((region, i) => [region, arns[i] ?? '']));
    return { serial: certificate.serial, id: arns.join(','), details, at: this.#context.clock.now() };
  }

  /** Puts the certificate into one region; returns the ARN that holds it there. */
  async #deployRegion(
    region: string,
    certificate: IssuedCertificate,
    material: ImportMaterial,
    previousArn: string | undefined,
  ): Promise<string> {
    const adopted = this.#settings.adopted.get(region);
    if (adopted !== undefined && adopted !== previousArn) return this.#adopt(region, adopted, material);
    if (previousArn !== undefined) {
      const reimported = await this.#reimport(region, previousArn, material);
      if (reimported) return previousArn;
    }
    const imported = await this.#findImported(region, certificate);
    if (imported !== undefined) {
      this.#context.logger.info(`acm: ${region} already holds this certificate as ${imported}; keeping it`);
      return imported;
    }
    const arn = await this.#importNew(region, material);
    this.#context.logger.info(`acm: imported into ${region} as ${arn}`);
    return arn;
  }

  /** Re-imports into a certificate acm-certificate-arn names, after checking that ACM lets certwright replace it. */
  async #adopt(region: string, arn: string, material: ImportMaterial): Promise<string> {
    const described = await this.#call(region, 'DescribeCertificate', arn, (client) =>
      client.send(new DescribeCertificateCommand({ CertificateArn: arn })),
    );
    const type = described.Certificate?.Type;
    if (type !== 'IMPORTED')
      throw new Error(
        `acm: acm-certificate-arn ${arn} is an ${type ?? 'unknown'} certificate; ACM re-imports only into ` +
          'certificates that were imported: give the ARN of an imported one, or drop acm-certificate-arn',
      );
    await this.#call(region, 'ImportCertificate', arn, (client) =>
      client.send(new ImportCertificateCommand({ ...this.#body(material), CertificateArn: arn })),
    );
    if (this.#settings.tags.length > 0)
      await this.#call(region, 'AddTagsToCertificate', arn, (client) =>
        client.send(new AddTagsToCertificateCommand({ CertificateArn: arn, Tags: [...this.#settings.tags] })),
      );
    this.#context.logger.info(`acm: re-imported into ${arn} (adopted)`);
    return arn;
  }

  /**
   * Re-imports into the ARN the state recorded; false when that certificate no longer exists
   * (deleted by hand: ACM refuses to delete one in use), so a new one is imported instead.
   */
  async #reimport(region: string, arn: string, material: ImportMaterial): Promise<boolean> {
    try {
      await this.#call(region, 'ImportCertificate', arn, (client) =>
        client.send(new ImportCertificateCommand({ ...this.#body(material), CertificateArn: arn })),
      );
      this.#context.logger.info(`acm: re-imported into ${arn}`);
      return true;
    } catch (error) {
      if (awsFault((error as { cause?: unknown }).cause).code !== 'ResourceNotFoundException') throw error;
      this.#context.logger.warn(
        `acm: ${arn} no longer exists; importing a new certificate into ${region} ` +
          '(update anything that named the old ARN)',
      );
      return false;
    }
  }

  /**
   * A certificate of the region that already holds this one (same expiry, then same serial): what
   * an earlier run imported before it failed elsewhere, so a retry does not import it twice.
   */
  async #findImported(region: string, certificate: IssuedCertificate): Promise<string | undefined> {
    const summaries = await allPages<CertificateSummary, { NextToken?: string }>(
      `acm: ListCertificates in ${region}`,
      {},
      async (cursor) => {
        const page = await this.#call(region, 'ListCertificates', region, (client) =>
          client.send(
            new ListCertificatesCommand({ ...cursor, Includes: { keyTypes: ALL_KEY_TYPES }, MaxItems: 1000 }),
          ),
        );
        return {
          items: page.CertificateSummaryList ?? [],
          next: page.NextToken ? { NextToken: page.NextToken } : undefined,
        };
      },
    );
    const notAfter = Math.floor(certificate.notAfter.getTime() / 1000);
    const candidates = summaries.filter(
      (s) => s.Type === 'IMPORTED' && s.CertificateArn && Math.floor((s.NotAfter?.getTime() ?? 0) / 1000) === notAfter,
    );
    for (const candidate of candidates) {
      const arn = candidate.CertificateArn ?? '';
      const described = await this.#call(region, 'DescribeCertificate', arn, (client) =>
        client.send(new DescribeCertificateCommand({ CertificateArn: arn })),
      );
      if (plainSerial(described.Certificate?.Serial ?? '') === plainSerial(certificate.serial)) return arn;
    }
    return undefined;
  }

  async #importNew(region: string, material: ImportMaterial): Promise<string> {
    const tags = this.#settings.tags.length > 0 ? { Tags: [...this.#settings.tags] } : {};
    const result = await this.#call(region, 'ImportCertificate', `a new certificate in ${region}`, (client) =>
      client.send(new ImportCertificateCommand({ ...this.#body(material), ...tags })),
    );
    if (!result.CertificateArn) throw new Error(`acm: ImportCertificate in ${region} answered without an ARN`);
    return result.CertificateArn;
  }

  #body(material: ImportMaterial) {
    return {
      Certificate: material.certificate,
      PrivateKey: material.privateKey,
      ...(material.chain ? { CertificateChain: material.chain } : {}),
    };
  }

  /** One ACM client per region, all on the run's HTTP client and the SDK's default credential chain. */
  #client(region: string): ACMClient {
    let client = this.#clients.get(region);
    if (!client) {
      const requestHandler = smithyHandlerOver(this.#context.http);
      client = new ACMClient({
        region,
        ...(this.#settings.endpoint ? { endpoint: this.#settings.endpoint } : {}),
        credentials: fromNodeProviderChain({ clientConfig: { region, requestHandler } }),
        requestHandler,
        // Retries are ours (bounded, logged, on the run's clock); the SDK sends each call once.
        maxAttempts: 1,
        customUserAgent: USER_AGENT,
      });
      this.#clients.set(region, client);
    }
    return client;
  }

  /** One API call: throttling and 5xx answers retried, anything else one line naming the call and the fix. */
  #call<T>(region: string, operation: string, target: string, send: (client: ACMClient) => Promise<T>): Promise<T> {
    const client = this.#client(region);
    return callWithRetries(
      this.#context,
      RETRY_POLICY,
      `acm: ${operation} for ${target}`,
      () => send(client),
      throttled,
      (error, note) => explain(`acm: ${operation} for ${target} in ${region}`, error, note),
    );
  }
}

/** The error a user sees for a failed call: the AWS code, and what to do about it. */
function explain(where: string, error: unknown, retried: string): Error {
  const { code, message } = awsFault(error);
  if (code === 'CredentialsProviderError')
    return new Error(
      'acm: no AWS credentials found; in GitHub Actions run aws-actions/configure-aws-credentials with ' +
        'role-to-assume (OIDC) before this step, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
      { cause: error },
    );
  if (CREDENTIAL_CODES.has(code))
    return new Error(
      `${where}: AWS refused the credentials (${code}); check the credentials step before this one ` +
        '(the access key and its secret, or that the role session has not expired)',
      { cause: error },
    );
  if (code === 'AccessDeniedException' || code === 'AccessDenied')
    return new Error(
      `${where} was denied (${code}): the credentials need ${ACM_ACTIONS.join(', ')}; ` +
        'see the least-privilege policy in the acm section of docs/deploy.md',
      { cause: error },
    );
  if (code === 'LimitExceededException')
    return new Error(
      `${where}: ${code}: ${message}; delete unused imported certificates or ask AWS for a higher ACM quota`,
      { cause: error },
    );
  if (code === 'ResourceNotFoundException' || code === 'InvalidArnException')
    return new Error(`${where}: ${code}: ${message}; check acm-certificate-arn and acm-regions`, { cause: error });
  return new Error(`${where}: ${code}${retried}: ${message}`, { cause: error });
}
