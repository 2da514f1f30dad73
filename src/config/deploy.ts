/**
 * Where a certificate goes once the run has it: `deploy-to` (the step's inputs, the CLI's flags)
 * or a config file's `deploy: [{ target: acm, regions: [...] }, ...]`, parsed down into the
 * engine's configured targets. In a `deploy` item a target's option `<target>-<setting>` is
 * written `<setting>`. Unknown targets and settings are refused, naming the nearest known one,
 * before anything is sent to a CA.
 */
import type { ConfiguredDeployTarget, DeployTargetDefinition } from '../deploy/target.js';
import { DEPLOY_TARGETS } from '../deploy/index.js';
import type { OptionSpec, OptionValues } from '../options/option.js';
import { optionalOption, splitList } from '../options/parse.js';
import { nearest } from './nearest.js';

/** How a run ends when a target failed (the certificate is kept either way). */
export type DeployFailurePolicy = 'fail' | 'warn';

/** The inputs of deploying: which targets, and what a failed one does to the run (each target's own: its metadata). */
export const DEPLOY_INPUTS: readonly OptionSpec[] = [
  {
    name: 'deploy-to',
    kind: 'list',
    description:
      'Deploy targets the certificate goes to once the run has it (issued, renewed, or current but not there yet), ' +
      'comma-separated: see docs/deploy.md; each takes its own inputs (`acm-regions`, `kubernetes-secret`, ...). ' +
      'The state remembers what each holds: a target that holds the certificate is not called.',
    repeatable: true,
    file: {
      refused:
        'a config file lists them per certificate (or at its top level for all) as deploy: [{ target: NAME, ... }]',
    },
  },
  {
    name: 'deploy-failure',
    description:
      '`fail`: a deploy target that failed fails the run (exit code 1); `warn`: it is reported and the run ' +
      'succeeds. Either way the certificate is kept and the next run tries that target again, without a new order.',
    default: 'fail',
    file: { levels: ['top'], runWide: 'it decides how the run ends' },
  },
];

/** `deploy-failure`: fail (default) or warn. */
export function parseDeployFailure(values: OptionValues): DeployFailurePolicy {
  const text = (optionalOption(values, 'deploy-failure') ?? 'fail').toLowerCase();
  if (text !== 'fail' && text !== 'warn')
    throw new Error(`deploy-failure: "${text}" is not a policy; expected fail or warn`);
  return text;
}

/** The target named `name`, or an error that names the nearest known one. */
function targetNamed(name: string, where: string): DeployTargetDefinition {
  const definition = DEPLOY_TARGETS.find((t) => t.name === name.toLowerCase());
  if (definition) return definition;
  const names = DEPLOY_TARGETS.map((t) => t.name);
  const near = nearest(name.toLowerCase(), names);
  throw new Error(
    `${where}: "${name}" is not a deploy target; ${near ? `did you mean "${near}"? ` : ''}` +
      `expected one of ${names.join(', ')}`,
  );
}

/** Refuses two targets that deploy to the same place (their state records would be one). */
function distinct(targets: readonly ConfiguredDeployTarget[], where: string): ConfiguredDeployTarget[] {
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.key)) throw new Error(`${where}: ${target.description} is listed twice; list each place once`);
    seen.add(target.key);
  }
  return [...targets];
}

/** `deploy-to` of one certificate's inputs, each target configured from the same inputs. */
export function parseDeployTo(values: OptionValues): ConfiguredDeployTarget[] {
  const targets = splitList(values['deploy-to']).map((name) => targetNamed(name, 'deploy-to').configure(values));
  return distinct(targets, 'deploy-to');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A setting's value as an input takes it: text; a list joined with commas. */
function settingText(where: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (!items.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    throw new Error(`${where}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  return items.map(String).join(',');
}

/**
 * One item of `deploy` as option values: `target`, and each setting under its option's full
 * name (`regions` -> `acm-regions`; the full name is taken too). An unknown setting is refused
 * naming the nearest of the target's.
 */
export function deployItemValues(
  item: unknown,
  where: string,
): { definition: DeployTargetDefinition; values: Record<string, string | undefined> } {
  if (!isObject(item) || typeof item.target !== 'string')
    throw new Error(
      `${where}: expected a mapping with target: NAME and the target's settings, such as { target: acm }`,
    );
  const definition = targetNamed(item.target, `${where}: target`);
  const prefix = `${definition.name}-`;
  const settings = definition.options.map((o) => o.name.slice(prefix.length));
  const values: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'target') continue;
    const setting = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (!settings.includes(setting)) {
      const near = nearest(setting, settings);
      throw new Error(
        `${where}: unknown key "${key}" for target ${definition.name}; ` +
          (near ? `did you mean "${near}"?` : `expected target or one of ${settings.join(', ') || 'none'}`),
      );
    }
    values[`${prefix}${setting}`] = settingText(`${where}: ${key}`, value);
  }
  return { definition, values };
}

/**
 * A config file's `deploy` list for one certificate: each item's target configured from the
 * certificate's inputs (`inherited`: the run's, the file's top level, the entry's) with the item's settings over them.
 */
export function parseDeployItems(items: unknown, inherited: OptionValues, where = 'deploy'): ConfiguredDeployTarget[] {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items))
    throw new Error(`${where}: expected a list of targets, such as [{ target: kubernetes, secret: ns/name }]`);
  const targets = items.map((item, index) => {
    const at = `${where}[${index}]`;
    const { definition, values } = deployItemValues(item, at);
    try {
      return definition.configure({ ...inherited, ...values });
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`, { cause: error });
    }
  });
  return distinct(targets, where);
}
