/**
 * What a config file may say, and where: the keys of its top level, of a certificate entry and
 * of a zone, each from the input table. The parser refuses every other key (naming the nearest
 * known one), and the JSON Schema editors use is generated from the same table.
 */
import { PROVIDERS } from '../dns/providers/index.js';
import { DEPLOY_TARGETS } from '../deploy/index.js';
import type { FileLevel, FilePlacement } from '../options/option.js';
import { DEPLOY_INPUTS } from './deploy.js';
import { CORE_INPUTS, RENEW_INPUTS, type InputSpec } from './inputs.js';
import { nearest } from './nearest.js';

export type { FileLevel } from '../options/option.js';

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

/** Where a plug-in's options may stand: a provider's or a deploy target's anywhere a provider is named, zones too. */
const PLUG_IN_LEVELS: FilePlacement = { levels: ['top', 'certificate', 'zone'] };

/**
 * Every input certwright reads: the core, the renewal inputs (the stores' among them), each provider's and deploy
 * target's options.
 */
export const ALL_INPUTS: readonly InputSpec[] = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...DEPLOY_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
  ...DEPLOY_TARGETS.flatMap((t) => t.options),
];

/** A deploy target's options: defaults for the `deploy` items of the file's certificates (an item's own win). */
const DEPLOY_TARGET_LEVELS: FilePlacement = { levels: ['top', 'certificate'] };
const DEPLOY_TARGET_OPTIONS = new Set(DEPLOY_TARGETS.flatMap((t) => t.options));

/**
 * Where a config file reads each input that does not say (its `file`): an engine input for the
 * top level and each certificate, a plug-in's in zones too; a renewal input is read for the
 * whole run from the step's inputs.
 */
function defaultPlacement(input: InputSpec): FilePlacement {
  if (CORE_INPUTS.includes(input)) return { levels: ['top', 'certificate'] };
  if (DEPLOY_TARGET_OPTIONS.has(input)) return DEPLOY_TARGET_LEVELS;
  if (!RENEW_INPUTS.includes(input)) return PLUG_IN_LEVELS;
  return { refused: `it is read for the whole run from the step's inputs; give it there (CLI: --${input.name})` };
}

/** The key for one input: where a config file reads it. */
function inputKey(input: InputSpec): FileKey {
  const placement = input.file ?? defaultPlacement(input);
  const { name } = input;
  if ('refused' in placement) return { name, input, levels: [], refused: placement.refused };
  const { levels, runWide } = placement;
  return runWide === undefined ? { name, input, levels } : { name, input, levels, runWide };
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
    name: 'deploy',
    levels: ['top', 'certificate'],
    description:
      'Deploy targets the certificate goes to, one item each: target: NAME and its settings without the ' +
      "target's prefix (`{ target: acm, regions: [us-east-1] }`); at the top level, for every certificate without " +
      'its own.',
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
    return (
      `${key.name} is not read in a zone, which takes dns-provider and that provider's inputs; set it on the ` +
      `certificate`
    );
  return (
    `${key.name} is not read at ${LEVEL_NAMES[level]}; set it in ` +
    `${key.levels.map((l) => LEVEL_NAMES[l]).join(' or ')}`
  );
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
    : `unknown key "${name}"; expected an input named in docs/inputs.md ` +
        "(the file's JSON Schema checks keys as you type)";
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
