import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseVerifyConfig } from '../../src/config/verify.js';
import { runVerifyRelease } from '../../src/release/verify.js';
import { runCli } from '../harness/cli.js';
import { makePackage, startRegistry, type Registry } from '../harness/verdaccio.js';

const fastRetry = { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 50))), now: () => Date.now() };

/** A local HTTP server on a free loopback port, for the fronts and CDNs these tests put before a registry. */
async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}


describe('verify-release against a real Verdaccio', () => {
  let registry: Registry;
  let work: string;
  before(async () => {
    registry = await startRegistry();
    work = await mkdtemp(join(tmpdir(), 'certwright-release-'));
  });
  after(async () => {
    await registry?.stop();
  });

  it('passes for the tarball that was published (CLI, with the tag)', async () => {
    const dir = await makePackage(work, '@acme/good', '1.0.0', { 'index.js': 'module.exports = 1;\n', 'README.md': '# good\n' });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const run = await runCli(['verify-release', '--package', '@acme/good', '--version', '1.0.0', '--tarball', tarball, '--registry', registry.url, '--tag', 'v1.0.0', '--timeout', '5']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ok {3}integrity: sha512-/m);
    assert.match(run.stdout, /^ok {3}tarball: \d+ bytes, identical$/m);
    assert.match(run.stdout, /^ok {3}files: 3 files, identical$/m);
    assert.match(run.stdout, /^verified: @acme\/good@1\.0\.0 on http:\/\/127\.0\.0\.1:\d+ is what was built$/m);
  });

  it('fails against the wrong local tarball, naming the differing files', async () => {
    const published = await makePackage(join(work, 'pub'), 'drift', '2.0.0', { 'index.js': 'module.exports = "published";\n', 'extra.js': '1;\n' });
    await registry.publish(await registry.pack(published));
    const local = await makePackage(join(work, 'local'), 'drift', '2.0.0', { 'index.js': 'module.exports = "built";\n', 'only-local.js': '2;\n' });
    const tarball = await registry.pack(local);
    const result = await runVerifyRelease(parseVerifyConfig({ package: 'drift', version: '2.0.0', tarball, registry: registry.url, timeout: '5' }), fastRetry);
    assert.equal(result.verified, false);
    const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
    assert.equal(byName.integrity?.ok, false);
    assert.equal(byName.tarball?.ok, false);
    assert.equal(byName.files?.detail, 'added on the registry: extra.js; missing on the registry: only-local.js; changed: index.js');
    const run = await runCli(['verify-release', '--package', 'drift', '--version', '2.0.0', '--tarball', tarball, '--registry', registry.url, '--timeout', '5']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL files: added on the registry: extra\.js; missing on the registry: only-local\.js; changed: index\.js$/m);
  });

  it('a version that never appears fails after the bounded wait, saying so', async () => {
    const dir = await makePackage(work, 'never', '3.0.0', { 'index.js': '3;\n' });
    const tarball = await registry.pack(dir);
    const started = Date.now();
    const result = await runVerifyRelease(parseVerifyConfig({ package: 'never', version: '3.0.0', tarball, registry: registry.url, timeout: '2' }), fastRetry);
    assert.equal(result.verified, false);
    assert.equal(result.checks.find((c) => c.name === 'published')?.detail, `never@3.0.0 is not on ${registry.url} after waiting 2 s`);
    assert.ok(Date.now() - started < 10_000, 'the wait is bounded');
  });

  it('a tag that does not match the version fails', async () => {
    const dir = await makePackage(work, 'tagged', '4.1.0', { 'index.js': '4;\n' });
    const tarball = await registry.pack(dir);
    await registry.publish(tarball);
    const result = await runVerifyRelease(parseVerifyConfig({ package: 'tagged', version: '4.1.0', tarball, registry: registry.url, tag: 'v4.0.9', timeout: '5' }), fastRetry);
    assert.equal(result.verified, false);
    assert.deepEqual(result.checks[0], { name: 'tag', ok: false, detail: 'tag v4.0.9 names 4.0.9, the package is 4.1.0' });
    const provenance = await runVerifyRelease(parseVerifyConfig({ package: 'tagged', version: '4.1.0', tarball, registry: registry.url, 'require-provenance': 'true', timeout: '5' }), fastRetry);
    assert.equal(provenance.checks.find((c) => c.name === 'provenance')?.ok, false, 'Verdaccio records no provenance');
  });

  it('follows a 302 for the tarball to another origin without sending it the token', async () => {
    const token = 'npm_privateRegistryToken0123456789abcdef';
    const dir = await makePackage(work, 'private-pkg', '1.0.0', { 'index.js': 'module.exports = "private";\n', 'README.md': '# private\n' });
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
    // Later the packument names the CDN itself, as registries that serve tarballs from a CDN do.
    let direct = false;
    const front = await listen(async (req, res) => {
      frontSaw.push({ path: req.url ?? '', authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      if (req.url === '/private-pkg') {
        const packument = (await (await fetch(`${registry.url}/private-pkg`)).json()) as { versions: Record<string, { dist: { tarball: string } }> };
        for (const manifest of Object.values(packument.versions)) manifest.dist.tarball = direct ? `${cdn.url}/${basename(manifest.dist.tarball)}` : `${front.url}/tarballs/${basename(manifest.dist.tarball)}`;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
      }
      if (req.url?.startsWith('/tarballs/')) return void res.writeHead(302, { location: `${cdn.url}/${req.url.slice('/tarballs/'.length)}` }).end();
      res.writeHead(404).end();
    });
    try {
      const config = parseVerifyConfig({ package: 'private-pkg', version: '1.0.0', tarball, registry: front.url, 'registry-token': token, timeout: '5' });
      const result = await runVerifyRelease(config, fastRetry);
      assert.equal(result.verified, true, JSON.stringify(result.checks));
      assert.equal(result.tarballUrl, `${front.url}/tarballs/${file}`);
      const run = await runCli(['verify-release', '--package', 'private-pkg', '--version', '1.0.0', '--tarball', tarball, '--registry', front.url, '--registry-token', token, '--timeout', '5'], { HOME: work });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok {3}integrity: sha512-/m);
      assert.match(run.stdout, /^ok {3}tarball: \d+ bytes, identical$/m);
      assert.match(run.stdout, /^ok {3}files: 3 files, identical$/m);
      const bearer = `Bearer ${token}`;
      const twice = (path: string) => [{ path, authorization: bearer }, { path, authorization: bearer }];
      assert.deepEqual(
        [...frontSaw].sort((a, b) => a.path.localeCompare(b.path)),
        [...twice('/private-pkg'), ...twice(`/tarballs/${file}`)],
        'the front got the token for the packument and the tarball, in both runs',
      );
      assert.equal(cdnSaw.length, 2, 'each run downloaded the tarball from the CDN');
      for (const headers of cdnSaw) {
        assert.equal(headers.authorization, undefined, 'the token stays with the registry');
        assert.ok(!JSON.stringify(headers).includes(token), 'the token is nowhere in what the CDN got');
      }
      direct = true;
      const fromCdn = await runVerifyRelease(config, fastRetry);
      assert.equal(fromCdn.verified, true, JSON.stringify(fromCdn.checks));
      assert.equal(fromCdn.tarballUrl, `${cdn.url}/${file}`);
      assert.equal(cdnSaw.length, 3);
      assert.equal(cdnSaw[2]?.authorization, undefined, 'a tarball URL on another origin does not get the token either');
      await assert.rejects(
        runVerifyRelease(parseVerifyConfig({ package: 'private-pkg', version: '1.0.0', tarball, registry: front.url, timeout: '5' }), fastRetry),
        { message: `verify-release: ${front.url}/private-pkg answered HTTP 401; pass registry-token for a private registry` },
        'the front really wants the token',
      );
    } finally {
      front.close();
      cdn.close();
    }
  });
});

describe('verify-release for PyPI against a local JSON API', () => {
  it('checks every built file by filename and sha256, and catches a changed one', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'certwright-pypi-'));
    const files: Record<string, Buffer> = {
      'acme_site-1.2.3.tar.gz': Buffer.from('an sdist built here'),
      'acme_site-1.2.3-py3-none-any.whl': Buffer.from('a wheel built here'),
    };
    await mkdir(dist, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dist, name), bytes);
    let served = Object.entries(files).map(([filename, bytes]) => ({ filename, digests: { sha256: createHash('sha256').update(bytes).digest('hex') }, packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist' }));
    const server = http.createServer((req, res) => {
      if (req.url === '/pypi/acme-site/1.2.3/json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ info: { name: 'acme-site', version: '1.2.3' }, urls: served }));
      } else res.writeHead(404).end('{"message": "Not Found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const index = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const config = parseVerifyConfig({ ecosystem: 'pypi', package: 'acme-site', version: '1.2.3', dist, registry: index, timeout: '2' });
      const ok = await runVerifyRelease(config, fastRetry);
      assert.equal(ok.verified, true, JSON.stringify(ok.checks));
      served = served.map((f) => (f.filename.endsWith('.whl') ? { ...f, digests: { sha256: '0'.repeat(64) } } : f));
      const changed = await runVerifyRelease(config, fastRetry);
      assert.equal(changed.verified, false);
      assert.match(changed.checks.find((c) => c.name === 'acme_site-1.2.3-py3-none-any.whl')?.detail ?? '', /^sha256 differs: published 0{64}, local [0-9a-f]{64}$/);
      served = [...served, { filename: 'acme_site-1.2.3-cp312-manylinux.whl', digests: { sha256: '1'.repeat(64) }, packagetype: 'bdist_wheel' }];
      const extra = await runVerifyRelease(config, fastRetry);
      assert.equal(extra.checks.find((c) => c.name === 'unexpected files')?.detail, 'published but not built here: acme_site-1.2.3-cp312-manylinux.whl');
      const missing = await runVerifyRelease(parseVerifyConfig({ ecosystem: 'pypi', package: 'acme-site', version: '9.9.9', dist, registry: index, timeout: '1' }), fastRetry);
      assert.match(missing.checks.find((c) => c.name === 'published')?.detail ?? '', /^acme-site 9\.9\.9 with 2 files is not on http:\/\/127\.0\.0\.1:\d+ after waiting 1 s$/);
    } finally {
      server.close();
    }
    assert.equal((await readFile(join(dist, 'acme_site-1.2.3.tar.gz'))).toString(), 'an sdist built here');
  });

  it('follows the 301 from a non-canonical project name to its PEP 503 name', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'certwright-pypi-'));
    const files: Record<string, Buffer> = { 'foo_bar-1.0.0.tar.gz': Buffer.from('sdist of Foo_Bar'), 'foo_bar-1.0.0-py3-none-any.whl': Buffer.from('wheel of Foo_Bar') };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dist, name), bytes);
    const urls = Object.entries(files).map(([filename, bytes]) => ({ filename, digests: { sha256: createHash('sha256').update(bytes).digest('hex') } }));
    const asked: string[] = [];
    // As PyPI does: any spelling of a project redirects to its normalized name (PEP 503).
    const index = await listen((req, res) => {
      asked.push(req.url ?? '');
      const match = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(req.url ?? '');
      const canonical = match?.[1]?.replace(/[-_.]+/g, '-').toLowerCase();
      if (!match || canonical !== 'foo-bar' || match[2] !== '1.0.0') return void res.writeHead(404).end('{"message": "Not Found"}');
      if (match[1] !== canonical) return void res.writeHead(301, { location: `/pypi/${canonical}/${match[2]}/json` }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ info: { name: 'foo-bar', version: '1.0.0' }, urls }));
    });
    try {
      const run = await runCli(['verify-release', '--ecosystem', 'pypi', '--package', 'Foo_Bar', '--version', '1.0.0', '--dist', dist, '--registry', index.url, '--timeout', '2']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok {3}published: Foo_Bar 1\.0\.0 is on http:\/\/127\.0\.0\.1:\d+$/m);
      assert.match(run.stdout, /^ok {3}foo_bar-1\.0\.0-py3-none-any\.whl: sha256 [0-9a-f]{64}$/m);
      assert.match(run.stdout, /^ok {3}foo_bar-1\.0\.0\.tar\.gz: sha256 [0-9a-f]{64}$/m);
      assert.match(run.stdout, /^verified: Foo_Bar@1\.0\.0 on http:\/\/127\.0\.0\.1:\d+ is what was built$/m);
      assert.deepEqual(asked, ['/pypi/Foo_Bar/1.0.0/json', '/pypi/foo-bar/1.0.0/json'], 'asked by the given name, then where the 301 pointed');
    } finally {
      index.close();
    }
  });
});
