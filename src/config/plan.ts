import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_MAX_NEW_ORDERS } from '../renewal/budget.js';
import type { RunPlan, ShardPlan, StateSpec } from '../renewal/run.js';
import { parseShard, shardOf, storeForShard, type Shard } from '../renewal/shard.js';
import { FileStore } from '../store/file-store.js';
import { loadState } from '../store/state.js';
import { parseStateKey } from '../store/encryption.js';
import { parseStoreSpec, type StoreDefinition } from '../store/store.js';
import { parseConfigFile } from './file.js';
import { parseCertificateRequest, parseRenewalPolicy, value, type RawInputs } from './inputs.js';

export interface PlanOptions {
  /** The store kinds this front end offers (the Action adds artifact). */
  readonly storeKinds: readonly StoreDefinition[];
  /** The next scheduled run when the inputs name none (the Action: its workflow's own schedule). */
  readonly defaultNextRun?: (now: Date) => Date | undefined;
}

/**
 * The certificates the inputs describe: those of the `config` file (`configPath` overrides it,
 * for the post step), or the one certificate of the inputs themselves: a config of one.
 */
export async function planCertificates(raw: RawInputs, options: Pick<PlanOptions, 'defaultNextRun'> & { configPath?: string } = {}): Promise<Pick<RunPlan, 'certificates' | 'concurrency'>> {
  const path = options.configPath ?? value(raw, 'config');
  if (!path) return { certificates: [{ request: parseCertificateRequest(raw), policy: parseRenewalPolicy(raw, options.defaultNextRun) }], concurrency: 1 };
  const source = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new Error(`config: cannot read ${path}; expected a YAML file with a certificates list`, { cause });
  });
  return parseConfigFile(source, path, raw, options.defaultNextRun);
}

/** `store` (with `{shard}` filled in) and `state-key`, when a store is set. */
export function parseStateSpec(raw: RawInputs, storeKinds: readonly StoreDefinition[]): StateSpec | undefined {
  const store = value(raw, 'store');
  if (!store) return undefined;
  const shard = parseShard(value(raw, 'shard'));
  return { store: parseStoreSpec(storeForShard(store, shard), raw, storeKinds), key: parseStateKey(value(raw, 'state-key')) };
}

/** `max-new-orders`: a whole number of at least 1. */
function parseMaxNewOrders(raw: RawInputs): number {
  const text = value(raw, 'max-new-orders') ?? String(DEFAULT_MAX_NEW_ORDERS);
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1) throw new Error(`max-new-orders: "${text}" is not a count; expected a whole number of new orders per account in 3 hours, such as 250 (Let's Encrypt allows 300)`);
  return count;
}

/**
 * The states of the other shards, when the store lets this run read them: a `file:` store whose
 * path has `{shard}`, any shard count (so certificates that moved when N changed are found).
 */
function siblingStates(raw: RawInputs, shard: Shard): ShardPlan['siblings'] {
  const store = value(raw, 'store') ?? '';
  if (!store.startsWith('file:') || !store.includes('{shard}')) return undefined;
  const pattern = store.slice('file:'.length);
  const [before = '', after = ''] = basename(pattern).split('{shard}');
  const own = storeForShard(pattern, shard);
  return async () => {
    const dir = dirname(pattern);
    const names = await readdir(dir).catch(() => [] as string[]);
    const key = parseStateKey(value(raw, 'state-key'));
    const paths = names.filter((n) => n.startsWith(before) && n.endsWith(after) && /^\d+$/.test(n.slice(before.length, n.length - after.length))).map((n) => join(dir, n)).filter((p) => p !== own);
    return Promise.all(paths.map(async (path) => ({ description: `file ${path}`, bundle: await loadState(new FileStore(path), key) })));
  };
}

/** The whole run the inputs describe: its certificates (this shard's), and the state when a store is set. */
export async function parseRunPlan(raw: RawInputs, options: PlanOptions): Promise<RunPlan> {
  const state = parseStateSpec(raw, options.storeKinds);
  const maxNewOrders = parseMaxNewOrders(raw);
  const planned = await planCertificates(raw, options);
  const shard = parseShard(value(raw, 'shard'));
  if (!shard) return { ...planned, maxNewOrders, ...(state ? { state } : {}) };
  if (!value(raw, 'config')) throw new Error('shard: only splits the certificates of a config file; set config, or drop shard for a single certificate');
  const names = planned.certificates.map((c) => c.request.name);
  const siblings = siblingStates(raw, shard);
  return {
    ...planned,
    certificates: planned.certificates.filter((c) => shardOf(c.request.name, shard.count) === shard.index),
    maxNewOrders,
    shard: { ...shard, names, ...(siblings ? { siblings } : {}) },
    ...(state ? { state } : {}),
  };
}
