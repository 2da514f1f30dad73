import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import {
  settleAll
} from "./chunk-VYFVYXL5.js";
import { AcmeDnsError, updateTxt } from "./start.js";
import { VALUES_PER_ACCOUNT, accountForRecord, accountKey, tooManyValues } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { callWithRetries } from "./start.js";
import "./start.js";

// src/dns/providers/acme-dns/provider.ts
var RETRY_POLICY = {
  attempts: 4,
  backoffMs: 500,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 12e4
};
var DNS01_VALUE = /^[A-Za-z0-9_-]{43}$/;
var AcmeDnsProvider = class {
  name = "acme-dns";
  #credentials;
  #http;
  #clock;
  #logger;
  #slots;
  /** Slots this instance holds, by account key, until its records are deleted. */
  #held = /* @__PURE__ */ new Map();
  constructor(credentials, context) {
    this.#credentials = credentials;
    this.#http = context.http;
    this.#clock = context.clock;
    this.#logger = context.logger;
    this.#slots = perRun(context, "acme-dns:slots", () => new AccountSlots());
  }
  async createRecords(records) {
    const batches = this.#batches(records);
    try {
      for (const batch of [...batches].sort((a, b) => accountKey(a.account).localeCompare(accountKey(b.account))))
        await this.#acquire(batch);
      await settleAll(batches.map((batch) => this.#publish(batch)));
    } catch (error) {
      this.#releaseAll();
      throw error;
    }
  }
  deleteRecords(records) {
    if (records.length > 0)
      this.#logger.debug("acme-dns: nothing to delete (acme-dns has no delete; the next update replaces the values)");
    this.#releaseAll();
    return Promise.resolve();
  }
  /** The records by account, checked: each has an account, a dns-01 value, and no account gets more than two. */
  #batches(records) {
    const batches = /* @__PURE__ */ new Map();
    for (const record of records) {
      const account = accountForRecord(this.#credentials, record);
      if (!DNS01_VALUE.test(record.value))
        throw new Error(
          `acme-dns: the TXT value for ${record.domain} is not 43 characters of base64url, the only values acme-dns takes`
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
  async #acquire(batch) {
    const key = accountKey(batch.account);
    await this.#slots.acquire(
      key,
      batch.values.length,
      () => this.#logger.info(
        `acme-dns: another certificate of this run has values on ${batch.account.fulldomain}; waiting for it to finish (acme-dns keeps ${VALUES_PER_ACCOUNT} per account)`
      )
    );
    this.#held.set(key, (this.#held.get(key) ?? 0) + batch.values.length);
  }
  #releaseAll() {
    for (const [key, count] of this.#held) this.#slots.release(key, count);
    this.#held.clear();
  }
  /** Sends the account's values in order; on a retryable answer, after a pause, all of them again. */
  async #publish({ account, values, domains }) {
    const what = `updating ${account.fulldomain} for ${domains.join(", ")}`;
    const sendAll = async () => {
      for (const value of values) await updateTxt(this.#http, account, value, what);
    };
    const retryable = (error) => error instanceof AcmeDnsError && (error.retryable || error.status === 0) ? { why: error.status === 0 ? "no answer" : `${error.status} ${error.code ?? ""}`.trim() } : void 0;
    const fail = (error, note) => error instanceof Error ? Object.assign(error, { message: error.message + note }) : new Error(String(error));
    await callWithRetries(
      { clock: this.#clock, logger: this.#logger },
      RETRY_POLICY,
      `acme-dns: ${what}`,
      sendAll,
      retryable,
      fail
    );
  }
};
var AccountSlots = class {
  #used = /* @__PURE__ */ new Map();
  #waiting = /* @__PURE__ */ new Map();
  async acquire(key, count, onWait) {
    const queue = this.#waiting.get(key) ?? [];
    if (queue.length === 0 && (this.#used.get(key) ?? 0) + count <= VALUES_PER_ACCOUNT) {
      this.#used.set(key, (this.#used.get(key) ?? 0) + count);
      return;
    }
    onWait();
    await new Promise((admit) => {
      queue.push({ count, admit });
      this.#waiting.set(key, queue);
    });
  }
  release(key, count) {
    let used = Math.max(0, (this.#used.get(key) ?? 0) - count);
    const queue = this.#waiting.get(key) ?? [];
    while (queue[0] && used + queue[0].count <= VALUES_PER_ACCOUNT) {
      const next = queue.shift();
      used += next.count;
      next.admit();
    }
    this.#used.set(key, used);
  }
};
export {
  AcmeDnsProvider
};
