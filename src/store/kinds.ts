/** The store kinds as the registry (./index.ts, generated from the folders) holds them, for front ends and docs. */
import { uniqueOptions, type OptionSpec } from '../options/option.js';
import { STORES } from './index.js';
import { STORE_OPTIONS } from './options.js';
import type { StoreDefinition, StorePlugin, StoreServices } from './store.js';

/** The store folders, the simplest kind first: the order of the docs and of the forms an error offers. */
export function storePlugins(): StorePlugin[] {
  return [...STORES].sort((a, b) => a.rank - b.rank);
}

/** Every kind, as a front end offers it with the services it lends (without @actions/artifact: no artifact). */
export function storeKinds(services: StoreServices): StoreDefinition[] {
  return storePlugins().map((plugin) => plugin.offer(services));
}

/** Every store setting once: those all kinds share, then each kind's. */
export function storeOptions(): OptionSpec[] {
  return uniqueOptions([...STORE_OPTIONS, ...storePlugins().flatMap((plugin) => plugin.options)]);
}
