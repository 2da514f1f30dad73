import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A step of a workflow that uses one of this repository's actions, with its `with:` as written. */
export interface WorkflowStep {
  readonly job: string;
  /** `release-step` or `verify-release`. */
  readonly action: string;
  readonly with: Readonly<Record<string, string>>;
}

/**
 * The steps of `.github/workflows/FILE` that use `certwright/certwright/release-step` or
 * `verify-release`, in job and step order: what the tests run, so that a workflow and its test
 * cannot drift apart.
 */
export async function certwrightSteps(file: string): Promise<WorkflowStep[]> {
  const doc = parseDocument(await readFile(`${root}.github/workflows/${file}`, 'utf8'));
  const jobs = doc.get('jobs') as YAMLMap;
  const steps: WorkflowStep[] = [];
  for (const pair of jobs.items) {
    const job = pair.value;
    if (!isMap(job)) continue;
    const list = job.get('steps');
    if (!isSeq(list)) continue;
    for (const step of list.items) {
      if (!isMap(step)) continue;
      const uses = step.get('uses');
      const match = /^certwright\/certwright\/(release-step|verify-release)@/.exec(
        typeof uses === 'string' ? uses : '',
      );
      if (!match) continue;
      const given = step.get('with');
      const inputs: Record<string, string> = {};
      if (isMap(given))
        for (const item of given.items)
          inputs[String((item.key as { value: unknown }).value)] = String((item.value as { value: unknown }).value);
      steps.push({ job: String((pair.key as { value: unknown }).value), action: match[1] as string, with: inputs });
    }
  }
  return steps;
}

/**
 * The step's inputs with every `${{ expression }}` replaced from `context` (keyed by the
 * expression's text); an expression the test did not provide fails, naming it.
 */
export function evaluate(step: WorkflowStep, context: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with)) {
    out[name] = value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
      const known = context[expression];
      if (known === undefined)
        throw new Error(
          `${step.job}: ${step.action} input ${name} uses \${{ ${expression} }}, which the test does not provide`,
        );
      return known;
    });
  }
  return out;
}
