/**
 * Runs the user's shell commands (DNS hooks, renewal hooks) so that nothing they start outlives
 * them: each runs in a process group of its own, and a timeout, or the run being stopped, ends
 * the whole group (SIGTERM, then SIGKILL). Output is read up to a bound. The environment is
 * the caller's, minus every variable that carries one of the run's secrets.
 */
import type * as ChildProcesses from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { lazyBuiltin } from '../runtime.js';

const childProcesses = lazyBuiltin<typeof ChildProcesses>('node:child_process');

export interface CommandOptions {
  readonly command: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ends the group after this long; none: no limit. */
  readonly timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped (default 64 KiB). */
  readonly maxOutputBytes?: number;
}

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The timeout ended it. */
  readonly timedOut: boolean;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024;
/** Between SIGTERM to the group and SIGKILL. */
const KILL_GRACE_MS = 1_000;
/** After the shell exits, how long its output pipes may stay open (held by something that escaped the group). */
const DRAIN_MS = 500;

/** The process groups of commands still running, so a stopping run can end them all. */
const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Ends a group: SIGTERM now, SIGKILL after a grace period if anything is left. */
function endGroup(child: ChildProcess): void {
  signalGroup(child, 'SIGTERM');
  setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}

/** Ends every command still running (the run is being stopped). */
export function endAllCommands(): void {
  for (const child of running) endGroup(child);
}

/** Collects a stream up to `max` bytes, and counts what it drops. */
function bounded(stream: NodeJS.ReadableStream, max: number): () => string {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  stream.on('data', (chunk: Buffer) => {
    const part = chunk.subarray(0, Math.max(0, max - kept));
    chunks.push(part);
    kept += part.length;
    dropped += chunk.length - part.length;
  });
  return () => Buffer.concat(chunks).toString('utf8') + (dropped > 0 ? `\n[${dropped} more bytes not kept]` : '');
}

export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    // detached: the shell leads a new process group, which holds everything it starts.
    const child = childProcesses().spawn('/bin/sh', ['-c', options.command], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    const stdout = bounded(child.stdout, max);
    const stderr = bounded(child.stderr, max);
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            endGroup(child);
          }, options.timeoutMs);
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      // Whatever the shell left behind in its group goes with it.
      signalGroup(child, 'SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stdout: stdout(), stderr: stderr(), timedOut });
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      settled = true;
      reject(error);
    });
    child.on('close', finish);
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), DRAIN_MS).unref());
  });
}

/**
 * The runner's file commands (a line appended to one sets the step's outputs, the job's
 * environment and PATH, or the state the post step reads) and its request tokens and service
 * URLs: a user's command gets none of them, so it cannot plant work for the post step or
 * values for later steps, nor call the runner's services as the job.
 */
const RUNNER_CHANNELS = new Set(['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']);

function isRunnerChannel(name: string): boolean {
  return (
    RUNNER_CHANNELS.has(name) || name.startsWith('ACTIONS_') || name.startsWith('STATE_') || name.startsWith('INPUT_')
  );
}

/** The job's OIDC token request, when the runner gives one (`permissions: id-token: write`). */
export function idTokenRequestOf(
  env: Readonly<Record<string, string | undefined>>,
): { url: string; token: string } | undefined {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  return url && token ? { url, token } : undefined;
}

/**
 * The environment for a user's command: `env` without the variables whose value is one of
 * `secrets` (or contains one), without the Action's `INPUT_*` copies of its inputs and
 * `STATE_*` step state, and without the runner's file commands and tokens (RUNNER_CHANNELS).
 */
export function commandEnv(
  env: Readonly<Record<string, string | undefined>>,
  secrets: Iterable<string>,
): Record<string, string> {
  const known = [...secrets].filter((secret) => secret.length >= 6);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isRunnerChannel(name)) continue;
    if (known.some((secret) => value.includes(secret))) continue;
    out[name] = value;
  }
  return out;
}
