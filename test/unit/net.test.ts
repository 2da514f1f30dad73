import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getOctokit } from '@actions/github';
import { actionOctokit } from '../../src/action/github.js';
import type { Logger } from '../../src/runtime.js';
import { fetchOver } from '../../src/net/fetch.js';
import { createHttpClient, HttpClients, type HttpClient, type HttpRequest } from '../../src/net/http.js';
import { proxyFor, type ProxyRoute } from '../../src/net/proxy.js';
import { startConnectProxy, type ConnectProxy, type ConnectProxyOptions } from '../harness/connect-proxy.js';
import { makeTlsCertificate } from '../../src/testing/testbed.js';

const PROXY = 'http://proxy.corp:3128';
const VIA_PROXY = 'http://proxy.corp:3128 (from HTTPS_PROXY)';

function describeRoute(route: ProxyRoute | undefined): string {
  return route ? `${route.display} (from ${route.variable})` : 'direct';
}

describe('proxyFor', () => {
  const table: ReadonlyArray<readonly [url: string, env: Record<string, string>, expected: string]> = [
    ['https://acme.example/dir', {}, 'direct'],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY }, VIA_PROXY],
    [
      'https://acme.example/dir',
      { https_proxy: 'http://lower.corp:8080', HTTPS_PROXY: PROXY },
      'http://lower.corp:8080 (from https_proxy)',
    ],
    ['https://acme.example/dir', { https_proxy: '', HTTPS_PROXY: PROXY }, 'direct'],
    ['https://acme.example/dir', { HTTP_PROXY: PROXY }, 'direct'],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, HTTP_PROXY: 'socks5://ignored:1080' }, VIA_PROXY],
    ['http://acme.example/dir', { HTTPS_PROXY: PROXY }, 'direct'],
    ['http://acme.example/dir', { HTTP_PROXY: PROXY }, 'http://proxy.corp:3128 (from HTTP_PROXY)'],
    [
      'http://acme.example/dir',
      { http_proxy: PROXY, HTTP_PROXY: 'http://upper:1' },
      'http://proxy.corp:3128 (from http_proxy)',
    ],
    [
      'https://acme.example/dir',
      { HTTPS_PROXY: 'http://user:p%40ss@proxy.corp:3128' },
      'http://***@proxy.corp:3128 (from HTTPS_PROXY)',
    ],
    ['https://acme.example/dir', { HTTPS_PROXY: 'proxy.corp:3128' }, VIA_PROXY],
    ['https://acme.example/dir', { HTTPS_PROXY: 'http://proxy.corp' }, 'http://proxy.corp:80 (from HTTPS_PROXY)'],
    ['https://acme.example/dir', { HTTPS_PROXY: 'http://[::1]:3128' }, 'http://[::1]:3128 (from HTTPS_PROXY)'],
    // Loopback is not special: it goes through the proxy unless listed.
    ['https://127.0.0.1:14000/dir', { HTTPS_PROXY: PROXY }, VIA_PROXY],
    ['https://localhost:14000/dir', { HTTPS_PROXY: PROXY }, VIA_PROXY],
    ['https://127.0.0.1:14000/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'localhost' }, VIA_PROXY],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '*' }, 'direct'],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example' }, 'direct'],
    ['https://api.acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example' }, 'direct'],
    ['https://badacme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example' }, VIA_PROXY],
    ['https://example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example' }, VIA_PROXY],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '.acme.example' }, 'direct'],
    ['https://api.acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '*.acme.example' }, 'direct'],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '*.acme.example' }, 'direct'],
    ['https://API.Acme.Example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'ACME.example' }, 'direct'],
    ['https://acme.example./dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example' }, 'direct'],
    ['https://other.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: ' foo.test ,other.example  bar.test' }, 'direct'],
    ['https://bar.test/dir', { HTTPS_PROXY: PROXY, NO_PROXY: ' foo.test ,other.example  bar.test' }, 'direct'],
    ['https://baz.test/dir', { HTTPS_PROXY: PROXY, NO_PROXY: ' foo.test ,other.example  bar.test' }, VIA_PROXY],
    [
      'https://acme.example/dir',
      { HTTPS_PROXY: PROXY, no_proxy: 'other.example', NO_PROXY: 'acme.example' },
      VIA_PROXY,
    ],
    ['https://127.0.0.1:14000/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '127.0.0.1' }, 'direct'],
    ['https://127.0.0.2:14000/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '127.0.0.1' }, VIA_PROXY],
    ['https://10.1.2.3/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '10.0.0.0/8' }, 'direct'],
    ['https://11.1.2.3/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '10.0.0.0/8' }, VIA_PROXY],
    ['https://192.168.1.200/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '192.168.1.128/25' }, 'direct'],
    ['https://192.168.1.100/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '192.168.1.128/25' }, VIA_PROXY],
    ['https://10.1.2.3/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '10.0.0.0/8:8443' }, VIA_PROXY],
    ['https://[::1]:8443/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '::1' }, 'direct'],
    ['https://[::1]:8443/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '0:0:0:0:0:0:0:1' }, 'direct'],
    ['https://[::1]:8443/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '[::1]:8443' }, 'direct'],
    ['https://[::1]:9443/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '[::1]:8443' }, VIA_PROXY],
    ['https://acme.example:8443/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example:8443' }, 'direct'],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example:8443' }, VIA_PROXY],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'acme.example:443' }, 'direct'],
    [
      'http://acme.example/dir',
      { HTTP_PROXY: PROXY, NO_PROXY: 'acme.example:443' },
      'http://proxy.corp:3128 (from HTTP_PROXY)',
    ],
    ['https://127.0.0.1:14000/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '127.0.0.1:14000' }, 'direct'],
    ['https://127.0.0.1:15000/dir', { HTTPS_PROXY: PROXY, NO_PROXY: '127.0.0.1:14000' }, VIA_PROXY],
    ['https://acme.example/dir', { HTTPS_PROXY: PROXY, NO_PROXY: 'not a:port, [broken' }, VIA_PROXY],
  ];
  for (const [url, env, expected] of table) {
    it(`${url} with ${JSON.stringify(env)} -> ${expected}`, () => {
      assert.equal(describeRoute(proxyFor(new URL(url), env)), expected);
    });
  }

  const errors: ReadonlyArray<readonly [env: Record<string, string>, message: string]> = [
    [
      { HTTPS_PROXY: 'https://user:secret@proxy.corp:3128' },
      'proxy: HTTPS_PROXY must be an http:// proxy URL; got https://***@proxy.corp:3128 (https proxies are not supported)',
    ],
    [
      { https_proxy: 'socks5://proxy.corp:1080' },
      'proxy: https_proxy must be an http:// proxy URL; got socks5://proxy.corp:1080 (socks5 proxies are not supported)',
    ],
    [
      { HTTPS_PROXY: 'http://user:secret@proxy corp:3128' },
      'proxy: HTTPS_PROXY is not a valid URL: "http://***@proxy corp:3128"; expected http://[user:password@]host[:port]',
    ],
    [
      { HTTPS_PROXY: 'user:se/cr@t@proxy corp:3128' },
      'proxy: HTTPS_PROXY is not a valid URL: "http://***@proxy corp:3128"; expected http://[user:password@]host[:port]',
    ],
    [
      { HTTPS_PROXY: 'http://user:%zz@proxy.corp' },
      'proxy: the credentials in HTTPS_PROXY are not valid percent-encoding; encode special characters (%40 for @)',
    ],
  ];
  for (const [env, message] of errors) {
    it(`rejects ${JSON.stringify(env)}`, () => {
      assert.throws(() => proxyFor(new URL('https://acme.example/dir'), env), { message });
    });
  }

  it('sends percent-decoded credentials as Basic authorization', () => {
    const route = proxyFor(new URL('https://acme.example/'), {
      HTTPS_PROXY: 'http://us%40er:p%3Ass%20w@proxy.corp:3128',
    });
    assert.equal(route?.authorization, `Basic ${Buffer.from('us@er:p:ss w').toString('base64')}`);
    assert.equal(route?.host, 'proxy.corp');
    assert.equal(route?.port, 3128);
  });
});

function recordingLogger(lines: string[]): Logger {
  return { info: (line) => lines.push(line), warn: (line) => lines.push(line), debug: (line) => lines.push(line) };
}

const openSockets = new WeakMap<net.Server, Set<net.Socket>>();

async function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  openSockets.set(server, sockets);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes a server and the connections still open to it (keep-alive clients, stalled ones). */
async function closeServer(server: net.Server): Promise<void> {
  for (const socket of openSockets.get(server) ?? []) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('http client over the network', () => {
  let dir = '';
  let caPem = '';
  let tlsPort = 0;
  let a = ''; // http://127.0.0.1:port of server A
  let b = ''; // http://127.0.0.1:port of server B, another origin
  let deadPort = 0;
  let loopHits = 0;
  let aRequests = 0;
  let lastAHeaders: http.IncomingHttpHeaders = {};
  let lastBHeaders: http.IncomingHttpHeaders = {};
  const servers: net.Server[] = [];
  const proxies: ConnectProxy[] = [];

  async function proxy(options?: ConnectProxyOptions): Promise<ConnectProxy> {
    const started = await startConnectProxy(options);
    proxies.push(started);
    return started;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-net-'));
    const certificate = await makeTlsCertificate(dir);
    caPem = certificate.caPem;
    const tlsServer = https.createServer(
      { cert: await readFile(certificate.certFile), key: await readFile(certificate.keyFile) },
      (req, res) => {
        if (req.url === '/hello') res.writeHead(200, { 'content-type': 'text/plain' }).end('hello over tls');
        else if (req.url === '/downgrade') res.writeHead(302, { location: `${a}/landing` }).end();
        else res.writeHead(404).end();
      },
    );
    servers.push(tlsServer);
    tlsPort = await listen(tlsServer);

    const serverA = http.createServer((req, res) => void answerA(req, res));
    async function answerA(req: http.IncomingMessage, res: http.ServerResponse) {
      aRequests++;
      lastAHeaders = req.headers;
      const body = await readBody(req);
      const json = (status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      switch (req.url) {
        case '/landing':
          return json(200, { authorization: req.headers.authorization ?? null });
        case '/to-same':
          return res.writeHead(302, { location: '/landing' }).end();
        case '/to-other':
          return res.writeHead(302, { location: `${b}/checked` }).end();
        case '/old':
          return res.writeHead(301, { location: '/new' }).end();
        case '/new':
          return res.writeHead(200, { 'content-type': 'text/plain' }).end('new');
        case '/loop':
          loopHits++;
          return res.writeHead(302, { location: '/loop' }).end();
        case '/no-content':
          return res.writeHead(204).end();
        case '/json':
          return json(
            200,
            {
              method: req.method,
              body,
              contentType: req.headers['content-type'] ?? null,
              xTest: req.headers['x-test'] ?? null,
            },
            { 'set-cookie': ['a=1', 'b=2'] },
          );
        case '/repos/certwright/certwright':
          return json(200, { full_name: 'certwright/certwright', userAgent: req.headers['user-agent'] });
        default:
          return res.writeHead(404).end();
      }
    }
    servers.push(serverA);
    a = `http://127.0.0.1:${await listen(serverA)}`;

    const serverB = http.createServer((req, res) => {
      lastBHeaders = req.headers;
      // The other origin must never see the credentials sent to A.
      if (req.headers.authorization !== undefined || req.headers.cookie !== undefined)
        res.writeHead(400).end('credentials leaked');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('no credentials');
    });
    servers.push(serverB);
    b = `http://127.0.0.1:${await listen(serverB)}`;

    const closed = http.createServer();
    deadPort = await listen(closed);
    await closeServer(closed);
  });

  after(async () => {
    for (const started of proxies) await started.close();
    for (const server of servers) await closeServer(server);
    await rm(dir, { recursive: true, force: true });
  });

  it("trusts the extra CA only in its own client's context, never in Node's default store or a client without it", async () => {
    const withCa = createHttpClient({ userAgent: 'certwright-test', extraCaPem: caPem });
    assert.equal((await withCa({ method: 'GET', url: `https://localhost:${tlsPort}/hello` })).status, 200);
    const without = createHttpClient({ userAgent: 'certwright-test' });
    await assert.rejects(without({ method: 'GET', url: `https://localhost:${tlsPort}/hello` }), /certificate|verify/i);
    const plain = await new Promise<string>((resolve) =>
      https
        .get({ host: 'localhost', port: tlsPort, path: '/hello', agent: false }, (r) => {
          r.resume();
          resolve('trusted');
        })
        .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error')),
    );
    assert.notEqual(plain, 'trusted', "Node's default trust is left as it was");
  });

  describe('through a proxy', () => {
    it('tunnels https with CONNECT, trusts the extra CA inside the tunnel and reuses one tunnel per origin', async () => {
      const logs: string[] = [];
      const connectProxy = await proxy();
      const client = createHttpClient({
        userAgent: 'certwright-test',
        extraCaPem: caPem,
        env: { HTTPS_PROXY: connectProxy.url },
        logger: recordingLogger(logs),
      });
      const first = await client({ method: 'GET', url: `https://localhost:${tlsPort}/hello` });
      assert.equal(first.status, 200);
      assert.equal(first.body.toString(), 'hello over tls');
      const second = await client({ method: 'GET', url: `https://localhost:${tlsPort}/hello` });
      assert.equal(second.body.toString(), 'hello over tls');
      assert.deepEqual(connectProxy.connects, [`localhost:${tlsPort}`]);
      // An IP address target: no SNI, the certificate is checked against the address.
      const byAddress = await client({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` });
      assert.equal(byAddress.status, 200);
      assert.deepEqual(connectProxy.connects, [`localhost:${tlsPort}`, `127.0.0.1:${tlsPort}`]);
      assert.deepEqual(
        logs.filter((line) => line.includes('via proxy')),
        [
          `net: https://localhost:${tlsPort} via proxy ${connectProxy.url}`,
          `net: https://127.0.0.1:${tlsPort} via proxy ${connectProxy.url}`,
        ],
      );
    });

    it('does not trust the test CA inside the tunnel without it', async () => {
      const connectProxy = await proxy();
      const client = createHttpClient({ userAgent: 'certwright-test', env: { HTTPS_PROXY: connectProxy.url } });
      await assert.rejects(client({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }), {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      assert.deepEqual(connectProxy.connects, [`127.0.0.1:${tlsPort}`]);
    });

    it('goes direct for a NO_PROXY host:port entry and through the proxy for the same server by another name', async () => {
      const connectProxy = await proxy();
      const client = createHttpClient({
        userAgent: 'certwright-test',
        extraCaPem: caPem,
        env: { HTTPS_PROXY: connectProxy.url, NO_PROXY: `example.invalid, 127.0.0.1:${tlsPort}` },
      });
      assert.equal((await client({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` })).status, 200);
      assert.deepEqual(connectProxy.connects, []);
      assert.equal((await client({ method: 'GET', url: `https://localhost:${tlsPort}/hello` })).status, 200);
      assert.deepEqual(connectProxy.connects, [`localhost:${tlsPort}`]);
    });

    it('fails on 407 naming the proxy and the variable, never the credentials, and passes with the right ones', async () => {
      const connectProxy = await proxy({ auth: { user: 'ci', pass: 'p@ss word' } });
      const port = new URL(connectProxy.url).port;
      const wrong = createHttpClient({
        userAgent: 'certwright-test',
        extraCaPem: caPem,
        env: { HTTPS_PROXY: `http://ci:wrong-secret@127.0.0.1:${port}` },
      });
      const error = await wrong({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }).then(
        () => assert.fail('expected a 407 failure'),
        (failure: Error) => failure,
      );
      assert.equal(
        error.message,
        `proxy: http://***@127.0.0.1:${port} (from HTTPS_PROXY) refused CONNECT to 127.0.0.1:${tlsPort}: HTTP 407 Proxy Authentication Required; check the proxy credentials in HTTPS_PROXY`,
      );
      assert.ok(!error.message.includes('wrong-secret'));

      const none = createHttpClient({
        userAgent: 'certwright-test',
        extraCaPem: caPem,
        env: { https_proxy: connectProxy.url },
      });
      await assert.rejects(none({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }), {
        message: `proxy: ${connectProxy.url} (from https_proxy) refused CONNECT to 127.0.0.1:${tlsPort}: HTTP 407 Proxy Authentication Required; the proxy wants credentials: set https_proxy to http://user:password@host:port`,
      });
      assert.deepEqual(connectProxy.connects, []);

      const right = createHttpClient({
        userAgent: 'certwright-test',
        extraCaPem: caPem,
        env: { HTTPS_PROXY: `http://ci:p%40ss%20word@127.0.0.1:${port}` },
      });
      assert.equal((await right({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` })).status, 200);
      assert.deepEqual(connectProxy.connects, [`127.0.0.1:${tlsPort}`]);
    });

    it('names an unreachable proxy and its variable', async () => {
      const dead = `http://127.0.0.1:${deadPort}`;
      const tunnel = createHttpClient({ userAgent: 'certwright-test', env: { https_proxy: dead } });
      await assert.rejects(tunnel({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }), (error: Error) => {
        assert.equal(
          error.message,
          `proxy: ${dead} (from https_proxy) could not be reached for CONNECT to 127.0.0.1:${tlsPort}`,
        );
        assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
        return true;
      });
      const plain = createHttpClient({ userAgent: 'certwright-test', env: { HTTP_PROXY: dead } });
      await assert.rejects(plain({ method: 'GET', url: `${a}/landing` }), {
        message: `proxy: ${dead} (from HTTP_PROXY) could not be reached for GET ${a}/landing`,
      });
    });

    it('gives up on a proxy that accepts the connection but never answers CONNECT', async () => {
      const silent = net.createServer(() => {});
      servers.push(silent);
      const port = await listen(silent);
      const client = createHttpClient({
        userAgent: 'certwright-test',
        timeoutMs: 200,
        env: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
      });
      const started = Date.now();
      await assert.rejects(client({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }), {
        message: `proxy: http://127.0.0.1:${port} (from HTTPS_PROXY) did not set up a tunnel to 127.0.0.1:${tlsPort} within 200 ms`,
      });
      assert.ok(Date.now() - started < 5_000);
    });

    it('sends plain http to the proxy as an absolute URL with the target Host and the proxy credentials', async () => {
      const connectProxy = await proxy({ auth: { user: 'ci', pass: 'p@ss word' } });
      const port = new URL(connectProxy.url).port;
      const client = createHttpClient({
        userAgent: 'certwright-test',
        env: { HTTP_PROXY: `http://ci:p%40ss%20word@127.0.0.1:${port}` },
      });
      const response = await client({
        method: 'GET',
        url: `${a}/landing?x=1`,
        headers: { authorization: 'Bearer for-a' },
      });
      assert.equal(response.status, 404); // A routes on the exact path, so the query reached it
      const landing = await client({ method: 'GET', url: `${a}/landing`, headers: { authorization: 'Bearer for-a' } });
      assert.deepEqual(JSON.parse(landing.body.toString()), { authorization: 'Bearer for-a' });
      assert.deepEqual(connectProxy.requests, [`${a}/landing?x=1`, `${a}/landing`]);
      assert.equal(lastAHeaders.host, new URL(a).host);
      assert.equal(lastAHeaders['user-agent'], 'certwright-test');

      const anonymous = createHttpClient({ userAgent: 'certwright-test', env: { HTTP_PROXY: connectProxy.url } });
      assert.equal((await anonymous({ method: 'GET', url: `${a}/landing` })).status, 407);
      assert.equal(connectProxy.requests.length, 2);
    });
  });

  describe('redirects', () => {
    // One client for all: building a secure context with the extra CA takes tens of ms.
    let shared: HttpClient | undefined;
    const client = () => (shared ??= createHttpClient({ userAgent: 'certwright-test', extraCaPem: caPem }));

    it('drops credentials on a redirect to another origin: only the portable headers travel', async () => {
      const response = await client()({
        method: 'GET',
        url: `${a}/to-other`,
        headers: {
          Authorization: 'Bearer secret',
          Cookie: 'session=1',
          'x-vendor': 'maybe-a-key',
          Accept: 'text/plain',
        },
      });
      assert.equal(response.body.toString(), 'no credentials');
      assert.equal(response.status, 200);
      assert.equal(response.url, `${b}/checked`);
      assert.equal(lastBHeaders['x-vendor'], undefined);
      assert.equal(lastBHeaders.accept, 'text/plain');
    });

    it('keeps credentials on a redirect within the origin', async () => {
      const response = await client()({
        method: 'GET',
        url: `${a}/to-same`,
        headers: { authorization: 'Bearer secret' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(response.body.toString()), { authorization: 'Bearer secret' });
      assert.equal(response.url, `${a}/landing`);
    });

    it('follows a 301 and reports the final URL', async () => {
      const response = await client()({ method: 'GET', url: `${a}/old` });
      assert.equal(response.status, 200);
      assert.equal(response.body.toString(), 'new');
      assert.equal(response.url, `${a}/new`);
    });

    it('gives up on a redirect loop after maxRedirects', async () => {
      loopHits = 0;
      await assert.rejects(client()({ method: 'GET', url: `${a}/loop` }), {
        message: `http: more than 5 redirects from ${a}/loop`,
      });
      assert.equal(loopHits, 6);
      loopHits = 0;
      const short = createHttpClient({ userAgent: 'certwright-test', maxRedirects: 2 });
      await assert.rejects(short({ method: 'HEAD', url: `${a}/loop` }), {
        message: `http: more than 2 redirects from ${a}/loop`,
      });
      assert.equal(loopHits, 3);
    });

    it('returns the 3xx to a POST unchanged', async () => {
      const response = await client()({ method: 'POST', url: `${a}/to-same`, body: 'payload' });
      assert.equal(response.status, 302);
      assert.equal(response.headers.location, '/landing');
      assert.equal(response.url, `${a}/to-same`);
    });

    it('refuses a redirect from https to http', async () => {
      await assert.rejects(client()({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/downgrade` }), {
        message: `http: refusing the redirect from https://127.0.0.1:${tlsPort}/downgrade to ${a}/landing: it would downgrade HTTPS to plain HTTP`,
      });
    });
  });

  describe('HttpClients', () => {
    it('builds one client and one TLS context per trust set', async () => {
      const logs: string[] = [];
      const clients = new HttpClients({ userAgent: 'certwright-test', logger: recordingLogger(logs) });
      const trusting = clients.forTrust(caPem);
      assert.equal(clients.forTrust(caPem), trusting);
      assert.equal(clients.forTrust(`\n${caPem}`), trusting);
      const system = clients.forTrust();
      assert.notEqual(system, trusting);
      assert.equal(clients.forTrust(), system);
      assert.equal(clients.tlsContextsBuilt, 1);
      assert.deepEqual(logs, ['net: TLS context built (system roots + extra CA)']);
      assert.equal((await trusting({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` })).status, 200);
      await assert.rejects(system({ method: 'GET', url: `https://127.0.0.1:${tlsPort}/hello` }), {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      assert.equal(clients.tlsContextsBuilt, 1);
    });
  });

  describe('fetchOver', () => {
    const fetchVia = () => fetchOver(createHttpClient({ userAgent: 'certwright-test' }));

    it('returns a null body for 204 and sets url', async () => {
      const response = await fetchVia()(`${a}/no-content`, { method: 'DELETE' });
      assert.equal(response.status, 204);
      assert.equal(response.body, null);
      assert.equal(response.url, `${a}/no-content`);
      assert.equal(response.redirected, false);
    });

    it('sends a JSON body with Headers and returns JSON, headers and cookies', async () => {
      const response = await fetchVia()(new URL(`${a}/json`), {
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json', 'x-test': 'one' }),
        body: JSON.stringify({ a: 1 }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.statusText, 'OK');
      assert.equal(response.url, `${a}/json`);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
      assert.deepEqual(await response.json(), {
        method: 'POST',
        body: '{"a":1}',
        contentType: 'application/json',
        xTest: 'one',
      });
    });

    it('takes a Request, header arrays and byte, ArrayBuffer and form bodies', async () => {
      const fetchThrough = fetchVia();
      const bytes = await fetchThrough(
        new Request(`${a}/json`, {
          method: 'PUT',
          headers: [['x-test', 'two']],
          body: new TextEncoder().encode('bytes'),
        }),
      );
      assert.deepEqual(await bytes.json(), { method: 'PUT', body: 'bytes', contentType: null, xTest: 'two' });
      const buffer = await fetchThrough(`${a}/json`, {
        method: 'PATCH',
        headers: { 'x-test': 'three' },
        body: new TextEncoder().encode('array buffer').buffer,
      });
      assert.deepEqual(await buffer.json(), {
        method: 'PATCH',
        body: 'array buffer',
        contentType: null,
        xTest: 'three',
      });
      const form = await fetchThrough(`${a}/json`, { method: 'POST', body: new URLSearchParams({ a: '1', b: '2' }) });
      assert.deepEqual(await form.json(), {
        method: 'POST',
        body: 'a=1&b=2',
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        xTest: null,
      });
      const head = await fetchThrough(`${a}/json`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.body, null);
    });

    it('follows redirects and reports the final url', async () => {
      const response = await fetchVia()(`${a}/old`);
      assert.equal(await response.text(), 'new');
      assert.equal(response.url, `${a}/new`);
      assert.equal(response.redirected, true);
    });

    it('rejects an already aborted signal without a request, and a network failure with a TypeError', async () => {
      const controller = new AbortController();
      controller.abort();
      const before = aRequests;
      await assert.rejects(fetchVia()(`${a}/json`, { signal: controller.signal }), { name: 'AbortError' });
      assert.equal(aRequests, before);
      await assert.rejects(fetchVia()(`http://127.0.0.1:${deadPort}/`), (error: Error) => {
        assert.ok(error instanceof TypeError);
        assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
        return true;
      });
    });

    it('serves Octokit as the Action builds it (@actions/github getOctokit)', async () => {
      const octokit = getOctokit('ghs_unused', {
        baseUrl: a,
        userAgent: 'certwright-test',
        request: { fetch: fetchVia() },
      });
      const { data, url } = await octokit.rest.repos.get({ owner: 'certwright', repo: 'certwright' });
      assert.equal(data.full_name, 'certwright/certwright');
      assert.equal(url, `${a}/repos/certwright/certwright`);
    });

    it("carries the Action's client over the HttpClient it is given, with the token and the job's orchestration id", async () => {
      const inner = createHttpClient({ userAgent: 'certwright-test' });
      const sent: HttpRequest[] = [];
      const client: HttpClient = (request) => {
        sent.push(request);
        return inner(request);
      };
      process.env.ACTIONS_ORCHESTRATION_ID = 'run 7/job';
      try {
        const octokit = await actionOctokit('ghs_actiontoken', a, client);
        const { data } = await octokit.request('GET /repos/{owner}/{repo}', {
          owner: 'certwright',
          repo: 'certwright',
        });
        assert.equal(data.full_name, 'certwright/certwright');
      } finally {
        delete process.env.ACTIONS_ORCHESTRATION_ID;
      }
      assert.deepEqual(
        sent.map((r) => `${r.method} ${r.url}`),
        [`GET ${a}/repos/certwright/certwright`],
      );
      assert.equal(sent[0]?.headers?.authorization, 'token ghs_actiontoken');
      assert.match(sent[0]?.headers?.['user-agent'] ?? '', /(^| )actions_orchestration_id\/run_7_job( |$)/);
    });
  });
});
