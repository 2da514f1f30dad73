// A Sigstore instance of our own for tests: a Fulcio-like CA (root and intermediate) issuing
// GitHub Actions certificates with embedded SCTs from a CT log, and a Rekor-like log that hands
// out entries with a signed entry timestamp and an inclusion proof under a signed checkpoint.
// Bundles made here pass @sigstore/verify with the same options as Sigstore's public-good
// instance, so the checks under test run exactly as they would against npm and PyPI.
import 'reflect-metadata';
import { createHash, KeyObject, randomBytes, sign, webcrypto } from 'node:crypto';
import { basename } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { NpmAttestations, PypiProvenance } from '../../src/release/provenance.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const IN_TOTO = 'application/vnd.in-toto+json';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** A GitHub Actions run as Fulcio sees it. */
export interface WorkflowIdentity {
  /** `owner/repo`. */
  readonly repository: string;
  /** `.github/workflows/release.yml`. */
  readonly workflow: string;
  /** The ref the workflow ran on; `refs/tags/v1.0.0` when not given. */
  readonly ref?: string;
  /** The OIDC issuer Fulcio saw; GitHub Actions' when not given. */
  readonly issuer?: string;
  /** The event that started the run (Fulcio's Build Trigger); `push` when not given. */
  readonly trigger?: string;
}

/** A workflow run signing a statement. */
export interface Signing extends WorkflowIdentity {
  /**
   * Sign with a key other than the certificate's (and log that signature), as someone holding
   * only a copy of a real certificate would; the entry and the envelope then agree.
   */
  readonly forgedSignature?: boolean;
}

export interface TestSigstore {
  /** A TrustedRoot (protobuf JSON) trusting this instance's CA, Rekor and CT log. */
  readonly trustedRoot: TrustedRootJson;
  /** What `GET /-/npm/v1/attestations/{name}@{version}` serves after a provenance publish. */
  npmAttestations(options: { name: string; version: string; sha512Hex: string } & Signing): Promise<NpmAttestations>;
  /**
   * What Warehouse's Integrity API serves for a file uploaded by a Trusted Publisher;
   * `publisher` overrides what the index lists, to make it disagree with the certificate.
   */
  pypiProvenance(
    options: { filename: string; sha256Hex: string; publisher?: { repository?: string; workflow?: string } } & Signing,
  ): Promise<PypiProvenance>;
  /** Another CA, trusted by no root, whose certificates go to this instance's (trusted) logs. */
  withUntrustedCa(): Promise<TestSigstore>;
}

export interface TrustedRootJson {
  readonly mediaType: string;
  readonly tlogs: readonly LogInstanceJson[];
  readonly certificateAuthorities: readonly {
    subject: { organization: string; commonName: string };
    uri: string;
    certChain: { certificates: { rawBytes: string }[] };
    validFor: { start: string };
  }[];
  readonly ctlogs: readonly LogInstanceJson[];
  readonly timestampAuthorities: readonly never[];
}

interface LogInstanceJson {
  readonly baseUrl: string;
  readonly hashAlgorithm: 'SHA2_256';
  readonly publicKey: { rawBytes: string; keyDetails: 'PKIX_ECDSA_P256_SHA_256'; validFor: { start: string } };
  readonly logId: { keyId: string };
}

type TlogEntryJson = Record<string, unknown>;

/** An ECDSA P-256 key as both WebCrypto (for @peculiar/x509) and Node (for signing) objects. */
interface Key {
  readonly pair: webcrypto.CryptoKeyPair;
  readonly privateKey: KeyObject;
  readonly spki: Buffer;
}

async function newKey(): Promise<Key> {
  const pair = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  return {
    pair,
    privateKey: KeyObject.from(pair.privateKey),
    spki: Buffer.from(await webcrypto.subtle.exportKey('spki', pair.publicKey)),
  };
}

const sha256 = (...parts: (Buffer | string)[]): Buffer =>
  parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const ecdsa = (data: Buffer, key: KeyObject): Buffer => sign('sha256', data, key);

/** DER for a value Fulcio writes as UTF8String (its extensions from 1.3.6.1.4.1.57264.1.8 on). */
function derUtf8String(value: string): Buffer {
  return derTlv(0x0c, Buffer.from(value, 'utf8'));
}

function derTlv(tag: number, value: Buffer): Buffer {
  const length =
    value.length < 0x80
      ? Buffer.from([value.length])
      : value.length < 0x100
        ? Buffer.from([0x81, value.length])
        : Buffer.from([0x82, value.length >> 8, value.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, value]);
}

function uint(value: number | bigint, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let rest = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--, rest >>= 8n) out[i] = Number(rest & 0xffn);
  return out;
}

/** A CT log: signs RFC 6962 precertificate timestamps for what the CA is about to issue. */
class TestCtLog {
  private constructor(readonly key: Key) {}
  static async create(): Promise<TestCtLog> {
    return new TestCtLog(await newKey());
  }
  get logId(): Buffer {
    return sha256(this.key.spki);
  }
  /** The SCT over `tbs` (the certificate without its SCT extension) issued by `issuerSpki`. */
  sct(tbs: Buffer, issuerSpki: Buffer, at: Date): Buffer {
    const timestamp = uint(at.getTime(), 8);
    const signed = Buffer.concat([
      Buffer.from([0, 0]),
      timestamp,
      uint(1, 2),
      sha256(issuerSpki),
      uint(tbs.length, 3),
      tbs,
      uint(0, 2),
    ]);
    const signature = ecdsa(signed, this.key.privateKey);
    // version v1, log id, timestamp, no extensions, sha256 (4) with ecdsa (3), signature
    return Buffer.concat([
      Buffer.from([0]),
      this.logId,
      timestamp,
      uint(0, 2),
      Buffer.from([4, 3]),
      uint(signature.length, 2),
      signature,
    ]);
  }
}

/** A Rekor-like log: entries with a signed entry timestamp and an inclusion proof under a signed checkpoint. */
class TestRekor {
  readonly origin = 'rekor.certwright.test';
  private readonly leaves: Buffer[] = [];
  private constructor(readonly key: Key) {
    // Earlier entries from other people, so the proofs have a few levels.
    for (let i = 0; i < 5; i++) this.leaves.push(leafHash(Buffer.from(`someone else's entry ${i}`)));
  }
  static async create(): Promise<TestRekor> {
    return new TestRekor(await newKey());
  }
  get logId(): Buffer {
    return sha256(this.key.spki);
  }
  append(kind: string, version: string, body: object, integratedTime: number): TlogEntryJson {
    const canonicalizedBody = Buffer.from(canonicalJson(body));
    const logIndex = this.leaves.length;
    this.leaves.push(leafHash(canonicalizedBody));
    const set = {
      body: canonicalizedBody.toString('base64'),
      integratedTime,
      logID: this.logId.toString('hex'),
      logIndex,
    };
    return {
      logIndex: String(logIndex),
      logId: { keyId: this.logId.toString('base64') },
      kindVersion: { kind, version },
      integratedTime: String(integratedTime),
      inclusionPromise: {
        signedEntryTimestamp: ecdsa(Buffer.from(canonicalJson(set)), this.key.privateKey).toString('base64'),
      },
      inclusionProof: this.inclusionProof(logIndex),
      canonicalizedBody: canonicalizedBody.toString('base64'),
    };
  }
  private inclusionProof(index: number): object {
    const root = treeHash(this.leaves);
    const note = `${this.origin} - 1\n${this.leaves.length}\n${root.toString('base64')}\n`;
    const signature = Buffer.concat([this.logId.subarray(0, 4), ecdsa(Buffer.from(note), this.key.privateKey)]);
    return {
      logIndex: String(index),
      rootHash: root.toString('base64'),
      treeSize: String(this.leaves.length),
      hashes: inclusionPath(index, this.leaves).map((h) => h.toString('base64')),
      checkpoint: { envelope: `${note}\n\u2014 ${this.origin} ${signature.toString('base64')}\n` },
    };
  }
}

// RFC 6962 section 2.1: Merkle tree hash and audit path.
const leafHash = (data: Buffer): Buffer => sha256(Buffer.from([0]), data);
const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);
const split = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));
function treeHash(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}
function inclusionPath(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...inclusionPath(index, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...inclusionPath(index - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

/** JSON with sorted keys, as Rekor canonicalizes entry bodies and the SET payload. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A Fulcio-like CA: a root and an intermediate that issues ten-minute GitHub Actions certificates. */
class TestFulcio {
  private constructor(
    readonly root: x509.X509Certificate,
    readonly intermediate: x509.X509Certificate,
    private readonly intermediateKey: Key,
    readonly notBefore: Date,
  ) {}

  static async create(name: string): Promise<TestFulcio> {
    const notBefore = new Date(Date.now() - 3_600_000);
    const notAfter = new Date(Date.now() + 365 * 86_400_000);
    const rootKey = await newKey();
    const intermediateKey = await newKey();
    const caUsage = new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true);
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=${name},O=certwright.test`,
      keys: rootKey.pair,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING,
      extensions: [
        caUsage,
        new x509.BasicConstraintsExtension(true, 1, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKey.pair.publicKey),
      ],
    });
    const intermediate = await x509.X509CertificateGenerator.create({
      subject: `CN=${name}-intermediate,O=certwright.test`,
      issuer: root.subject,
      publicKey: intermediateKey.pair.publicKey,
      signingKey: rootKey.pair.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING,
      extensions: [
        caUsage,
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
        new x509.BasicConstraintsExtension(true, 0, true),
        await x509.SubjectKeyIdentifierExtension.create(intermediateKey.pair.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(rootKey.pair.publicKey),
      ],
    });
    return new TestFulcio(root, intermediate, intermediateKey, notBefore);
  }

  /**
   * The certificate Fulcio issues for a GitHub Actions OIDC token, with an SCT from `ctlog`:
   * the certificate is made once without the SCT extension, the CT log signs that TBS (what
   * verifiers rebuild by removing the extension), and it is made again, same fields, with it.
   */
  async issue(publicKey: webcrypto.CryptoKey, run: WorkflowIdentity, ctlog: TestCtLog): Promise<Buffer> {
    const ref = run.ref ?? 'refs/tags/v1.0.0';
    const issuer = run.issuer ?? GITHUB_ISSUER;
    const repoUrl = `https://github.com/${run.repository}`;
    const workflowUri = `${repoUrl}/${run.workflow}@${ref}`;
    const sha = sha256(workflowUri).toString('hex').slice(0, 40);
    const text = (oid: string, value: string): x509.Extension =>
      new x509.Extension(`1.3.6.1.4.1.57264.1.${oid}`, false, derUtf8String(value));
    const now = Math.floor(Date.now() / 1000) * 1000;
    const fields = {
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      subject: '',
      issuer: this.intermediate.subject,
      publicKey,
      signingKey: this.intermediateKey.pair.privateKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 600_000),
      signingAlgorithm: SIGNING,
    };
    const extensions = [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(this.intermediateKey.pair.publicKey),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: workflowUri }], true),
      new x509.Extension('1.3.6.1.4.1.57264.1.1', false, Buffer.from(issuer)), // raw string: the deprecated .1.1 to .1.6
      text('8', issuer),
      text('9', workflowUri),
      text('10', sha),
      text('11', 'github-hosted'),
      text('12', repoUrl),
      text('13', sha),
      text('14', ref),
      text('16', `https://github.com/${run.repository.split('/')[0]}`),
      text('18', workflowUri),
      text('19', sha),
      text('20', run.trigger ?? 'push'),
      text('21', `${repoUrl}/actions/runs/1/attempts/1`),
      text('22', 'public'),
    ];
    const precertificate = await x509.X509CertificateGenerator.create({ ...fields, extensions });
    const sct = ctlog.sct(
      tbsOf(Buffer.from(precertificate.rawData)),
      Buffer.from(this.intermediate.publicKey.rawData),
      new Date(now),
    );
    const sctList = Buffer.concat([uint(sct.length + 2, 2), uint(sct.length, 2), sct]);
    const sctExtension = new x509.Extension('1.3.6.1.4.1.11129.2.4.2', false, derTlv(0x04, sctList));
    const certificate = await x509.X509CertificateGenerator.create({
      ...fields,
      extensions: [...extensions, sctExtension],
    });
    return Buffer.from(certificate.rawData);
  }
}

/** The TBSCertificate of a DER certificate: the first element of its outer SEQUENCE. */
function tbsOf(der: Buffer): Buffer {
  const headerLength = (at: number): number =>
    (der[at + 1] as number) & 0x80 ? 2 + ((der[at + 1] as number) & 0x7f) : 2;
  const contentLength = (at: number): number => {
    const first = der[at + 1] as number;
    return first & 0x80 ? der.subarray(at + 2, at + 2 + (first & 0x7f)).reduce((n, b) => n * 256 + b, 0) : first;
  };
  const start = headerLength(0);
  return der.subarray(start, start + headerLength(start) + contentLength(start));
}

/** DSSE pre-authentication encoding, https://github.com/secure-systems-lab/dsse/blob/master/protocol.md. */
function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `),
    payload,
  ]);
}

interface SignedEnvelope {
  readonly payload: Buffer;
  readonly signature: Buffer;
  readonly certificate: Buffer;
}

/** Rekor's stored body for a `dsse` v0.0.1 entry (what PyPI's transparency entries hold). */
function dsseBody(envelope: SignedEnvelope): object {
  const verifier = Buffer.from(new x509.X509Certificate(envelope.certificate).toString('pem')).toString('base64');
  const envelopeJson = JSON.stringify({
    payload: envelope.payload.toString('base64'),
    payloadType: IN_TOTO,
    signatures: [{ sig: envelope.signature.toString('base64') }],
  });
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelopeJson).toString('hex') },
      payloadHash: { algorithm: 'sha256', value: sha256(envelope.payload).toString('hex') },
      signatures: [{ signature: envelope.signature.toString('base64'), verifier }],
    },
  };
}

/** Rekor's stored body for an `intoto` v0.0.2 entry (what npm's provenance bundles hold); its sig and key are base64 twice. */
function intotoBody(envelope: SignedEnvelope): object {
  const publicKey = Buffer.from(new x509.X509Certificate(envelope.certificate).toString('pem')).toString('base64');
  const sig = Buffer.from(envelope.signature.toString('base64')).toString('base64');
  const hashed = {
    payloadType: IN_TOTO,
    payload: envelope.payload.toString('base64'),
    signatures: [{ sig: envelope.signature.toString('base64'), publicKey }],
  };
  return {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        envelope: { payloadType: IN_TOTO, signatures: [{ publicKey, sig }] },
        hash: { algorithm: 'sha256', value: sha256(canonicalJson(hashed)).toString('hex') },
        payloadHash: { algorithm: 'sha256', value: sha256(envelope.payload).toString('hex') },
      },
    },
  };
}

class Instance implements TestSigstore {
  constructor(
    private readonly fulcio: TestFulcio,
    private readonly rekor: TestRekor,
    private readonly ctlog: TestCtLog,
  ) {}

  get trustedRoot(): TrustedRootJson {
    const log = (baseUrl: string, key: Key, logId: Buffer): LogInstanceJson => ({
      baseUrl,
      hashAlgorithm: 'SHA2_256',
      publicKey: {
        rawBytes: key.spki.toString('base64'),
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        validFor: { start: this.fulcio.notBefore.toISOString() },
      },
      logId: { keyId: logId.toString('base64') },
    });
    return {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [log(`https://${this.rekor.origin}`, this.rekor.key, this.rekor.logId)],
      certificateAuthorities: [
        {
          subject: { organization: 'certwright.test', commonName: 'fulcio' },
          uri: 'https://fulcio.certwright.test',
          certChain: {
            certificates: [this.fulcio.intermediate, this.fulcio.root].map((c) => ({
              rawBytes: Buffer.from(c.rawData).toString('base64'),
            })),
          },
          validFor: { start: this.fulcio.notBefore.toISOString() },
        },
      ],
      ctlogs: [log('https://ctfe.certwright.test', this.ctlog.key, this.ctlog.logId)],
      timestampAuthorities: [],
    };
  }

  /** What a workflow does with its OIDC token: a fresh key, a Fulcio certificate for it, a DSSE signature. */
  private async signStatement(statement: object, run: Signing): Promise<SignedEnvelope> {
    const key = await newKey();
    const certificate = await this.fulcio.issue(key.pair.publicKey, run, this.ctlog);
    const payload = Buffer.from(JSON.stringify(statement));
    const signingKey = run.forgedSignature ? (await newKey()).privateKey : key.privateKey;
    return { payload, certificate, signature: ecdsa(preAuthEncoding(IN_TOTO, payload), signingKey) };
  }

  async npmAttestations(
    options: { name: string; version: string; sha512Hex: string } & Signing,
  ): Promise<NpmAttestations> {
    const ref = options.ref ?? `refs/tags/v${options.version}`;
    const repoUrl = `https://github.com/${options.repository}`;
    const subject = [
      {
        name: `pkg:npm/${options.name.replace(/^@/, '%40')}@${options.version}`,
        digest: { sha512: options.sha512Hex },
      },
    ];
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject,
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
          externalParameters: { workflow: { ref, repository: repoUrl, path: options.workflow } },
          internalParameters: {
            github: { event_name: options.trigger ?? 'push', repository_id: '1', repository_owner_id: '1' },
          },
          resolvedDependencies: [{ uri: `git+${repoUrl}@${ref}` }],
        },
        runDetails: {
          builder: { id: 'https://github.com/actions/runner/github-hosted' },
          metadata: { invocationId: `${repoUrl}/actions/runs/1/attempts/1` },
        },
      },
    };
    const envelope = await this.signStatement(statement, { ...options, ref });
    const entry = this.rekor.append('intoto', '0.0.2', intotoBody(envelope), Math.floor(Date.now() / 1000));
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {
        certificate: { rawBytes: envelope.certificate.toString('base64') },
        tlogEntries: [entry],
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
      dsseEnvelope: {
        payload: envelope.payload.toString('base64'),
        payloadType: IN_TOTO,
        signatures: [{ sig: envelope.signature.toString('base64'), keyid: '' }],
      },
    };
    // npm also serves its publish attestation, signed with the registry's key rather than by Fulcio;
    // a stand-in here (the provenance envelope under a key hint) that the check must pass over.
    const publish = {
      ...bundle,
      verificationMaterial: {
        ...bundle.verificationMaterial,
        certificate: undefined,
        publicKey: { hint: 'SHA256:registry-key' },
      },
    };
    return {
      attestations: [
        { predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1', bundle: publish },
        { predicateType: 'https://slsa.dev/provenance/v1', bundle },
      ],
    };
  }

  async pypiProvenance(
    options: { filename: string; sha256Hex: string; publisher?: { repository?: string; workflow?: string } } & Signing,
  ): Promise<PypiProvenance> {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: options.filename, digest: { sha256: options.sha256Hex } }],
      predicateType: 'https://docs.pypi.org/attestations/publish/v1',
      predicate: null,
    };
    const envelope = await this.signStatement(statement, options);
    const entry = this.rekor.append('dsse', '0.0.1', dsseBody(envelope), Math.floor(Date.now() / 1000));
    return {
      version: 1,
      attestation_bundles: [
        {
          publisher: {
            kind: 'GitHub',
            repository: options.publisher?.repository ?? options.repository,
            workflow: options.publisher?.workflow ?? basename(options.workflow),
            environment: 'pypi',
          },
          attestations: [
            {
              version: 1,
              verification_material: {
                certificate: envelope.certificate.toString('base64'),
                transparency_entries: [entry],
              },
              envelope: {
                statement: envelope.payload.toString('base64'),
                signature: envelope.signature.toString('base64'),
              },
            },
          ],
        },
      ],
    };
  }

  async withUntrustedCa(): Promise<TestSigstore> {
    return new Instance(await TestFulcio.create('certwright rogue fulcio'), this.rekor, this.ctlog);
  }
}

/** A new test Sigstore instance: its own CA, Rekor and CT log keys. */
export async function createTestSigstore(): Promise<TestSigstore> {
  return new Instance(
    await TestFulcio.create('certwright test fulcio'),
    await TestRekor.create(),
    await TestCtLog.create(),
  );
}
