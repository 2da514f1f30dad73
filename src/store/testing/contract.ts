/**
 * The contract every store kind passes, as every DNS provider passes the shared provider
 * scenarios: a store folder's testing/contract.test.ts calls {@link storeContract} with a
 * {@link StoreUnderTest} that opens its kind as a run of the step does (`store` and its settings
 * through parseStoreSpec), against a local fake where the kind needs one. The state module does
 * the rest (StateSession, loadState), so what is checked is what a run gets.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createHttpClient } from '../../net/http.js';
import type { OptionValues } from '../../options/option.js';
import { emptyBundle, type StateBundle } from '../../state/bundle.js';
import { parseStateKey } from '../../state/encryption.js';
import { loadState } from '../../state/persist.js';
import { StateSession } from '../../state/session.js';
import type { StateStore } from '../../state/state-store.js';
import { silentLogger } from '../../runtime.js';
import { parseStoreSpec, type StoreDefinition } from '../store.js';

/** One place a store keeps a state: fresh for each scenario. */
export interface StorePlace {
  /** Opens the store as one run of the step does; `reset`: state-reset is true. Rejects as the run would. */
  open(options?: { readonly reset?: boolean }): Promise<StateStore>;
  /** Puts `text` where the store keeps the state, as something other than certwright would (a damaged or emptied state). */
  plant(text: string): Promise<void>;
  /** Called between the two runs' writes when the store can only tell writes apart by time (a secret's `updated_at` has whole seconds). */
  beforeOtherWrite?(): Promise<void>;
}

/** What a store does when another run wrote the state after this run read it (its metadata's `concurrentWrites`). */
export type ConcurrentWrites =
  /** Reads again under its lock and puts this run's changes on top (file). */
  | 'merge'
  /** Refuses to write, naming `concurrency:` (secret). */
  | 'refuse'
  /** Keeps what the run that finished last wrote (artifact: the newest upload is loaded). */
  | 'last-writer-wins';

export interface StoreUnderTest {
  readonly kind: string;
  readonly concurrentWrites: ConcurrentWrites;
  /** Whether it has a lock (a read-merge-write holds off other processes). */
  readonly locks: boolean;
  /** A new place, and the clean-up when the scenario is over. */
  fresh(): Promise<StorePlace>;
}

/** `store` and its settings (`values`) parsed and opened as a run does, with the kinds a front end offers. */
export function openThroughSpec(
  values: OptionValues,
  kinds: readonly StoreDefinition[],
  reset = false,
): Promise<StateStore> {
  const inputs: OptionValues = { ...values, 'state-reset': String(reset) };
  const http = createHttpClient({ userAgent: 'certwright-store-contract' });
  return parseStoreSpec(inputs.store, inputs, kinds).open({ http, logger: silentLogger, now: Date.now });
}

const KEY = parseStateKey(`cwk1:${randomBytes(32).toString('base64url')}`);
const KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

/** `bundle` with an ACME account at `ca` (what a run adds when it registers there). */
function withAccount(bundle: StateBundle, ca: string): StateBundle {
  const url = `https://${ca}/dir`;
  return { ...bundle, accounts: { ...bundle.accounts, [url]: { url: `https://${ca}/acct/1`, keyPem: KEY_PEM } } };
}

const cas = (bundle: StateBundle) =>
  Object.keys(bundle.accounts)
    .map((url) => new URL(url).host)
    .sort();

/** One run: opens the store, applies `change`, saves and finishes, as the engine does. */
async function run(place: StorePlace, change: (bundle: StateBundle) => StateBundle, reset = false): Promise<void> {
  const session = await StateSession.open(await place.open({ reset }), KEY);
  session.update(change);
  await session.save();
  await session.close();
}

/** What a later run loads. */
async function stored(place: StorePlace): Promise<StateBundle> {
  return loadState(await place.open(), KEY);
}

export function storeContract(subject: StoreUnderTest): void {
  describe(`the ${subject.kind} store keeps the store contract`, () => {
    it('a store that holds nothing yet is a first run: an empty state', async () => {
      const place = await subject.fresh();
      assert.deepEqual(await stored(place), emptyBundle());
    });

    it("a run's save is what the next run loads", async () => {
      const place = await subject.fresh();
      await run(place, (b) => withAccount(b, 'one.test'));
      await run(place, (b) => withAccount(b, 'two.test'));
      assert.deepEqual(cas(await stored(place)), ['one.test', 'two.test']);
    });

    it(`after another run wrote it meanwhile: ${subject.concurrentWrites}`, async () => {
      const place = await subject.fresh();
      await run(place, (b) => withAccount(b, 'first.test'));
      const mine = await StateSession.open(await place.open(), KEY);
      await place.beforeOtherWrite?.();
      await run(place, (b) => withAccount(b, 'other.test'));
      mine.update((b) => withAccount(b, 'mine.test'));
      if (subject.concurrentWrites === 'refuse') {
        await assert.rejects(mine.save(), /by another run after this run read it; not overwriting it.*concurrency:/);
        assert.deepEqual(cas(await stored(place)), ['first.test', 'other.test']);
        return;
      }
      await mine.save();
      await mine.close();
      const expected =
        subject.concurrentWrites === 'merge' ? ['first.test', 'mine.test', 'other.test'] : ['first.test', 'mine.test']; // the other run's account is lost: why every writer shares a concurrency group
      assert.deepEqual(cas(await stored(place)), expected);
    });

    it('refuses a state that exists but is empty, and never writes over it', async () => {
      const place = await subject.fresh();
      await place.plant('');
      const empty = /state: (the .* exists but is empty|empty, but the .* exists).*state-reset: true/;
      await assert.rejects(async () => run(place, (b) => withAccount(b, 'new.test')), empty);
      await assert.rejects(() => stored(place), empty);
    });

    it('refuses a state that cannot be read, and never writes over it', async () => {
      const place = await subject.fresh();
      await place.plant('not a certwright state');
      const unreadable = /state: not an encrypted certwright bundle .*state-reset: true/;
      await assert.rejects(async () => run(place, (b) => withAccount(b, 'new.test')), unreadable);
      await assert.rejects(() => stored(place), unreadable);
    });

    it('state-reset: what the store holds is not read, and the first write replaces it', async () => {
      const place = await subject.fresh();
      await place.plant('not a certwright state');
      await run(place, (b) => withAccount(b, 'fresh.test'), true);
      assert.deepEqual(cas(await stored(place)), ['fresh.test']);
    });

    it(subject.locks ? 'a lock holds off a second holder until it is released' : 'has no lock to take', async () => {
      const place = await subject.fresh();
      const [one, two] = [await place.open(), await place.open()];
      const [lockOne, lockTwo] = [one.lock?.bind(one), two.lock?.bind(two)];
      if (!subject.locks) {
        assert.equal(lockOne, undefined, 'a store without a lock has nothing newer to read before a save');
        return;
      }
      assert.ok(lockOne && lockTwo);
      const release = await lockOne();
      let second = false;
      const waiting = lockTwo().then((releaseTwo) => {
        second = true;
        return releaseTwo;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(second, false, 'the second holder waits');
      await release();
      await (
        await waiting
      )();
      assert.equal(second, true);
    });
  });
}
