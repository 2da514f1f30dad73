import type { Clock, Logger } from '../../../runtime.js';
import type { HttpClient } from '../../../net/http.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { perRun } from '../run-cache.js';
import { AcmeDnsError, updateTxt } from './api.js';
import {
  accountForRecord,
  accountKey,
  tooManyValues,
  VALUES_PER_ACCOUNT,
  type AcmeDnsAccount,
  type AcmeDnsCredentials,
} from './credentials.js';
import { settleAll } from '../../../vendor/parallel.js';
import { callWithRetries, type RetryPolicy } from '../../../vendor/retry.js';

/** Tries of one account's sequence of updates when acme-dns (or a proxy) answers 429 or 5xx, or none. */
const RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
  deadlineMs: 120_000,
};
/** A dns-01 value: base64url of a SHA-256 digest, the only length acme-dns accepts. */
const DNS01_VALUE = /^[A-Za-z0-9_-]{43}$/;

interface AccountBatch {
  readonly account: AcmeDnsAccount;
  /** Distinct values, in the order of the records. */
  readonly values: string[];
  readonly domains: string[];
}

/**
 * acme-dns keeps the two most recent TXT values of an account's subdomain and has no delete.
 * So: every record must reach an account through its CNAME (the DNS core followed it, so the
 * record's name is the account's fulldomain); one order may need at most two values per
 * account (a name and its wildcard), checked before anything is sent; an account's values are
 * sent one after another, and a retry sends them all again, so the last two are this order's;
 * and certificates of one run that share an account take turns (a per-run count of the values
 * in flight), so neither overwrites the other's before the CA has looked. Cleanup sends nothing:
 * the values stay until the next update replaces them, and the subdomain is the account's
 * alone, so nothing else is touched.
 */
export class AcmeDnsProvider implements DnsProvider {
  readonly name = 'acme-dns';
  readonly #credentials: AcmeDnsCredentials;
  readonly #http: HttpClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #slots: AccountSlots;
  /** Slots this instance holds, by account key, until its records are deleted. */
  readonly #held = new Map<string, number>();

  constructor(credentials: AcmeDnsCredentials, context: ProviderContext) {
    this.#credentials = credentials;
    this.#http = context.http;
    this.#clock = context.clock;
    this.#logger = context.logger;
    this.#slots = perRun(context, 'acme-dns:slots', () => new AccountSlots());
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const batches = this.#batches(records);
    try {
      // In one order, so two certificates waiting for each other's accounts cannot both hold one.
      for (const batch of [...batches].sort((a, b) => accountKey(a.account).localeCompare(accountKey(b.account))))
        await this.#acquire(batch);
      await settleAll(batches.map((batch) => this.#publish(batch)));
    } catch (error) {
      this.#releaseAll();
      throw error;
    }
  }

  deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    if (records.length > 0)
      this.#logger.debug('acme-dns: nothing to delete (acme-dns has no delete; the next update replaces the values)');
    this.#releaseAll();
    return Promise.resolve();
  }

  /** The records by account, checked: each has an account, a dns-01 value, and no account gets more than two. */
  #batches(records: readonly ChallengeRecord[]): AccountBatch[] {
    const batches = new Map<string, AccountBatch>();
    for (const record of records) {
      const account = accountForRecord(this.#credentials, record);
      if (!DNS01_VALUE.test(record.value))
        throw new Error(
          `acme-dns: the TXT value for ${record.domain} is not 43 characters of base64url, ` +
            'the only values acme-dns takes',
        );
      const batch = batches.get(accountKey(account)) ?? { account, values: [], domains: [] };
      if (!batch.values.includes(record.value)) batch.values.push(record.value);
      if (!batch.domains.includes(record.domain)) batch.domains.push(record.domain);
      batches.set(accountKey(account), batch);
    }
    const crowded = [...batches.values()].find((batch) => batch.values.length > VALUES_PER_ACCOUNT);
    if (crowded) throw new Error(tooManyValues(crowded.account, crowded.domains));
    return [...batches.values()];
  }

  async #acquire(batch: AccountBatch): Promise<void> {
    const key = accountKey(batch.account);
    await this.#slots.acquire(key, batch.values.length, () =>
      this.#logger.info(
        `acme-dns: another certificate of this run has values on ${batch.account.fulldomain}; ` +
          `waiting for it to finish (acme-dns keeps ${VALUES_PER_ACCOUNT} per account)`,
      ),
    );
    this.#held.set(key, (this.#held.get(key) ?? 0) + batch.values.length);
  }

  #releaseAll(): void {
    for (const [key, count] of this.#held) this.#slots.release(key, count);
    this.#held.clear();
  }

  /** Sends the account's values in order; on a retryable answer, after a pause, all of them again. */
  async #publish({ account, values, domains }: AccountBatch): Promise<void> {
    const what = `updating ${account.fulldomain} for ${domains.join(', ')}`;
    const sendAll = async () => {
      for (const value of values) await updateTxt(this.#http, account, value, what);
    };
    const retryable = (error: unknown) =>
      error instanceof AcmeDnsError && (error.retryable || error.status === 0)
        ? { why: error.status === 0 ? 'no answer' : `${error.status} ${error.code ?? ''}`.trim() }
        : undefined;
    const fail = (error: unknown, note: string) =>
      error instanceof Error ? Object.assign(error, { message: error.message + note }) : new Error(String(error));
    await callWithRetries(
      { clock: this.#clock, logger: this.#logger },
      RETRY_POLICY,
      `acme-dns: ${what}`,
      sendAll,
      retryable,
      fail,
    );
  }
}

/**
 * Per account, how many of its two values are in flight in this run, and who waits for room
 * (first come, first served).
 */
class AccountSlots {
  readonly #used = new Map<string, number>();
  readonly #waiting = new Map<string, { count: number; admit: () => void }[]>();

  async acquire(key: string, count: number, onWait: () => void): Promise<void> {
    const queue = this.#waiting.get(key) ?? [];
    if (queue.length === 0 && (this.#used.get(key) ?? 0) + count <= VALUES_PER_ACCOUNT) {
      this.#used.set(key, (this.#used.get(key) ?? 0) + count);
      return;
    }
    onWait();
    await new Promise<void>((admit) => {
      queue.push({ count, admit });
      this.#waiting.set(key, queue);
    });
  }

  release(key: string, count: number): void {
    let used = Math.max(0, (this.#used.get(key) ?? 0) - count);
    const queue = this.#waiting.get(key) ?? [];
    while (queue[0] && used + queue[0].count <= VALUES_PER_ACCOUNT) {
      const next = queue.shift() as { count: number; admit: () => void };
      used += next.count;
      next.admit();
    }
    this.#used.set(key, used);
  }
}
