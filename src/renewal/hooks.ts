import { spawn } from 'node:child_process';
import type { Logger } from '../runtime.js';

/** certbot's renewal hooks: pre and post around an actual attempt, deploy once per new certificate. */
export interface RenewalHooks {
  readonly pre?: string;
  readonly post?: string;
  readonly deploy?: string;
}

/** Runs a hook command with /bin/sh; a failing hook fails the run, naming the hook. */
export function runHook(kind: string, command: string, env: Readonly<Record<string, string | undefined>>, logger: Logger): Promise<void> {
  logger.info(`Running ${kind}: ${command}`);
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (error) => reject(new Error(`${kind}: could not start "${command}"`, { cause: error })));
    child.on('close', (code) => {
      if (output.trim()) logger.info(`${kind}: ${output.trim()}`);
      if (code === 0) resolve();
      else reject(new Error(`${kind}: "${command}" exited with ${code}`));
    });
  });
}
