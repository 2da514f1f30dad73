/**
 * What the one HTTP client promises a caller that trusts it with credentials: they stay at the
 * origin they were meant for, whatever a redirect says, and no server holds a run or its memory
 * (an overall deadline, a size bound). Local servers on 127.0.0.1, through the real client, the
 * fetch and AWS SDK adapters on it, and `dist/cli.js`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fetchOver } from '../../src/net/fetch.js';
import { createHttpClient } from '../../src/net/http.js';
import { smithyHandlerOver } from '../../src/net/smithy.js';
import { bedInputs } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Headers callers send as credentials: generic, cookies, AWS, API keys, Cloudflare's legacy pair, a vendor's own. */
const CREDENTIALS = {
  Authorization: 'Bearer sekret-token',
  Cookie: 'session=sekret-cookie',
  'x-amz-security-token': 'sekret-session',
  'x-api-key': 'sekret-api-key',
  'X-Auth-Key': 'sekret-cf-key',
  'X-Auth-Email': 'ops@example.test',
  'Metadata-Flavor': 'Google',
  'X-Vendor-Token': 'sekret-vendor',
} as const;

/** Every header value of a request that holds one of the credentials above. */
function leaked(headers: http.IncomingHttpHeaders): string[] {
  const values = Object.values(CREDENTIALS).map((v) => v.toLowerCase());
  return Object.entries(headers)
    .filter(([, value]) => values.some((secret) => String(value).toLowerCase().includes(secret)))
    .map(([name]) => name);
}

interface Server {
  readonly url: string;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('credentials stay at their origin; every request is bounded in time and size (the HTTP client)', () => {
  let a: Server; // the origin the caller asked
  let b: Server; // another origin a redirect points at
  let raw: net.Server; // answers its status line one byte at a time
  let rawUrl = '';
  /** The headers each path saw, last request first. */
  const seen = new Map<string, http.IncomingHttpHeaders>();

  before(async () => {
    b = await serve((req, res) => {
      seen.set(`b${req.url}`, req.headers);
      if (req.url === '/bounce') res.writeHead(302, { location: `${a.url}/back` }).end();
      else res.writeHead(200).end('b');
    });
    a = await serve((req, res) => {
      const path = (req.url ?? '').split('?')[0] as string;
      seen.set(`a${path}`, req.headers);
      switch (path) {
        case '/start':
          return void res.writeHead(302, { location: `${b.url}/bounce` }).end();
        case '/back':
          return void res.writeHead(200, { 'content-type': 'text/plain' }).end('back at a');
        case '/signed':
          return void res.writeHead(307, { location: `${b.url}/elsewhere` }).end();
        case '/trickle': {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          const timer = setInterval(() => res.write('x'), 200);
          res.on('close', () => clearInterval(timer));
          return;
        }
        case '/endless': {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
          };
          res.on('drain', pump);
          return pump();
        }
        case '/declared-huge':
          res.writeHead(200, { 'content-length': String(1024 ** 3) });
          return void res.write('{');
        default:
          return void res.writeHead(404).end();
      }
    });
    raw = net.createServer((socket) => {
      const reply = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      let sent = 0;
      const timer = setInterval(
        () => (sent < reply.length ? socket.write(reply.subarray(sent, ++sent)) : clearInterval(timer)),
        200,
      );
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });

  after(async () => {
    await a?.close();
    await b?.close();
    raw?.close();
  });

  it('A redirects to B, B back to A: neither B nor A on the way back gets Authorization, cookies or any other credential header', async () => {
    seen.clear();
    const client = createHttpClient({ userAgent: 'certwright-test' });
    const response = await client({
      method: 'GET',
      url: `${a.url}/start`,
      headers: { ...CREDENTIALS, accept: 'application/json' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), 'back at a');
    assert.equal(response.url, `${a.url}/back`);
    assert.equal(
      leaked(seen.get('a/start') ?? {}).length,
      Object.keys(CREDENTIALS).length,
      'A, the origin asked, got them all',
    );
    assert.deepEqual(leaked(seen.get('b/bounce') ?? {}), [], 'B got none');
    assert.deepEqual(leaked(seen.get('a/back') ?? {}), [], 'A after B got none either');
    assert.equal(seen.get('b/bounce')?.accept, 'application/json', 'the portable headers travel');
    assert.equal(seen.get('b/bounce')?.['user-agent'], 'certwright-test');
  });

  it('the same through fetch (Octokit, google-auth-library): the chain A to B to A carries no credential', async () => {
    seen.clear();
    const fetch = fetchOver(createHttpClient({ userAgent: 'certwright-test' }));
    const response = await fetch(`${a.url}/start`, { headers: CREDENTIALS });
    assert.equal(response.status, 200);
    assert.equal(response.redirected, true);
    assert.deepEqual(leaked(seen.get('b/bounce') ?? {}), []);
    assert.deepEqual(leaked(seen.get('a/back') ?? {}), []);
    const manual = await fetch(`${a.url}/start`, { headers: CREDENTIALS, redirect: 'manual' });
    assert.equal(manual.status, 302, 'redirect: manual sees the 3xx');
    await assert.rejects(fetch(`${a.url}/start`, { redirect: 'error' }), {
      name: 'TypeError',
      message: `fetch: GET ${a.url}/start answered a redirect (HTTP 302), and redirect is "error"`,
    });
  });

  it('the AWS SDK handler returns a 3xx to the SDK and sends the signed headers nowhere else', async () => {
    seen.clear();
    const handler = smithyHandlerOver(createHttpClient({ userAgent: 'certwright-test' }));
    const { port } = new URL(a.url);
    const { response } = await handler.handle({
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: Number(port),
      path: '/signed',
      headers: CREDENTIALS,
    });
    assert.equal(response.statusCode, 307);
    assert.equal(seen.has('b/elsewhere'), false, 'B was never asked');
  });

  it('a server trickling one byte per 200 ms, in the body or in the status line, is cut at the deadline, named by origin and path only', async () => {
    const client = createHttpClient({ userAgent: 'certwright-test', deadlineMs: 1_000 });
    for (const url of [`${a.url}/trickle?token=sekret-query`, `${rawUrl}/status?token=sekret-query`]) {
      const started = Date.now();
      await assert.rejects(client({ method: 'GET', url }), (error: Error) => {
        assert.equal(error.message, `http: GET ${url.split('?')[0]} did not finish within its deadline of 1 s`);
        return true;
      });
      const took = Date.now() - started;
      assert.ok(took >= 900 && took < 6_000, `cut after ${took} ms`);
    }
    const own = createHttpClient({ userAgent: 'certwright-test' })({
      method: 'GET',
      url: `${a.url}/trickle`,
      deadlineMs: 300,
    });
    await assert.rejects(
      own,
      { message: `http: GET ${a.url}/trickle did not finish within its deadline of 300 ms` },
      'a request may ask for its own deadline',
    );
  });

  it('an endless body is cut at the cap (8 MiB by default, or what the request asks), a declared huge one before reading it', async () => {
    const client = createHttpClient({ userAgent: 'certwright-test' });
    await assert.rejects(client({ method: 'GET', url: `${a.url}/endless?token=sekret-query` }), {
      message: `http: the response to GET ${a.url}/endless is larger than its limit of 8 MiB`,
    });
    await assert.rejects(client({ method: 'GET', url: `${a.url}/endless`, maxResponseBytes: 1024 * 1024 }), {
      message: `http: the response to GET ${a.url}/endless is larger than its limit of 1 MiB`,
    });
    const small = createHttpClient({ userAgent: 'certwright-test', maxResponseBytes: 2 * 1024 * 1024 });
    await assert.rejects(small({ method: 'GET', url: `${a.url}/declared-huge` }), {
      message: `http: the response to GET ${a.url}/declared-huge is larger than its limit of 2 MiB`,
    });
  });
});

describe('through dist/cli.js', () => {
  let dir: string;
  let bed: Testbed | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-net-trust-'));
  });
  after(async () => {
    await bed?.stop();
  });

  function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH, XDG_CONFIG_HOME: join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
  }

  it('an ACME directory URL that never stops sending fails at the 8 MiB cap, in one line', async () => {
    const endless = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    try {
      const started = Date.now();
      const run = await runCli([
        'certonly',
        '-d',
        'endless.example.test',
        '--email',
        'ops@example.test',
        '--agree-tos',
        '--server',
        `${endless.url}/directory`,
        '--dns-provider',
        'exec',
        '--exec-auth-hook',
        'true',
        '--exec-cleanup-hook',
        'true',
        '--output-dir',
        join(dir, 'out'),
      ]);
      assert.equal(run.code, 1, run.output);
      assert.match(
        run.output,
        new RegExp(
          `^certwright: .*http: the response to GET ${endless.url}/directory is larger than its limit of 8 MiB$`,
          'm',
        ),
      );
      assert.ok(Date.now() - started < 15_000);
    } finally {
      await endless.close();
    }
  });

  it('a provider API (Cloudflare) that redirects to another port and back never sees the token again (Pebble and BIND)', async () => {
    bed = await startTestbed();
    const token = 'cf-token-that-must-stay-home-0123456789';
    const requests: { server: string; path: string; authorization: string | undefined; leaked: boolean }[] = [];
    // eslint-disable-next-line prefer-const -- assigned once below: the two servers point at each other
    let api: Server | undefined;
    const other = await serve((req, res) => {
      requests.push({
        server: 'other',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        leaked: JSON.stringify(req.headers).includes(token),
      });
      res.writeHead(302, { location: `${api?.url}/client/v4/back` }).end();
    });
    api = await serve((req, res) => {
      requests.push({
        server: 'api',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        leaked: JSON.stringify(req.headers).includes(token),
      });
      if (req.url?.startsWith('/client/v4/zones'))
        return void res.writeHead(302, { location: `${other.url}/bounce` }).end();
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          success: false,
          errors: [{ code: 10000, message: 'Authentication error' }],
          messages: [],
          result: null,
        }),
      );
    });
    try {
      const raw: Record<string, string | undefined> = {
        ...bedInputs(bed, ['redirected.example.test']),
        'dns-provider': 'cloudflare',
        'cloudflare-api-url': `${api.url}/client/v4`,
        'cloudflare-api-token': token,
        'output-dir': join(dir, 'cf'),
      };
      for (const name of Object.keys(raw)) if (name.startsWith('rfc2136-')) delete raw[name];
      const args = [
        'certonly',
        ...Object.entries(raw).flatMap(([k, v]) =>
          v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
        ),
      ];
      const run = await runCli(args);
      assert.equal(run.code, 1, run.output);
      assert.ok(!run.output.includes(token), 'the token is not in the output');
      const [first, ...rest] = requests;
      assert.equal(first?.server, 'api');
      assert.equal(first?.authorization, `Bearer ${token}`, 'the API got its token');
      assert.ok(
        rest.some((r) => r.server === 'other') && rest.some((r) => r.path === '/client/v4/back'),
        JSON.stringify(requests),
      );
      for (const request of rest.filter((r) => r.server === 'other' || r.path === '/client/v4/back')) {
        assert.deepEqual(
          [request.authorization, request.leaked],
          [undefined, false],
          `${request.server} ${request.path}`,
        );
      }
    } finally {
      await api.close();
      await other.close();
    }
  });
});
