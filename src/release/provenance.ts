import { readFile } from 'node:fs/promises';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import type { TUFOptions } from '@sigstore/tuf';
import { toSignedEntity, toTrustMaterial, Verifier, type TrustMaterial, type VerifierOptions } from '@sigstore/verify';
import type { Check } from './report.js';

/** The predicate of the build provenance npm publishes (`npm publish --provenance`, trusted publishing). */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Fulcio's certificate extensions, https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md. */
export const FULCIO_OID = {
  issuer: '1.3.6.1.4.1.57264.1.8',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18',
  /** The event that started the workflow run (`push`, `pull_request_target`, ...). */
  buildTrigger: '1.3.6.1.4.1.57264.1.20',
  /** The same, in the deprecated raw-string form of Fulcio's early certificates. */
  githubWorkflowTrigger: '1.3.6.1.4.1.57264.1.2',
} as const;

/**
 * The event that runs a base repository's workflow, with its secrets and OIDC token, on behalf
 * of a pull request: a build from it may hold code the repository never accepted.
 */
const PULL_REQUEST_TARGET = 'pull_request_target';

/**
 * What a signature must carry, the same for Sigstore's public-good root and for a given one
 * (tests use their own, so they take exactly this path): at least one Rekor entry whose
 * inclusion is proven, at least one SCT from a trusted CT log embedded in the Fulcio
 * certificate, and at least one trusted time (Rekor's integrated time) inside the certificate's
 * validity. These are @sigstore/verify's defaults, which `sigstore verify` and `npm audit
 * signatures` use against the public-good instance; spelled out so a default cannot drift.
 */
export const VERIFIER_OPTIONS: Readonly<
  Required<Pick<VerifierOptions, 'tlogThreshold' | 'ctlogThreshold' | 'timestampThreshold'>>
> = {
  tlogThreshold: 1,
  ctlogThreshold: 1,
  timestampThreshold: 1,
};

/** Yields the keys and certificates signatures are checked against; called only when a check runs. */
export type TrustSource = () => Promise<TrustMaterial>;

/**
 * Sigstore's public-good trusted root (Fulcio, Rekor, CT log keys), fetched and verified with
 * TUF on first use (it needs the network) and kept for the rest of the process.
 */
export function publicGoodTrust(options: TUFOptions = {}): TrustSource {
  let material: Promise<TrustMaterial> | undefined;
  return () => {
    material ??= (async () => {
      // A CommonJS module imported with import() in the bundle offers only `default`.
      const module = (await import('@sigstore/tuf')) as typeof import('@sigstore/tuf') & {
        default?: typeof import('@sigstore/tuf');
      };
      const root = await (module.default ?? module).getTrustedRoot(options);
      return toTrustMaterial(root);
    })();
    material.catch(() => (material = undefined)); // a failed fetch is retried by the next check
    return material;
  };
}

/** A trusted root given as JSON (`application/vnd.dev.sigstore.trustedroot+json`) or a path to one. */
export function trustedRootTrust(root: string | object): TrustSource {
  return async () => {
    const json: unknown = typeof root === 'string' ? await readTrustedRootFile(root) : root;
    const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
    if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
      throw new Error(
        `provenance: trusted root has mediaType ${JSON.stringify(mediaType)}; ` +
          'expected application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      );
    }
    return toTrustMaterial(TrustedRoot.fromJSON(json));
  };
}

async function readTrustedRootFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new Error(`provenance: cannot read the trusted root ${path}`, { cause });
  });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`provenance: ${path} is not JSON; expected a Sigstore trusted root`, { cause });
  }
}

/** Who must have built the release; repository and workflow are checked only when given. */
export interface ExpectedSource {
  /** `owner/repo` on GitHub or the repository's URL. */
  readonly repository?: string;
  /**
   * `repository` is the workflow's own repository, taken because the user named none: a
   * mismatch then says which input names another one.
   */
  readonly repositoryIsDefault?: boolean;
  /** The workflow file (`.github/workflows/release.yml`, or just `release.yml`), optionally `@ref`. */
  readonly workflow?: string;
  /** Accept a build started by `pull_request_target` (refused unless set). */
  readonly allowPullRequestTarget?: boolean;
}

/** `GET {registry}/-/npm/v1/attestations/{name}@{version}`. */
export interface NpmAttestations {
  readonly attestations?: readonly { readonly predicateType?: string; readonly bundle?: unknown }[] | undefined;
}

export interface NpmProvenanceRequest {
  /** What the registry served; undefined when it has none (HTTP 404). */
  readonly attestations: NpmAttestations | undefined;
  /** sha512 of the tarball `npm pack` wrote here, in hex. */
  readonly tarballSha512Hex: string;
  readonly name: string;
  readonly version: string;
  readonly expect: ExpectedSource;
  readonly trust: TrustSource;
}

/**
 * Checks npm's SLSA provenance for a version: it exists, its Sigstore bundle verifies against
 * the trusted root, its in-toto subject is this package at this version with the local
 * tarball's sha512, and the workflow that signed it is the expected one.
 */
export async function verifyNpmProvenance(request: NpmProvenanceRequest): Promise<Check[]> {
  const all = request.attestations?.attestations ?? [];
  const provenance = all.find((a) => a.predicateType === SLSA_PROVENANCE_V1 && a.bundle !== undefined);
  if (provenance?.bundle === undefined) {
    return [
      {
        name: 'provenance',
        ok: false,
        detail:
          `no ${SLSA_PROVENANCE_V1} attestation among the registry's ${all.length} ` +
          '(publish with npm trusted publishing or --provenance)',
      },
    ];
  }
  const purl = npmPurl(request.name, request.version);
  const signed = await verifyBundle(provenance.bundle, request.trust);
  return [
    { name: 'provenance', ok: true, detail: `${SLSA_PROVENANCE_V1} attestation present` },
    { name: 'provenance signature', ok: signed.verified, detail: signed.detail },
    subjectCheck(
      'provenance subject',
      signed,
      (name) => samePurl(name, purl),
      purl,
      'sha512',
      request.tarballSha512Hex,
    ),
    sourceCheck('provenance source', signed, request.expect),
  ];
}

/** The package URL npm writes as the subject: `pkg:npm/%40scope/name@1.2.3`. */
function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

/** Package URLs are equal when they name the same package, `%40` or `@`. */
function samePurl(a: string, b: string): boolean {
  try {
    return decodeURIComponent(a) === decodeURIComponent(b);
  } catch {
    return a === b; // not valid percent-encoding: compare as written
  }
}

/** PEP 740 provenance as Warehouse's Integrity API serves it for one file. */
export interface PypiProvenance {
  readonly version?: number;
  readonly attestation_bundles?: readonly PypiAttestationBundle[];
}

export interface PypiAttestationBundle {
  readonly publisher?: {
    readonly kind?: string;
    readonly repository?: string;
    readonly workflow?: string;
    readonly environment?: string | null;
  };
  readonly attestations?: readonly PypiAttestation[];
}

export interface PypiAttestation {
  readonly version?: number;
  readonly verification_material?: {
    readonly certificate?: string;
    readonly transparency_entries?: readonly unknown[];
  };
  readonly envelope?: { readonly statement?: string; readonly signature?: string };
}

export interface PypiProvenanceRequest {
  /** What `GET {index}/integrity/{project}/{version}/{filename}/provenance` served; undefined on 404. */
  readonly provenance: PypiProvenance | undefined;
  /** sha256 of the file built here, in hex. */
  readonly fileSha256Hex: string;
  readonly filename: string;
  readonly expect: ExpectedSource;
  readonly trust: TrustSource;
}

/**
 * Checks the PEP 740 attestations of one sdist or wheel: each converts to a Sigstore bundle
 * that verifies against the trusted root, names this file with the local sha256, and was
 * signed by the Trusted Publisher the index lists, which must be the expected one.
 */
export async function verifyPypiProvenance(request: PypiProvenanceRequest): Promise<Check[]> {
  const suffix = ` (${request.filename})`;
  const attestations = (request.provenance?.attestation_bundles ?? []).flatMap((b) =>
    (b.attestations ?? []).map((a) => ({ publisher: b.publisher, attestation: a })),
  );
  if (attestations.length === 0) {
    return [
      {
        name: `provenance${suffix}`,
        ok: false,
        detail: 'no PEP 740 attestation on the index (publish with a Trusted Publisher and attestations)',
      },
    ];
  }
  const checks: Check[] = [
    {
      name: `provenance${suffix}`,
      ok: true,
      detail: `${attestations.length} attestation${attestations.length === 1 ? '' : 's'} present`,
    },
  ];
  for (const [i, { publisher, attestation }] of attestations.entries()) {
    const label = attestations.length === 1 ? suffix : ` (${request.filename} #${i + 1})`;
    const signed = await verifyBundle(pypiAttestationToBundle(attestation), request.trust);
    checks.push(
      { name: `provenance signature${label}`, ok: signed.verified, detail: signed.detail },
      subjectCheck(
        `provenance subject${label}`,
        signed,
        (name) => name === request.filename,
        request.filename,
        'sha256',
        request.fileSha256Hex,
      ),
      publisherCheck(`provenance source${label}`, signed, publisher, request.expect),
    );
  }
  return checks;
}

/**
 * A PEP 740 attestation as the Sigstore bundle it was made from (what pypi-attestations'
 * `Attestation.to_bundle` does): its transparency entries are Rekor entries in the bundle's
 * own JSON shape, its envelope a DSSE envelope over an in-toto statement.
 */
function pypiAttestationToBundle(attestation: PypiAttestation): object {
  const material = attestation.verification_material;
  return {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: material?.certificate ?? '' },
      tlogEntries: material?.transparency_entries ?? [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: {
      payload: attestation.envelope?.statement ?? '',
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: attestation.envelope?.signature ?? '', keyid: '' }],
    },
  };
}

/** A bundle after @sigstore/verify: whether it verified, and what it claims either way. */
interface SignedStatement {
  readonly verified: boolean;
  readonly detail: string;
  readonly statement?: InTotoStatement;
  readonly identity?: SigningIdentity;
}

interface InTotoStatement {
  readonly subject?: readonly { readonly name?: string; readonly digest?: Readonly<Record<string, string>> }[];
  readonly predicateType?: string;
  /** SLSA v1 as GitHub writes it names the event in `buildDefinition.internalParameters.github.event_name`. */
  readonly predicate?: {
    readonly buildDefinition?: {
      readonly internalParameters?: { readonly github?: { readonly event_name?: unknown } };
    };
  } | null;
}

/**
 * Parses and verifies a bundle against the trust source with VERIFIER_OPTIONS; the detail names
 * the step that failed (@sigstore/bundle parsing, loading the trusted root, @sigstore/verify).
 */
async function verifyBundle(serialized: unknown, trust: TrustSource): Promise<SignedStatement> {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(serialized);
  } catch (error) {
    return { verified: false, detail: `@sigstore/bundle: ${describeError(error)}` };
  }
  const claims = readClaims(bundle);
  if (bundle.content.$case !== 'dsseEnvelope' || bundle.content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return { verified: false, detail: 'the bundle holds no in-toto DSSE envelope', ...claims };
  }
  let material: TrustMaterial;
  try {
    material = await trust();
  } catch (error) {
    return { verified: false, detail: `cannot load the trusted root: ${describeError(error)}`, ...claims };
  }
  try {
    new Verifier(material, VERIFIER_OPTIONS).verify(toSignedEntity(bundle));
  } catch (error) {
    return { verified: false, detail: `@sigstore/verify: ${describeError(error)}`, ...claims };
  }
  const san = claims.identity?.subjectAlternativeName ?? 'no SAN';
  return {
    verified: true,
    detail: `Sigstore bundle verified: Fulcio certificate for ${san}, in the transparency log`,
    ...claims,
  };
}

/** `CODE: message: cause`, as @sigstore/verify's errors nest the reason a chain failed. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const fields = (error as { fields?: unknown }).fields;
  const prefix = typeof code === 'string' ? `${code}: ` : '';
  const suffix = Array.isArray(fields) ? ` (${fields.join(', ')})` : '';
  const text = `${prefix}${error.message}${suffix}`;
  return error.cause instanceof Error ? `${text}: ${describeError(error.cause)}` : text;
}

/** What the bundle claims, read whether or not it verifies, so a failure can show it. */
function readClaims(bundle: Bundle): Pick<SignedStatement, 'statement' | 'identity'> {
  const content = bundle.verificationMaterial.content;
  const der =
    content.$case === 'certificate'
      ? content.certificate.rawBytes
      : content.$case === 'x509CertificateChain'
        ? content.x509CertificateChain.certificates[0]?.rawBytes
        : undefined;
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      return undefined; // malformed: the signature check reports it
    }
  };
  const payload = bundle.content.$case === 'dsseEnvelope' ? bundle.content.dsseEnvelope.payload : undefined;
  const statement = payload ? attempt(() => JSON.parse(payload.toString('utf8')) as InTotoStatement) : undefined;
  const identity = der ? attempt(() => signingIdentity(X509Certificate.parse(Buffer.from(der)))) : undefined;
  return { ...(statement ? { statement } : {}), ...(identity ? { identity } : {}) };
}

/** The GitHub Actions identity Fulcio wrote into a signing certificate. */
interface SigningIdentity {
  readonly subjectAlternativeName?: string | undefined;
  readonly issuer?: string | undefined;
  readonly sourceRepositoryUri?: string | undefined;
  readonly sourceRepositoryRef?: string | undefined;
  readonly sourceRepositoryDigest?: string | undefined;
  readonly buildConfigUri?: string | undefined;
  readonly buildTrigger?: string | undefined;
}

function signingIdentity(certificate: X509Certificate): SigningIdentity {
  const text = (oid: string): string | undefined => {
    const value = certificate.extension(oid)?.value;
    return value ? derUtf8String(value) : undefined;
  };
  return {
    subjectAlternativeName: certificate.subjectAltName,
    issuer: text(FULCIO_OID.issuer),
    sourceRepositoryUri: text(FULCIO_OID.sourceRepositoryUri),
    sourceRepositoryRef: text(FULCIO_OID.sourceRepositoryRef),
    sourceRepositoryDigest: text(FULCIO_OID.sourceRepositoryDigest),
    buildConfigUri: text(FULCIO_OID.buildConfigUri),
    buildTrigger:
      text(FULCIO_OID.buildTrigger) ?? certificate.extension(FULCIO_OID.githubWorkflowTrigger)?.value.toString('utf8'),
  };
}

/** Fulcio's extensions from .1.8 on hold a DER UTF8String (tag 0x0c) inside the extension's OCTET STRING. */
function derUtf8String(der: Buffer): string | undefined {
  if (der[0] !== 0x0c || der.length < 2) return undefined;
  const first = der[1] as number;
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  const length = lengthBytes === 0 ? first : der.subarray(2, 2 + lengthBytes).reduce((n, b) => n * 256 + b, 0);
  const start = 2 + lengthBytes;
  return start + length === der.length ? der.subarray(start).toString('utf8') : undefined;
}

function short(hex: string | undefined): string {
  return hex === undefined ? 'none' : hex.length > 16 ? `${hex.slice(0, 16)}…` : hex;
}

/** Nothing a bundle says counts unless its signature verified; the claim is still shown. */
function unlessUnverified(signed: SignedStatement, ok: boolean, detail: string): { ok: boolean; detail: string } {
  return signed.verified
    ? { ok, detail }
    : { ok: false, detail: `${detail} (not trusted: the signature did not verify)` };
}

function subjectCheck(
  name: string,
  signed: SignedStatement,
  isSubject: (name: string) => boolean,
  expectedName: string,
  algorithm: 'sha512' | 'sha256',
  localHex: string,
): Check {
  const subjects = signed.statement?.subject ?? [];
  const subject = subjects.find((s) => s.name !== undefined && isSubject(s.name));
  if (!subject) {
    const named = subjects.map((s) => s.name ?? '?').join(', ') || 'nothing';
    return { name, ...unlessUnverified(signed, false, `the statement names ${named}, not ${expectedName}`) };
  }
  const theirs = subject.digest?.[algorithm]?.toLowerCase();
  const ok = theirs === localHex.toLowerCase();
  const detail = ok
    ? `${subject.name} ${algorithm} ${short(theirs)}, as built here`
    : `subject ${algorithm} ${short(theirs)} on the registry, ${short(localHex)} built here`;
  return { name, ...unlessUnverified(signed, ok, detail) };
}

/** Owner/repo or URL as a comparable URL: `https://github.com/owner/repo`, lower case, no `.git`. */
function repositoryUrl(repository: string): string {
  const url = repository
    .trim()
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const full = /^[\w.-]+\/[\w.-]+$/.test(url)
    ? `https://github.com/${url}`
    : url.replace(/^(?:git:\/\/|ssh:\/\/git@|git@)?github\.com[:/]/, 'https://github.com/');
  return full.toLowerCase();
}

/** `https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1` → repository, workflow path, ref. */
function splitBuildConfigUri(uri: string): { repository: string; path: string; ref: string } | undefined {
  const match = /^(https:\/\/[^/]+\/[^/]+\/[^/]+)\/(.+)@([^@]+)$/.exec(uri);
  return match ? { repository: match[1] as string, path: match[2] as string, ref: match[3] as string } : undefined;
}

/** What differs between the certificate's identity and the expectation, or nothing. */
function identityMismatch(identity: SigningIdentity | undefined, expect: ExpectedSource): string | undefined {
  if (expect.repository === undefined && expect.workflow === undefined) return undefined;
  const config = identity?.buildConfigUri ? splitBuildConfigUri(identity.buildConfigUri) : undefined;
  if (!identity?.sourceRepositoryUri || !config)
    return 'the certificate has no GitHub Actions Source Repository URI and Build Config URI';
  if (expect.repository !== undefined) {
    const wanted = repositoryUrl(expect.repository);
    if (repositoryUrl(identity.sourceRepositoryUri) !== wanted)
      return `source repository ${identity.sourceRepositoryUri}`;
    if (repositoryUrl(config.repository) !== wanted) return `workflow repository ${config.repository}`;
    if (wanted.startsWith('https://github.com/') && identity.issuer !== GITHUB_ACTIONS_ISSUER)
      return `issuer ${identity.issuer ?? 'none'}, not GitHub Actions`;
  }
  if (expect.workflow !== undefined) {
    const [path = '', ref] = expect.workflow.split('@');
    const wantedPath = path.includes('/') ? path.replace(/^\.?\//, '') : `.github/workflows/${path}`;
    if (config.path !== wantedPath) return `workflow ${config.path}`;
    if (ref !== undefined && config.ref !== ref) return `ref ${config.ref}`;
  }
  return undefined;
}

function describeExpected(expect: ExpectedSource): string {
  return [expect.repository, expect.workflow].filter((v) => v !== undefined).join(' ');
}

/** The workflow run that signed, and where Fulcio says its source and token came from. */
function describeSigner(identity: SigningIdentity | undefined): string {
  if (!identity) return 'no certificate';
  const by = identity.buildConfigUri ?? identity.subjectAlternativeName ?? 'an unnamed identity';
  return `${by} (source ${identity.sourceRepositoryUri ?? 'none'}, issuer ${identity.issuer ?? 'none'})`;
}

/** `owner/repo` of a GitHub repository URL, or the URL as it is. */
function repositoryName(url: string): string {
  return url.replace(/^https:\/\/github\.com\//i, '');
}

/** The event that started the build, from the certificate (what Fulcio saw) or the statement. */
function buildTriggers(signed: SignedStatement): string[] {
  const stated = signed.statement?.predicate?.buildDefinition?.internalParameters?.github?.event_name;
  return [signed.identity?.buildTrigger, typeof stated === 'string' ? stated : undefined].filter(
    (t): t is string => t !== undefined,
  );
}

function sourceCheck(name: string, signed: SignedStatement, expect: ExpectedSource): Check {
  const source = signed.identity?.sourceRepositoryUri;
  if (
    expect.repositoryIsDefault &&
    expect.repository !== undefined &&
    source !== undefined &&
    repositoryUrl(source) !== repositoryUrl(expect.repository)
  ) {
    const theirs = repositoryName(source);
    const detail =
      `the provenance was built in ${theirs}, not in this workflow's repository ${expect.repository}; ` +
      `if ${theirs} builds this package, set expect-repository: ${theirs}`;
    return { name, ...unlessUnverified(signed, false, detail) };
  }
  if (!expect.allowPullRequestTarget && buildTriggers(signed).includes(PULL_REQUEST_TARGET)) {
    const detail =
      `built by a ${PULL_REQUEST_TARGET} run of ${signed.identity?.buildConfigUri ?? 'an unnamed workflow'}, ` +
      `which can build code from a pull request with the repository's credentials; ` +
      'set allow-pull-request-target: true to accept it';
    return { name, ...unlessUnverified(signed, false, detail) };
  }
  const mismatch = identityMismatch(signed.identity, expect);
  if (mismatch !== undefined) {
    const by = signed.identity?.buildConfigUri ?? signed.identity?.subjectAlternativeName ?? 'no certificate';
    return {
      name,
      ...unlessUnverified(signed, false, `signed by ${by}, expected ${describeExpected(expect)} (${mismatch})`),
    };
  }
  return { name, ...unlessUnverified(signed, true, `signed by ${describeSigner(signed.identity)}`) };
}

/**
 * PyPI lists the Trusted Publisher that uploaded the file (GitHub: `owner/repo` and the workflow
 * file name); it must be who signed (pypi-attestations' GitHub policy: issuer, Source Repository
 * URI and Build Config URI `…/.github/workflows/<file>@<ref or digest>`) and who is expected.
 */
function publisherCheck(
  name: string,
  signed: SignedStatement,
  publisher: PypiAttestationBundle['publisher'],
  expect: ExpectedSource,
): Check {
  const listed = publisher
    ? `${publisher.kind ?? '?'} ${publisher.repository ?? '?'} ${publisher.workflow ?? '?'}`
    : 'none';
  const config = signed.identity?.buildConfigUri ? splitBuildConfigUri(signed.identity.buildConfigUri) : undefined;
  const refs = [signed.identity?.sourceRepositoryRef, signed.identity?.sourceRepositoryDigest];
  const asPublisher: ExpectedSource = { repository: publisher?.repository ?? '', workflow: publisher?.workflow ?? '' };
  const publisherSigned =
    publisher?.kind === 'GitHub' &&
    identityMismatch(signed.identity, asPublisher) === undefined &&
    config !== undefined &&
    refs.includes(config.ref);
  if (!publisherSigned) {
    return {
      name,
      ...unlessUnverified(
        signed,
        false,
        `the index lists publisher ${listed} but it was signed by ${describeSigner(signed.identity)}`,
      ),
    };
  }
  const check = sourceCheck(name, signed, expect);
  return { ...check, detail: `publisher ${listed}, ${check.detail}` };
}
