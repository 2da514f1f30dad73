import { inParallel } from '../../../vendor/parallel.js';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { fqdnOf, gandiApiFor, type GandiApi, type GandiSettings } from './api.js';

/** Record names worked on at once: each costs two or three requests, and Gandi allows 1,000 a minute per IP. */
const PARALLEL = 8;
/** Writes of one set before giving up when someone else keeps replacing it. */
const WRITE_ATTEMPTS = 3;

/** The run's values at one record name of one LiveDNS domain. */
interface NameChange {
  readonly domain: string;
  /** Relative to the domain, `@` for the apex, as LiveDNS's paths take it. */
  readonly name: string;
  readonly values: ReadonlySet<string>;
}

/**
 * LiveDNS keeps all TXT values of a name in one record set and has no batch for sets of several
 * names, nor a conditional write. So, per name: read the set, write it back with the run's
 * values added (every other value kept exactly as written, the set's TTL kept), then read it
 * again to see the values are there (another writer's `PUT` in between would have replaced them:
 * merge and write again). Cleanup writes back the set without the run's values, or deletes it
 * when nothing else is left. Names go side by side, a few at a time; two certificates of a run
 * take turns on a name. Records carry no ref: a name and a value say exactly what to remove.
 */
export class GandiProvider implements DnsProvider {
  readonly name = 'gandi';
  readonly #api: GandiApi;
  readonly #ttl: number;

  constructor(settings: GandiSettings, context: ProviderContext) {
    this.#api = gandiApiFor(settings, context);
    this.#ttl = settings.ttl;
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await inParallel(byName(records), PARALLEL, (change) => this.#locked(change, () => this.#add(change)));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await inParallel(byName(records), PARALLEL, (change) => this.#locked(change, () => this.#remove(change)));
  }

  #locked(change: NameChange, work: () => Promise<void>): Promise<void> {
    return this.#api.locks.run(`${change.domain} ${change.name}`, work);
  }

  async #add({ domain, name, values }: NameChange): Promise<void> {
    const fqdn = fqdnOf(name, domain);
    for (let attempt = 1; ; attempt++) {
      const current = await this.#api.readTxt(domain, name);
      const present = new Set((current?.values ?? []).map(unquoteTxt));
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) return;
      if (attempt > WRITE_ATTEMPTS)
        throw new Error(
          `gandi: creating TXT ${fqdn}: another writer replaced the record set ${WRITE_ATTEMPTS} times; ` +
            'stop the other tool writing there, then run again',
        );
      const set = {
        ttl: current?.ttl ?? this.#ttl,
        values: [...(current?.values ?? []), ...missing.map(quoteTxt)],
      };
      await this.#api.writeTxt(domain, name, set, `creating TXT ${fqdn} in ${domain}`);
    }
  }

  async #remove({ domain, name, values }: NameChange): Promise<void> {
    const fqdn = fqdnOf(name, domain);
    const current = await this.#api.readTxt(domain, name);
    if (!current) return;
    const kept = current.values.filter((value) => !values.has(unquoteTxt(value)));
    if (kept.length === current.values.length) return;
    if (kept.length === 0) await this.#api.deleteTxt(domain, name, `deleting TXT ${fqdn} in ${domain}`);
    else
      await this.#api.writeTxt(domain, name, { ttl: current.ttl, values: kept }, `deleting TXT ${fqdn} in ${domain}`);
  }
}

/** The records grouped by LiveDNS domain and relative name, in order of first appearance. */
function byName(records: readonly ChallengeRecord[]): NameChange[] {
  const changes = new Map<string, { domain: string; name: string; values: Set<string> }>();
  for (const record of records) {
    const domain = normalizeName(record.zone);
    const name = relativeName(normalizeName(record.fqdn), domain);
    const key = `${domain} ${name}`;
    const change = changes.get(key) ?? { domain, name, values: new Set<string>() };
    change.values.add(record.value);
    changes.set(key, change);
  }
  return [...changes.values()];
}

function relativeName(fqdn: string, domain: string): string {
  if (fqdn === domain) return '@';
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`gandi: ${fqdn} is not in the domain ${domain}`);
  return fqdn.slice(0, -domain.length - 1);
}
