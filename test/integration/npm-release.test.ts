import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ACTION_NODE } from '../../src/testing/node24.js';
import { runActionStep, type StepRun } from '../../src/testing/runner.js';
import { createTestSigstore, type TestSigstore } from '../harness/sigstore.js';
import { makePackage, startRegistry, type Registry } from '../harness/verdaccio.js';
import { certwrightSteps, evaluate } from '../harness/workflow-steps.js';

const run = promisify(execFile);
const bundles = {
  'release-step': fileURLToPath(new URL('../../dist/release.js', import.meta.url)),
  'verify-release': fileURLToPath(new URL('../../dist/verify-release.js', import.meta.url)),
};

/**
 * A front before Verdaccio that adds what registry.npmjs.org adds to a version published with
 * provenance: `dist.attestations` in the manifest and the attestation bundle at its URL, here
 * signed by the test's Sigstore root for the tarball Verdaccio stores.
 */
async function provenanceFront(
  registry: Registry,
  sigstore: TestSigstore,
  identity: { repository: string; workflow: string },
): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      const attestation = /^\/-\/npm\/v1\/attestations\/(.+)@([^@]+)$/.exec(decodeURIComponent(url));
      if (attestation) {
        const [, name, version] = attestation as unknown as [string, string, string];
        const packument = (await (await fetch(`${registry.url}/${name.replace('/', '%2f')}`)).json()) as {
          versions: Record<string, { dist: { tarball: string } }>;
        };
        const tarball = Buffer.from(await (await fetch(packument.versions[version]?.dist.tarball ?? '')).arrayBuffer());
        const sha512Hex = createHash('sha512').update(tarball).digest('hex');
        const body = await sigstore.npmAttestations({ name, version, sha512Hex, ...identity });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers))
        if (typeof value === 'string' && key !== 'host') headers[key] = value;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${registry.url}${url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      let body = Buffer.from(await upstream.arrayBuffer());
      if (req.method === 'GET' && upstream.headers.get('content-type')?.includes('json')) {
        const packument = JSON.parse(body.toString('utf8')) as {
          name?: string;
          versions?: Record<string, { dist: Record<string, unknown> }>;
        };
        for (const [version, manifest] of Object.entries(packument.versions ?? {})) {
          manifest.dist.attestations = {
            url: `${front.url}/-/npm/v1/attestations/${packument.name}@${version}`,
            provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
          };
          manifest.dist.tarball = String(manifest.dist.tarball).replace(registry.url, front.url);
        }
        body = Buffer.from(JSON.stringify(packument));
      }
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
        })
        .end(body);
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const front = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
  return front;
}

describe('npm-release.yml, step by step as the workflow runs them, against a real Verdaccio', () => {
  let registry: Registry;
  let work: string;
  let sigstore: TestSigstore;
  before(async () => {
    registry = await startRegistry();
    work = await mkdtemp(join(tmpdir(), 'certwright-npm-release-'));
    sigstore = await createTestSigstore();
  });
  after(async () => {
    await registry?.stop();
  });

  it('two packages: check, pack with SHA256SUMS, publish to staging, verify with provenance, install-test, promote', async (t) => {
    const version = '2.3.0';
    const core = await makePackage(work, '@acme/core', version, { 'index.js': 'module.exports = "core";\n' });
    const cli = await makePackage(work, '@acme/cli', version, {
      'index.js': 'module.exports = require("@acme/core");\n',
    });
    const pkgJson = JSON.parse(await readFile(join(cli, 'package.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(
      join(cli, 'package.json'),
      JSON.stringify({ ...pkgJson, bin: { acme: 'bin.js' }, dependencies: { '@acme/core': version } }),
    );
    await writeFile(
      join(cli, 'bin.js'),
      '#!/usr/bin/env node\nconsole.log(`acme ${require("./package.json").version} ${require("@acme/core")}`);\n',
    );
    const front = await provenanceFront(registry, sigstore, {
      repository: 'acme/site',
      workflow: '.github/workflows/release.yml',
    });
    const trustedRoot = join(work, 'trusted-root.json');
    await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
    const out = join(work, 'release');
    const context: Record<string, string> = {
      'inputs.packages': `${core}\n${cli}`,
      'inputs.registry-url': front.url,
      'inputs.staging-tag': 'staging',
      'inputs.smoke-command': 'acme | grep -x "acme $RELEASE_VERSION core"',
      'secrets.dist-tag-token': '',
      'env.VERSION': version,
      'github.ref_name': `v${version}`,
      'github.repository': 'acme/site',
    };
    // npm's settings as actions/setup-node leaves them: the registry (here the front) and its token.
    const npmrc = join(work, 'front.npmrc');
    await writeFile(
      npmrc,
      `${await readFile(registry.npmrc, 'utf8')}//${new URL(front.url).host}/:_authToken=local-test-token\n`,
    );
    const env = {
      npm_config_userconfig: npmrc,
      npm_config_cache: registry.env.npm_config_cache as string,
      npm_config_update_notifier: 'false',
    };
    t.after(() => front.close());
    const steps = await certwrightSteps('npm-release.yml');
    assert.deepEqual(
      steps.map((s) => (s.action === 'release-step' ? s.with.step : s.action)),
      ['check', 'pack', 'publish', 'verify-release', 'install-test', 'promote'],
    );
    const runs: Record<string, StepRun> = {};
    for (const step of steps) {
      const inputs = evaluate(step, context);
      // The one difference from GitHub: provenance is signed by the test's Sigstore root, not the public-good one.
      if (step.action === 'verify-release') Object.assign(inputs, { 'trusted-root': trustedRoot, timeout: '10' });
      // out-dir is relative to the job's workspace; here it is the test's folder.
      if (inputs['out-dir']) inputs['out-dir'] = out;
      if (step.action === 'verify-release') inputs.tarball = out;
      const label = step.action === 'release-step' ? (inputs.step as string) : step.action;
      const result = await runActionStep(bundles[step.action as keyof typeof bundles], inputs, {}, ACTION_NODE, {
        ...env,
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: `v${version}`,
      });
      assert.equal(result.code, 0, `${label}:\n${result.output}`);
      runs[label] = result;
      if (label === 'pack')
        context["join(fromJSON(steps.pack.outputs.packages).*.name, ',')"] = (
          JSON.parse(result.outputs.packages ?? '[]') as { name: string }[]
        )
          .map((p) => p.name)
          .join(',');
      if (label === 'publish') {
        const tags = JSON.parse(
          (
            await run('npm', ['view', '@acme/core', 'dist-tags', '--json', '--registry', registry.url], {
              env: registry.env,
            })
          ).stdout,
        ) as Record<string, string>;
        assert.equal(tags.staging, version, 'published under the staging dist-tag');
      }
    }
    assert.equal(runs.check?.outputs.version, version);
    const files = (runs.pack?.outputs.files ?? '').split('\n');
    assert.deepEqual(files, [join(out, 'acme-core-2.3.0.tgz'), join(out, 'acme-cli-2.3.0.tgz')]);
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    assert.match(sums.stdout, /^acme-core-2\.3\.0\.tgz: OK\nacme-cli-2\.3\.0\.tgz: OK\n$/);
    const report = JSON.parse(runs['verify-release']?.outputs.report ?? '{}') as {
      verified: boolean;
      packages: { name: string; checks: { name: string; ok: boolean }[] }[];
    };
    assert.equal(report.verified, true);
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.checks.find((c) => c.name === 'provenance source')?.ok]),
      [
        ['@acme/core', true],
        ['@acme/cli', true],
      ],
    );
    assert.match(runs['install-test']?.output ?? '', /install-test: the smoke command passed/);
    for (const name of ['@acme/core', '@acme/cli']) {
      const tags = JSON.parse(
        (await run('npm', ['view', name, 'dist-tags', '--json', '--registry', registry.url], { env: registry.env }))
          .stdout,
      ) as Record<string, string>;
      assert.equal(tags.latest, version, `${name} promoted to latest`);
      assert.equal(tags.staging, undefined, `${name}: the staging dist-tag is gone`);
    }
  });

  it('check refuses a tag another package does not carry, and a tag that is not semver, naming the file', async () => {
    const a = await makePackage(join(work, 'mismatch'), 'mm-a', '1.0.0', { 'index.js': '' });
    const b = await makePackage(join(work, 'mismatch'), 'mm-b', '1.0.1', { 'index.js': '' });
    const mismatch = await runActionStep(
      bundles['release-step'],
      { step: 'check', packages: `${a},${b}`, tag: 'v1.0.0' },
      {},
      ACTION_NODE,
    );
    assert.equal(mismatch.code, 1);
    assert.match(
      mismatch.output,
      new RegExp(
        `^::error::tag: v1\\.0\\.0 does not match ${join(b, 'package.json').replace(/[.]/g, '\\.')} version 1\\.0\\.1; every package of the release carries the tag's version$`,
        'm',
      ),
    );
    const loose = await runActionStep(
      bundles['release-step'],
      { step: 'check', packages: a, tag: 'release-1' },
      {},
      ACTION_NODE,
    );
    assert.match(
      loose.output,
      /^::error::tag: "release-1" is not a semver version tag; expected v1\.2\.3 or v1\.2\.3-rc\.1$/m,
    );
    const noStep = await runActionStep(
      bundles['release-step'],
      { step: 'deploy', packages: a, tag: 'v1.0.0' },
      {},
      ACTION_NODE,
    );
    assert.match(
      noStep.output,
      /^::error::step: "deploy" is not a step of the npm release; expected one of check, pack, publish, install-test, promote$/m,
    );
  });
});
