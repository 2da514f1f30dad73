/**
 * The order budget and the sharding, simulated with an injected clock: thousands of
 * certificates over months of scheduled runs, with the same code the engine runs
 * (shardOf, decideRenewal, chooseOrders, recentOrders) and no CA.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseOrders,
  DEFAULT_MAX_NEW_ORDERS,
  ORDER_WINDOW_MS,
  recentOrders,
  type DueCertificate,
} from '../../src/renewal/budget.js';
import { decideRenewal } from '../../src/renewal/decide.js';
import { emptyBundle, parseBundle, serializeBundle } from '../../src/state/bundle.js';
import { parseShard, shardOf, storeForShard } from '../../src/renewal/shard.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIFETIME = 90 * DAY;
const CA = 'https://acme.example/directory';

interface Simulated {
  notBefore?: number;
  notAfter?: number;
}

/** Most orders an account made in any 3-hour window. */
function busiestWindow(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= ORDER_WINDOW_MS) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** One shard's scheduled runs from `start`, every `every` ms, `runs` times: what the engine does, with issuance instant. */
function simulateShard(names: readonly string[], runs: number, every: number, start = Date.UTC(2026, 0, 1, 4, 17)) {
  const certs = new Map<string, Simulated>(names.map((n) => [n, {}]));
  let orders: number[] = [];
  const allOrders: number[] = [];
  let expiredSeen = 0;
  let firstComplete: number | undefined;
  for (let run = 0; run < runs; run++) {
    const now = start + run * every;
    const due: DueCertificate[] = [];
    for (const [name, cert] of certs) {
      if (cert.notAfter !== undefined && cert.notAfter <= now) expiredSeen++;
      if (cert.notBefore === undefined || cert.notAfter === undefined) {
        due.push({ name, directoryUrl: CA, expiresAt: now, exempt: false });
        continue;
      }
      const decision = decideRenewal({
        notBefore: new Date(cert.notBefore),
        notAfter: new Date(cert.notAfter),
        now,
        certificateId: name,
        nextRunAt: now + every,
      });
      if (decision.due) due.push({ name, directoryUrl: CA, expiresAt: cert.notAfter, exempt: false });
    }
    const { order } = chooseOrders(due, { [CA]: orders }, DEFAULT_MAX_NEW_ORDERS, now);
    for (const o of order) {
      certs.set(o.name, { notBefore: now, notAfter: now + LIFETIME });
      allOrders.push(now);
    }
    orders = [...recentOrders(orders, now), ...order.map(() => now)];
    if (firstComplete === undefined && [...certs.values()].every((c) => c.notAfter !== undefined)) firstComplete = run;
  }
  return { busiest: busiestWindow(allOrders), expiredSeen, firstComplete, certs };
}

describe('order budget and shards (simulated, injected clock)', () => {
  it('10,000 certificates on 8 shards, daily runs for 90 days: no account over its budget in any 3 hours, none ever expired', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `site-${i}.example.com`);
    const shards = Array.from({ length: 8 }, (_, s) => names.filter((n) => shardOf(n, 8) === s + 1));
    assert.equal(
      shards.reduce((sum, s) => sum + s.length, 0),
      10_000,
      'every certificate is in exactly one shard',
    );
    for (const share of shards)
      assert.ok(share.length > 1_100 && share.length < 1_400, `shards are balanced (${share.length})`);
    for (const share of shards) {
      const result = simulateShard(share, 90, DAY);
      assert.ok(
        result.busiest <= DEFAULT_MAX_NEW_ORDERS,
        `at most ${DEFAULT_MAX_NEW_ORDERS} orders in any 3 hours (saw ${result.busiest})`,
      );
      assert.equal(result.expiredSeen, 0, 'no certificate was ever found expired');
      assert.ok(
        result.firstComplete !== undefined && result.firstComplete <= 5,
        `all issued within 6 daily runs (run ${result.firstComplete})`,
      );
      const renewed = [...result.certs.values()].filter(
        (c) => (c.notBefore ?? 0) > Date.UTC(2026, 0, 1) + 50 * DAY,
      ).length;
      assert.equal(renewed, share.length, 'every certificate was renewed before its first expiry');
    }
  });

  it("runs every hour still keep an account within its budget over any 3 hours (earlier runs' orders are remembered)", () => {
    const names = Array.from({ length: 1_500 }, (_, i) => `hourly-${i}.example.com`);
    const result = simulateShard(names, 48, HOUR);
    assert.ok(result.busiest <= DEFAULT_MAX_NEW_ORDERS, `saw ${result.busiest} orders in 3 hours`);
    assert.ok(result.firstComplete !== undefined && result.firstComplete <= 20, 'all issued within a day');
  });

  it('orders ARI renewals first and regardless of the budget, then the most urgent, and defers the rest', () => {
    const now = Date.UTC(2026, 5, 1);
    const due: DueCertificate[] = [
      { name: 'later', directoryUrl: CA, expiresAt: now + 20 * DAY, exempt: false },
      { name: 'missing', directoryUrl: CA, expiresAt: now, exempt: false },
      { name: 'ari', directoryUrl: CA, expiresAt: now + 25 * DAY, windowStart: now - HOUR, exempt: true },
      { name: 'soon', directoryUrl: CA, expiresAt: now + 2 * DAY, exempt: false },
      { name: 'other-ca', directoryUrl: 'https://other.example/dir', expiresAt: now + 30 * DAY, exempt: false },
    ];
    const earlier = Array.from({ length: 8 }, (_, i) => now - i * 10 * 60_000);
    const { order, defer } = chooseOrders(due, { [CA]: [...earlier, now - 4 * HOUR] }, 10, now);
    assert.deepEqual(
      order.map((o) => o.name),
      ['ari', 'missing', 'soon', 'other-ca'],
    );
    assert.deepEqual(
      defer.map((o) => o.name),
      ['later'],
    );
  });

  it('parses shard I/N and fills {shard} in the store', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.equal(parseShard(undefined), undefined);
    for (const bad of ['0/4', '5/4', '1', 'a/b', '1/0'])
      assert.throws(() => parseShard(bad), /^Error: shard: ".*" is not a shard; expected I\/N with 1 <= I <= N <= 256/);
    assert.equal(storeForShard('secret:CERTWRIGHT_STATE_{shard}', { index: 3, count: 8 }), 'secret:CERTWRIGHT_STATE_3');
    assert.equal(shardOf('a.example.com', 8), shardOf('a.example.com', 8), 'stable');
  });
});

describe('order times in the state', () => {
  it('an order saved and read back within the same second still counts (times are stored down to the second)', () => {
    const url = 'https://ca.example/dir';
    const now = Date.parse('2026-12-06T16:00:00.700Z');
    const stored = parseBundle(serializeBundle({ ...emptyBundle(), orders: { [url]: [now, now] } }));
    assert.deepEqual(recentOrders(stored.orders?.[url] ?? [], now), [now - 700, now - 700]);
    // A time an older version rounded up into the next second counts as well.
    assert.equal(recentOrders([now + 300], now).length, 1);
    assert.equal(recentOrders([now + 5_000], now).length, 0, 'but not one from a clock far ahead');
  });
});
