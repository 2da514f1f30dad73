import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ACTION_NODE } from '../../src/testing/node24.js';
import {
  buildDistributions,
  DEBIAN_PYTHON,
  startPypiIndex,
  TWINE_ENV,
  writePythonProject,
  type PypiIndex,
} from '../harness/pypi-index.js';
import { runActionStep, type StepRun } from '../../src/testing/runner.js';
import { createTestSigstore, type TestSigstore } from '../harness/sigstore.js';
import { certwrightSteps, evaluate, type WorkflowStep } from '../harness/workflow-steps.js';

const bundles = {
  'release-step': fileURLToPath(new URL('../../dist/release.js', import.meta.url)),
  'verify-release': fileURLToPath(new URL('../../dist/verify-release.js', import.meta.url)),
};
const IDENTITY = { repository: 'acme/site', workflow: '.github/workflows/release.yml' };

interface Report {
  verified: boolean;
  packages: { name: string; verified: boolean; checks: { name: string; ok: boolean; detail: string }[] }[];
}

describe('the PyPI release, end to end through the steps of pypi-build.yml and pypi-verify.yml, with twine, build and pip from Debian', () => {
  let work: string;
  let testIndex: PypiIndex;
  let realIndex: PypiIndex;
  let sigstore: TestSigstore;
  let trustedRoot: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'certwright-pypi-release-'));
    [testIndex, realIndex, sigstore] = await Promise.all([startPypiIndex(), startPypiIndex(), createTestSigstore()]);
    trustedRoot = join(work, 'trusted-root.json');
    await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
  });
  after(async () => {
    await Promise.all([testIndex?.stop(), realIndex?.stop()]);
  });

  /**
   * Runs a workflow step's action as the runner does. What differs from GitHub, and only this:
   * Debian's Python builds offline (no isolated build environment), paths are the test's
   * folders, and provenance is signed by the test's Sigstore root.
   */
  async function runStep(step: WorkflowStep, context: Record<string, string>, dist: string): Promise<StepRun> {
    const inputs = evaluate(step, context);
    if (step.action === 'release-step') Object.assign(inputs, { python: DEBIAN_PYTHON, 'build-isolation': 'false' });
    if (inputs['out-dir']) inputs['out-dir'] = dist;
    if (step.action === 'verify-release') Object.assign(inputs, { dist, 'trusted-root': trustedRoot, timeout: '10' });
    return runActionStep(bundles[step.action as keyof typeof bundles], inputs, {}, ACTION_NODE, {
      ...TWINE_ENV,
      PATH: process.env.PATH ?? '',
      GITHUB_REF_TYPE: 'tag',
      GITHUB_REF_NAME: 'v1.4.0',
    });
  }

  /** What an upload job of the caller does (pypa/gh-action-pypi-publish there; the upload step with a token here), and the attestations trusted publishing adds. */
  async function upload(index: PypiIndex, packages: string, dist: string): Promise<StepRun> {
    const run = await runActionStep(
      bundles['release-step'],
      {
        ecosystem: 'pypi',
        step: 'upload',
        packages,
        'out-dir': dist,
        registry: index.url,
        'registry-token': index.token,
        python: DEBIAN_PYTHON,
        tag: 'v1.4.0',
      },
      {},
      ACTION_NODE,
      { ...TWINE_ENV, PATH: process.env.PATH ?? '' },
    );
    for (const file of await readdir(dist)) {
      const sha256Hex = createHash('sha256')
        .update(await readFile(join(dist, file)))
        .digest('hex');
      index.setProvenance(file, await sigstore.pypiProvenance({ filename: file, sha256Hex, ...IDENTITY }));
    }
    return run;
  }

  /** A project with a README, as twine check --strict wants (a release without a description fails it). */
  async function releasable(root: string, name: string, module: string): Promise<string> {
    const dir = await writePythonProject(root, name, '1.4.0', module);
    await writeFile(join(dir, 'README.md'), `# ${name}\n\nA certwright test package.\n`);
    await appendFile(join(dir, 'pyproject.toml'), 'readme = "README.md"\n');
    return dir;
  }

  it('two packages at one version: check, build and check, TestPyPI, install test, PyPI, verify; then a tampered wheel is caught file by file', async () => {
    const alpha = await releasable(work, 'cwalpha', 'VERSION = "1.4.0"\n');
    const beta = await releasable(work, 'cwbeta', 'from cwalpha import VERSION\n');
    const dist = join(work, 'dist');
    const build = await certwrightSteps('pypi-build.yml');
    assert.deepEqual(
      build.map((s) => s.with.step),
      ['check', 'build'],
    );
    for (const step of build) {
      const run = await runStep(step, { 'inputs.packages': `${alpha}\n${beta}` }, dist);
      assert.equal(run.code, 0, `${step.with.step}:\n${run.output}`);
      if (step.with.step === 'build') {
        assert.equal(run.outputs.version, '1.4.0');
        assert.match(
          run.output,
          /check-dist: 4 files of cwalpha, cwbeta 1\.4\.0: metadata, version and RECORD hashes agree, twine check passed/,
        );
      }
    }
    assert.deepEqual((await readdir(dist)).sort(), [
      'cwalpha-1.4.0-py3-none-any.whl',
      'cwalpha-1.4.0.tar.gz',
      'cwbeta-1.4.0-py3-none-any.whl',
      'cwbeta-1.4.0.tar.gz',
    ]);

    const verify = await certwrightSteps('pypi-verify.yml');
    assert.deepEqual(
      verify.map((s) => (s.action === 'release-step' ? s.with.step : s.action)),
      ['install-test', 'verify-release'],
    );
    for (const index of [testIndex, realIndex]) {
      const uploaded = await upload(index, `${alpha},${beta}`, dist);
      assert.equal(uploaded.code, 0, uploaded.output);
      const context = {
        'inputs.index': index.url,
        'inputs.packages': 'cwalpha,cwbeta',
        'inputs.version': '1.4.0',
        'inputs.extra-index-url': '',
        'inputs.smoke-command':
          'python -c "import cwalpha, cwbeta, os; assert cwbeta.VERSION == os.environ[\'RELEASE_VERSION\']"',
        'inputs.require-attestations': 'true',
        'github.repository': IDENTITY.repository,
      };
      for (const step of verify) {
        const run = await runStep(step, context, dist);
        assert.equal(run.code, 0, `${step.action} ${step.with.step ?? ''} on ${index.url}:\n${run.output}`);
        if (step.action === 'verify-release') {
          const report = JSON.parse(run.outputs.report ?? '{}') as Report;
          assert.equal(report.verified, true);
          const checks = report.packages.flatMap((p) => p.checks.map((c) => c.name));
          for (const file of await readdir(dist)) {
            assert.ok(checks.includes(file), `${file} compared`);
            assert.ok(checks.includes(`provenance source (${file})`), `${file}: its attestation checked`);
          }
        } else assert.match(run.output, /install-test: the smoke command passed/);
      }
    }

    // The index now serves another wheel under the same name (and lists its digest, as a compromised index would).
    const evil = await releasable(
      join(work, 'evil'),
      'cwalpha',
      'VERSION = "1.4.0"\nimport os  # and something else\n',
    );
    const { wheel } = await buildDistributions(evil, join(work, 'evil-dist'));
    realIndex.tamper('cwalpha-1.4.0-py3-none-any.whl', await readFile(wheel));
    const step = verify.find((s) => s.action === 'verify-release') as WorkflowStep;
    const caught = await runStep(
      step,
      {
        'inputs.index': realIndex.url,
        'inputs.packages': 'cwalpha,cwbeta',
        'inputs.version': '1.4.0',
        'inputs.require-attestations': 'true',
        'github.repository': IDENTITY.repository,
      },
      dist,
    );
    assert.equal(caught.code, 1);
    const report = JSON.parse(caught.outputs.report ?? '{}') as Report;
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.verified]),
      [
        ['cwalpha', false],
        ['cwbeta', true],
      ],
    );
    const checks = report.packages[0]?.checks ?? [];
    assert.match(
      checks.find((c) => c.name === 'cwalpha-1.4.0-py3-none-any.whl')?.detail ?? '',
      /^the index lists sha256 [0-9a-f]{64}, local [0-9a-f]{64}; the index serves [0-9a-f]{64}$/,
    );
    assert.match(
      checks.find((c) => c.name === 'files (cwalpha-1.4.0-py3-none-any.whl)')?.detail ?? '',
      /^changed: cwalpha-1\.4\.0\.dist-info\/RECORD, cwalpha\/__init__\.py \(\d+ → \d+ bytes\)$/,
    );
    assert.match(
      caught.output,
      /^::error title=verify-release%3A cwalpha@1\.4\.0 on http%3A\/\/127\.0\.0\.1%3A\d+ is not what this pipeline built::/m,
    );
    assert.ok(basename(wheel) === 'cwalpha-1.4.0-py3-none-any.whl');
  });

  it('check-dist refuses files of another version, naming each, before anything is uploaded', async () => {
    const gamma = await writePythonProject(join(work, 'gamma'), 'cwgamma', '2.0.0');
    const dist = join(work, 'gamma-dist');
    const { wheel } = await buildDistributions(
      await writePythonProject(join(work, 'gamma-old'), 'cwgamma', '1.9.0'),
      dist,
    );
    await buildDistributions(gamma, join(work, 'gamma-built'));
    const sdist = (await readdir(join(work, 'gamma-built'))).find((f) => f.endsWith('.tar.gz')) as string;
    await writeFile(join(dist, sdist), await readFile(join(work, 'gamma-built', sdist)));
    const run = await runActionStep(
      bundles['release-step'],
      { ecosystem: 'pypi', step: 'check-dist', packages: gamma, 'out-dir': dist, tag: 'v2.0.0', python: DEBIAN_PYTHON },
      {},
      ACTION_NODE,
      { ...TWINE_ENV, PATH: process.env.PATH ?? '' },
    );
    assert.equal(run.code, 1);
    const line = run.output.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    assert.ok(line.includes(`${wheel} is version 1.9.0, not the tag's 2.0.0`), line);
    assert.ok(line.includes(`${join(dist, 'cwgamma-1.9.0.tar.gz')} is version 1.9.0, not the tag's 2.0.0`), line);
    assert.deepEqual(
      testIndex.requests.filter((r) => r.method === 'POST' && r.path.includes('gamma')),
      [],
    );
  });
});
