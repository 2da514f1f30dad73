import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_MAX_NEW_ORDERS } from '../renewal/budget.js';
import { prepareRunState, type RunPlan, type ShardPlan, type StateSpec } from '../renewal/run.js';
import { parseShard, shardOf, storeForShard, type Shard } from '../renewal/shard.js';
import { holdYoungGeneration, LARGE_CONFIG_BYTES } from '../process/young-generation.js';
import { FileStore } from '../store/file/file-store.js';
import { loadState } from '../state/persist.js';
import { parseStateKey } from '../state/encryption.js';
import { parseStoreSpec, type StoreDefinition } from '../store/store.js';
import { parseDeployFailure, parseDeployTo, type DeployFailurePolicy } from './deploy.js';
import { ALL_INPUTS } from './file-keys.js';
import { parseConfigFile } from './file.js';
import {
  parseBoolean,
  parseCertificateRequest,
  parseRenewalPolicy,
  parseWarnDays,
  value,
  type RawInputs,
} from './inputs.js';
import { secretsInFiles } from './secrets.js';

export interface PlanOptions {
  /** The store kinds this front end offers (the Action adds artifact). */
  readonly storeKinds: readonly StoreDefinition[];
  /** The next scheduled run when the inputs name none (the Action: its workflow's own schedule). */
  readonly defaultNextRun?: (now: Date) => Date | undefined;
  /**
   * Told every secret value the plan reads beyond the front end's own inputs: a config file's
   * secret keys and what credentials files hold. The Action masks them, the CLI redacts them.
   */
  readonly onSecret?: (value: string) => void;
}

/**
 * The certificates of a plan, and the inputs its run-wide settings are read from (the config file's top level over the
 * run's).
 */
export type PlannedCertificates = Pick<RunPlan, 'certificates' | 'concurrency'> & { readonly runInputs: RawInputs };

/** A run plan, with what the front end reports from the same inputs. */
export interface ParsedRunPlan extends RunPlan {
  /** `warn-days`: warn about certificates that expire within this many days. */
  readonly warnDays: number | undefined;
  /** `deploy-failure`: whether a failed deploy target fails the run. */
  readonly deployFailure: DeployFailurePolicy;
}

/**
 * The certificates the inputs describe: those of the `config` file (`configPath` overrides it,
 * for the post step), or the one certificate of the inputs themselves: a config of one.
 */
export async function planCertificates(
  raw: RawInputs,
  options: Pick<PlanOptions, 'defaultNextRun' | 'onSecret'> & { configPath?: string } = {},
): Promise<PlannedCertificates> {
  // The run's own secret inputs are the front end's to mask; what the files they name hold is not.
  if (options.onSecret) for (const secret of await secretsInFiles(raw, ALL_INPUTS)) options.onSecret(secret);
  const path = options.configPath ?? value(raw, 'config');
  if (!path) {
    const deploy = parseDeployTo(raw);
    const job = { request: parseCertificateRequest(raw), policy: parseRenewalPolicy(raw, options.defaultNextRun) };
    return { certificates: [deploy.length > 0 ? { ...job, deploy } : job], concurrency: 1, runInputs: raw };
  }
  if (value(raw, 'deploy-to'))
    throw new Error(
      'deploy-to: with config, each certificate lists its targets in the file, as deploy: [{ target: NAME, ... }]',
    );
  const source = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new Error(`config: cannot read ${path}; expected a YAML file with a certificates list`, { cause });
  });
  // A run over many certificates: see young-generation.ts.
  if (source.length >= LARGE_CONFIG_BYTES) holdYoungGeneration();
  return parseConfigFile(source, path, raw, options);
}

/** `store` (with `{shard}` filled in) and `state-key`, when a store is set. */
export function parseStateSpec(raw: RawInputs, storeKinds: readonly StoreDefinition[]): StateSpec | undefined {
  const store = value(raw, 'store');
  if (!store) return undefined;
  const shard = parseShard(value(raw, 'shard'));
  return {
    store: parseStoreSpec(storeForShard(store, shard), raw, storeKinds),
    key: parseStateKey(value(raw, 'state-key')),
  };
}

/** `max-new-orders`: a whole number of at least 1. */
function parseMaxNewOrders(raw: RawInputs): number {
  const text = value(raw, 'max-new-orders') ?? String(DEFAULT_MAX_NEW_ORDERS);
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1)
    throw new Error(
      `max-new-orders: "${text}" is not a count; ` +
        `expected a whole number of new orders per account in 3 hours, such as 250 (Let's Encrypt allows 300)`,
    );
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
    const paths = names
      .filter(
        (n) =>
          n.startsWith(before) && n.endsWith(after) && /^\d+$/.test(n.slice(before.length, n.length - after.length)),
      )
      .map((n) => join(dir, n))
      .filter((p) => p !== own);
    return Promise.all(
      paths.map(async (path) => ({ description: `file ${path}`, bundle: await loadState(new FileStore(path), key) })),
    );
  };
}

/**
 * The whole run the inputs describe: its certificates (this shard's), and the state when a store
 * is set. The state's settings come from the run's inputs only (a config file may not name them);
 * max-new-orders and warn-days from the config file's top level too.
 */
export async function parseRunPlan(raw: RawInputs, options: PlanOptions): Promise<ParsedRunPlan> {
  const state = parseStateSpec(raw, options.storeKinds);
  // The passphrase's key is derived while the certificates are parsed, not after.
  if (state) prepareRunState(state);
  const planned = await planCertificates(raw, options);
  const maxNewOrders = parseMaxNewOrders(planned.runInputs);
  const warnDays = parseWarnDays(planned.runInputs);
  const deployFailure = parseDeployFailure(planned.runInputs);
  const accountRollover = parseBoolean(planned.runInputs, 'account-rollover');
  if (accountRollover && !state)
    throw new Error(
      'account-rollover: needs a store, or the new account key would be lost with the run; set store, ' +
        'or use certwright account rollover with the CLI',
    );
  const { certificates, concurrency } = planned;
  const shard = parseShard(value(raw, 'shard'));
  if (!shard)
    return {
      certificates,
      concurrency,
      maxNewOrders,
      warnDays,
      deployFailure,
      accountRollover,
      ...(state ? { state } : {}),
    };
  if (!value(raw, 'config'))
    throw new Error(
      'shard: only splits the certificates of a config file; set config, or drop shard for a single certificate',
    );
  const names = certificates.map((c) => c.request.name);
  const siblings = siblingStates(raw, shard);
  return {
    certificates: certificates.filter((c) => shardOf(c.request.name, shard.count) === shard.index),
    concurrency,
    maxNewOrders,
    warnDays,
    deployFailure,
    accountRollover,
    shard: { ...shard, names, ...(siblings ? { siblings } : {}) },
    ...(state ? { state } : {}),
  };
}
