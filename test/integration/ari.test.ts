import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ariCertificateId } from '../../src/acme/ari.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { loadState } from '../../src/state/persist.js';
import { startAriFront, type AriFront } from '../harness/ari-front.js';
import { captureLogger, renewOnBed, STATE_KEY } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { verifyIssued } from '../../src/testing/verify.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('ARI (RFC 9773) through a renewalInfo front before Pebble', () => {
  let bed: Testbed;
  let front: AriFront;
  before(async () => {
    bed = await startTestbed({ pebbleEnv: { PEBBLE_AUTHZREUSE: '0' } });
    front = await startAriFront(bed);
  });
  after(async () => {
    await front?.close();
    await bed?.stop();
  });

  /** Issues a first certificate through the front; returns its folder, state file and ARI ID. */
  async function issued(name: string) {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-ari-'));
    const where = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out'), directoryUrl: front.directoryUrl };
    const first = await renewOnBed(bed, [name], where);
    assert.equal(first.action, 'issued');
    const id = await ariCertificateId(await readFile(first.paths!.fullchain, 'utf8'));
    return { where, first, id };
  }

  it('a window in the past renews, and the new order says which certificate it replaces', async () => {
    const { where, first, id } = await issued('past.example.test');
    const now = Date.now();
    front.setWindow(id, { start: new Date(now - 2 * DAY), end: new Date(now - DAY) });
    const outcome = await renewOnBed(bed, ['past.example.test'], { ...where, now });
    assert.equal(outcome.action, 'renewed');
    assert.match(outcome.reason, /^due since .* \(the CA's renewal window /);
    assert.notEqual(outcome.summary.serial, first.summary.serial);
    assert.equal(front.newOrders.at(-1)?.replaces, id, 'replaces names the old certificate');
    await verifyIssued(bed, outcome.paths!, ['past.example.test']);
  });

  it('a future window: renews when the next run comes after it, waits when the next run comes before it', async () => {
    const { where, id } = await issued('future.example.test');
    const now = Date.now();
    const window = { start: new Date(now + 10 * DAY), end: new Date(now + 11 * DAY) };
    front.setWindow(id, window);
    const waiting = await renewOnBed(bed, ['future.example.test'], {
      ...where,
      now,
      extra: { 'next-run': new Date(now + DAY).toISOString() },
    });
    assert.equal(waiting.action, 'not-due');
    assert.ok(
      waiting.renewAt! >= window.start && waiting.renewAt! <= window.end,
      'renewal is planned inside the window',
    );
    const orders = front.newOrders.length;
    const renewing = await renewOnBed(bed, ['future.example.test'], {
      ...where,
      now,
      extra: { 'next-run': new Date(now + 12 * DAY).toISOString() },
    });
    assert.equal(renewing.action, 'renewed');
    assert.match(renewing.reason, /before the next scheduled run/);
    assert.equal(front.newOrders.length, orders + 1);
  });

  it('requests the ACME profile and keeps it for renewals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-ari-'));
    const where = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out'), directoryUrl: front.directoryUrl };
    await renewOnBed(bed, ['profile.example.test'], { ...where, extra: { profile: 'shortlived' } });
    assert.equal(front.newOrders.at(-1)?.profile, 'shortlived');
    const state = await loadState(new FileStore(where.statePath), parseStateKey(STATE_KEY));
    assert.equal(state.lineages['profile.example.test']?.profile, 'shortlived');
    await renewOnBed(bed, ['profile.example.test'], { ...where, extra: { 'force-renewal': 'true' } });
    assert.equal(front.newOrders.at(-1)?.profile, 'shortlived', 'the renewal asks for the persisted profile');
  });

  it('persists the window and Retry-After, and does not ask again before it', async () => {
    const { where, id } = await issued('retry.example.test');
    const now = Date.now();
    front.setWindow(id, { start: new Date(now + 30 * DAY), end: new Date(now + 31 * DAY), retryAfter: 7200 });
    const asked = () => front.renewalInfoRequests.filter((r) => r === id).length;
    await renewOnBed(bed, ['retry.example.test'], { ...where, now });
    assert.equal(asked(), 1);
    const state = await loadState(new FileStore(where.statePath), parseStateKey(STATE_KEY));
    const info = state.lineages['retry.example.test']?.renewalInfo;
    assert.equal(info?.retryAfter, new Date(now + 2 * HOUR).toISOString());
    assert.equal(info?.windowStart, new Date(now + 30 * DAY).toISOString());
    await renewOnBed(bed, ['retry.example.test'], { ...where, now: now + HOUR });
    assert.equal(asked(), 1, 'not asked again within Retry-After');
    await renewOnBed(bed, ['retry.example.test'], { ...where, now: now + 2 * HOUR + 1 });
    assert.equal(asked(), 2, 'asked again once Retry-After has passed');
  });

  it('a CA that cannot be reached for its window: a certificate not due stays in place, one that is due fails', async () => {
    // Its own front, closed after the first issuance: the lineage's CA is then down.
    const down = await startAriFront(bed);
    const dir = await mkdtemp(join(tmpdir(), 'certwright-ari-'));
    const where = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out'), directoryUrl: down.directoryUrl };
    const first = await renewOnBed(bed, ['down.example.test'], where);
    assert.equal(first.action, 'issued');
    await down.close();
    const logger = captureLogger();
    const kept = await renewOnBed(bed, ['down.example.test'], { ...where, logger });
    assert.equal(kept.action, 'not-due');
    assert.equal(kept.summary.serial, first.summary.serial);
    const warnings = logger.lines.filter((l) => l.startsWith('warn: '));
    assert.equal(warnings.length, 1, logger.lines.join('\n'));
    assert.match(
      warnings[0] ?? '',
      /cannot reach the ACME directory at https:\/\/127\.0\.0\.1:\d+\/dir.*decided without the CA's renewal window \(ARI\) in this run$/,
    );
    // Near its end it is due by its lifetime: ordering from the CA that is down fails, naming it.
    const late = new Date(first.summary.notAfter).getTime() - DAY;
    await assert.rejects(
      renewOnBed(bed, ['down.example.test'], { ...where, now: late }),
      /cannot reach the ACME directory at https:\/\/127\.0\.0\.1:\d+\/dir/,
    );
  });
});
