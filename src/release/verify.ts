import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HttpClients } from '../net/http.js';
import { systemClock, USER_AGENT } from '../runtime.js';
import { verifyNpmRelease } from './npm.js';
import { tokenFromNpmrc } from './npmrc.js';
import { verifyPypiRelease } from './pypi.js';
import type { VerifyResult } from './report.js';

/** One release to check: what was built here against what the registry serves. */
export interface VerifyConfig {
  readonly ecosystem: 'npm' | 'pypi';
  readonly name: string;
  readonly version: string;
  readonly tarball?: string;
  readonly dist: string;
  readonly registry: string;
  readonly token?: string;
  readonly tag?: string;
  readonly requireProvenance: boolean;
  readonly timeoutMs: number;
}

/** Runs the check for the configured ecosystem. */
export interface VerifyOptions {
  /** Where proxy settings are read (HTTPS_PROXY, NO_PROXY); none when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export async function runVerifyRelease(config: VerifyConfig, options: VerifyOptions = {}): Promise<VerifyResult> {
  const http = new HttpClients({ userAgent: USER_AGENT, env: options.env ?? {} }).forTrust();
  const retryOptions = { sleep: options.sleep ?? systemClock.sleep, now: options.now ?? systemClock.now, timeoutMs: config.timeoutMs };
  if (config.ecosystem === 'npm') {
    const tarball = await readFile(config.tarball as string).catch((cause: unknown) => {
      throw new Error(`tarball: cannot read ${config.tarball}; expected the file npm pack wrote`, { cause });
    });
    return verifyNpmRelease(
      { name: config.name, version: config.version, tarball, registry: config.registry, requireProvenance: config.requireProvenance, ...(config.token ? { token: config.token } : {}), ...(config.tag ? { tag: config.tag } : {}) },
      http,
      retryOptions,
    );
  }
  const names = (await readdir(config.dist).catch(() => [] as string[])).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz') || f.endsWith('.zip'));
  if (names.length === 0) throw new Error(`dist: no sdist or wheel in ${config.dist}; expected the folder python -m build wrote`);
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(config.dist, name)) })));
  return verifyPypiRelease({ project: config.name, version: config.version, files, indexUrl: config.registry, ...(config.tag ? { tag: config.tag } : {}) }, http, retryOptions);
}

/**
 * Fills the registry token the way npm finds one when the input gave none: the project's
 * .npmrc, the user's (NPM_CONFIG_USERCONFIG or ~/.npmrc), then NODE_AUTH_TOKEN / NPM_TOKEN.
 */
export async function withNpmrcToken(config: VerifyConfig, env: Readonly<Record<string, string | undefined>>): Promise<VerifyConfig> {
  if (config.token || config.ecosystem !== 'npm') return config;
  const files = ['.npmrc', env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig ?? join(homedir(), '.npmrc')];
  const token = (await tokenFromNpmrc(config.registry, files, env)) ?? env.NODE_AUTH_TOKEN ?? env.NPM_TOKEN;
  return token ? { ...config, token } : config;
}
