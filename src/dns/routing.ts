import { groupByZone } from './plan.js';
import { isInZone } from './names.js';
import type { ChallengeRecord, ConfiguredProvider, DnsProvider } from './provider.js';

export interface ZoneRoute {
  readonly zone: string;
  readonly provider: ConfiguredProvider;
}

/**
 * One certificate, several DNS providers: each record goes to the provider configured for the
 * most specific zone that holds it (the zone found by SOA, after CNAMEs), else to `fallback`.
 */
export function routeByZone(
  routes: readonly ZoneRoute[],
  fallback: ConfiguredProvider | undefined,
): ConfiguredProvider {
  const ordered = [...routes].sort((a, b) => b.zone.length - a.zone.length);
  const parts = [...ordered.map((r) => `${r.zone}=${r.provider.name}`), ...(fallback ? [`*=${fallback.name}`] : [])];
  return {
    name: `zones(${parts.join(',')})`,
    description:
      'per zone: ' +
      [
        ...ordered.map((r) => `${r.zone}: ${r.provider.description}`),
        ...(fallback ? [`others: ${fallback.description}`] : []),
      ].join('; '),
    create(context): Promise<DnsProvider> {
      const providers = new Map<ConfiguredProvider, Promise<DnsProvider>>();
      const instance = (configured: ConfiguredProvider) => {
        let provider = providers.get(configured);
        if (!provider) providers.set(configured, (provider = configured.create(context)));
        return provider;
      };
      const route = (record: ChallengeRecord): ConfiguredProvider => {
        const match = ordered.find((r) => isInZone(record.zone, r.zone))?.provider ?? fallback;
        if (!match) {
          throw new Error(
            `zones: no DNS provider for zone ${record.zone} (record ${record.fqdn} for ${record.domain}); ` +
              'add the zone under zones, or set dns-provider for the rest',
          );
        }
        return match;
      };
      /** Runs `act` once per provider with its records; all run, the first failure is thrown. */
      const dispatch = async <T>(
        records: readonly ChallengeRecord[],
        act: (provider: DnsProvider, batch: ChallengeRecord[]) => Promise<T>,
      ) => {
        const batches = new Map<ConfiguredProvider, ChallengeRecord[]>();
        for (const [, zoneRecords] of groupByZone(records)) {
          const configured = route(zoneRecords[0] as ChallengeRecord);
          batches.set(configured, [...(batches.get(configured) ?? []), ...zoneRecords]);
        }
        const work = [...batches].map(async ([configured, batch]) => ({
          batch,
          result: await act(await instance(configured), batch),
        }));
        const results = await Promise.allSettled(work);
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed.length > 0) throw failed[0]?.reason;
        return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      };
      return Promise.resolve({
        name: 'zones',
        async createRecords(records) {
          // Each provider's records come back with their refs; put them back in the order given.
          const created = new Map<ChallengeRecord, ChallengeRecord>();
          for (const { batch, result } of await dispatch(records, (provider, batch) => provider.createRecords(batch))) {
            if (result) batch.forEach((record, i) => created.set(record, result[i] ?? record));
          }
          return created.size > 0 ? records.map((record) => created.get(record) ?? record) : undefined;
        },
        deleteRecords: async (records) =>
          void (await dispatch(records, (provider, batch) => provider.deleteRecords(batch))),
      });
    },
  };
}
