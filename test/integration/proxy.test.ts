/**
 * Issue acceptance for proxies: with HTTPS_PROXY / HTTP_PROXY pointing at a local logging proxy,
 * the committed CLI reaches Pebble (https, CONNECT), Verdaccio and the GitHub API (plain http,
 * absolute-URI requests) through it; a host:port in NO_PROXY is reached directly; a proxy that
 * wants credentials gets them from the URL and its password never reaches the output. Every case
 * runs on Node 20 and on Node 24.
 */
import assert from 'node:assert/strict';
import { bedFlags } from '../../src/testing/cli.js';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseBundle } from '../../src/state/bundle.js';
import { decryptState, parseStateKey } from '../../src/state/encryption.js';
import { startConnectProxy, type ConnectProxy, type ConnectProxyOptions } from '../harness/connect-proxy.js';
import { STATE_KEY } from '../../src/testing/engine.js';
import { startGithubApi, type GithubApi } from '../../src/testing/github-api.js';
import { nodeVersions } from '../../src/testing/node24.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { makePackage, startRegistry, type Registry } from '../harness/verdaccio.js';
import { verifyIssued } from '../../src/testing/verify.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const GITHUB_TOKEN = 'github_pat_11PROXYTEST0123456789_secretwriter';
const PROXY_USER = 'ci-runner';
/** Characters that must be percent-encoded in the URL, so the decoding is exercised too. */
const PROXY_PASS = 'pr0xy:p@ss/word';
const PROXY_PASS_ENCODED = encodeURIComponent(PROXY_PASS);

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/cli.js` on the given Node binary, with only PATH and `env` in its environment. */
function runCliOn(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(node, [cli, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `use` with a fresh logging proxy, so each case sees only its own traffic. */
async function withProxy<T>(options: ConnectProxyOptions, use: (proxy: ConnectProxy) => Promise<T>): Promise<T> {
  const proxy = await startConnectProxy(options);
  try {
    return await use(proxy);
  } finally {
    await proxy.close();
  }
}

/** The same URL with credentials in it, as a user writes HTTPS_PROXY for an authenticating proxy. */
function withCredentials(proxyUrl: string, user: string, encodedPass: string): string {
  return proxyUrl.replace('http://', `http://${user}:${encodedPass}@`);
}

describe('proxies from the environment (node dist/cli.js)', () => {
  let bed: Testbed;
  let registry: Registry;
  let api: GithubApi;
  let home: string;
  let tarball: string;
  /** `127.0.0.1:port` of Pebble's ACME API: what a CONNECT to it names. */
  let pebble: string;

  before(async () => {
    [bed, registry, api] = await Promise.all([
      startTestbed(),
      startRegistry(),
      startGithubApi({ token: GITHUB_TOKEN }),
    ]);
    home = await mkdtemp(join(tmpdir(), 'certwright-proxy-'));
    pebble = new URL(bed.directoryUrl).host;
    const dir = await makePackage(home, 'proxied-pkg', '1.0.0', {
      'index.js': 'module.exports = "through a proxy";\n',
    });
    tarball = await registry.pack(dir);
    await registry.publish(tarball);
  });
  after(async () => {
    await Promise.all([bed?.stop(), registry?.stop(), api?.close()]);
  });

  const bedEnv = (extra: NodeJS.ProcessEnv) => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    XDG_CONFIG_HOME: join(home, 'config'),
    ...extra,
  });

  /** `certwright certonly -d domain` against the bed into a fresh folder; returns the run and where the files are. */
  async function certonly(node: string, domain: string, env: NodeJS.ProcessEnv, flags: string[] = []) {
    const out = await mkdtemp(join(home, 'out-'));
    const run = await runCliOn(
      node,
      ['certonly', '-d', domain, ...bedFlags(bed), '--output-dir', out, ...flags],
      bedEnv(env),
    );
    const dir = join(out, domain);
    const paths = {
      dir,
      cert: join(dir, 'cert.pem'),
      chain: join(dir, 'chain.pem'),
      fullchain: join(dir, 'fullchain.pem'),
      privkey: join(dir, 'privkey.pem'),
    };
    return { run, paths };
  }

  for (const node of nodeVersions()) {
    const tag = node.label.replace(/\W+/g, '');

    describe(node.label, () => {
      it('certonly reaches Pebble through the CONNECT proxy in HTTPS_PROXY', async () => {
        await withProxy({}, async (proxy) => {
          const domain = `proxied-${tag}.example.test`;
          const { run, paths } = await certonly(node.path, domain, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, [
            '-v',
          ]);
          assert.equal(run.code, 0, run.stdout + run.stderr);
          assert.match(run.stdout, /^Successfully received certificate\.$/m);
          await verifyIssued(bed, paths, [domain]);
          assert.ok(proxy.connects.length > 0, 'the proxy was asked for a tunnel');
          assert.deepEqual(
            [...new Set(proxy.connects)],
            [pebble],
            'every tunnel goes to the ACME server, and only there',
          );
          assert.deepEqual(proxy.requests, [], 'nothing went as plain http');
          assert.ok(
            run.stderr.includes(`net: https://${pebble} via proxy ${proxy.url}`),
            `the debug log names the proxy route:\n${run.stderr}`,
          );
        });
      });

      it('NO_PROXY=127.0.0.1:<pebble port> makes certonly connect directly', async () => {
        await withProxy({}, async (proxy) => {
          const domain = `direct-${tag}.example.test`;
          const { run, paths } = await certonly(node.path, domain, {
            HTTPS_PROXY: proxy.url,
            HTTP_PROXY: proxy.url,
            NO_PROXY: `127.0.0.1:${new URL(bed.directoryUrl).port}`,
          });
          assert.equal(run.code, 0, run.stdout + run.stderr);
          assert.match(run.stdout, /^Successfully received certificate\.$/m);
          await verifyIssued(bed, paths, [domain]);
          assert.deepEqual(proxy.connects, [], 'no tunnel to the host:port NO_PROXY lists');
          assert.deepEqual(proxy.requests, []);
        });
      });

      it('a NO_PROXY entry for another port of the same address does not exempt Pebble', async () => {
        await withProxy({}, async (proxy) => {
          const domain = `other-port-${tag}.example.test`;
          const otherPort = Number(new URL(bed.directoryUrl).port) + 1;
          const { run } = await certonly(node.path, domain, {
            HTTPS_PROXY: proxy.url,
            NO_PROXY: `127.0.0.1:${otherPort}`,
          });
          assert.equal(run.code, 0, run.stdout + run.stderr);
          assert.deepEqual([...new Set(proxy.connects)], [pebble]);
        });
      });

      it('verify-release fetches packument and tarball from Verdaccio through HTTP_PROXY', async () => {
        await withProxy({}, async (proxy) => {
          const run = await runCliOn(
            node.path,
            [
              'verify-release',
              '--package',
              'proxied-pkg',
              '--version',
              '1.0.0',
              '--tarball',
              tarball,
              '--registry',
              registry.url,
              '--timeout',
              '5',
            ],
            { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, HOME: home },
          );
          assert.equal(run.code, 0, run.stdout + run.stderr);
          assert.match(run.stdout, /^ok {3}tarball: \d+ bytes, identical$/m);
          assert.match(run.stdout, /^verified: proxied-pkg@1\.0\.0 on http:\/\/127\.0\.0\.1:\d+ is what was built$/m);
          // npm does the reading (npm view, npm pack), with HTTP_PROXY as its proxy setting.
          assert.ok(proxy.requests.includes(`${registry.url}/proxied-pkg`), proxy.requests.join('\n'));
          assert.ok(
            proxy.requests.includes(`${registry.url}/proxied-pkg/-/proxied-pkg-1.0.0.tgz`),
            proxy.requests.join('\n'),
          );
          assert.deepEqual(
            proxy.requests.filter((url) => !url.startsWith(`${registry.url}/`)),
            [],
            'only the registry was asked',
          );
          assert.deepEqual(proxy.connects, [], 'plain http is not tunnelled');
        });
      });

      it('renew --store secret: writes the secret through HTTP_PROXY (DNS stays direct)', async () => {
        await withProxy({}, async (proxy) => {
          const domain = `secret-${tag}.example.test`;
          const name = `PROXY_STATE_${tag.toUpperCase()}`;
          const apiRequestsBefore = api.requests.length;
          const run = await runCliOn(
            node.path,
            [
              'renew',
              '-d',
              domain,
              ...bedFlags(bed),
              '--output-dir',
              await mkdtemp(join(home, 'renew-')),
              '--store',
              `secret:${name}`,
              '--github-token',
              GITHUB_TOKEN,
              '--github-repository',
              'acme/site',
              '--github-api-url',
              api.url,
            ],
            bedEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, CERTWRIGHT_STATE_KEY: STATE_KEY }),
          );
          assert.equal(run.code, 0, run.stdout + run.stderr);
          assert.match(run.stdout, /^Successfully received certificate\.$/m);
          const path = `/repos/acme/site/actions/secrets/${name}`;
          const stored = api.secrets.get(path);
          assert.ok(stored, 'the secret was PUT');
          const bundle = parseBundle(await decryptState(stored, parseStateKey(STATE_KEY)));
          assert.ok(bundle.lineages[domain], 'the secret holds the state with the new certificate');
          const seen = api.requests.slice(apiRequestsBefore);
          assert.ok(
            seen.includes('GET /repos/acme/site/actions/secrets/public-key') && seen.includes(`PUT ${path}`),
            seen.join('\n'),
          );
          assert.ok(
            proxy.requests.includes(`${api.url}/repos/acme/site/actions/secrets/public-key`),
            proxy.requests.join('\n'),
          );
          assert.ok(proxy.requests.includes(`${api.url}${path}`), proxy.requests.join('\n'));
          assert.equal(proxy.requests.length, seen.length, 'every request the API saw came through the proxy');
          assert.deepEqual([...new Set(proxy.connects)], [pebble], 'ACME through the tunnel too');
          const dnsPort = `:${bed.dns.port}`;
          assert.ok(
            ![...proxy.connects, ...proxy.requests].some((target) => target.includes(dnsPort)),
            'DNS updates and lookups do not go through the proxy',
          );
        });
      });

      it('a proxy that wants credentials: works with them in HTTPS_PROXY, which never reach the output', async () => {
        await withProxy({ auth: { user: PROXY_USER, pass: PROXY_PASS } }, async (proxy) => {
          const domain = `auth-proxy-${tag}.example.test`;
          const proxyUrl = withCredentials(proxy.url, PROXY_USER, PROXY_PASS_ENCODED);
          const { run, paths } = await certonly(node.path, domain, { HTTPS_PROXY: proxyUrl }, ['-v']);
          assert.equal(run.code, 0, run.stdout + run.stderr);
          await verifyIssued(bed, paths, [domain]);
          assert.deepEqual([...new Set(proxy.connects)], [pebble]);
          const output = run.stdout + run.stderr;
          assert.ok(
            output.includes(`via proxy http://***@${new URL(proxy.url).host}`),
            `the debug log shows the proxy with its credentials hidden:\n${run.stderr}`,
          );
          for (const secret of [
            PROXY_PASS,
            PROXY_PASS_ENCODED,
            Buffer.from(`${PROXY_USER}:${PROXY_PASS}`).toString('base64'),
          ]) {
            assert.ok(
              !output.includes(secret),
              `the proxy password (${secret === PROXY_PASS ? 'plain' : 'encoded'}) is not in the output`,
            );
          }
        });
      });

      it('a proxy that wants credentials: without them certonly fails with one line naming HTTPS_PROXY', async () => {
        await withProxy({ auth: { user: PROXY_USER, pass: PROXY_PASS } }, async (proxy) => {
          const { run } = await certonly(node.path, `no-auth-${tag}.example.test`, { HTTPS_PROXY: proxy.url });
          assert.equal(run.code, 1, run.stdout + run.stderr);
          const proxyHost = new URL(proxy.url).host.replace(/\./g, '\\.');
          assert.match(
            run.stderr,
            new RegExp(
              `^certwright: .*proxy: http://${proxyHost} \\(from HTTPS_PROXY\\) refused CONNECT to ${pebble.replace(/\./g, '\\.')}: HTTP 407 Proxy Authentication Required; the proxy wants credentials: set HTTPS_PROXY to http://user:password@host:port`,
              'm',
            ),
          );
          assert.deepEqual(proxy.connects, [], 'the proxy let no tunnel through');
        });
      });

      it('a proxy that wants credentials: wrong ones fail naming HTTPS_PROXY, without printing the password', async () => {
        await withProxy({ auth: { user: PROXY_USER, pass: PROXY_PASS } }, async (proxy) => {
          const wrong = 'wr0ng:s3cret@pass';
          const proxyUrl = withCredentials(proxy.url, PROXY_USER, encodeURIComponent(wrong));
          const { run } = await certonly(node.path, `bad-auth-${tag}.example.test`, { https_proxy: proxyUrl }, ['-v']);
          assert.equal(run.code, 1, run.stdout + run.stderr);
          const proxyHost = new URL(proxy.url).host.replace(/\./g, '\\.');
          assert.match(
            run.stderr,
            new RegExp(
              `^certwright: .*proxy: http://\\*\\*\\*@${proxyHost} \\(from https_proxy\\) refused CONNECT to .*: HTTP 407 .*; check the proxy credentials in https_proxy`,
              'm',
            ),
          );
          const output = run.stdout + run.stderr;
          for (const secret of [
            wrong,
            encodeURIComponent(wrong),
            Buffer.from(`${PROXY_USER}:${wrong}`).toString('base64'),
          ]) {
            assert.ok(!output.includes(secret), 'the password given is not in the output');
          }
        });
      });
    });
  }
});
