/**
 * What a config file may say, and where: the keys of its top level, of a certificate entry and
 * of a zone, each from the input table. The parser refuses every other key (naming the nearest
 * known one), and the JSON Schema editors use is generated from the same table.
 */
import { optionEnvName } from '../dns/provider.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { CORE_INPUTS, RENEW_INPUTS, type InputSpec } from './inputs.js';
import { nearest } from './nearest.js';

/** Where a key sits in a config file: the top level, an entry of `certificates`, a zone of an entry's `zones`. */
export type FileLevel = 'top' | 'certificate' | 'zone';

/** One key a config file may hold (or is told it may not). */
export interface FileKey {
  readonly name: string;
  /** The levels that read it; none: the file may not set it (`refused` says why). */
  readonly levels: readonly FileLevel[];
  /** Why the file may not set it, and where it goes instead. */
  readonly refused?: string;
  /** A run-wide key: why one value holds for every certificate (said when an entry sets it). */
  readonly runWide?: string;
  /** The input it sets; keys of the file's own (certificates, zones, concurrency) have none. */
  readonly input?: InputSpec;
  /** For a key of the file's own: what it holds. */
  readonly description?: string;
}

/** Every input certwright reads: the core, the renewal inputs and each provider's options. */
export const ALL_INPUTS: readonly InputSpec[] = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
];

/** Renewal inputs each certificate has its own of (its renewal policy). */
const PER_CERTIFICATE = new Set([
  'force-renewal',
  'reuse-key',
  'dry-run-server',
  'renew-before-days',
  'next-run',
  'schedule',
  'pre-hook',
  'post-hook',
  'deploy-hook',
]);

/** Renewal inputs the file sets once for the whole run, at its top level, and why they cannot differ per certificate. */
const RUN_WIDE: Readonly<Record<string, string>> = {
  'max-new-orders': "it is the order budget of the run's ACME account",
  'dry-run': 'a dry run saves nothing, for every certificate of the run',
  'warn-days': "it is read for the run's report",
};

const secretReason = (name: string) =>
  `a secret does not belong in a file kept in a repository; pass it as the ${name} input from a secret (CLI: the ${optionEnvName(name)} variable)`;
const storeReason = (name: string) =>
  `a setting of the store, which the step's inputs name; give ${name} there too (CLI: --${name})`;

/** Renewal inputs a config file may not set, and why. Any renewal input in no list is refused too (read for the whole run from the step's inputs). */
const REFUSED: Readonly<Record<string, string>> = {
  config: 'a config file cannot name another one; give config to the step (CLI: --config)',
  shard:
    'each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ${{ matrix.shard }}/N; CLI: --shard)',
  store:
    'where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: --store)',
  state: secretReason('state'),
  'state-key': secretReason('state-key'),
  'github-token': secretReason('github-token'),
  'github-api-url':
    "the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)",
  'github-repository': storeReason('github-repository'),
  'artifact-branch': storeReason('artifact-branch'),
  'artifact-retention-days': storeReason('artifact-retention-days'),
};

/** The key for one input: where a config file reads it. */
function inputKey(input: InputSpec): FileKey {
  const core = CORE_INPUTS.includes(input);
  const provider = !core && !RENEW_INPUTS.includes(input);
  if (core || provider)
    return {
      name: input.name,
      input,
      levels: input.name === 'dns-provider' || provider ? ['top', 'certificate', 'zone'] : ['top', 'certificate'],
    };
  if (PER_CERTIFICATE.has(input.name)) return { name: input.name, input, levels: ['top', 'certificate'] };
  const runWide = RUN_WIDE[input.name];
  if (runWide) return { name: input.name, input, levels: ['top'], runWide };
  const refused =
    REFUSED[input.name] ?? `it is read for the whole run from the step's inputs; give it there (CLI: --${input.name})`;
  return { name: input.name, input, levels: [], refused };
}

/** The keys of the file's own. */
const FILE_ONLY: readonly FileKey[] = [
  {
    name: 'concurrency',
    levels: ['top'],
    runWide: 'it is how many certificates the run works on at once',
    description: 'How many certificates are worked on at once: 1 to 16 (default 2).',
  },
  {
    name: 'certificates',
    levels: ['top'],
    description: 'The certificates, one entry each: its domains and any input of its own, over those of the top level.',
  },
  {
    name: 'zones',
    levels: ['certificate'],
    description: "A DNS provider per zone for this certificate: zone name -> dns-provider and that provider's inputs.",
  },
];

/** Every key a config file knows, by name. */
export function fileKeys(): ReadonlyMap<string, FileKey> {
  return new Map([...FILE_ONLY, ...ALL_INPUTS.map(inputKey)].map((key) => [key.name, key]));
}

const LEVEL_NAMES: Record<FileLevel, string> = {
  top: 'the top level of the file',
  certificate: 'a certificate entry',
  zone: 'a zone',
};

/** Why `key` is not read at `level`, where it is known but misplaced. */
function misplaced(key: FileKey, level: FileLevel): string {
  if (key.runWide) return `${key.name} applies to the whole run (${key.runWide}); set it at the top level of the file`;
  if (level === 'zone')
    return `${key.name} is not read in a zone, which takes dns-provider and that provider's inputs; set it on the certificate`;
  return `${key.name} is not read at ${LEVEL_NAMES[level]}; set it in ${key.levels.map((l) => LEVEL_NAMES[l]).join(' or ')}`;
}

/** `unknown key "domian"; did you mean "domains"?`: the nearest key read at `level`, or a CLI spelling's input. */
function unknown(name: string, level: FileLevel, keys: ReadonlyMap<string, FileKey>): string {
  const spelled = ALL_INPUTS.find((input) => input.cliAliases?.includes(name));
  if (spelled) return `unknown key "${name}"; did you mean "${spelled.name}"? (${name} is its command-line spelling)`;
  const near = nearest(
    name,
    [...keys.values()].filter((key) => key.levels.includes(level)).map((key) => key.name),
  );
  return near
    ? `unknown key "${name}"; did you mean "${near}"?`
    : `unknown key "${name}"; expected an input named in the README's input tables (the file's JSON Schema checks keys as you type)`;
}

/** What is wrong with `name` at `level` (one line without the place), or undefined when the file may set it there. */
export function fileKeyProblem(
  name: string,
  level: FileLevel,
  keys: ReadonlyMap<string, FileKey> = fileKeys(),
): string | undefined {
  const key = keys.get(name);
  if (!key) return unknown(name, level, keys);
  if (key.refused) return `${name}: not read from a config file: ${key.refused}`;
  return key.levels.includes(level) ? undefined : misplaced(key, level);
}
