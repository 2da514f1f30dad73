import { getExecOutput } from '@actions/exec';
import type { Exec } from '../process/exec.js';

/**
 * Programs the Action runs (npm, pip, twine) go through @actions/exec: the command line and its
 * output appear in the job log as the runner shows any step's, secrets masked.
 */
export const actionExec: Exec = async (command, args, options = {}) => {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...options.env }))
    if (value !== undefined) env[name] = value;
  const result = await getExecOutput(command, [...args], {
    ignoreReturnCode: true,
    silent: options.silent ?? false,
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
};
