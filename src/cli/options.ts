import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_INPUTS } from '../config/file-keys.js';
import { SERVER_ALIASES, withEnvFallbacks, type InputSpec, type RawInputs } from '../config/inputs.js';
import { nearest } from '../config/nearest.js';
import { secretParts } from '../config/secrets.js';
import { REVOCATION_REASONS } from '../renewal/lineages.js';
import { createOctokit } from '../store/github.js';
import { storeKinds } from '../store/kinds.js';
import { scanArgv, type ArgvOption } from './argv.js';

/** The CLI's commands; `help` shows the overview, or one command's usage and options. */
export const COMMANDS = [
  'certonly',
  'renew',
  'certificates',
  'revoke',
  'delete',
  'account',
  'verify-release',
  'acme-dns',
  'help',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The commands that run the engine (verify-release and acme-dns have their own options). */
const ENGINE_COMMANDS: readonly CommandName[] = ['certonly', 'renew', 'certificates', 'revoke', 'delete', 'account'];

/**
 * The stores a terminal can use, through plain Octokit; without @actions/artifact, an artifact store says it is Action
 * only.
 */
export const CLI_STORE_KINDS = storeKinds({ github: createOctokit });

/**
 * A flag of the CLI itself rather than an input of the engine; `commands`: whose help lists it (`help`: the overview).
 */
export interface CliOption extends InputSpec {
  readonly commands: readonly CommandName[];
}

export const CLI_ONLY: readonly CliOption[] = [
  { name: 'help', description: 'Show this help and exit.', flag: true, cliAliases: ['h'], commands: COMMANDS },
  { name: 'version', description: 'Print the version of certwright and exit.', flag: true, commands: ['help'] },
  {
    name: 'verbose',
    description: 'Log every step (never keys or secrets).',
    flag: true,
    cliAliases: ['v'],
    commands: ENGINE_COMMANDS,
  },
  {
    name: 'quiet',
    description: 'Log only warnings and errors; print nothing on success (for cron).',
    flag: true,
    cliAliases: ['q'],
    commands: ENGINE_COMMANDS,
  },
  {
    name: 'non-interactive',
    description: 'Accepted as in certbot; certwright never prompts.',
    flag: true,
    cliAliases: ['n'],
    commands: ENGINE_COMMANDS,
  },
  {
    name: 'json',
    description: 'Print the result as JSON.',
    flag: true,
    commands: ['certonly', 'renew', 'certificates', 'verify-release'],
  },
  {
    name: 'staging',
    description:
      "Use Let's Encrypt's staging server, as `--server letsencrypt-staging` (certificates no browser trusts, for " +
      'trying things out).',
    flag: true,
    cliAliases: ['test-cert'],
    commands: ['certonly', 'renew'],
  },
  {
    name: 'reason',
    description: `Why it is revoked: ${Object.keys(REVOCATION_REASONS).join(', ')}.`,
    default: 'unspecified',
    commands: ['revoke'],
  },
  {
    name: 'delete-after-revoke',
    description: 'Remove the certificate from the state once it is revoked (its files are left in place).',
    flag: true,
    commands: ['revoke'],
  },
  {
    name: 'yes',
    description: 'Deactivate without asking (`account deactivate`); also implied by --non-interactive or no terminal.',
    flag: true,
    cliAliases: ['y'],
    commands: ['account'],
  },
];

/**
 * Every input the CLI knows: the core, the renewal inputs (the stores' among them), each provider's and deploy
 * target's.
 */
export function allInputs(): InputSpec[] {
  return [...ALL_INPUTS];
}

export interface CliInvocation {
  readonly command: CommandName | undefined;
  /** `help COMMAND`: the command whose help to show. */
  readonly topic: CommandName | undefined;
  readonly raw: RawInputs;
  readonly help: boolean;
  readonly version: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly json: boolean;
  /** `revoke --reason`. */
  readonly reason: string | undefined;
  /** `revoke --delete-after-revoke`. */
  readonly deleteAfterRevoke: boolean;
  /** `account ACTION`: rollover, deactivate or update. */
  readonly accountAction: string | undefined;
  /** `account deactivate` asks nothing: `--yes` or `--non-interactive`. */
  readonly assumeYes: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A usage error that ends by pointing at the help of `command` (or the overview). */
export function usageError(problem: string, command?: CommandName): UsageError {
  return new UsageError(`${problem} (certwright help${command ? ` ${command}` : ''})`);
}

type ArgsOptions = Record<string, ArgvOption>;

/** parseArgs options for `specs`: each under its name and its long aliases, a one-letter alias as `-x`. */
function argsOptions(specs: readonly InputSpec[]): { options: ArgsOptions; nameOf: ReadonlyMap<string, string> } {
  const options: ArgsOptions = {};
  const nameOf = new Map<string, string>();
  for (const spec of specs) {
    const type = spec.flag ? ('boolean' as const) : ('string' as const);
    const short = spec.cliAliases?.find((alias) => alias.length === 1);
    options[spec.name] = { type, multiple: !spec.flag, ...(short ? { short } : {}) };
    for (const alias of spec.cliAliases ?? []) {
      if (alias.length === 1) continue;
      options[alias] = { type, multiple: !spec.flag };
      nameOf.set(alias, spec.name);
    }
  }
  return { options, nameOf };
}

export interface ParsedFlags {
  /** By input name, as the Action's inputs: list inputs joined with commas, switches `true`. */
  readonly values: Readonly<Record<string, string>>;
  readonly positionals: readonly string[];
}

/**
 * Parses argv against `specs`. `command`: the command argv belongs to when its name is not in
 * it (then no positional is allowed); otherwise the first positional names it. Any problem is
 * one line, without parseArgs' own wording, that points at the command's help.
 */
export function parseFlags(argv: readonly string[], specs: readonly InputSpec[], command?: CommandName): ParsedFlags {
  const { options, nameOf } = argsOptions(specs);
  const parsed = scanArgv(argv, options, command === undefined);
  if (!parsed) {
    const [problem, topic] = argvProblem(argv, options, command);
    throw usageError(problem, topic);
  }
  const repeatable = new Set(specs.filter((spec) => spec.repeatable).map((spec) => spec.name));
  const values: Record<string, string> = {};
  for (const [option, value] of Object.entries(parsed.values)) {
    const name = nameOf.get(option) ?? option;
    const given = [
      ...(values[name] === undefined ? [] : [values[name]]),
      ...(Array.isArray(value) ? value : [value]).map(String),
    ];
    if (given.length > 1 && !repeatable.has(name)) {
      throw new UsageError(
        `--${name} was given ${given.length} times (${given.map((v) => JSON.stringify(v)).join(', ')}); give it once`,
      );
    }
    values[name] = given.join(',');
  }
  return { values, positionals: parsed.positionals };
}

/**
 * The values argv gives `specs`' secret inputs, read leniently: so that an error about argv
 * itself, found before it is parsed, is redacted all the same. A plain scan rather than
 * parseArgs (it runs before every command): `--name value`, `--name=value` and, for a one-letter
 * alias, `-n value` and `-nvalue`; the value after a secret option is taken even when it looks
 * like an option, as parseArgs without strict does. Taking too much only redacts more.
 */
export function secretsInArgv(argv: readonly string[], specs: readonly InputSpec[]): string[] {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const spec of specs) {
    if (!spec.secret) continue;
    long.add(spec.name);
    for (const alias of spec.cliAliases ?? []) (alias.length === 1 ? short : long).add(alias);
  }
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      if (!long.has(equals < 0 ? arg.slice(2) : arg.slice(2, equals))) continue;
      if (equals >= 0) inline = arg.slice(equals + 1);
    } else if (arg.length >= 2 && arg[0] === '-' && short.has(arg[1] as string)) {
      if (arg.length > 2) inline = arg.slice(2);
    } else continue;
    const value = inline ?? argv[++i];
    if (value !== undefined) found.push(...secretParts(value));
  }
  return found;
}

/** What is wrong with argv (which scanArgv, as strict parseArgs, refused), and the command whose help to point at. */
function argvProblem(
  argv: readonly string[],
  options: ArgsOptions,
  command: CommandName | undefined,
): [string, CommandName | undefined] {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const topic = command ?? tokens.flatMap((t) => (t.kind === 'positional' && isCommand(t.value) ? [t.value] : []))[0];
  for (const token of tokens) {
    if (token.kind === 'positional' && command) return [`unexpected argument ${token.value}`, topic];
    if (token.kind !== 'option') continue;
    const type = options[token.name]?.type;
    if (!type) return [`unknown option ${token.rawName}${suggestion(token.rawName, Object.keys(options))}`, topic];
    // Without strict, parseArgs takes the next argument as the value even when it is another option.
    if (type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
      return [`option ${token.rawName} needs a value`, topic];
    if (type === 'boolean' && token.value !== undefined) return [`option ${token.rawName} takes no value`, topic];
  }
  return ['the command line cannot be read', topic];
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

/** `; did you mean --domain?` for `--domian`: the nearest long option, when one is close. */
function suggestion(rawName: string, names: readonly string[]): string {
  if (!rawName.startsWith('--')) return '';
  const near = nearest(
    rawName.slice(2),
    names.filter((name) => name.length > 1),
  );
  return near ? `; did you mean --${near}?` : '';
}

/** The command argv names, or a usage error that suggests the nearest one. */
function commandNamed(word: string | undefined): CommandName | undefined {
  if (word === undefined || isCommand(word)) return word;
  const near = nearest(word, COMMANDS);
  throw usageError(`unknown command ${word}${near ? `; did you mean ${near}?` : ''}`);
}

/** `--staging` / `--test-cert`: Let's Encrypt's staging server, unless `--server` names another. */
function withStaging(raw: RawInputs, staging: boolean, command: CommandName | undefined): RawInputs {
  if (!staging) return raw;
  const alias = 'letsencrypt-staging';
  const server = raw.server?.trim();
  if (server && (SERVER_ALIASES[server] ?? server) !== SERVER_ALIASES[alias]) {
    throw usageError(
      `--staging (--test-cert) means Let's Encrypt's staging server, but --server names ${server}; give one of them`,
      command,
    );
  }
  return { ...raw, server: alias };
}

/**
 * Parses argv into the command and raw inputs keyed by input name, the same keys the Action
 * uses. Repeated `-d` join into one list; secrets may come from CERTWRIGHT_* variables instead
 * of flags.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliInvocation {
  const { values, positionals } = parseFlags(argv, [...CLI_ONLY, ...allInputs()]);
  const [word, topicWord, ...extra] = positionals;
  const command = commandNamed(word);
  const topic = command === 'help' ? commandNamed(topicWord) : undefined;
  const unexpected = command === 'help' || command === 'account' ? extra[0] : topicWord;
  if (unexpected !== undefined) throw usageError(`unexpected argument ${unexpected}`, command);
  const cliOnly = new Set(CLI_ONLY.map((option) => option.name));
  const raw = Object.fromEntries(Object.entries(values).filter(([name]) => !cliOnly.has(name)));
  const flag = (name: string) => values[name] === 'true';
  return {
    command,
    topic,
    raw: withEnvFallbacks(withStaging(raw, flag('staging'), command), allInputs(), env).raw,
    help: flag('help'),
    version: flag('version'),
    verbose: flag('verbose'),
    quiet: flag('quiet'),
    json: flag('json'),
    reason: values.reason,
    deleteAfterRevoke: flag('delete-after-revoke'),
    accountAction: command === 'account' ? topicWord : undefined,
    assumeYes: flag('yes') || flag('non-interactive'),
  };
}

/**
 * Where the CLI keeps the account key by default, one per ACME server:
 * `$XDG_CONFIG_HOME/certwright/accounts/<host>-<hash>.pem`.
 */
export function defaultAccountKeyFile(
  server: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  // A list's first CA: the key of a fallback CA's account lives in the state.
  const first = server?.split(/[\s,]+/).find((item) => item !== '');
  const url = SERVER_ALIASES[first ?? 'letsencrypt'] ?? first ?? '';
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
