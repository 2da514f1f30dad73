import type { HttpClient } from '../../net/http.js';
import type { ProviderContext } from '../provider.js';

const runs = new WeakMap<HttpClient, Map<string, unknown>>();

/**
 * One instance per run and key. A provider is created for each certificate, but its vendor
 * client (an SDK client, a zone cache, per-zone locks) should live once per run: the run's
 * HTTP client identifies the run, and the cache goes when the run does.
 */
export function perRun<T>(context: ProviderContext, key: string, build: () => T): T {
  let cache = runs.get(context.http);
  if (!cache) runs.set(context.http, (cache = new Map<string, unknown>()));
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key) as T;
}
