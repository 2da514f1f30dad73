/** Runs every task to the end; throws the first failure. */
export async function settle(tasks: readonly Promise<unknown>[]): Promise<void> {
  await settleAll(tasks);
}

/** `work` on every item, at most `limit` at a time; all run, the first failure is thrown. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await settle(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs every task to the end; throws the first failure, else gives every result in order. */
export async function settleAll<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Exponential backoff from `baseMs`, capped at `maxMs`, with jitter (half to all of it) so retrying runs spread out. */
export function jitteredBackoff(attempt: number, baseMs: number, maxMs: number): number {
  return Math.round(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
}
