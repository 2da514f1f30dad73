import { normalizeName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { distinctRecords } from '../records.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { groupByZone, inParallel } from '../../../vendor/parallel.js';
import { hetznerApiFor, type HetznerApi, type HetznerSettings } from './api.js';

/** RRSets changed at once. */
const PARALLEL = 4;

/** Where a record goes: its zone and its name relative to it (`@` for the apex). */
interface Place {
  readonly zone: string;
  readonly name: string;
}

/**
 * Hetzner keeps all TXT values of a name in one RRSet, and its RRSet actions add or remove named
 * values server-side: the provider never rewrites the RRSet, so a value another tool wrote (or
 * writes meanwhile) stays. All values of a name go in one `add_records` request (a wildcard and
 * its apex: one request), one per name and not per zone, as Hetzner has no zone-wide batch; the
 * names of an order go side by side. Cleanup reads the RRSet and removes, in one
 * `remove_records` per name, exactly the values that are the run's (compared unquoted, sent back
 * as Hetzner holds them). Hetzner gives values no IDs, so nothing but name and value is journaled:
 * a dns-01 value is the account's digest of one challenge token, so no one else's record carries
 * it. Every write starts an action, which the provider waits for.
 */
export class HetznerProvider implements DnsProvider {
  readonly name = 'hetzner';
  readonly #api: HetznerApi;

  constructor(settings: HetznerSettings, context: ProviderContext) {
    this.#api = hetznerApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const groups = byName(distinctRecords(records));
    await inParallel(groups, PARALLEL, ({ zone: place, items }) =>
      this.#api.addTxt(
        place.zone,
        place.name,
        items.map((record) => quoteTxt(record.value)),
      ),
    );
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const groups = byName(distinctRecords(records));
    await inParallel(groups, PARALLEL, async ({ zone: place, items }) => {
      const rrset = await this.#api.txtRRSet(place.zone, place.name);
      const ours = new Set(items.map((record) => record.value));
      const held = (rrset?.records ?? []).map((r) => r.value).filter((value) => ours.has(unquoteTxt(value)));
      if (held.length > 0) await this.#api.removeTxt(place.zone, place.name, held);
    });
  }
}

function byName(records: readonly ChallengeRecord[]) {
  const places = records.map((record): Place => {
    const zone = normalizeName(record.zone);
    const fqdn = normalizeName(record.fqdn);
    if (fqdn !== zone && !fqdn.endsWith(`.${zone}`)) throw new Error(`hetzner: ${fqdn} is not inside zone ${zone}`);
    return { zone, name: fqdn === zone ? '@' : fqdn.slice(0, -(zone.length + 1)) };
  });
  return groupByZone(records, places, (place) => `${place.zone} ${place.name}`);
}
