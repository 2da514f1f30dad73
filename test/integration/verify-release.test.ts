import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseVerifyConfig } from '../../src/config/verify.js';
import type { PackageReport, VerifyReport } from '../../src/release/report.js';
import { runVerifyRelease } from '../../src/release/verify.js';
import { runCli } from '../../src/testing/cli.js';
import { ACTION_NODE } from '../../src/testing/node24.js';
import { runActionStep } from '../../src/testing/runner.js';
import { createTestSigstore, type TestSigstore } from '../harness/sigstore.js';
import { makePackage, startRegistry, type Registry } from '../harness/verdaccio.js';

const verifyReleaseBundle = fileURLToPath(new URL('../../dist/verify-release.js', import.meta.url));
const fastRetry = {
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 50))),
  now: () => Date.now(),
};

/** The environment npm needs for the test registry, and nothing of the machine's npm setup. */
function npmEnv(registry: Registry, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { HOME, npm_config_userconfig, npm_config_cache, npm_config_update_notifier } = registry.env;
  return {
    PATH: process.env.PATH,
    HOME,
    npm_config_userconfig,
    npm_config_cache,
    npm_config_update_notifier,
    ...extra,
  };
}

/** A local HTTP server on a free loopback port, for the fronts and CDNs these tests put before a registry. */
async function listen(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void,
): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('verify-release against a real Verdaccio', () => {
  let registry: Registry;
  let work: string;
  let sigstore: TestSigstore;
  let trustedRoot: string;
  /** Verifies one package as the library does, returning its report. */
  const verify = async (
    raw: Record<string, string>,
    env: NodeJS.ProcessEnv = npmEnv(registry),
  ): Promise<PackageReport> => {
    const report = await runVerifyRelease(parseVerifyConfig(raw), { ...fastRetry, env });
    assert.equal(report.packages.length, 1);
    return report.packages[0] as PackageReport;
  };
  before(async () => {
    registry = await startRegistry();
    work = await mkdtemp(join(tmpdir(), 'certwright-release-'));
    sigstore = await createTestSigstore();
    trustedRoot = join(work, 'trusted-root.json');
    await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
  });
  after(async () => {
    await registry?.stop();
  });

  it('passes for the tarball that was published (CLI, with the tag)', async () => {
    const dir = await makePackage(work, '@acme/good', '1.0.0', {
      'index.js': 'module.exports = 1;\n',
      'README.md': '# good\n',
    });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const run = await runCli(
      [
        'verify-release',
        '--package',
        '@acme/good',
        '--version',
        '1.0.0',
        '--tarball',
        tarball,
        '--registry',
        registry.url,
        '--tag',
        'v1.0.0',
        '--timeout',
        '5',
      ],
      npmEnv(registry),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ok {3}integrity: sha512-/m);
    assert.match(run.stdout, /^ok {3}tarball: \d+ bytes, identical$/m);
    assert.match(run.stdout, /^ok {3}files: 3 files, identical$/m);
    assert.match(run.stdout, /^verified: @acme\/good@1\.0\.0 on http:\/\/127\.0\.0\.1:\d+ is what was built$/m);
  });

  it('fails against the wrong local tarball, naming the differing files', async () => {
    const published = await makePackage(join(work, 'pub'), 'drift', '2.0.0', {
      'index.js': 'module.exports = "published";\n',
      'extra.js': '1;\n',
    });
    await registry.publish(await registry.pack(published));
    const local = await makePackage(join(work, 'local'), 'drift', '2.0.0', {
      'index.js': 'module.exports = "built";\n',
      'only-local.js': '2;\n',
    });
    const tarball = await registry.pack(local);
    const result = await verify({ package: 'drift', version: '2.0.0', tarball, registry: registry.url, timeout: '5' });
    assert.equal(result.verified, false);
    const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
    assert.equal(byName.integrity?.ok, false);
    assert.equal(byName.tarball?.ok, false);
    assert.equal(
      byName.files?.detail,
      'added on the registry: extra.js; missing on the registry: only-local.js; changed: index.js',
    );
    const run = await runCli(
      [
        'verify-release',
        '--package',
        'drift',
        '--version',
        '2.0.0',
        '--tarball',
        tarball,
        '--registry',
        registry.url,
        '--timeout',
        '5',
      ],
      npmEnv(registry),
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^FAIL files: added on the registry: extra\.js; missing on the registry: only-local\.js; changed: index\.js$/m,
    );
  });

  it('a version that never appears fails after the bounded wait, saying so', async () => {
    const dir = await makePackage(work, 'never', '3.0.0', { 'index.js': '3;\n' });
    const tarball = await registry.pack(dir);
    const started = Date.now();
    const result = await verify({ package: 'never', version: '3.0.0', tarball, registry: registry.url, timeout: '2' });
    assert.equal(result.verified, false);
    assert.equal(
      result.checks.find((c) => c.name === 'published')?.detail,
      `never@3.0.0 is not on ${registry.url} after waiting 2 s`,
    );
    assert.ok(Date.now() - started < 10_000, 'the wait is bounded');
  });

  it('a tag that does not match the version fails', async () => {
    const dir = await makePackage(work, 'tagged', '4.1.0', { 'index.js': '4;\n' });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const result = await verify({
      package: 'tagged',
      version: '4.1.0',
      tarball,
      registry: registry.url,
      tag: 'v4.0.9',
      timeout: '5',
    });
    assert.equal(result.verified, false);
    assert.deepEqual(result.checks[0], {
      name: 'tag',
      ok: false,
      detail: 'tag v4.0.9 names 4.0.9, the package is 4.1.0',
    });
    const provenance = await verify({
      package: 'tagged',
      version: '4.1.0',
      tarball,
      registry: registry.url,
      'require-provenance': 'true',
      timeout: '5',
    });
    assert.deepEqual(
      provenance.checks.find((c) => c.name === 'provenance'),
      {
        name: 'provenance',
        ok: false,
        detail:
          "no https://slsa.dev/provenance/v1 attestation among the registry's 0 (publish with npm trusted publishing or --provenance)",
      },
    );
  });

  it('a private registry: npm reads it with the token from its .npmrc, and follows a 302 to a CDN that never gets the token', async () => {
    const token = 'npm_privateRegistryToken0123456789abcdef';
    const dir = await makePackage(work, 'private-pkg', '1.0.0', {
      'index.js': 'module.exports = "private";\n',
      'README.md': '# private\n',
    });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const file = basename(tarball);
    // A CDN on another origin: serves the bytes Verdaccio has, and records what it was sent.
    const cdnSaw: http.IncomingHttpHeaders[] = [];
    const cdn = await listen(async (req, res) => {
      cdnSaw.push(req.headers);
      if (req.url !== `/${file}`) return void res.writeHead(404).end();
      const bytes = Buffer.from(await (await fetch(`${registry.url}/private-pkg/-/${file}`)).arrayBuffer());
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    });
    // A private registry's front: wants the token, serves Verdaccio's packument with its own
    // tarball URL, and sends tarball downloads on to the CDN.
    const frontSaw: { path: string; authorization: string | undefined }[] = [];
    const front = await listen(async (req, res) => {
      frontSaw.push({ path: req.url ?? '', authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${token}`)
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      if (req.url === '/private-pkg') {
        const packument = (await (await fetch(`${registry.url}/private-pkg`)).json()) as {
          versions: Record<string, { dist: { tarball: string } }>;
        };
        for (const manifest of Object.values(packument.versions))
          manifest.dist.tarball = `${front.url}/tarballs/${basename(manifest.dist.tarball)}`;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
      }
      // Another host name: npm keeps headers on a redirect to the same host, whatever the port.
      if (req.url?.startsWith('/tarballs/'))
        return void res
          .writeHead(302, {
            location: `${cdn.url.replace('127.0.0.1', 'localhost')}/${req.url.slice('/tarballs/'.length)}`,
          })
          .end();
      res.writeHead(404).end();
    });
    // What actions/setup-node writes: the token comes from NODE_AUTH_TOKEN, which registry-token sets.
    const npmrc = join(work, 'private.npmrc');
    await writeFile(npmrc, `//${new URL(front.url).host}/:_authToken=\${NODE_AUTH_TOKEN}\n`);
    const env = npmEnv(registry, { npm_config_userconfig: npmrc, npm_config_cache: join(work, 'private-cache') });
    try {
      const result = await verify(
        {
          package: 'private-pkg',
          version: '1.0.0',
          tarball,
          registry: front.url,
          'registry-token': token,
          timeout: '5',
        },
        env,
      );
      assert.equal(result.verified, true, JSON.stringify(result.checks));
      assert.equal(result.tarballUrl, `${front.url}/tarballs/${file}`);
      const run = await runCli(
        [
          'verify-release',
          '--package',
          'private-pkg',
          '--version',
          '1.0.0',
          '--tarball',
          tarball,
          '--registry',
          front.url,
          '--timeout',
          '5',
        ],
        { ...env, CERTWRIGHT_REGISTRY_TOKEN: token },
      );
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok {3}integrity: sha512-/m);
      assert.match(run.stdout, /^ok {3}files: 3 files, identical$/m);
      assert.ok(
        frontSaw.length > 0 && frontSaw.every((r) => r.authorization === `Bearer ${token}`),
        'npm sent the front the token every time',
      );
      assert.ok(
        frontSaw.some((r) => r.path === `/tarballs/${file}`),
        'the tarball was asked of the front',
      );
      assert.ok(cdnSaw.length > 0, 'and downloaded from the CDN');
      for (const headers of cdnSaw) {
        assert.equal(headers.authorization, undefined, 'the token stays with the registry');
        assert.ok(!JSON.stringify(headers).includes(token), 'the token is nowhere in what the CDN got');
      }
      await assert.rejects(
        verify({ package: 'private-pkg', version: '1.0.0', tarball, registry: front.url, timeout: '5' }, env),
        {
          message:
            "verify-release: npm may not read private-pkg (E401); pass registry-token or configure npm's credentials for the registry",
        },
      );
    } finally {
      front.close();
      cdn.close();
    }
  });

  it('provenance: the Sigstore bundle verifies, names this tarball, and was signed by the expected repository and workflow', async () => {
    const dir = await makePackage(work, 'prov-pkg', '1.0.0', { 'index.js': 'module.exports = "attested";\n' });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const sha512Hex = createHash('sha512')
      .update(await readFile(tarball))
      .digest('hex');
    let attested = { repository: 'acme/site', workflow: '.github/workflows/release.yml', sha512Hex };
    // The registry's provenance, as registry.npmjs.org serves it: dist.attestations in the manifest, the bundle at its URL.
    const front = await listen(async (req, res) => {
      if (req.url === '/prov-pkg') {
        const packument = (await (await fetch(`${registry.url}/prov-pkg`)).json()) as {
          versions: Record<string, { dist: Record<string, unknown> }>;
        };
        for (const manifest of Object.values(packument.versions)) {
          manifest.dist.attestations = {
            url: `${front.url}/-/npm/v1/attestations/prov-pkg@1.0.0`,
            provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
          };
        }
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
      }
      if (req.url === '/-/npm/v1/attestations/prov-pkg@1.0.0') {
        const body = await sigstore.npmAttestations({ name: 'prov-pkg', version: '1.0.0', ...attested });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      const upstream = await fetch(`${registry.url}${req.url}`);
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
        })
        .end(Buffer.from(await upstream.arrayBuffer()));
    });
    const raw = {
      package: 'prov-pkg',
      version: '1.0.0',
      tarball,
      registry: front.url,
      timeout: '5',
      'require-provenance': 'true',
      'trusted-root': trustedRoot,
      'expect-repository': 'acme/site',
      'expect-workflow': '.github/workflows/release.yml',
    };
    try {
      const good = await verify(raw);
      assert.equal(good.verified, true, JSON.stringify(good.checks, null, 2));
      assert.deepEqual(
        good.checks.filter((c) => c.name.startsWith('provenance')).map((c) => [c.name, c.ok]),
        [
          ['provenance', true],
          ['provenance signature', true],
          ['provenance subject', true],
          ['provenance source', true],
        ],
      );
      const fork = await verify({ ...raw, 'expect-repository': 'evil/fork' });
      assert.equal(fork.verified, false);
      assert.match(fork.checks.find((c) => c.name === 'provenance source')?.detail ?? '', /expected evil\/fork/);
      attested = { ...attested, sha512Hex: createHash('sha512').update('another tarball').digest('hex') };
      const other = await verify(raw);
      assert.equal(
        other.checks.find((c) => c.name === 'provenance subject')?.ok,
        false,
        'an attestation for another tarball does not count',
      );
      attested = { ...attested, sha512Hex, repository: 'evil/fork' };
      const signedElsewhere = await verify({ ...raw, 'expect-repository': '' });
      assert.equal(signedElsewhere.verified, true, 'without expect-repository the source is only reported');
      assert.match(signedElsewhere.checks.find((c) => c.name === 'provenance source')?.detail ?? '', /evil\/fork/);
    } finally {
      front.close();
    }
  });

  it("the Action (dist/verify-release.js) with require-provenance: the signer must be this workflow's repository, and a pull_request_target build fails unless allowed", async () => {
    const dir = await makePackage(work, 'prov-action', '1.0.0', { 'index.js': 'module.exports = "action";\n' });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const sha512Hex = createHash('sha512')
      .update(await readFile(tarball))
      .digest('hex');
    let signer: { repository: string; trigger?: string } = { repository: 'acme/site' };
    const front = await listen(async (req, res) => {
      if (req.url === '/prov-action') {
        const packument = (await (await fetch(`${registry.url}/prov-action`)).json()) as {
          versions: Record<string, { dist: Record<string, unknown> }>;
        };
        for (const manifest of Object.values(packument.versions)) {
          manifest.dist.attestations = {
            url: `${front.url}/-/npm/v1/attestations/prov-action@1.0.0`,
            provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
          };
        }
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
      }
      if (req.url === '/-/npm/v1/attestations/prov-action@1.0.0') {
        const body = await sigstore.npmAttestations({
          name: 'prov-action',
          version: '1.0.0',
          workflow: '.github/workflows/release.yml',
          sha512Hex,
          ...signer,
        });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      const upstream = await fetch(`${registry.url}${req.url}`);
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
        })
        .end(Buffer.from(await upstream.arrayBuffer()));
    });
    const inputs = {
      package: 'prov-action',
      version: '1.0.0',
      tarball,
      registry: front.url,
      timeout: '5',
      'require-provenance': 'true',
      'trusted-root': trustedRoot,
    };
    // The workflow runs in acme/site, as GITHUB_REPOSITORY says on a runner.
    const step = (extra: Record<string, string> = {}) =>
      runActionStep(verifyReleaseBundle, { ...inputs, ...extra }, {}, ACTION_NODE, {
        ...(npmEnv(registry) as Record<string, string>),
        GITHUB_REPOSITORY: 'acme/site',
      });
    try {
      const own = await step();
      assert.equal(own.code, 0, own.output);
      assert.match(
        own.output,
        /^ok {3}provenance source: signed by https:\/\/github\.com\/acme\/site\/\.github\/workflows\/release\.yml@refs\/tags\/v1\.0\.0 /m,
      );

      signer = { repository: 'evil/fork' };
      const fork = await step();
      assert.equal(fork.code, 1, fork.output);
      const forkLine =
        "provenance source: the provenance was built in evil/fork, not in this workflow's repository acme/site; if evil/fork builds this package, set expect-repository: evil/fork";
      assert.ok(
        fork.output.split('\n').some((line) => line.startsWith('::error ') && line.endsWith(`::${forkLine}`)),
        fork.output,
      );
      const named = await step({ 'expect-repository': 'evil/fork' });
      assert.equal(named.code, 0, `the user named the other repository:\n${named.output}`);

      signer = { repository: 'acme/site', trigger: 'pull_request_target' };
      const prTarget = await step();
      assert.equal(prTarget.code, 1, prTarget.output);
      assert.match(
        prTarget.output,
        /^::error .*::provenance source: built by a pull_request_target run of https:\/\/github\.com\/acme\/site\/\.github\/workflows\/release\.yml@refs\/tags\/v1\.0\.0, which can build code from a pull request with the repository's credentials; set allow-pull-request-target: true to accept it$/m,
      );
      const allowed = await step({ 'allow-pull-request-target': 'true' });
      assert.equal(allowed.code, 0, allowed.output);
    } finally {
      front.close();
    }
  });

  it('several packages in one call: a folder of tarballs, one report (--json)', async () => {
    const folder = join(work, 'many');
    await mkdir(folder, { recursive: true });
    for (const name of ['@acme/one', '@acme/two']) {
      const dir = await makePackage(work, name, '5.0.0', { 'index.js': `module.exports = ${JSON.stringify(name)};\n` });
      const tarball = await registry.pack(dir);
      await registry.publish(tarball);
      await writeFile(join(folder, basename(tarball)), await readFile(tarball));
    }
    const run = await runCli(
      [
        'verify-release',
        '--package',
        '@acme/one,@acme/two',
        '--version',
        '5.0.0',
        '--tarball',
        folder,
        '--registry',
        registry.url,
        '--tag',
        'v5.0.0',
        '--timeout',
        '5',
        '--json',
      ],
      npmEnv(registry),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as VerifyReport;
    assert.equal(report.verified, true);
    assert.match(report.checkedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.version, p.verified]),
      [
        ['@acme/one', '5.0.0', true],
        ['@acme/two', '5.0.0', true],
      ],
    );
    const one = await runCli(
      [
        'verify-release',
        '--package',
        '@acme/one,@acme/two',
        '--version',
        '5.0.0',
        '--tarball',
        join(folder, 'acme-one-5.0.0.tgz'),
        '--timeout',
        '5',
      ],
      npmEnv(registry),
    );
    assert.equal(one.code, 1);
    assert.match(
      one.stderr,
      /tarball: .*acme-one-5\.0\.0\.tgz is one file, but 2 packages are checked; pass the folder npm pack wrote their tarballs to/,
    );
  });
});
