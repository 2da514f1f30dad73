import { runCommand } from '../process/command.js';
import type { Logger } from '../runtime.js';

/** certbot's renewal hooks: pre and post around an actual attempt, deploy once per new certificate. */
export interface RenewalHooks {
  readonly pre?: string;
  readonly post?: string;
  readonly deploy?: string;
  /**
   * How long one hook may run before its whole process group is ended (`exec-timeout`); default
   * DEFAULT_HOOK_TIMEOUT_MS.
   */
  readonly timeoutMs?: number;
}

/** As `exec-timeout`'s default: a hook that hangs must not hold a run (and its CI minutes) forever. */
export const DEFAULT_HOOK_TIMEOUT_MS = 120_000;

/**
 * Runs a hook command with /bin/sh in its own process group, ended whole after `timeoutMs`; a
 * failing or overrunning hook fails the run, naming the hook.
 */
export async function runHook(
  kind: string,
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  timeoutMs = DEFAULT_HOOK_TIMEOUT_MS,
): Promise<void> {
  logger.info(`Running ${kind}: ${command}`);
  let result;
  try {
    result = await runCommand({ command, env, timeoutMs });
  } catch (error) {
    throw new Error(`${kind}: could not start "${command}"`, { cause: error });
  }
  // A line of the log per line of output (the log sink escapes whatever else it carries).
  for (const line of `${result.stdout}\n${result.stderr}`.split(/\r?\n/))
    if (line.trim()) logger.info(`${kind}: ${line.trimEnd()}`);
  if (result.timedOut)
    throw new Error(
      `${kind}: "${command}" ran over exec-timeout (${timeoutMs / 1000} s) ` +
        'and was stopped with everything it started; raise exec-timeout if it needs longer',
    );
  if (result.code !== 0)
    throw new Error(
      `${kind}: "${command}" ${result.signal ? `was killed (${result.signal})` : `exited with ${result.code}`}`,
    );
}
