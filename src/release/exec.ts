import type { Exec, ExecOptions } from '../process/exec.js';

export type { Exec, ExecOptions, ExecResult } from '../process/exec.js';

/** Runs and fails with the command, its exit code and the end of its stderr when it does not exit 0. */
export async function run(
  exec: Exec,
  what: string,
  command: string,
  args: readonly string[],
  options?: ExecOptions,
): Promise<string> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-8).join('\n');
    throw new Error(
      `${what}: \`${[command, ...args].join(' ')}\` exited with ${result.code}${tail ? `:\n${tail}` : ''}`,
    );
  }
  return result.stdout;
}
