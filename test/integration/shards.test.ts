/**
 * A config split over a job matrix (`shard: I/N`, one state per shard through `{shard}` in the
 * store), against Pebble + BIND: every certificate is issued once across the shards, and a
 * changed shard count moves certificates between the states without a new order.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseStateKey } from '../../src/state/encryption.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { loadState } from '../../src/state/persist.js';
import { bedInputs, captureLogger, runInputs, STATE_KEY } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

describe('sharding a config over a matrix (in-process engine, Pebble + BIND)', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('4 shards issue each of 40 certificates exactly once; 5 shards then issue nothing and report the moves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-shards-'));
    const names = Array.from({ length: 40 }, (_, i) => `shard${i}.example.test`);
    const config = join(dir, 'certwright.yml');
    await writeFile(config, `concurrency: 8\ncertificates:\n${names.map((n) => `  - domains: [${n}]\n`).join('')}`);
    const matrix = (count: number) =>
      Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const logger = captureLogger();
          const raw = bedInputs(bed, ['unused.example.test'], {
            config,
            shard: `${i + 1}/${count}`,
            store: `file:${join(dir, 'state-{shard}.jwe')}`,
            'state-key': STATE_KEY,
            'output-dir': join(dir, 'out'),
          });
          return { results: await runInputs(raw, { logger }), logger };
        }),
      );

    const four = await matrix(4);
    const issued = four
      .flatMap((s) => s.results)
      .filter((r) => r.outcome?.action === 'issued')
      .map((r) => r.name);
    assert.deepEqual([...issued].sort(), [...names].sort(), 'each certificate issued by exactly one shard');
    for (const shard of four)
      assert.ok(shard.results.length > 3 && shard.results.length < 20, `a share of ${shard.results.length}`);
    const key = parseStateKey(STATE_KEY);
    const states = await Promise.all(
      [1, 2, 3, 4].map((i) => loadState(new FileStore(join(dir, `state-${i}.jwe`)), key)),
    );
    const accounts = states.map((s) => Object.values(s.accounts)[0]?.url);
    assert.equal(new Set(accounts).size, 4, 'each shard has its own ACME account');

    const five = await matrix(5);
    const results = five.flatMap((s) => s.results);
    assert.deepEqual(results.map((r) => r.name).sort(), [...names].sort());
    assert.deepEqual(
      results
        .filter((r) => r.outcome?.action !== 'not-due')
        .map((r) => `${r.name}: ${r.outcome?.action ?? r.error?.message}`),
      [],
      'nothing new is issued',
    );
    const lines = five.flatMap((s) => s.logger.lines);
    const movedHere = lines.filter((l) =>
      / moved here \(shard \d\/5\) from file .*state-\d\.jwe; its certificate is kept, no new order$/.test(l),
    );
    const movedAway = lines.filter((l) =>
      /: moved to shard \d\/5 \(a stable hash of its name\); that shard renews it from now on$/.test(l),
    );
    assert.ok(movedHere.length > 0, 'some certificates moved with the new count');
    assert.equal(movedHere.length, movedAway.length, 'each move is said by both shards');
  });

  it('max-new-orders defers what is over the budget, and the state remembers the orders of earlier runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-budget-'));
    const names = Array.from({ length: 5 }, (_, i) => `budget${i}.example.test`);
    const config = join(dir, 'certwright.yml');
    await writeFile(config, `certificates:\n${names.map((n) => `  - domains: [${n}]\n`).join('')}`);
    const run = async (max: string) => {
      const logger = captureLogger();
      const raw = bedInputs(bed, ['unused.example.test'], {
        config,
        'max-new-orders': max,
        store: `file:${join(dir, 'state.jwe')}`,
        'state-key': STATE_KEY,
        'output-dir': join(dir, 'out'),
      });
      const results = await runInputs(raw, { logger });
      return {
        issued: results.filter((r) => r.outcome?.action === 'issued').length,
        deferred: results.filter((r) => r.deferred).length,
        logger,
      };
    };
    const first = await run('2');
    assert.deepEqual([first.issued, first.deferred], [2, 3]);
    assert.ok(
      first.logger.lines.some((l) =>
        /^warn: 3 due certificate\(s\) deferred to the next run: max-new-orders \(2 new orders per account in 3 hours\) is spent/.test(
          l,
        ),
      ),
      first.logger.lines.join('\n'),
    );
    const second = await run('2');
    assert.deepEqual(
      [second.issued, second.deferred],
      [0, 3],
      "the first run's two orders are still inside the 3 hours",
    );
    const third = await run('5');
    assert.deepEqual([third.issued, third.deferred], [3, 0]);
  });

  it('refuses shard without a config', async () => {
    await assert.rejects(runInputs(bedInputs(bed, ['x.example.test'], { shard: '1/2' })), {
      message:
        'shard: only splits the certificates of a config file; set config, or drop shard for a single certificate',
    });
  });
});
