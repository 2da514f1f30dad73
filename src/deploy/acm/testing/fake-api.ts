/**
 * A local stand-in for AWS Certificate Manager (the AWS JSON 1.1 protocol: `POST /` with
 * `X-Amz-Target: CertificateManager.<Operation>`), for the acm target's tests. Strict where ACM
 * is: every request carries a valid SigV4 signature (the shared check of src/testing/fake-sigv4.ts),
 * errors come as `{"__type": ..., "message": ...}` with ACM's codes, and ImportCertificate applies
 * ACM's import rules itself (sizes, key types, key matching the certificate, validity, chain
 * order, no tags on a re-import), so a target that skipped its own checks fails here too.
 *
 * One endpoint serves every region, as `acm-endpoint` does: the region of a request is the one
 * its signature's credential scope names (the SDK signs for the client's region whatever the
 * endpoint), and each region keeps its own certificates: an ARN of another region is not found.
 *
 * It keeps what each ARN holds (serial, chain, key algorithm, tags, every import), for tests to read.
 * Facts about the SDK this mirrors (@aws-sdk/client-acm 3.1169): blobs travel base64 in the JSON
 * body; timestamps come back as epoch seconds; the SDK reads the error code from `__type`.
 */
import { createPrivateKey, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import {
  checkContentType,
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../testing/fake-api-kit.js';
import { verifySigV4, type SigningPrincipal } from '../../../testing/fake-sigv4.js';

export type AcmOperation = 'ImportCertificate' | 'DescribeCertificate' | 'ListCertificates' | 'AddTagsToCertificate';

export interface AcmCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Operations refused with AccessDeniedException, such as `ImportCertificate`. */
  readonly deny?: readonly AcmOperation[];
}

export interface FakeAcmApiOptions {
  readonly credentials: readonly AcmCredential[];
  /** The account in ARNs; default 123456789012. */
  readonly accountId?: string;
  /** The endpoint's clock (signature age, certificate validity); default the system clock. */
  readonly clock?: () => Date;
  /** Certificates a region may hold before ImportCertificate answers LimitExceededException; default 2500. */
  readonly importLimit?: number;
  /** Most summaries on one ListCertificates page (MaxItems is honoured below it); default 1000. */
  readonly pageSize?: number;
}

/** One ImportCertificate that ACM accepted into an ARN. */
export interface AcmImport {
  readonly serial: string;
  readonly certificatePem: string;
  readonly chainPem: string | undefined;
  readonly at: Date;
}

/** What an ARN holds now. */
export interface AcmStoredCertificate {
  readonly arn: string;
  readonly region: string;
  readonly type: 'IMPORTED' | 'AMAZON_ISSUED';
  /** As ACM shows it: lower-case hex pairs joined by colons. */
  readonly serial: string;
  readonly certificatePem: string;
  readonly chainPem: string | undefined;
  readonly keyAlgorithm: string;
  readonly domainName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly tags: ReadonlyMap<string, string>;
  /** Every import into this ARN, the first included, in order. */
  readonly imports: readonly AcmImport[];
}

export interface FakeAcmApi {
  /** `http://127.0.0.1:port`: the `acm-endpoint` for every region. */
  readonly url: string;
  /** The underlying endpoint: `requests` (bodies included), `assertNoUnexpectedRequests`. */
  readonly vendor: FakeApi;
  certificate(arn: string): AcmStoredCertificate | undefined;
  /** The certificates of a region (all regions without one), in order of creation. */
  certificates(region?: string): AcmStoredCertificate[];
  /** Puts a certificate in place, as someone else did (imported with the console, or issued by ACM); returns its ARN. */
  seed(
    region: string,
    certificate: { certPem: string; chainPem?: string; type?: 'IMPORTED' | 'AMAZON_ISSUED' },
  ): string;
  /** Deletes a certificate, as someone would in the console. */
  remove(arn: string): void;
  /** The next `times` calls of `operation` get 400 ThrottlingException, `Rate exceeded`. */
  throttleNext(times: number, operation?: AcmOperation): void;
  /** The calls of an operation that were answered, in order, with the region each was signed for and the status. */
  calls(operation?: AcmOperation): { operation: AcmOperation; region: string; status: number }[];
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'CertificateManager.';
const OPERATIONS: readonly AcmOperation[] = [
  'ImportCertificate',
  'DescribeCertificate',
  'ListCertificates',
  'AddTagsToCertificate',
];
const MAX_SKEW_MS = 5 * 60_000;
/** The JSON protocol's names for the signature failures the shared check reports in query-protocol terms. */
const JSON_AUTH_CODES: Readonly<Record<string, string>> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  ExpiredToken: 'ExpiredTokenException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
};
const EC_ALGORITHMS: Readonly<Record<string, string>> = {
  prime256v1: 'EC_prime256v1',
  secp384r1: 'EC_secp384r1',
  secp521r1: 'EC_secp521r1',
};
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

interface Stored extends AcmStoredCertificate {
  tags: Map<string, string>;
  imports: AcmImport[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function acmError(status: number, code: string, message: string): FakeApiReply {
  return json(status, { __type: code, message }, { 'x-amzn-requestid': randomUUID() });
}

const validation = (message: string) => acmError(400, 'ValidationException', message);

function acmReply(value: unknown): FakeApiReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(value),
  };
}

function colonSerial(hex: string): string {
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return even.toLowerCase().replace(/(..)(?=.)/g, '$1:');
}

function keyAlgorithm(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && [1024, 2048, 3072, 4096].includes(details.modulusLength ?? 0))
    return `RSA_${details.modulusLength}`;
  return key.asymmetricKeyType === 'ec' ? EC_ALGORITHMS[details.namedCurve ?? ''] : undefined;
}

/** A base64 blob member, decoded, checked against ACM's length bounds; a reply when it breaks them. */
function blob(
  body: Record<string, unknown>,
  member: string,
  max: number,
  required: boolean,
): string | FakeApiReply | undefined {
  const value = body[member];
  if (value === undefined) {
    if (!required) return undefined;
    return validation(
      `1 validation error detected: Value null at '${member[0]?.toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof value !== 'string') throw new Error(`ImportCertificate: ${member} is not a base64 string`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < 1 || bytes.length > max)
    return validation(
      `1 validation error detected: Value at '${member[0]?.toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  return bytes.toString('utf8');
}

function isReply(value: unknown): value is FakeApiReply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

interface Checked {
  readonly leaf: X509Certificate;
  readonly keyAlgorithm: string;
}

/** ACM's own import rules, answered as ACM answers them. */
function checkImport(
  certificatePem: string,
  keyPem: string,
  chainPem: string | undefined,
  now: Date,
): Checked | FakeApiReply {
  const blocks = pemBlocks(certificatePem);
  if (blocks.length !== 1)
    return validation(
      'The certificate field contains more than one certificate. You can specify only one certificate in this field.',
    );
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certificatePem);
  } catch {
    return validation('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
  if (/ENCRYPTED/.test(keyPem)) return validation('The private key is encrypted. Provide an unencrypted private key.');
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return validation('Unable to parse key. Please ensure the key is in PEM format.');
  }
  const algorithm = keyAlgorithm(key);
  if (!algorithm) return validation('The private key is not supported.');
  if (!leaf.checkPrivateKey(key))
    return validation('The private key does not match the public key in the certificate.');
  if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo))
    return validation('The certificate is not valid at this time (NotBefore/NotAfter).');
  const chain = chainPem === undefined ? [] : pemBlocks(chainPem).map((pem) => new X509Certificate(pem));
  if (chain.length === 0 && !leaf.checkIssued(leaf))
    return validation('The certificate is not self-signed: provide its certificate chain.');
  let child = leaf;
  for (const ca of chain) {
    if (ca.raw.equals(leaf.raw) || !child.checkIssued(ca) || !child.verify(ca.publicKey))
      return validation('Could not validate the certificate with the certificate chain.');
    child = ca;
  }
  return { leaf, keyAlgorithm: algorithm };
}

function domainOf(leaf: X509Certificate): string {
  const cn = /CN=([^\n,]+)/.exec(leaf.subject)?.[1];
  return cn ?? /DNS:([^,\s]+)/.exec(leaf.subjectAltName ?? '')?.[1] ?? '';
}

function tagProblem(tags: unknown): string | undefined {
  if (!Array.isArray(tags)) return 'Tags must be a list';
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    const [key, value] = [tag.Key, tag.Value ?? ''];
    if (
      typeof key !== 'string' ||
      typeof value !== 'string' ||
      key.length < 1 ||
      key.length > 128 ||
      value.length > 256
    )
      return 'Tag keys must have 1 to 128 characters and values at most 256';
    if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value)) return `The tag ${key} contains characters ACM does not allow`;
    if (key.toLowerCase().startsWith('aws:')) return `The tag key ${key} uses the reserved prefix aws:`;
  }
  return undefined;
}

function describe(stored: Stored): Record<string, unknown> {
  const seconds = (date: Date) => date.getTime() / 1000;
  return {
    CertificateArn: stored.arn,
    DomainName: stored.domainName,
    Serial: stored.serial,
    Type: stored.type,
    Status: 'ISSUED',
    KeyAlgorithm: stored.keyAlgorithm,
    NotBefore: seconds(stored.notBefore),
    NotAfter: seconds(stored.notAfter),
    ...(stored.type === 'IMPORTED' ? { ImportedAt: seconds(stored.imports.at(-1)?.at ?? stored.notBefore) } : {}),
    InUseBy: [],
  };
}

/** Starts the endpoint on a free loopback port. */
export async function startFakeAcmApi(options: FakeAcmApiOptions): Promise<FakeAcmApi> {
  const account = options.accountId ?? '123456789012';
  const clock = options.clock ?? (() => new Date());
  const importLimit = options.importLimit ?? 2500;
  const pageSize = options.pageSize ?? 1000;
  const principals = new Map(options.credentials.map((c) => [c.accessKeyId, c]));
  const signed = new WeakMap<FakeApiRequest, { principal: AcmCredential & SigningPrincipal; region: string }>();
  const stored = new Map<string, Stored>();
  const scripted = new Map<AcmOperation, FakeApiReply[]>();
  const answered: { operation: AcmOperation; region: string; status: number }[] = [];

  const newArn = (region: string) => `arn:aws:acm:${region}:${account}:certificate/${randomUUID()}`;
  const inRegion = (arn: unknown, region: string): Stored | undefined => {
    const found = typeof arn === 'string' ? stored.get(arn) : undefined;
    return found?.region === region ? found : undefined;
  };
  const notFound = (arn: unknown) =>
    acmError(
      400,
      'ResourceNotFoundException',
      `Could not find certificate ${typeof arn === 'string' ? arn : JSON.stringify(arn)}.`,
    );

  const store = (
    region: string,
    arn: string,
    leaf: X509Certificate,
    material: Omit<AcmImport, 'serial' | 'at'> & { keyAlgorithm: string; type: Stored['type'] },
  ): Stored => {
    const previous = stored.get(arn);
    const serial = colonSerial(leaf.serialNumber);
    const entry: Mutable<Stored> = {
      arn,
      region,
      type: material.type,
      serial,
      certificatePem: material.certificatePem,
      chainPem: material.chainPem,
      keyAlgorithm: material.keyAlgorithm,
      domainName: domainOf(leaf),
      notBefore: new Date(leaf.validFrom),
      notAfter: new Date(leaf.validTo),
      tags: previous?.tags ?? new Map<string, string>(),
      imports: [
        ...(previous?.imports ?? []),
        { serial, certificatePem: material.certificatePem, chainPem: material.chainPem, at: clock() },
      ],
    };
    stored.set(arn, entry);
    return entry;
  };

  const importCertificate = (body: Record<string, unknown>, region: string): FakeApiReply => {
    const certificatePem = blob(body, 'Certificate', 32_768, true);
    const keyPem = blob(body, 'PrivateKey', 5_120, true);
    const chainPem = blob(body, 'CertificateChain', 2_097_152, false);
    for (const value of [certificatePem, keyPem, chainPem]) if (isReply(value)) return value;
    const arn = body.CertificateArn;
    if (arn !== undefined) {
      const existing = inRegion(arn, region);
      if (!existing) return notFound(arn);
      if (existing.type !== 'IMPORTED')
        return validation(
          `Certificate ${existing.arn} was not imported; only an imported certificate can be reimported.`,
        );
      if (body.Tags !== undefined) return validation('Tags cannot be applied when reimporting a certificate.');
    } else if (body.Tags !== undefined) {
      const problem = tagProblem(body.Tags);
      if (problem) return acmError(400, 'InvalidTagException', problem);
    }
    const checked = checkImport(certificatePem as string, keyPem as string, chainPem as string | undefined, clock());
    if (isReply(checked)) return checked;
    if (arn === undefined && [...stored.values()].filter((c) => c.region === region).length >= importLimit)
      return acmError(
        400,
        'LimitExceededException',
        `Error importing certificate. Limit exceeded: ${importLimit} certificates in ${region}.`,
      );
    const target = typeof arn === 'string' ? arn : newArn(region);
    const entry = store(region, target, checked.leaf, {
      certificatePem: certificatePem as string,
      chainPem: chainPem as string | undefined,
      keyAlgorithm: checked.keyAlgorithm,
      type: 'IMPORTED',
    });
    if (arn === undefined)
      for (const tag of (body.Tags ?? []) as { Key: string; Value?: string }[])
        entry.tags.set(tag.Key, tag.Value ?? '');
    return acmReply({ CertificateArn: target });
  };

  const describeCertificate = (body: Record<string, unknown>, region: string): FakeApiReply => {
    const found = inRegion(body.CertificateArn, region);
    return found ? acmReply({ Certificate: describe(found) }) : notFound(body.CertificateArn);
  };

  const listCertificates = (body: Record<string, unknown>, region: string): FakeApiReply => {
    const includes = (body.Includes as { keyTypes?: string[] } | undefined)?.keyTypes ?? ['RSA_1024', 'RSA_2048'];
    const all = [...stored.values()].filter((c) => c.region === region && includes.includes(c.keyAlgorithm));
    const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > all.length) return validation('The NextToken is not valid.');
    const size = Math.min(pageSize, typeof body.MaxItems === 'number' ? body.MaxItems : 1000);
    const page = all.slice(start, start + size).map((c) => {
      const full = describe(c);
      return {
        CertificateArn: c.arn,
        DomainName: c.domainName,
        Type: c.type,
        Status: 'ISSUED',
        KeyAlgorithm: c.keyAlgorithm,
        NotBefore: full.NotBefore,
        NotAfter: full.NotAfter,
      };
    });
    const next = start + size < all.length ? { NextToken: String(start + size) } : {};
    return acmReply({ CertificateSummaryList: page, ...next });
  };

  const addTagsToCertificate = (body: Record<string, unknown>, region: string): FakeApiReply => {
    const found = inRegion(body.CertificateArn, region);
    if (!found) return notFound(body.CertificateArn);
    const problem = tagProblem(body.Tags);
    if (problem) return acmError(400, 'InvalidTagException', problem);
    for (const tag of body.Tags as { Key: string; Value?: string }[]) found.tags.set(tag.Key, tag.Value ?? '');
    return acmReply({});
  };

  const handlers: Record<AcmOperation, (body: Record<string, unknown>, region: string) => FakeApiReply> = {
    ImportCertificate: importCertificate,
    DescribeCertificate: describeCertificate,
    ListCertificates: listCertificates,
    AddTagsToCertificate: addTagsToCertificate,
  };

  const dispatch = (request: FakeApiRequest): FakeApiReply => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = OPERATIONS.find((name) => target === `${TARGET_PREFIX}${name}`);
    if (!operation) return acmError(400, 'UnknownOperationException', `Operation ${target} is not supported.`);
    const { principal, region } = signed.get(request) ?? { principal: undefined, region: '' };
    const reply =
      scripted.get(operation)?.shift() ??
      (principal?.deny?.includes(operation)
        ? acmError(
            400,
            'AccessDeniedException',
            `User: arn:aws:iam::${account}:user/certwright-test is not authorized to perform: acm:${operation}`,
          )
        : handlers[operation](JSON.parse(request.body) as Record<string, unknown>, region));
    answered.push({ operation, region, status: reply.status });
    return reply;
  };

  const auth = (request: FakeApiRequest): FakeApiReply | undefined => {
    const result = verifySigV4(request, {
      service: 'acm',
      maxSkewMs: MAX_SKEW_MS,
      now: clock(),
      lookup: (key) => principals.get(key),
    });
    if ('code' in result) return acmError(result.status, JSON_AUTH_CODES[result.code] ?? result.code, result.message);
    signed.set(request, { principal: result.principal, region: result.region });
    return undefined;
  };

  const vendor = await startFakeApi({
    name: 'acm',
    auth,
    unknownRoute: (request) =>
      acmError(404, 'UnknownOperationException', `${request.method} ${request.path} is not an ACM operation.`),
    routes: [route('POST /', dispatch, checkContentType('application/x-amz-json-1.1'))],
  });

  return {
    url: vendor.url,
    vendor,
    certificate: (arn) => stored.get(arn),
    certificates: (region) => [...stored.values()].filter((c) => region === undefined || c.region === region),
    seed(region, certificate) {
      const leaf = new X509Certificate(certificate.certPem);
      const arn = newArn(region);
      const algorithm = keyAlgorithm(leaf.publicKey) ?? 'RSA_2048';
      store(region, arn, leaf, {
        certificatePem: certificate.certPem,
        chainPem: certificate.chainPem,
        keyAlgorithm: algorithm,
        type: certificate.type ?? 'IMPORTED',
      });
      return arn;
    },
    remove(arn) {
      stored.delete(arn);
    },
    throttleNext(times, operation = 'ImportCertificate') {
      const queue = scripted.get(operation) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(acmError(400, 'ThrottlingException', 'Rate exceeded'));
      scripted.set(operation, queue);
    },
    calls: (operation) => answered.filter((call) => operation === undefined || call.operation === operation),
    assertNoUnexpectedRequests: () => vendor.assertNoUnexpectedRequests(),
    close: () => vendor.close(),
  };
}
