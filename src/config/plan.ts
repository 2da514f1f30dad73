import { readFile } from 'node:fs/promises';
import type { RunPlan, StateSpec } from '../renewal/run.js';
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

/** `store` and `state-key`, when a store is set. */
export function parseStateSpec(raw: RawInputs, storeKinds: readonly StoreDefinition[]): StateSpec | undefined {
  const store = value(raw, 'store');
  if (!store) return undefined;
  return { store: parseStoreSpec(store, raw, storeKinds), key: parseStateKey(value(raw, 'state-key')) };
}

/** The whole run the inputs describe: its certificates, and the state when a store is set. */
export async function parseRunPlan(raw: RawInputs, options: PlanOptions): Promise<RunPlan> {
  const state = parseStateSpec(raw, options.storeKinds);
  const certificates = await planCertificates(raw, options);
  return { ...certificates, ...(state ? { state } : {}) };
}
