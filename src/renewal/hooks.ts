import { runCommand } from '../process/command.js';
import type { Logger } from '../runtime.js';

/** certbot's renewal hooks: pre and post around an actual attempt, deploy once per new certificate. */
export interface RenewalHooks {
  readonly pre?: string;
  readonly post?: string;
  readonly deploy?: string;
}

/** Runs a hook command with /bin/sh in its own process group; a failing hook fails the run, naming the hook. */
export async function runHook(kind: string, command: string, env: Readonly<Record<string, string | undefined>>, logger: Logger): Promise<void> {
  logger.info(`Running ${kind}: ${command}`);
  let result;
  try {
    result = await runCommand({ command, env });
  } catch (error) {
    throw new Error(`${kind}: could not start "${command}"`, { cause: error });
  }
  const output = `${result.stdout}${result.stderr}`.trim();
  if (output) logger.info(`${kind}: ${output}`);
  if (result.code !== 0) throw new Error(`${kind}: "${command}" ${result.signal ? `was killed (${result.signal})` : `exited with ${result.code}`}`);
}
