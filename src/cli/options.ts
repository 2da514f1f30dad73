import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CORE_INPUTS, RENEW_INPUTS, SERVER_ALIASES, withEnvFallbacks, type InputSpec, type RawInputs } from '../config/inputs.js';
import { PROVIDERS } from '../dns/providers/index.js';

/** Every input the CLI knows, core first, then each provider's. */
export function allInputs(): InputSpec[] {
  return [...CORE_INPUTS, ...RENEW_INPUTS, ...PROVIDERS.flatMap((provider) => provider.options)];
}

const CLI_ONLY: NonNullable<ParseArgsConfig['options']> = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  reason: { type: 'string' },
};

export interface CliInvocation {
  readonly command: string | undefined;
  readonly raw: RawInputs;
  readonly help: boolean;
  readonly version: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly json: boolean;
  /** `revoke --reason`. */
  readonly reason: string | undefined;
}

/**
 * Parses argv into raw inputs keyed by input name, the same keys the Action uses. Repeated
 * `-d` join into one list; secrets may come from CERTWRIGHT_* variables instead of flags.
 */
export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliInvocation {
  const options: NonNullable<ParseArgsConfig['options']> = { ...CLI_ONLY };
  const aliasOf = new Map<string, string>();
  for (const input of allInputs()) {
    const short = input.cliAliases?.find((alias) => alias.length === 1);
    options[input.name] = { type: input.flag ? 'boolean' : 'string', multiple: !input.flag, ...(short ? { short } : {}) };
    for (const alias of input.cliAliases ?? []) {
      if (alias.length === 1) continue;
      options[alias] = { type: input.flag ? 'boolean' : 'string', multiple: !input.flag };
      aliasOf.set(alias, input.name);
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see certwright --help`);
  }
  const raw: Record<string, string | undefined> = {};
  const specs = new Map(allInputs().map((input) => [input.name, input]));
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in CLI_ONLY) continue;
    const key = aliasOf.get(name) ?? name;
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const all = raw[key] === undefined ? values : [raw[key] as string, ...values];
    if (all.length > 1 && !specs.get(key)?.repeatable) {
      throw new UsageError(`--${key} was given ${all.length} times (${all.map((v) => JSON.stringify(v)).join(', ')}); give it once`);
    }
    raw[key] = all.join(',');
  }
  const flags = parsed.values as Record<string, unknown>;
  return {
    command: parsed.positionals[0],
    raw: withEnvFallbacks(raw, allInputs(), env).raw,
    help: flags.help === true,
    version: flags.version === true,
    verbose: flags.verbose === true,
    quiet: flags.quiet === true,
    json: flags.json === true,
    reason: typeof flags.reason === 'string' ? flags.reason : undefined,
  };
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Where the CLI keeps the account key by default, one per ACME server:
 * `$XDG_CONFIG_HOME/certwright/accounts/<host>-<hash>.pem`.
 */
export function defaultAccountKeyFile(server: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const url = SERVER_ALIASES[server ?? 'letsencrypt'] ?? server ?? '';
  let host = 'server';
  try {
    host = new URL(url).host.replace(/[^A-Za-z0-9.-]/g, '_');
  } catch {
    // parseCertonlyConfig reports the bad URL
  }
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const digest = createHash('sha256').update(url).digest('hex').slice(0, 8);
  return join(base, 'certwright', 'accounts', `${host}-${digest}.pem`);
}

/** The CLI's default state file, next to the accounts: `$XDG_CONFIG_HOME/certwright/state.jwe`. */
export function defaultStateFile(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'certwright', 'state.jwe');
}
