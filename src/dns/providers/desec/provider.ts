import { groupByZone, settleAll } from '../../../vendor/parallel.js';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { desecApiFor, type DesecApi, type DesecSettings, type RRset } from './api.js';

/**
 * deSEC keeps all TXT values of a name in one record set, and changes any number of sets of a
 * domain in one atomic bulk PATCH. So, per domain and change: list the domain's TXT sets (one
 * read), then one PATCH with, for each name, its set with the run's values added (every other
 * value kept as written, an existing set's TTL kept) or removed (`records: []` deletes a set
 * left empty). The PATCH answers with the sets as they now are, which shows the run's values
 * went in. Two certificates of a run take turns on a domain, so neither undoes the other's
 * values, and writes to a domain stay half a second apart (deSEC allows 2 a second). Records
 * carry no ref: a name and a value say exactly what to remove.
 */
export class DesecProvider implements DnsProvider {
  readonly name = 'desec';
  readonly #api: DesecApi;

  constructor(settings: DesecSettings, context: ProviderContext) {
    this.#api = desecApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await settleAll(byDomain(records).map(({ zone, items }) => this.#locked(zone, () => this.#add(zone, items))));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await settleAll(byDomain(records).map(({ zone, items }) => this.#locked(zone, () => this.#remove(zone, items))));
  }

  #locked(domain: string, work: () => Promise<void>): Promise<void> {
    return this.#api.locks.run(domain, work);
  }

  async #add(domain: string, records: readonly ChallengeRecord[]): Promise<void> {
    const { minimum_ttl: minimum } = await this.#api.domain(domain);
    const ttl = this.#api.ttl ?? minimum;
    if (ttl < minimum)
      throw new Error(
        `desec-ttl: ${ttl} is below the minimum TTL of ${domain} (${minimum}); set desec-ttl to ${minimum} or more, ` +
          'or leave it unset',
      );
    const current = await this.#current(domain);
    const sets: RRset[] = [];
    for (const [subname, values] of valuesByName(domain, records)) {
      const set = current.get(subname);
      const present = new Set((set?.records ?? []).map(unquoteTxt));
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) continue;
      const merged = [...(set?.records ?? []), ...missing.map(quoteTxt)];
      sets.push(set ? { subname, type: 'TXT', records: merged } : { subname, type: 'TXT', ttl, records: merged });
    }
    if (sets.length === 0) return;
    const written = await this.#api.patch(domain, sets, `creating TXT ${describe(domain, sets)}`);
    for (const [subname, values] of valuesByName(domain, records)) {
      const held = new Set((written.find((s) => s.subname === subname)?.records ?? []).map(unquoteTxt));
      if ([...values].some((value) => !held.has(value)))
        throw new Error(`desec: creating TXT ${nameOf(subname, domain)}: deSEC's answer does not hold the new value`);
    }
  }

  async #remove(domain: string, records: readonly ChallengeRecord[]): Promise<void> {
    const current = await this.#current(domain);
    const sets: RRset[] = [];
    for (const [subname, values] of valuesByName(domain, records)) {
      const set = current.get(subname);
      if (!set) continue;
      const kept = set.records.filter((record) => !values.has(unquoteTxt(record)));
      if (kept.length < set.records.length) sets.push({ subname, type: 'TXT', records: kept });
    }
    if (sets.length > 0) await this.#api.patch(domain, sets, `deleting TXT ${describe(domain, sets)}`);
  }

  async #current(domain: string): Promise<Map<string, RRset>> {
    return new Map((await this.#api.txtSets(domain)).map((set) => [set.subname, set]));
  }
}

function byDomain(records: readonly ChallengeRecord[]) {
  return groupByZone(
    records,
    records.map((record) => normalizeName(record.zone)),
    (zone) => zone,
  );
}

/** The run's values by subname (relative to the domain, `''` for the apex, as deSEC's bulk sets name it). */
function valuesByName(domain: string, records: readonly ChallengeRecord[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const record of records) {
    const fqdn = normalizeName(record.fqdn);
    if (fqdn !== domain && !fqdn.endsWith(`.${domain}`))
      throw new Error(`desec: ${fqdn} is not in the domain ${domain}`);
    const subname = fqdn === domain ? '' : fqdn.slice(0, -domain.length - 1);
    names.set(subname, (names.get(subname) ?? new Set()).add(record.value));
  }
  return names;
}

function nameOf(subname: string, domain: string): string {
  return subname ? `${subname}.${domain}` : domain;
}

function describe(domain: string, sets: readonly RRset[]): string {
  const names = sets.map((set) => nameOf(set.subname, domain));
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}
