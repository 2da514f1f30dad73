import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_NODE } from './node24.js';

export interface StepRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
}

/** Parses the `name<<DELIMITER ... DELIMITER` file format the runner gives GITHUB_OUTPUT and GITHUB_STATE. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    values[match[1] as string] = match[3] as string;
  return values;
}

/**
 * Runs a bundled Action entry (`dist/main.js`, `dist/post.js`) as the runner does: inputs as
 * INPUT_<NAME>, state as STATE_<name>, command files for outputs, state and the job summary;
 * on ACTION_NODE unless `node` names another.
 */
export async function runActionStep(
  entry: string,
  inputs: Record<string, string | undefined>,
  state: Record<string, string> = {},
  node = ACTION_NODE,
  extraEnv: Record<string, string> = {},
  /** Gets the step's process as it starts (a test that kills it mid-run). */
  onStart?: (child: ChildProcess) => void,
): Promise<StepRun> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-runner-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    ...files,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs))
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
  const child = spawn(node, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  onStart?.(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  const read = (f: string) => readFile(f, 'utf8');
  return {
    code,
    signal,
    output,
    outputs: parseCommandFile(await read(files.GITHUB_OUTPUT)),
    state: parseCommandFile(await read(files.GITHUB_STATE)),
    summary: await read(files.GITHUB_STEP_SUMMARY),
  };
}

/** What the runner would show: every line but the `::add-mask::` commands it consumes. */
export function visibleLog(output: string): string {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** The base64 lines of a PEM key: what must never show up in a log. */
export function keyMaterialLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
}
