import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { run, type Exec } from '../exec.js';

export const NPM_STEPS = ['check', 'pack', 'publish', 'install-test', 'promote'] as const;
export const PYPI_STEPS = ['check', 'build', 'check-dist', 'upload', 'install-test'] as const;

export type ReleaseStep = (typeof NPM_STEPS)[number] | (typeof PYPI_STEPS)[number];

export interface ReleaseConfig {
  readonly ecosystem: 'npm' | 'pypi';
  readonly step: ReleaseStep;
  readonly tag: string;
  /** Package folders, as given (relative to the working directory). */
  readonly packages: readonly string[];
  readonly outDir: string;
  readonly registry?: string;
  readonly token?: string;
  readonly stagingTag: string;
  readonly provenance: 'auto' | boolean;
  readonly smoke?: string;
  readonly extraIndexUrl?: string;
  readonly python: string;
  readonly buildIsolation: boolean;
}

/** One package of a release: its name, version, folder and the files built for it. */
export interface ReleasePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/** What a step gets from its front end. */
export interface StepContext {
  readonly exec: Exec;
  readonly log: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What a step hands the next: the version and the packages with their files (the step's outputs). */
export interface StepResult {
  readonly version: string;
  readonly packages: readonly ReleasePackage[];
}

/** A line of SHA256SUMS, as `sha256sum` writes it (`sha256sum -c SHA256SUMS` checks the files). */
export async function sha256SumsLine(file: string): Promise<string> {
  return `${createHash('sha256')
    .update(await readFile(file))
    .digest('hex')}  ${basename(file)}\n`;
}

/**
 * Runs the caller's smoke command as a workflow's `run:` runs (bash --noprofile --norc -eo
 * pipefail), with `bin` first on PATH. PATH is set inside the shell, after whatever BASH_ENV
 * sources, so the packages just installed are the ones found.
 */
export async function runSmoke(
  context: StepContext,
  smoke: string,
  where: { cwd: string; bin: string; env: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  const script = 'export PATH="$1:$PATH"; eval "$2"';
  await run(
    context.exec,
    'install-test: smoke',
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script, 'smoke', where.bin, smoke],
    { cwd: where.cwd, env: where.env },
  );
  context.log('install-test: the smoke command passed');
}
