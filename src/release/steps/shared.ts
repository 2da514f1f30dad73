import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Exec } from '../exec.js';

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
  return `${createHash('sha256').update(await readFile(file)).digest('hex')}  ${basename(file)}\n`;
}
