import type { HttpClient } from '../net/http.js';
import type { OptionSpec, OptionValues } from '../options/option.js';
import { booleanOption } from '../options/parse.js';
import type { Logger } from '../runtime.js';
import type { StateStore } from '../state/state-store.js';
import type { ArtifactTransfer } from './artifact/transfer.js';
import type { GitHubRestFactory } from './github.js';

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
  /**
   * The beginning of the stored bundle as it is now, read without a lock, or undefined: only for
   * work that can start early on its header (deriving a passphrase's key). Stores that would have
   * to ask the network leave it out.
   */
  peek?(): Promise<string | undefined>;
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
  configure(target: string, values: OptionValues): StoreSpec;
}

/** What a store folder declares about itself (its metadata.ts): the registry, docs and option tables come from it. */
export interface StoreMetadata {
  /** The kind, and the folder's name: `store: KIND:...`. */
  readonly kind: string;
  /** One line. */
  readonly description: string;
  /** The forms `store` takes for this kind (`file:PATH`). */
  readonly forms: readonly string[];
  /** Where the kind comes in lists (the forms an error offers, the docs): the simplest first. */
  readonly rank: number;
  /** Its settings, in the option model every plug-in kind shares; options several kinds use are listed by each. */
  readonly options: readonly OptionSpec[];
  /** What it does when another run wrote the state since this run read it (Markdown, one sentence). */
  readonly concurrentWrites: string;
  /** What its tests run against (Markdown, one sentence): the shared contract suite and any fake. */
  readonly testedAgainst: string;
}

/** What a front end lends the stores: its GitHub REST client, and in the Action, @actions/artifact. */
export interface StoreServices {
  readonly github: GitHubRestFactory;
  /** Only the Action has one: an artifact exists only inside a workflow run. */
  readonly artifacts?: () => Promise<ArtifactTransfer>;
}

/** A store folder's index.ts: its metadata, and its kind as a front end offers it with the services it lends. */
export interface StorePlugin extends StoreMetadata {
  offer(services: StoreServices): StoreDefinition;
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
  values: OptionValues,
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
export function parseStateReset(values: OptionValues): boolean {
  return booleanOption(
    values,
    'state-reset',
    false,
    'true (start over with an empty state, replacing the stored one) or false',
  );
}

/** A spec whose store is opened {@link startingOver}, saying so once. */
function startingOverSpec(spec: StoreSpec): StoreSpec {
  return {
    ...spec,
    open: async (context) => {
      const store = await spec.open(context);
      context.logger.warn(
        `state-reset: starting over with an empty state; this run's first write replaces what the ` +
          `${store.description} holds`,
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
