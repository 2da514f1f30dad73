import type { HttpClient } from '../net/http.js';
import type { Logger } from '../runtime.js';

/** Where the encrypted bundle lives between runs. */
export interface StateStore {
  /** One line for logs. */
  readonly description: string;
  /** The largest encrypted bundle it can hold, if it has a limit (GitHub secrets: 48 KB). */
  readonly maxBytes?: number;
  /** The stored bundle (encrypted), or undefined when there is none yet. */
  load(): Promise<string | undefined>;
  save(encrypted: string): Promise<void>;
  /** Called once when the run is over, after the last save (an artifact uploads here). */
  close?(): Promise<void>;
  /**
   * Holds off every other process's writes until the returned release is called, for a
   * read-merge-write (a file store: an advisory lock file beside it).
   */
  lock?(): Promise<() => Promise<void>>;
  /**
   * Throws a one-line error if the store could not be written, checked before anything is
   * asked of a CA (a file store: its folder is writable).
   */
  preflight?(): Promise<void>;
}

/** What a store may use when it opens. */
export interface StoreContext {
  /** The run's HTTP client (system trust, proxy settings): GitHub REST goes through it. */
  readonly http: HttpClient;
  readonly logger: Logger;
  /** The time now, for stores that age (artifacts). */
  readonly now: () => number;
}

/** A parsed `store` setting: which store, validated, ready to open. */
export interface StoreSpec {
  /** The kind (`file`, `secret`, `artifact`). */
  readonly kind: string;
  /** One line for logs; never a secret. */
  readonly description: string;
  open(context: StoreContext): Promise<StateStore>;
}

/** One kind of store, as providers are one kind of DNS API: its forms, its parser, its factory. */
export interface StoreDefinition {
  readonly kind: string;
  /** The forms `store` takes for this kind, for messages and docs (`file:PATH`). */
  readonly forms: readonly string[];
  /**
   * Validates the part after `kind:` and the settings it needs (`github-token`, ...), throwing
   * errors that name the setting, and returns the spec.
   */
  configure(target: string, values: Readonly<Record<string, string | undefined>>): StoreSpec;
}

/** A kind this front end cannot offer, with the reason and the alternative (artifact outside the Action). */
export function unavailableStore(kind: string, forms: readonly string[], why: string): StoreDefinition {
  return {
    kind,
    forms,
    configure(target) {
      throw new Error(`store: ${kind}:${target} ${why}`);
    },
  };
}

/** Parses `store` (`kind:target`) against the kinds the front end offers. */
export function parseStoreSpec(
  text: string | undefined,
  values: Readonly<Record<string, string | undefined>>,
  kinds: readonly StoreDefinition[],
): StoreSpec {
  const all = kinds.flatMap((k) => k.forms);
  const forms = all.length > 1 ? `${all.slice(0, -1).join(', ')} or ${all.at(-1)}` : (all[0] ?? '');
  if (!text) throw new Error(`store: missing; expected ${forms}`);
  const colon = text.indexOf(':');
  const kind = kinds.find((k) => colon > 0 && k.kind === text.slice(0, colon));
  const target = text.slice(colon + 1);
  if (!kind || target === '') throw new Error(`store: "${text}" is not a store; expected ${forms}`);
  const spec = kind.configure(target, values);
  return parseStateReset(values) ? startingOverSpec(spec) : spec;
}

/** `state-reset`: start over with an empty state, replacing what the store holds. */
export function parseStateReset(values: Readonly<Record<string, string | undefined>>): boolean {
  const text = values['state-reset']?.trim().toLowerCase() || 'false';
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(
    `state-reset: "${text}" is not a boolean; expected true (start over with an empty state, replacing the stored one) or false`,
  );
}

/** A spec whose store is opened {@link startingOver}, saying so once. */
function startingOverSpec(spec: StoreSpec): StoreSpec {
  return {
    ...spec,
    open: async (context) => {
      const store = await spec.open(context);
      context.logger.warn(
        `state-reset: starting over with an empty state; this run's first write replaces what the ${store.description} holds`,
      );
      return startingOver(store);
    },
  };
}

/**
 * `store` as seen by a run that starts over (`state-reset: true`): what it holds is not read
 * until this run has written its own state, which then replaces it. Nothing else changes.
 */
export function startingOver(inner: StateStore): StateStore {
  let written = false;
  return {
    description: inner.description,
    ...(inner.maxBytes !== undefined ? { maxBytes: inner.maxBytes } : {}),
    load: async () => (written ? inner.load() : undefined),
    save: async (encrypted) => {
      await inner.save(encrypted);
      written = true;
    },
    ...(inner.close ? { close: inner.close.bind(inner) } : {}),
    ...(inner.lock ? { lock: inner.lock.bind(inner) } : {}),
    ...(inner.preflight ? { preflight: inner.preflight.bind(inner) } : {}),
  };
}
