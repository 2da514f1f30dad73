/**
 * The one option model: every setting certwright reads (the engine's inputs, each DNS provider's,
 * each store's, each deploy target's) is an {@link OptionSpec}. action.yml, `--help`, the README
 * tables and the config file's JSON Schema are generated from these, and the parsers in
 * `./parse.ts` read their values.
 */

/** Where a key sits in a config file: the top level, an entry of `certificates`, a zone of an entry's `zones`. */
export type FileLevel = 'top' | 'certificate' | 'zone';

/**
 * The shape of an option's value, for the JSON Schema, the CLI and the docs; the parser of the
 * same name in `./parse.ts` reads it. `text` is the default.
 */
export type OptionKind =
  | 'text'
  | 'boolean'
  | 'integer'
  /** Seconds, decimals allowed. */
  | 'seconds'
  /** https, or http to a loopback address. */
  | 'url'
  /** One ID, or `zone=ID` pairs. */
  | 'zone-ids'
  /** A JSON document that holds secrets. */
  | 'json-secret'
  /** Items separated by commas, spaces or newlines. */
  | 'list';

/**
 * Whether a config file may set an option, and where. Without it, the option's plug-in kind
 * decides (an engine input: the top level and each certificate; a provider's: zones too).
 */
export type FilePlacement =
  | {
      readonly levels: readonly FileLevel[];
      /** A run-wide key (top level only): why one value holds for every certificate, said when an entry sets it. */
      readonly runWide?: string;
    }
  /** The file may not set it: why, and where it goes instead. */
  | { readonly refused: string };

/** One setting, documented once. */
export interface OptionSpec {
  /** The Action input, the CLI flag (`--NAME`) and the config file key. */
  readonly name: string;
  readonly description: string;
  readonly kind?: OptionKind;
  readonly default?: string;
  /** Needed in its context (with its provider, or unless `config` is set); action.yml marks none required. */
  readonly required?: boolean;
  /** Masked in logs, and read from `CERTWRIGHT_<NAME>` when not given (keeps it off command lines). */
  readonly secret?: boolean;
  /**
   * The vendor's own variables to read it from when it is not given (CLOUDFLARE_API_TOKEN, lego's
   * RFC2136_NAMESERVER), so CI secrets and variables set for lego or certbot work unchanged. A secret
   * is read from `CERTWRIGHT_<NAME>` first; any other option only from these.
   */
  readonly envAliases?: readonly string[];
  /** A path to a file of secrets (a credentials file): what it holds is masked in logs as a secret value is. */
  readonly secretFile?: boolean;
  /** CLI-only spellings (`-d`, certbot's flag names). */
  readonly cliAliases?: readonly string[];
  /** A list: on the command line it may be given more than once (`-d a -d b`), and the values join. */
  readonly repeatable?: boolean;
  /** A CLI switch without a value (a boolean). */
  readonly flag?: boolean;
  /** The default in action.yml when it differs (an expression such as `${{ github.token }}`). */
  readonly actionDefault?: string;
  /** Where a config file may set it; see {@link FilePlacement}. */
  readonly file?: FilePlacement;
}

/** The environment variable that can carry an option: `rfc2136-tsig-secret` -> `CERTWRIGHT_RFC2136_TSIG_SECRET`. */
export function optionEnvName(option: string): string {
  return `CERTWRIGHT_${option.toUpperCase().replace(/-/g, '_')}`;
}

/** An option's kind, `text` unless it says otherwise (a CLI switch is a boolean). */
export function optionKind(spec: OptionSpec): OptionKind {
  return spec.kind ?? (spec.flag ? 'boolean' : 'text');
}

/** An option's description as action.yml, the README and `--help` show it: with its environment fallback. */
export function optionDescription(spec: OptionSpec): string {
  if (spec.secretFile) return `${spec.description} The secrets in the file are masked in logs.`;
  const variables = envNamesOf(spec);
  return variables.length > 0 ? `${spec.description} Also read from ${variables.join(' or ')}.` : spec.description;
}

const envNames = new WeakMap<OptionSpec, readonly string[]>();

/** The variables an option is read from when not given, in order. */
function envNamesOf(spec: OptionSpec): readonly string[] {
  let names = envNames.get(spec);
  if (!names) {
    names = [...(spec.secret ? [optionEnvName(spec.name)] : []), ...(spec.envAliases ?? [])];
    envNames.set(spec, names);
  }
  return names;
}

/** Option values by name, as the Action's inputs, the CLI's flags and a config file's keys give them. */
export type OptionValues = Readonly<Record<string, string | undefined>>;

/**
 * Fills options that were not given from their variables: a secret from `CERTWRIGHT_<NAME>`,
 * then the vendor's own; any option from the vendor's own (envAliases), as both front ends
 * promise. Returns the values and the names filled.
 */
export function withEnvFallbacks(
  values: OptionValues,
  specs: readonly OptionSpec[],
  env: Readonly<Record<string, string | undefined>>,
): { raw: OptionValues; filled: string[] } {
  const out: Record<string, string | undefined> = { ...values };
  const filled: string[] = [];
  // Read once: each read of process.env asks the C library, and there are hundreds of names to try.
  const vars = new Map(Object.entries(env));
  for (const spec of specs) {
    if (out[spec.name]?.trim()) continue;
    const fromEnv = envNamesOf(spec)
      .map((name) => vars.get(name)?.trim())
      .find((text) => text);
    if (fromEnv) {
      out[spec.name] = fromEnv;
      filled.push(spec.name);
    }
  }
  return { raw: out, filled };
}

/** The values of the secret options given (after environment fallbacks): what no log and no hook may see. */
export function secretValues(values: OptionValues, specs: readonly OptionSpec[]): string[] {
  return specs.flatMap((spec) => {
    const text = spec.secret ? values[spec.name]?.trim() : undefined;
    return text ? [text] : [];
  });
}

/**
 * `specs` with those named in `order` first, in that order, then the rest as they come: a table's order kept stable.
 */
export function inOrder(specs: readonly OptionSpec[], order: readonly string[]): OptionSpec[] {
  const rank = (spec: OptionSpec) => {
    const at = order.indexOf(spec.name);
    return at < 0 ? order.length : at;
  };
  return [...specs].sort((a, b) => rank(a) - rank(b));
}

/** `specs` with each name once (the first), for options several plug-ins share (`github-token`). */
export function uniqueOptions(specs: readonly OptionSpec[]): OptionSpec[] {
  const seen = new Set<string>();
  return specs.filter((spec) => !seen.has(spec.name) && seen.add(spec.name));
}
