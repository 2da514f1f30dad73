import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createHttpClient, parseLinks, retryAfterMs, type HttpResponse } from '../../src/net/http.js';
import { accountKeyFrom } from '../../src/acme/jws.js';
import { AcmeProblem } from '../../src/acme/problem.js';
import { newOrder } from '../../src/acme/order.js';
import { AcmeTransport } from '../../src/acme/transport.js';
import { generateAccountKey } from '../../src/issue/account.js';
import { silentLogger, type Clock } from '../../src/runtime.js';

function response(headers: http.IncomingHttpHeaders, url = 'https://ca.test/acme/cert/1'): HttpResponse {
  return { status: 200, headers, body: Buffer.alloc(0), url };
}

describe('HTTP helpers', () => {
  it('parses Link headers, resolving relative URLs', () => {
    const links = parseLinks(
      response({
        link: [
          '<https://ca.test/dir>;rel="index"',
          '</acme/cert/1/1>;rel="alternate", </acme/cert/1/2>; rel=alternate',
        ],
      }),
    );
    assert.deepEqual(links, [
      { url: 'https://ca.test/dir', rel: 'index' },
      { url: 'https://ca.test/acme/cert/1/1', rel: 'alternate' },
      { url: 'https://ca.test/acme/cert/1/2', rel: 'alternate' },
    ]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-21T00:00:00Z');
    assert.equal(retryAfterMs(response({ 'retry-after': '7' }), now), 7000);
    assert.equal(retryAfterMs(response({ 'retry-after': 'Sat, 21 Nov 2026 00:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(response({}), now), undefined);
  });
});

describe('AcmeProblem', () => {
  it('carries type, detail and subproblems into its message', () => {
    const problem = new AcmeProblem(
      'newOrder',
      {
        type: 'urn:ietf:params:acme:error:rejectedIdentifier',
        detail: 'some names were rejected',
        subproblems: [
          {
            type: 'urn:ietf:params:acme:error:rejectedIdentifier',
            detail: 'blocked',
            identifier: { type: 'dns', value: 'bad.test' },
          },
        ],
      },
      400,
      'https://ca.test/new-order',
    );
    assert.equal(
      problem.message,
      'acme: newOrder: rejectedIdentifier: some names were rejected (bad.test: rejectedIdentifier: blocked)',
    );
    assert.ok(problem.is('rejectedIdentifier'));
    assert.equal(problem.subproblems.length, 1);
  });
});

/** A fake ACME endpoint scripted per request, to test the retry policy without a CA. */
async function scriptedServer(
  replies: {
    status: number;
    headers?: Record<string, string>;
    body?: object;
    /** `stall`: never answer; `drop`: close the connection without an answer. */
    fault?: 'stall' | 'drop';
  }[],
  meta?: object,
) {
  let nonce = 0;
  const seen: string[] = [];
  const payloads: unknown[] = [];
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('replay-nonce', `n${++nonce}`);
    if (req.url === '/dir') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          newNonce: `${base}/nonce`,
          newAccount: `${base}/acct`,
          newOrder: `${base}/order`,
          revokeCert: `${base}/revoke`,
          meta,
        }),
      );
      return;
    }
    // newNonce: 200 to HEAD, 204 to GET (RFC 8555 §7.2); the client asks with GET.
    if (req.url === '/nonce') return void res.writeHead(req.method === 'HEAD' ? 200 : 204).end();
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const jws = JSON.parse(body) as { protected: string; payload: string };
      const protectedHeader = JSON.parse(Buffer.from(jws.protected, 'base64url').toString()) as { nonce: string };
      seen.push(protectedHeader.nonce);
      payloads.push(jws.payload === '' ? undefined : JSON.parse(Buffer.from(jws.payload, 'base64url').toString()));
      const reply = replies.shift() ?? { status: 500 };
      if (reply.fault === 'stall') return;
      if (reply.fault === 'drop') return void req.socket.destroy();
      res.writeHead(reply.status, {
        'content-type': reply.status >= 400 ? 'application/problem+json' : 'application/json',
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    payloads,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function transportFor(url: string, clock: Clock, timeoutMs?: number) {
  const transport = new AcmeTransport({
    http: createHttpClient({ userAgent: 'test', ...(timeoutMs ? { timeoutMs } : {}) }),
    directoryUrl: `${url}/dir`,
    accountKey: await accountKeyFrom(generateAccountKey()),
    clock,
    logger: silentLogger,
  });
  transport.setAccountUrl(`${url}/acct/1`);
  return transport;
}

describe('AcmeTransport retry policy', () => {
  const badNonce = { status: 400, body: { type: 'urn:ietf:params:acme:error:badNonce', detail: 'stale' } };

  it('retries badNonce with the nonce from the error response', async () => {
    const server = await scriptedServer([badNonce, badNonce, { status: 200, body: { ok: true } }]);
    const sleeps: number[] = [];
    const transport = await transportFor(server.url, {
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const result = await transport.post<{ ok: boolean }>(`${server.url}/thing`, {}, 'thing');
    server.close();
    assert.deepEqual(result.body, { ok: true });
    assert.equal(server.seen.length, 3);
    assert.equal(new Set(server.seen).size, 3, 'a fresh nonce every attempt');
    assert.deepEqual(sleeps, [], 'no wait before a badNonce retry');
  });

  it('keeps retrying badNonce while its time budget lasts, then says how often it retried', async () => {
    const server = await scriptedServer(Array.from({ length: 400 }, () => badNonce));
    try {
      let now = 0;
      const sleeps: number[] = [];
      const transport = await transportFor(server.url, {
        now: () => now,
        sleep: (ms) => {
          sleeps.push(ms);
          now += ms;
          return Promise.resolve();
        },
      });
      const error = await transport.post(`${server.url}/thing`, {}, 'newOrder').then(
        () => assert.fail('badNonce forever must fail'),
        (e: Error) => e,
      );
      assert.match(error.message, /^acme: newOrder: badNonce: stale \(after (\d+) retries in 30\.\d s\)$/);
      const retries = Number(/after (\d+) retries/.exec(error.message)?.[1]);
      assert.equal(retries, server.seen.length - 1, 'the count is the requests sent, less the first');
      assert.ok(retries > 12, `more than the 12 a fixed count allowed: ${retries}`);
      assert.equal(
        server.seen.length - sleeps.length,
        6,
        'the first five retries go at once, the rest after a short pause',
      );
    } finally {
      server.close();
    }
  });

  it('honours Retry-After on 503 and on 429, and gives up on a 429 without it', async () => {
    const server = await scriptedServer([
      {
        status: 503,
        headers: { 'retry-after': '2' },
        body: { type: 'urn:ietf:params:acme:error:serverInternal', detail: 'busy' },
      },
      {
        status: 429,
        headers: { 'retry-after': '3' },
        body: { type: 'urn:ietf:params:acme:error:rateLimited', detail: 'slow down' },
      },
      { status: 200, body: {} },
      { status: 429, body: { type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many certificates' } },
    ]);
    const sleeps: number[] = [];
    const transport = await transportFor(server.url, {
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    await transport.post(`${server.url}/thing`, {}, 'thing');
    assert.deepEqual(sleeps, [2000, 3000]);
    await assert.rejects(transport.post(`${server.url}/thing`, {}, 'newOrder'), {
      message: 'acme: newOrder: rateLimited: too many certificates',
    });
    server.close();
  });

  it('asks a read that got no answer again, twice at most, and never a request that changes something', async () => {
    const sleeps: number[] = [];
    const clock = { now: () => 0, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) };
    const server = await scriptedServer([
      // An order poll: the CA stalls, then drops the connection, then answers.
      { status: 0, fault: 'stall' },
      { status: 0, fault: 'drop' },
      { status: 200, body: { status: 'ready' } },
      // A poll that never gets an answer: three requests, then the error.
      { status: 0, fault: 'stall' },
      { status: 0, fault: 'drop' },
      { status: 0, fault: 'stall' },
      // A finalize (it has a payload) that got no answer: sent once.
      { status: 0, fault: 'drop' },
    ]);
    try {
      const transport = await transportFor(server.url, clock, 300);
      const polled = await transport.post<{ status: string }>(`${server.url}/order/1`, undefined, 'get order');
      assert.deepEqual(polled.body, { status: 'ready' });
      assert.equal(server.seen.length, 3);
      assert.equal(new Set(server.seen).size, 3, 'a fresh nonce every attempt');
      assert.deepEqual(sleeps, [250, 500]);
      await assert.rejects(transport.post(`${server.url}/order/1`, undefined, 'get order'), /timed out after 300 ms/);
      assert.equal(server.seen.length, 6, 'the first request and two more');
      await assert.rejects(transport.post(`${server.url}/finalize/1`, { csr: 'x' }, 'finalize'), /socket hang up/);
      assert.equal(server.seen.length, 7, 'a request with a payload is never sent twice');
    } finally {
      server.close();
    }
  });

  it('does not retry a client error', async () => {
    const server = await scriptedServer([
      { status: 403, body: { type: 'urn:ietf:params:acme:error:unauthorized', detail: 'no' } },
    ]);
    const transport = await transportFor(server.url, { now: () => 0, sleep: () => Promise.resolve() });
    await assert.rejects(
      transport.post(`${server.url}/thing`, {}, 'thing'),
      (e: AcmeProblem) => e.is('unauthorized') && e.status === 403,
    );
    assert.equal(server.seen.length, 1);
    server.close();
  });
});

describe('ACME profiles', () => {
  it('sends an offered profile in newOrder and refuses one the CA does not offer', async () => {
    const order = {
      status: 'pending',
      identifiers: [{ type: 'dns', value: 'a.test' }],
      authorizations: [],
      finalize: 'x',
      profile: 'shortlived',
    };
    const server = await scriptedServer(
      [{ status: 201, headers: { location: 'http://127.0.0.1/order/1' }, body: order }],
      {
        profiles: { classic: 'the usual', shortlived: 'six days' },
      },
    );
    const transport = await transportFor(server.url, { now: () => 0, sleep: () => Promise.resolve() });
    const created = await newOrder(transport, {
      domains: ['a.test'],
      profile: 'shortlived',
      replaces: 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE',
    });
    assert.equal(created.url, 'http://127.0.0.1/order/1');
    assert.deepEqual(server.payloads[0], {
      identifiers: [{ type: 'dns', value: 'a.test' }],
      profile: 'shortlived',
      replaces: 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE',
    });
    await assert.rejects(newOrder(transport, { domains: ['a.test'], profile: 'tlsserver' }), {
      message:
        'acme: profile "tlsserver" is not offered by this CA (offered: classic, shortlived); pick one of those or drop the profile',
    });
    server.close();
  });
});
