import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../src/net/http.js';
import type { Clock, Logger } from '../../src/runtime.js';
import { parseJson, shownBody } from '../../src/vendor/body.js';
import { allPages, nextPageUrl } from '../../src/vendor/pages.js';
import { groupByZone, inParallel, settleAll } from '../../src/vendor/parallel.js';
import { pollUntil } from '../../src/vendor/poll.js';
import { NoAnswerError, sendRequest, type VendorCaller } from '../../src/vendor/request.js';
import { backoffMs, callWithRetries, type RetryPolicy } from '../../src/vendor/retry.js';

/** A clock whose sleeps pass at once and move its time on: retries take no real time. */
function steppingClock(start = Date.UTC(2030, 0, 1)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    debug: (m) => void lines.push(`debug: ${m}`),
  };
}

const POLICY: RetryPolicy = {
  attempts: 4,
  backoffMs: 100,
  maxBackoffMs: 1_000,
  maxWaitMs: 60_000,
  deadlineMs: 180_000,
};

/** A local HTTP server answering from a script, one reply per request; past the script, 200. */
interface Scripted {
  url: string;
  hits: number;
  script: ((res: http.ServerResponse, req: http.IncomingMessage) => void)[];
}

describe('vendor kit: backoff', () => {
  it('doubles from the base, never passes the cap, and jitters between half and all of it', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const full = Math.min(1_000, 100 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const wait = backoffMs(POLICY, attempt);
        assert.ok(wait >= full / 2 && wait <= full, `attempt ${attempt}: ${wait} within [${full / 2}, ${full}]`);
      }
    }
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(POLICY, 4)));
    assert.ok(spread.size > 5, 'jittered, not one fixed wait');
  });
});

describe('vendor kit: sendRequest over a real HTTP server', () => {
  const server: Scripted = { url: '', hits: 0, script: [] };
  let listener: http.Server;
  const client = createHttpClient({ userAgent: 'certwright-test' });
  const caller = (policy: Partial<RetryPolicy> = {}) => {
    const clock = steppingClock();
    const logger = recordingLogger();
    const tools: VendorCaller = { http: client, clock, logger, policy: { ...POLICY, ...policy } };
    return { tools, clock, logger };
  };
  const get = (tools: VendorCaller, extra: Partial<Parameters<typeof sendRequest>[1]> = {}) =>
    sendRequest(tools, {
      method: 'GET',
      url: `${server.url}/zones`,
      what: 'vendor: listing zones',
      headers: () => ({ authorization: 'Bearer t0ken-secret' }),
      ...extra,
    });
  const reply =
    (status: number, headers: Record<string, string> = {}, body = '') =>
    (res: http.ServerResponse) =>
      void res.writeHead(status, headers).end(body);

  before(async () => {
    listener = http.createServer((req, res) => {
      server.hits += 1;
      const next = server.script.shift();
      if (next) next(res, req);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  after(async () => {
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
  });
  const script = (...steps: Scripted['script']) => {
    server.hits = 0;
    server.script = steps;
  };

  it('waits as Retry-After says in seconds, and logs each retry once', async () => {
    script(reply(429, { 'retry-after': '7' }), reply(503, { 'retry-after': '2' }));
    const { tools, clock, logger } = caller();
    const answer = await get(tools);
    assert.equal(answer.status, 200);
    assert.deepEqual(clock.slept, [7_000, 2_000]);
    assert.equal(answer.attempts, 3);
    assert.deepEqual(logger.lines, [
      'debug: vendor: listing zones: HTTP 429; retrying in 7000 ms (attempt 2 of 4)',
      'debug: vendor: listing zones: HTTP 503; retrying in 2000 ms (attempt 3 of 4)',
    ]);
  });

  it('waits until a Retry-After given as an HTTP date', async () => {
    const { tools, clock } = caller();
    script(reply(429, { 'retry-after': new Date(clock.now() + 12_000).toUTCString() }));
    await get(tools);
    assert.deepEqual(clock.slept, [12_000]);
  });

  it('gives up at once on a Retry-After longer than the policy allows, answering with that answer', async () => {
    script(reply(429, { 'retry-after': '600' }, '{"error":"slow down"}'), reply(429, { 'retry-after': '600' }));
    const { tools, clock } = caller();
    const answer = await get(tools);
    assert.deepEqual([answer.status, answer.attempts, clock.slept, server.hits], [429, 1, [], 1]);
    script(reply(503), reply(429, { 'retry-after': '600' }));
    const later = await get(caller().tools);
    assert.equal(later.note, ' (after 2 attempts; the vendor asked to wait 600 s, longer than the 60 s a run waits)');
  });

  it('stops at the attempt limit and says so', async () => {
    script(...Array.from({ length: 10 }, () => reply(500)));
    const { tools, logger } = caller();
    const answer = await get(tools);
    assert.deepEqual([answer.status, answer.attempts, server.hits, answer.note], [500, 4, 4, ' (after 4 attempts)']);
    assert.equal(logger.lines.length, 3, 'one line per retry, none for the last failure');
  });

  it("stops before a retry would pass the deadline on the run's clock", async () => {
    script(...Array.from({ length: 10 }, () => reply(503, { 'retry-after': '4' })));
    const { tools, clock } = caller({ attempts: 10, deadlineMs: 10_000 });
    const answer = await get(tools);
    assert.deepEqual(clock.slept, [4_000, 4_000], 'a third wait would end at 12 s');
    assert.equal(answer.note, ' (after 3 attempts; another try would pass the 10 s deadline)');
  });

  it('asks the vendor predicate which answers to retry, and retries nothing else', async () => {
    script(reply(403, {}, '{"error":{"errors":[{"reason":"rateLimitExceeded"}]}}'), reply(404));
    const { tools, logger } = caller();
    const throttled = (a: { status: number; body: Buffer }) =>
      /rateLimitExceeded/.test(a.body.toString()) ? { why: `${a.status} rateLimitExceeded` } : undefined;
    const answer = await get(tools, { retryWhen: throttled });
    assert.deepEqual([answer.status, answer.attempts], [404, 2]);
    assert.match(logger.lines[0] ?? '', /: 403 rateLimitExceeded; retrying in \d+ ms \(attempt 2 of 4\)$/);
  });

  it('makes the headers again for each try, and sends JSON with its content type', async () => {
    const seen: string[] = [];
    const capture = (status: number) => (res: http.ServerResponse, req: http.IncomingMessage) => {
      seen.push(`${req.headers.authorization} ${req.headers['content-type']} ${req.headers.accept}`);
      res.writeHead(status).end();
    };
    script(capture(503), capture(200));
    let token = 0;
    await get(caller().tools, {
      method: 'POST',
      json: { a: 1 },
      headers: () => ({ authorization: `Bearer ${++token}` }),
    });
    assert.deepEqual(seen, [
      'Bearer 1 application/json application/json',
      'Bearer 2 application/json application/json',
    ]);
  });

  it('throws NoAnswerError when no answer comes, retried only when the request allows it', async () => {
    const drop = (res: http.ServerResponse) => void res.socket?.destroy();
    script(drop, drop, drop, drop);
    await assert.rejects(
      get(caller().tools),
      (error: unknown) =>
        error instanceof NoAnswerError &&
        error.attempts === 1 &&
        /^vendor: listing zones: no answer from http:\/\/127\.0\.0\.1:\d+$/.test(error.message),
    );
    script(drop, drop);
    const answer = await get(caller().tools, { retryNoAnswer: true });
    assert.deepEqual([answer.status, answer.attempts], [200, 3]);
  });
});

describe('vendor kit: callWithRetries around an SDK call', () => {
  it("retries the vendor's throttling codes, and hands the last error and the note to the vendor's explanation", async () => {
    const clock = steppingClock();
    const logger = recordingLogger();
    const thrown = [
      Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }),
      Object.assign(new Error('nope'), { name: 'AccessDenied' }),
    ];
    let calls = 0;
    const send = () => {
      calls += 1;
      return Promise.reject(thrown.shift() ?? new Error('send called once too often'));
    };
    const retryable = (error: unknown) => ((error as Error).name === 'Throttling' ? { why: 'Throttling' } : undefined);
    await assert.rejects(
      callWithRetries(
        { clock, logger },
        POLICY,
        'route53: ListHostedZonesByName',
        send,
        retryable,
        (error, note) => new Error(`route53: ${(error as Error).name}${note}`),
      ),
      { message: 'route53: AccessDenied (after 2 attempts)' },
    );
    assert.equal(calls, 2);
    assert.equal(logger.lines.length, 1);
    assert.match(
      logger.lines[0] ?? '',
      /^debug: route53: ListHostedZonesByName: Throttling; retrying in \d+ ms \(attempt 2 of 4\)$/,
    );
    assert.equal(
      await callWithRetries(
        { clock, logger },
        POLICY,
        'x',
        () => Promise.resolve(42),
        retryable,
        (e) => e as Error,
      ),
      42,
    );
  });
});

describe('vendor kit: answer bodies', () => {
  it('quotes a body on one line, bounded, without the secrets', () => {
    const body = Buffer.from(`{"error":"bad token t0ken-secret",\n"echo":"\u001b[31mred"}${'x'.repeat(500)}`);
    const shown = shownBody(body, ['t0ken-secret', 'abc']);
    assert.ok(!shown.includes('t0ken-secret'));
    assert.ok(shown.includes('bad token ***'));
    // eslint-disable-next-line no-control-regex -- the escape character is what must be gone
    assert.ok(!/[\n\u001b]/.test(shown), 'no line break or escape character');
    assert.equal(shown.length, 201, '200 characters and an ellipsis');
    assert.ok(shown.endsWith('…'));
    assert.equal(
      shownBody(Buffer.from('key abc'), ['abc']),
      'key abc',
      'a "secret" under four characters would cut out ordinary text',
    );
    assert.deepEqual([parseJson(Buffer.from('{"a":1}')), parseJson(Buffer.from('<html>'))], [{ a: 1 }, undefined]);
  });
});

describe('vendor kit: pages', () => {
  it('collects every page and ends on the last or on an empty one', async () => {
    const pages: Record<number, { items: number[]; next: number | undefined }> = {
      1: { items: [1, 2], next: 2 },
      2: { items: [3], next: 3 },
      3: { items: [], next: 4 },
    };
    assert.deepEqual(
      await allPages('list', 1, (page) =>
        Promise.resolve(pages[page] as { items: number[]; next: number | undefined }),
      ),
      [1, 2, 3],
    );
  });

  it('refuses a cursor that comes back, and too many pages', async () => {
    await assert.rejects(
      allPages('vendor: listing', 'a', (cursor) =>
        Promise.resolve({ items: [cursor], next: cursor === 'a' ? 'b' : 'a' }),
      ),
      {
        message: 'vendor: listing: the pages do not end (page 3 goes back to "a")',
      },
    );
    await assert.rejects(
      allPages('vendor: listing', 0, (n) => Promise.resolve({ items: [n], next: n + 1 }), 5),
      /the pages do not end \(page 6/,
    );
  });

  it('follows a next-page link only below the API it came from', () => {
    assert.equal(
      nextPageUrl('/v2/domains?page=2', 'https://api.example.com/v2/', 'x'),
      'https://api.example.com/v2/domains?page=2',
    );
    assert.equal(nextPageUrl('', 'https://api.example.com', 'x'), undefined);
    assert.throws(
      () => nextPageUrl('https://evil.example.net/v2/domains?page=2', 'https://api.example.com/v2/', 'vendor: listing'),
      {
        message:
          'vendor: listing: the next page is at https://evil.example.net/v2/domains, outside https://api.example.com/v2/; not sending the token there',
      },
    );
    assert.throws(() => nextPageUrl('https://api.example.com/other', 'https://api.example.com/v2', 'x'), /outside/);
  });
});

describe('vendor kit: parallel work and zones', () => {
  it('inParallel keeps to the limit, runs every item even after a failure, throws the first failure', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const work = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      done.push(n);
      if (n === 2 || n === 5) throw new Error(`item ${n}`);
      return n * 10;
    };
    await assert.rejects(inParallel([1, 2, 3, 4, 5, 6, 7], 3, work), { message: 'item 2' });
    assert.equal(most, 3);
    assert.deepEqual(done.sort(), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(
      await inParallel([3, 1, 4], 2, (n) => Promise.resolve(n * 10)),
      [30, 10, 40],
      'results in the order of the items',
    );
    await assert.rejects(settleAll([Promise.resolve(1), Promise.reject(new Error('first'))]), { message: 'first' });
  });

  it('groupByZone keeps the order of first appearance and merges zones with one key', () => {
    const zones = [{ id: 'Z1' }, { id: 'Z2' }, { id: 'z1'.toUpperCase() }];
    const groups = groupByZone(['a', 'b', 'c'], zones, (zone) => zone.id);
    assert.deepEqual(
      groups.map((g) => [g.zone.id, g.items]),
      [
        ['Z1', ['a', 'c']],
        ['Z2', ['b']],
      ],
    );
  });

  it('pollUntil asks until done, the pauses growing to their cap, and gives up at the timeout', async () => {
    const clock = steppingClock();
    let asked = 0;
    assert.equal(
      await pollUntil(clock, { firstMs: 200, maxMs: 500, timeoutMs: 60_000, since: clock.now() }, () =>
        Promise.resolve(++asked === 4),
      ),
      true,
    );
    assert.deepEqual(clock.slept, [200, 300, 450]);
    const late = steppingClock();
    assert.equal(
      await pollUntil(late, { firstMs: 1_000, maxMs: 1_000, timeoutMs: 3_000, since: late.now() }, () =>
        Promise.resolve(false),
      ),
      false,
    );
    assert.deepEqual(late.slept, [1_000, 1_000, 1_000]);
  });
});
