import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Check } from '../../src/release/report.js';
import {
  trustedRootTrust,
  verifyNpmProvenance,
  verifyPypiProvenance,
  type ExpectedSource,
  type NpmAttestations,
  type PypiProvenance,
  type TrustSource,
} from '../../src/release/provenance.js';
import { createTestSigstore, type TrustedRootJson } from '../harness/sigstore.js';

const sigstore = await createTestSigstore();
const trust = trustedRootTrust(sigstore.trustedRoot);
const expect: ExpectedSource = { repository: 'acme/site', workflow: '.github/workflows/release.yml' };
const signer = 'https://github.com/acme/site/.github/workflows/release.yml@refs/tags/v1.2.3';
const signedBy = `signed by ${signer} (source https://github.com/acme/site, issuer https://token.actions.githubusercontent.com)`;
const notTrusted = ' (not trusted: the signature did not verify)';

const hex = (algorithm: string, text: string): string => createHash(algorithm).update(text).digest('hex');
const short = (digest: string): string => `${digest.slice(0, 16)}…`;

/** Each check as `name: ok|FAIL detail`, so one assertion shows every difference. */
function lines(checks: readonly Check[]): string[] {
  return checks.map((c) => `${c.name}: ${c.ok ? 'ok' : 'FAIL'} ${c.detail}`);
}

/** The in-toto statement a DSSE payload carries, as far as the tests below change it. */
interface InTotoStatement {
  subject: { name: string; digest: Record<string, string> }[];
}

/** The parts of a Sigstore bundle (npm's attestation JSON) that the tests below tamper with. */
interface TamperableBundle {
  dsseEnvelope: { payload: string };
  verificationMaterial: {
    tlogEntries: { inclusionProof?: { hashes: string[] }; inclusionPromise: { signedEntryTimestamp: string } }[];
  };
}

/** The parts of a PEP 740 attestation that the tests below tamper with. */
interface TamperableAttestation {
  envelope: { statement: string };
  verification_material: { transparency_entries: { inclusionProof?: unknown }[] };
}

/** Rewrites the statement inside a DSSE payload (base64 JSON) without signing it again. */
function rewriteStatement(base64: string, change: (statement: InTotoStatement) => void): string {
  const statement = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as InTotoStatement;
  change(statement);
  return Buffer.from(JSON.stringify(statement)).toString('base64');
}

/** The trusted root with some of its parts replaced, to show each one is really checked. */
function rootWith(parts: Partial<TrustedRootJson>): TrustSource {
  return trustedRootTrust({ ...sigstore.trustedRoot, ...parts });
}

describe('npm provenance', () => {
  const name = '@acme/site';
  const version = '1.2.3';
  const tarball = hex('sha512', 'the tarball npm pack wrote');
  const purl = 'pkg:npm/%40acme/site@1.2.3';
  const published = (
    overrides: {
      sha512Hex?: string;
      repository?: string;
      workflow?: string;
      ref?: string;
      issuer?: string;
      forgedSignature?: boolean;
    } = {},
  ) =>
    sigstore.npmAttestations({
      name,
      version,
      sha512Hex: tarball,
      repository: 'acme/site',
      workflow: '.github/workflows/release.yml',
      ...overrides,
    });
  const verify = (
    attestations: NpmAttestations | undefined,
    options: { expect?: ExpectedSource; trust?: TrustSource } = {},
  ) =>
    verifyNpmProvenance({
      attestations,
      tarballSha512Hex: tarball,
      name,
      version,
      expect: options.expect ?? expect,
      trust: options.trust ?? trust,
    });
  const provenanceBundle = (attestations: NpmAttestations) =>
    attestations.attestations?.find((a) => a.predicateType === 'https://slsa.dev/provenance/v1')
      ?.bundle as TamperableBundle;

  it('passes for the tarball built here, signed by the expected workflow', async () => {
    assert.deepEqual(lines(await verify(await published())), [
      'provenance: ok https://slsa.dev/provenance/v1 attestation present',
      `provenance signature: ok Sigstore bundle verified: Fulcio certificate for ${signer}, in the transparency log`,
      `provenance subject: ok ${purl} sha512 ${short(tarball)}, as built here`,
      `provenance source: ok ${signedBy}`,
    ]);
  });

  it('reports the signer without judging it when nothing is expected, and accepts URLs and a pinned ref', async () => {
    const attestations = await published();
    assert.equal(lines(await verify(attestations, { expect: {} }))[3], `provenance source: ok ${signedBy}`);
    const pinned = await verify(attestations, {
      expect: { repository: 'git+https://github.com/Acme/Site.git', workflow: 'release.yml@refs/tags/v1.2.3' },
    });
    assert.equal(lines(pinned)[3], `provenance source: ok ${signedBy}`);
  });

  it('fails for another tarball digest', async () => {
    const other = hex('sha512', 'a tarball built elsewhere');
    const checks = await verify(await published({ sha512Hex: other }));
    assert.deepEqual(lines(checks).slice(1), [
      `provenance signature: ok Sigstore bundle verified: Fulcio certificate for ${signer}, in the transparency log`,
      `provenance subject: FAIL subject sha512 ${short(other)} on the registry, ${short(tarball)} built here`,
      `provenance source: ok ${signedBy}`,
    ]);
  });

  it('fails for another repository', async () => {
    const checks = await verify(await published({ repository: 'evil/fork', ref: 'refs/heads/main' }));
    assert.equal(checks[1]?.ok, true, 'a valid signature, by the wrong workflow');
    assert.deepEqual(
      lines(checks)[3],
      'provenance source: FAIL signed by https://github.com/evil/fork/.github/workflows/release.yml@refs/heads/main, expected acme/site .github/workflows/release.yml (source repository https://github.com/evil/fork)',
    );
  });

  it('fails for another workflow, or another ref when one is pinned', async () => {
    const checks = await verify(await published({ workflow: '.github/workflows/nightly.yml' }));
    assert.deepEqual(
      lines(checks)[3],
      'provenance source: FAIL signed by https://github.com/acme/site/.github/workflows/nightly.yml@refs/tags/v1.2.3, expected acme/site .github/workflows/release.yml (workflow .github/workflows/nightly.yml)',
    );
    const branch = await verify(await published({ ref: 'refs/heads/main' }), {
      expect: { repository: 'acme/site', workflow: '.github/workflows/release.yml@refs/tags/v1.2.3' },
    });
    assert.deepEqual(
      lines(branch)[3],
      'provenance source: FAIL signed by https://github.com/acme/site/.github/workflows/release.yml@refs/heads/main, expected acme/site .github/workflows/release.yml@refs/tags/v1.2.3 (ref refs/heads/main)',
    );
  });

  it('fails for a certificate from another OIDC issuer, whatever repository it names', async () => {
    const checks = await verify(await published({ issuer: 'https://ci.example.test' }));
    assert.deepEqual(
      lines(checks)[3],
      `provenance source: FAIL signed by ${signer}, expected acme/site .github/workflows/release.yml (issuer https://ci.example.test, not GitHub Actions)`,
    );
  });

  it('fails for a tampered envelope: the statement no longer matches what the log recorded', async () => {
    const attestations = await published({ sha512Hex: hex('sha512', 'what was really published') });
    const envelope = provenanceBundle(attestations).dsseEnvelope;
    envelope.payload = rewriteStatement(envelope.payload, (s) => void (s.subject[0]!.digest.sha512 = tarball)); // claims the local tarball
    assert.deepEqual(lines(await verify(attestations)).slice(1), [
      'provenance signature: FAIL @sigstore/verify: TLOG_BODY_ERROR: DSSE payload hash mismatch',
      `provenance subject: FAIL ${purl} sha512 ${short(tarball)}, as built here${notTrusted}`,
      `provenance source: FAIL ${signedBy}${notTrusted}`,
    ]);
  });

  it("fails for a signature the certificate's key did not make, even when logged", async () => {
    assert.deepEqual(lines(await verify(await published({ forgedSignature: true }))).slice(1), [
      'provenance signature: FAIL @sigstore/verify: SIGNATURE_ERROR: signature verification failed',
      `provenance subject: FAIL ${purl} sha512 ${short(tarball)}, as built here${notTrusted}`,
      `provenance source: FAIL ${signedBy}${notTrusted}`,
    ]);
  });

  it('fails for a certificate from a CA the trusted root does not hold', async () => {
    const rogue = await sigstore.withUntrustedCa();
    const checks = await verify(
      await rogue.npmAttestations({
        name,
        version,
        sha512Hex: tarball,
        repository: 'acme/site',
        workflow: '.github/workflows/release.yml',
      }),
    );
    assert.deepEqual(lines(checks).slice(1), [
      'provenance signature: FAIL @sigstore/verify: CERTIFICATE_ERROR: Failed to verify certificate chain: CERTIFICATE_ERROR: no valid certificate path found',
      `provenance subject: FAIL ${purl} sha512 ${short(tarball)}, as built here${notTrusted}`,
      `provenance source: FAIL ${signedBy}${notTrusted}`,
    ]);
  });

  it('fails without attestations, and loads no trusted root for nothing', async () => {
    const unused: TrustSource = () => Promise.reject(new Error('the trusted root was loaded'));
    assert.deepEqual(lines(await verify(undefined, { trust: unused })), [
      "provenance: FAIL no https://slsa.dev/provenance/v1 attestation among the registry's 0 (publish with npm trusted publishing or --provenance)",
    ]);
    const publishOnly = {
      attestations: (await published()).attestations?.filter(
        (a) => a.predicateType !== 'https://slsa.dev/provenance/v1',
      ),
    };
    assert.deepEqual(lines(await verify(publishOnly, { trust: unused })), [
      "provenance: FAIL no https://slsa.dev/provenance/v1 attestation among the registry's 1 (publish with npm trusted publishing or --provenance)",
    ]);
  });

  it('requires what the public-good instance requires: an SCT, a logged entry, a SET and an inclusion proof from trusted keys', async () => {
    const other = (await createTestSigstore()).trustedRoot;
    const withoutTlog = await published();
    provenanceBundle(withoutTlog).verificationMaterial.tlogEntries = [];
    const badProof = await published();
    const proof = provenanceBundle(badProof).verificationMaterial.tlogEntries[0]!.inclusionProof!;
    proof.hashes[0] = Buffer.alloc(32).toString('base64');
    const badSet = await published();
    provenanceBundle(badSet).verificationMaterial.tlogEntries[0]!.inclusionPromise.signedEntryTimestamp =
      provenanceBundle(await published()).verificationMaterial.tlogEntries[0]!.inclusionPromise.signedEntryTimestamp;
    const cases: [string, NpmAttestations, TrustSource, string][] = [
      ['no CT log trusted', await published(), rootWith({ ctlogs: [] }), 'CERTIFICATE_ERROR: SCT verification failed'],
      [
        'another CT log trusted',
        await published(),
        rootWith({ ctlogs: other.ctlogs }),
        'CERTIFICATE_ERROR: SCT verification failed',
      ],
      [
        'another Rekor trusted',
        await published(),
        rootWith({ tlogs: other.tlogs }),
        'TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified',
      ],
      ['no transparency log entry', withoutTlog, trust, 'TIMESTAMP_ERROR: expected 1 timestamps, got 0'],
      [
        'a wrong inclusion proof',
        badProof,
        trust,
        'TLOG_INCLUSION_PROOF_ERROR: calculated root hash does not match inclusion proof',
      ],
      ["another entry's SET", badSet, trust, 'TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified'],
    ];
    for (const [label, attestations, root, error] of cases) {
      const checks = await verify(attestations, { trust: root });
      assert.deepEqual(lines(checks)[1], `provenance signature: FAIL @sigstore/verify: ${error}`, label);
      assert.ok(
        checks.slice(1).every((c) => !c.ok),
        `${label}: nothing counts without the signature`,
      );
    }
  });

  it('reads the trusted root from a file, and says when it is not one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-provenance-'));
    await writeFile(join(dir, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
    await writeFile(
      join(dir, 'bundle.json'),
      JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }),
    );
    const attestations = await published();
    assert.ok(
      (await verify(attestations, { trust: trustedRootTrust(join(dir, 'trusted_root.json')) })).every((c) => c.ok),
    );
    const checks = await verify(attestations, { trust: trustedRootTrust(join(dir, 'bundle.json')) });
    assert.deepEqual(
      lines(checks)[1],
      'provenance signature: FAIL cannot load the trusted root: provenance: trusted root has mediaType "application/vnd.dev.sigstore.bundle.v0.3+json"; expected application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    );
  });
});

describe('PyPI provenance (PEP 740)', () => {
  const filename = 'acme_site-1.2.3-py3-none-any.whl';
  const wheel = hex('sha256', 'the wheel python -m build wrote');
  const pypiSigner = 'https://github.com/acme/site/.github/workflows/release.yml@refs/tags/v1.0.0';
  const pypiSignedBy = `signed by ${pypiSigner} (source https://github.com/acme/site, issuer https://token.actions.githubusercontent.com)`;
  const published = (
    overrides: {
      filename?: string;
      sha256Hex?: string;
      repository?: string;
      workflow?: string;
      publisher?: { repository?: string; workflow?: string };
    } = {},
  ) =>
    sigstore.pypiProvenance({
      filename,
      sha256Hex: wheel,
      repository: 'acme/site',
      workflow: '.github/workflows/release.yml',
      ...overrides,
    });
  const verify = (provenance: PypiProvenance | undefined, trustSource: TrustSource = trust) =>
    verifyPypiProvenance({ provenance, fileSha256Hex: wheel, filename, expect, trust: trustSource });
  const attestation = (provenance: PypiProvenance) =>
    provenance.attestation_bundles?.[0]?.attestations?.[0] as unknown as TamperableAttestation;

  it('passes for the wheel built here, uploaded and signed by the expected Trusted Publisher', async () => {
    assert.deepEqual(lines(await verify(await published())), [
      `provenance (${filename}): ok 1 attestation present`,
      `provenance signature (${filename}): ok Sigstore bundle verified: Fulcio certificate for ${pypiSigner}, in the transparency log`,
      `provenance subject (${filename}): ok ${filename} sha256 ${short(wheel)}, as built here`,
      `provenance source (${filename}): ok publisher GitHub acme/site release.yml, ${pypiSignedBy}`,
    ]);
  });

  it('fails for another digest or another file name', async () => {
    const other = hex('sha256', 'a wheel built elsewhere');
    assert.deepEqual(
      lines(await verify(await published({ sha256Hex: other })))[2],
      `provenance subject (${filename}): FAIL subject sha256 ${short(other)} on the registry, ${short(wheel)} built here`,
    );
    assert.deepEqual(
      lines(await verify(await published({ filename: 'acme_site-1.2.3.tar.gz' })))[2],
      `provenance subject (${filename}): FAIL the statement names acme_site-1.2.3.tar.gz, not ${filename}`,
    );
  });

  it('fails for another repository', async () => {
    const checks = await verify(await published({ repository: 'evil/fork' }));
    assert.equal(checks[1]?.ok, true);
    assert.deepEqual(
      lines(checks)[3],
      `provenance source (${filename}): FAIL publisher GitHub evil/fork release.yml, signed by https://github.com/evil/fork/.github/workflows/release.yml@refs/tags/v1.0.0, expected acme/site .github/workflows/release.yml (source repository https://github.com/evil/fork)`,
    );
  });

  it('fails for another workflow', async () => {
    const checks = await verify(await published({ workflow: '.github/workflows/nightly.yml' }));
    assert.deepEqual(
      lines(checks)[3],
      `provenance source (${filename}): FAIL publisher GitHub acme/site nightly.yml, signed by https://github.com/acme/site/.github/workflows/nightly.yml@refs/tags/v1.0.0, expected acme/site .github/workflows/release.yml (workflow .github/workflows/nightly.yml)`,
    );
  });

  it('fails when the publisher the index lists is not who signed', async () => {
    const checks = await verify(await published({ repository: 'evil/fork', publisher: { repository: 'acme/site' } }));
    assert.deepEqual(
      lines(checks)[3],
      `provenance source (${filename}): FAIL the index lists publisher GitHub acme/site release.yml but it was signed by https://github.com/evil/fork/.github/workflows/release.yml@refs/tags/v1.0.0 (source https://github.com/evil/fork, issuer https://token.actions.githubusercontent.com)`,
    );
  });

  it('fails for a tampered envelope', async () => {
    const provenance = await published({ sha256Hex: hex('sha256', 'what was really uploaded') });
    const envelope = attestation(provenance).envelope;
    envelope.statement = rewriteStatement(envelope.statement, (s) => void (s.subject[0]!.digest.sha256 = wheel));
    assert.deepEqual(lines(await verify(provenance)).slice(1), [
      `provenance signature (${filename}): FAIL @sigstore/verify: TLOG_BODY_ERROR: DSSE payload hash mismatch`,
      `provenance subject (${filename}): FAIL ${filename} sha256 ${short(wheel)}, as built here${notTrusted}`,
      `provenance source (${filename}): FAIL publisher GitHub acme/site release.yml, ${pypiSignedBy}${notTrusted}`,
    ]);
  });

  it('fails for a certificate from a CA the trusted root does not hold', async () => {
    const rogue = await sigstore.withUntrustedCa();
    const checks = await verify(
      await rogue.pypiProvenance({
        filename,
        sha256Hex: wheel,
        repository: 'acme/site',
        workflow: '.github/workflows/release.yml',
      }),
    );
    assert.deepEqual(
      lines(checks)[1],
      `provenance signature (${filename}): FAIL @sigstore/verify: CERTIFICATE_ERROR: Failed to verify certificate chain: CERTIFICATE_ERROR: no valid certificate path found`,
    );
    assert.ok(checks.slice(1).every((c) => !c.ok));
  });

  it('fails without attestations', async () => {
    const unused: TrustSource = () => Promise.reject(new Error('the trusted root was loaded'));
    const none = `provenance (${filename}): FAIL no PEP 740 attestation on the index (publish with a Trusted Publisher and attestations)`;
    assert.deepEqual(lines(await verify(undefined, unused)), [none]);
    assert.deepEqual(lines(await verify({ version: 1, attestation_bundles: [] }, unused)), [none]);
  });

  it('needs the transparency entry, with its inclusion proof, and an SCT from a trusted CT log', async () => {
    const provenance = await published();
    attestation(provenance).verification_material.transparency_entries = [];
    assert.deepEqual(
      lines(await verify(provenance))[1],
      `provenance signature (${filename}): FAIL @sigstore/verify: TIMESTAMP_ERROR: expected 1 timestamps, got 0`,
    );
    const withoutProof = await published();
    delete attestation(withoutProof).verification_material.transparency_entries[0]!.inclusionProof;
    assert.deepEqual(
      lines(await verify(withoutProof))[1],
      `provenance signature (${filename}): FAIL @sigstore/bundle: invalid bundle (verificationMaterial.tlogEntries[0].inclusionProof)`,
    );
    const other = (await createTestSigstore()).trustedRoot;
    assert.deepEqual(
      lines(await verify(await published(), rootWith({ ctlogs: other.ctlogs })))[1],
      `provenance signature (${filename}): FAIL @sigstore/verify: CERTIFICATE_ERROR: SCT verification failed`,
    );
  });
});
