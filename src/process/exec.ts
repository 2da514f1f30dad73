import { spawn } from 'node:child_process';

/** What a release step needs of a program run: its exit code and output. */
export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  readonly cwd?: string;
  /** Added to the step's environment (a value of undefined removes the variable). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Keep the program's output out of the log (it is still returned). */
  readonly silent?: boolean;
}

/**
 * Runs a program and waits for it. The Action passes one built on @actions/exec, which echoes
 * the command line and output into the job log; the CLI `childExec` below.
 */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/**
 * The CLI's Exec: runs a program (no shell) with `base` plus the call's environment, collects
 * its output, and echoes nothing unless `echo` is given (a terminal sees only the result).
 */
export function childExec(base: Readonly<Record<string, string | undefined>>, echo?: (line: string) => void): Exec {
  return (command, args, options = {}) =>
    new Promise((resolve, reject) => {
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries({ ...base, ...options.env }))
        if (value !== undefined) env[name] = value;
      if (echo && !options.silent) echo(`[command]${[command, ...args].join(' ')}`);
      const child = spawn(command, [...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.cwd ? { cwd: options.cwd } : {}),
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`, { cause: error })));
      child.on('close', (code) =>
        resolve({
          code: code ?? 1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
    });
}
