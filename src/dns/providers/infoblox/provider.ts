import { readFile } from 'node:fs/promises';
import { createHttpClient, type HttpClient } from '../../../net/http.js';
import { USER_AGENT } from '../../../runtime.js';
import { groupByZone, inParallel, settleAll } from '../../../vendor/parallel.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { distinctRecords, recordKey } from '../records.js';
import { perRun } from '../run-cache.js';
import { unquoteTxt } from '../txt.js';
import { InfobloxApi, isConflict, isNotFound, type TxtRecord } from './api.js';
import type { InfobloxSettings } from './settings.js';

/** Records in one multiple-object request. */
const BATCH_SIZE = 100;
/** Single requests in flight at once, when a batch cannot be used. */
const PARALLEL = 4;

/**
 * NIOS keeps one `record:txt` object per value, each with its own reference (`_ref`), so no
 * record set is ever rewritten: the provider creates its records (all of a zone in one
 * multiple-object request), returns their references as refs for the crash record, and deletes
 * exactly those. If a batch is refused because a record is there already (an earlier attempt of
 * this order) or gone already, its records go one by one, where that is no error: whether the
 * Grid Manager undid the rest of the batch or not, the outcome is the same. A journaled reference
 * is deleted only while it is a TXT record at its name, in the view, with its value; a record
 * without one is found by name and exact value: a dns-01 value is the account's digest of one
 * challenge token, so no one else's record carries it.
 */
export class InfobloxProvider implements DnsProvider {
  readonly name = 'infoblox';
  readonly #api: InfobloxApi;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

  constructor(api: InfobloxApi) {
    this.#api = api;
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(({ zone, items }) => this.#createInZone(zone, items)),
    );
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const targets = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zone),
      (zone) => zone,
    );
    await settleAll(
      byZone.map(({ zone, items }) => this.#deleteInZone(zone, [...new Set(items.flatMap((t) => t.refs))])),
    );
    for (const record of records) this.#created.delete(recordKey(record));
  }

  async #createInZone(zone: string, records: readonly ChallengeRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BATCH_SIZE) {
      const chunk = records.slice(i, i + BATCH_SIZE);
      if (chunk.length === 1) {
        await this.#createOne(chunk[0] as ChallengeRecord);
        continue;
      }
      try {
        const created = await this.#api.createMany(zone, chunk);
        chunk.forEach((record, n) => this.#remember(record, created[n]));
      } catch (error) {
        if (!isConflict(error)) throw error;
        // One of them is there already: one by one, where a conflict is no error
        // (and finds a record the batch made, had the grid not undone it).
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(record));
      }
    }
  }

  async #createOne(record: ChallengeRecord): Promise<void> {
    try {
      this.#remember(record, await this.#api.createTxt(record.fqdn, record.value));
    } catch (error) {
      if (!isConflict(error)) throw error;
      // Already there (an earlier attempt of this order): that record is this run's.
      const existing = (await this.#api.txtRecords(record.fqdn)).find((r) => this.#holds(r, record));
      if (!existing) throw error;
      this.#remember(record, existing);
    }
  }

  #remember(record: ChallengeRecord, created: TxtRecord | undefined): void {
    if (!created?._ref)
      throw new Error(`infoblox: creating TXT ${record.fqdn}: the answer carries no object reference (_ref)`);
    this.#created.set(recordKey(record), created._ref);
  }

  /** A TXT record of the view at the record's name holding exactly its value (quoted or not). */
  #holds(candidate: TxtRecord, record: ChallengeRecord): boolean {
    return candidate.view === this.#api.view && unquoteTxt(candidate.text) === record.value;
  }

  /** The references of a record of this run: its own ref, else the records at its name that carry its value. */
  async #findOwn(record: ChallengeRecord): Promise<{ zone: string; refs: string[] }> {
    const created = this.#created.get(recordKey(record));
    if (created && (!record.ref || record.ref === created)) return { zone: record.zone, refs: [created] };
    // A journaled ref (an earlier run's, or a tampered journal's) could name any object of the
    // grid: it goes only while it is a TXT record at this name, in the view, with this value;
    // failing that, the records there with the value go, as for a record without a ref.
    const mine = (await this.#api.txtRecords(record.fqdn)).filter((r) => this.#holds(r, record));
    const exact = mine.filter((r) => r._ref === record.ref);
    return { zone: record.zone, refs: (exact.length > 0 ? exact : mine).map((r) => r._ref) };
  }

  async #deleteInZone(zone: string, refs: readonly string[]): Promise<void> {
    for (let i = 0; i < refs.length; i += BATCH_SIZE) {
      const chunk = refs.slice(i, i + BATCH_SIZE);
      if (chunk.length > 1) {
        try {
          await this.#api.deleteMany(zone, chunk);
          continue;
        } catch (error) {
          // One of them is gone already (a cleanup that ran before): one by one, where "not found" is no error.
          if (!isNotFound(error)) throw error;
        }
      }
      await inParallel(chunk, PARALLEL, (ref) => this.#api.deleteRef(ref));
    }
  }
}

/** The client for the Grid Manager: the run's, or one that also trusts infoblox-ca-file (this provider only). */
async function clientFor(settings: InfobloxSettings, context: ProviderContext): Promise<HttpClient> {
  const file = settings.caFile;
  if (file === undefined) return context.http;
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (cause) {
    throw new Error(
      `infoblox-ca-file: cannot read ${file}; ` +
        "expected a PEM file with the CA that signed the Grid Manager's certificate",
      { cause },
    );
  }
  try {
    return createHttpClient({ userAgent: USER_AGENT, env: context.env, logger: context.logger, extraCaPem: pem });
  } catch (cause) {
    throw new Error(`infoblox-ca-file: ${file} holds no valid PEM certificate; expected the CA's certificate in PEM`, {
      cause,
    });
  }
}

/** The provider, on the API of the run (one zone cache and one TLS context per Grid Manager and user). */
export async function createInfobloxProvider(
  settings: InfobloxSettings,
  context: ProviderContext,
): Promise<InfobloxProvider> {
  // The password is part of what makes two APIs differ; the key stays in memory only.
  const key = JSON.stringify([
    'infoblox',
    settings.baseUrl,
    settings.username,
    settings.password,
    settings.view,
    settings.caFile ?? '',
    settings.ttl,
  ]);
  const api = await perRun(
    context,
    key,
    async () => new InfobloxApi(settings, context, await clientFor(settings, context)),
  );
  return new InfobloxProvider(api);
}
