/**
 * AWS Signature Version 4 as a vendor fake checks it, shared by the local AWS stand-ins (Route 53
 * and STS, ACM): the Authorization header parsed, the credential looked up, the date and scope
 * checked, the signature recomputed from the request as received and compared in constant time.
 * Each fake turns a failure into its own protocol's error shape (an XML `<ErrorResponse>`, a JSON
 * `__type`), and learns the region a request was signed for from the scope, as AWS's regional
 * endpoints do.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeApiRequest } from './fake-api-kit.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** Who may sign: long-term keys, or temporary ones with their session token and end. */
export interface SigningPrincipal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Set for temporary credentials (AssumeRole): the request must carry it as x-amz-security-token. */
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Why a request is refused, in the terms of AWS's query/XML protocols (a JSON fake renames the codes). */
export interface SigV4Failure {
  readonly status: number;
  /** MissingAuthenticationToken, IncompleteSignature, InvalidClientTokenId, ExpiredToken, SignatureDoesNotMatch, XAmzContentSHA256Mismatch. */
  readonly code: string;
  readonly message: string;
}

/** A request that passed: who signed it, and the region and service of its credential scope. */
export interface SigV4Success<P extends SigningPrincipal> {
  readonly principal: P;
  readonly region: string;
  readonly service: string;
}

export interface SigV4Check<P extends SigningPrincipal> {
  /** The service the scope must name (`route53`, `sts`, `acm`). */
  readonly service: string;
  /** How far x-amz-date may be from `now`. */
  readonly maxSkewMs: number;
  readonly now: Date;
  readonly lookup: (accessKeyId: string) => P | undefined;
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~, hex in upper case. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The path with `.`, `..` and empty segments resolved, each segment encoded once more (all services but S3). */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

function canonicalQuery(query: URLSearchParams): string {
  const pairs = [...query.entries()].map(([name, value]) => [uriEncode(name), uriEncode(value)] as const);
  pairs.sort(([an, av], [bn, bv]) => compareStrings(an, bn) || compareStrings(av, bv));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function headerValue(request: FakeApiRequest, name: string): string | undefined {
  const raw = request.headers[name];
  return Array.isArray(raw) ? raw.join(',') : raw;
}

function canonicalHeaders(request: FakeApiRequest, names: readonly string[]): string {
  return names.map((name) => `${name}:${(headerValue(request, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
}

function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    header.trim(),
  );
  const scope = match?.[1]?.split('/');
  if (!match || scope?.length !== 5 || scope[4] !== 'aws4_request') return undefined;
  const [accessKeyId = '', date = '', region = '', service = ''] = scope;
  return { accessKeyId, date, region, service, signedHeaders: (match[2] ?? '').split(';'), signature: match[3] ?? '' };
}

/** The signature the request should carry, from the secret and the request as received. */
function expectedSignature(
  request: FakeApiRequest,
  auth: ParsedAuthorization,
  amzDateText: string,
  secret: string,
): string {
  const payloadHash = sha256Hex(Buffer.from(request.body, 'utf8'));
  const canonicalRequest = [
    request.method,
    canonicalUri(request.path),
    canonicalQuery(request.query),
    canonicalHeaders(request, auth.signedHeaders),
    auth.signedHeaders.join(';'),
    headerValue(request, 'x-amz-content-sha256') ?? payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDateText, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [auth.date, auth.region, auth.service, 'aws4_request'].reduce<Buffer>(
    (k, part) => hmac(k, part),
    Buffer.from(`AWS4${secret}`, 'utf8'),
  );
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`) : undefined;
}

/** A date as x-amz-date spells it: `20240102T030405Z`. */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The Authorization header, parsed, or what AWS says when it is missing or incomplete. */
function parseRequestAuth(request: FakeApiRequest): ParsedAuthorization | SigV4Failure {
  const header = headerValue(request, 'authorization');
  if (header === undefined)
    return { status: 403, code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' };
  const auth = parseAuthorization(header);
  if (!auth)
    return {
      status: 400,
      code: 'IncompleteSignature',
      message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with the ${ALGORITHM} algorithm. Authorization=${header}`,
    };
  if (!auth.signedHeaders.includes('host'))
    return {
      status: 400,
      code: 'IncompleteSignature',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    };
  const missing = auth.signedHeaders.find((name) => headerValue(request, name) === undefined);
  if (missing !== undefined)
    return { status: 400, code: 'IncompleteSignature', message: `Signed header '${missing}' is not in the request.` };
  return auth;
}

/** Problems with x-amz-date (age, agreement with the scope) and with the scope's service and region. */
function checkDateAndScope(
  request: FakeApiRequest,
  auth: ParsedAuthorization,
  check: Pick<SigV4Check<SigningPrincipal>, 'service' | 'maxSkewMs' | 'now'>,
): SigV4Failure | undefined {
  const { service, maxSkewMs: skew, now } = check;
  const dateText = headerValue(request, 'x-amz-date') ?? '';
  const date = parseAmzDate(dateText);
  if (!date)
    return {
      status: 400,
      code: 'IncompleteSignature',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  if (now.getTime() - date.getTime() > skew) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: `Signature expired: ${dateText} is now earlier than ${amzDate(new Date(now.getTime() - skew))} (${amzDate(now)} - ${skew / 60_000} min.)`,
    };
  }
  if (date.getTime() - now.getTime() > skew) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: `Signature not yet current: ${dateText} is still later than ${amzDate(new Date(now.getTime() + skew))} (${amzDate(now)} + ${skew / 60_000} min.)`,
    };
  }
  if (auth.date !== dateText.slice(0, 8)) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${dateText.slice(0, 8)}', from '${dateText}'.`,
    };
  }
  if (auth.service !== service)
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: `Credential should be scoped to correct service: '${service}'. `,
    };
  if (auth.region === '')
    return { status: 403, code: 'SignatureDoesNotMatch', message: 'Credential should be scoped to a valid region. ' };
  return undefined;
}

/**
 * Who signed the request, and for which region, or the error AWS gives: unknown key, bad or
 * expired session token, stale date, wrong scope, wrong signature.
 */
export function verifySigV4<P extends SigningPrincipal>(
  request: FakeApiRequest,
  check: SigV4Check<P>,
): SigV4Success<P> | SigV4Failure {
  const auth = parseRequestAuth(request);
  if ('code' in auth) return auth;
  const principal = check.lookup(auth.accessKeyId);
  const token = headerValue(request, 'x-amz-security-token');
  if (!principal || token !== principal.sessionToken)
    return { status: 403, code: 'InvalidClientTokenId', message: INVALID_TOKEN };
  // Expiry before the date checks, so a test can move the clock past a session's end.
  if (principal.expiration && principal.expiration.getTime() <= check.now.getTime())
    return { status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' };
  const problem = checkDateAndScope(request, auth, check);
  if (problem) return problem;
  const contentHash = headerValue(request, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== sha256Hex(Buffer.from(request.body, 'utf8'))) {
    return {
      status: 400,
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    };
  }
  const expected = Buffer.from(
    expectedSignature(request, auth, headerValue(request, 'x-amz-date') ?? '', principal.secretAccessKey),
    'hex',
  );
  if (!timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'))) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { principal, region: auth.region, service: auth.service };
}
