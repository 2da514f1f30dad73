/** Running a vendor's calls side by side, bounded, and grouping records by where they go. */

/** Runs every task to the end; throws the first failure, else gives every result in order. */
export async function settleAll<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * `work` on every item, at most `limit` at a time, and every item's work runs even after one
 * failed (a cleanup attempts every deletion); the first failure is thrown, else the results in order.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = await work(items[i] as T);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}

/** Items that go to one zone (a hosted zone, a record set, a domain), with that zone. */
export interface ZoneGroup<Z, T> {
  readonly zone: Z;
  readonly items: T[];
}

/**
 * `items` grouped by their zone (`zones[i]` is item i's), in order of first appearance; `keyOf` says when two zones are
 * one.
 */
export function groupByZone<Z, T>(
  items: readonly T[],
  zones: readonly Z[],
  keyOf: (zone: Z) => string,
): ZoneGroup<Z, T>[] {
  const groups = new Map<string, ZoneGroup<Z, T>>();
  items.forEach((item, i) => {
    const zone = zones[i] as Z;
    const key = keyOf(zone);
    const group = groups.get(key) ?? { zone, items: [] };
    group.items.push(item);
    groups.set(key, group);
  });
  return [...groups.values()];
}
