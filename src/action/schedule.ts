import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { nextCronRun } from '../renewal/schedule.js';
import type { Logger } from '../runtime.js';

/**
 * The next run of the workflow this step is part of, from its own `on.schedule` crons: the
 * file named by GITHUB_WORKFLOW_REF, read from the checkout. Undefined when the workflow has no
 * schedule or the checkout does not have the file.
 */
export async function nextScheduledRun(env: Readonly<Record<string, string | undefined>>, now: Date, logger: Logger): Promise<Date | undefined> {
  const ref = env.GITHUB_WORKFLOW_REF; // owner/repo/.github/workflows/renew.yml@refs/heads/main
  const workspace = env.GITHUB_WORKSPACE;
  const path = ref?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
  if (!path || !workspace) return undefined;
  let text: string;
  try {
    text = await readFile(join(workspace, path), 'utf8');
  } catch {
    logger.debug(`schedule: ${path} is not in the checkout; set schedule or next-run to plan renewals around the next run`);
    return undefined;
  }
  const workflow = parse(text) as { on?: { schedule?: { cron?: string }[] } } | null;
  const crons = (workflow?.on?.schedule ?? []).map((entry) => entry.cron).filter((cron): cron is string => typeof cron === 'string');
  if (crons.length === 0) return undefined;
  const next = crons.map((cron) => nextCronRun(cron, now)).sort((a, b) => a.getTime() - b.getTime())[0];
  if (next) logger.debug(`schedule: next run of ${path} at ${next.toISOString()} (${crons.join(', ')})`);
  return next;
}
