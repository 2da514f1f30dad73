import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nextCronRun, parseCron } from '../renewal/schedule.js';
import type { Logger } from '../runtime.js';
import { workflowFile } from '../store/github.js';

/**
 * When the workflow this step is part of runs next, from its own `on.schedule` crons: the file
 * named by GITHUB_WORKFLOW_REF, read from the checkout once and parsed once. Undefined when the
 * workflow has no schedule or the checkout does not have the file.
 */
export async function workflowNextRun(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<((now: Date) => Date) | undefined> {
  const ref = env.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/renew.yml@refs/heads/main
  const workspace = env.GITHUB_WORKSPACE;
  const path = workflowFile(ref);
  if (!path || !workspace) return undefined;
  let text: string;
  try {
    text = await readFile(join(workspace, path), 'utf8');
  } catch {
    logger.debug(
      `schedule: ${path} is not in the checkout; set schedule or next-run to plan renewals around the next run`,
    );
    return undefined;
  }
  const { parseYaml } = await import('../options/yaml.js');
  const workflow = parseYaml(text) as { on?: { schedule?: { cron?: string }[] } } | null;
  const crons = (workflow?.on?.schedule ?? [])
    .map((entry) => entry.cron)
    .filter((cron): cron is string => typeof cron === 'string')
    .map(parseCron);
  if (crons.length === 0) return undefined;
  logger.debug(`schedule: ${path} runs at ${crons.map((c) => c.expression).join(', ')}`);
  return (now) => new Date(Math.min(...crons.map((cron) => nextCronRun(cron, now).getTime())));
}
