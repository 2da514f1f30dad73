import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient } from '../net/http.js';
import type { InputSpec, RawInputs } from '../config.js';
import { systemClock } from '../runtime.js';
import { verifyNpmRelease } from './npm.js';
import { tokenFromNpmrc } from './npmrc.js';
import { verifyPypiRelease } from './pypi.js';
import type { VerifyResult } from './report.js';

/** Inputs of `certwright verify-release` and `verify-release/action.yml`. */
export const VERIFY_INPUTS: readonly InputSpec[] = [
  { name: 'ecosystem', description: '`npm` or `pypi`.', default: 'npm' },
  { name: 'package', description: 'The npm package name or PyPI project.', required: true },
  { name: 'version', description: 'The version that was published.', required: true },
  { name: 'tarball', description: 'npm: the .tgz that `npm pack` wrote in this pipeline.' },
  { name: 'dist', description: 'PyPI: the folder with the sdist and wheels this pipeline built.', default: 'dist' },
  { name: 'registry', description: 'Registry or index URL. Default: https://registry.npmjs.org for npm, https://pypi.org for PyPI.' },
  { name: 'registry-token', description: "Token for a private registry (sent as a bearer token). Without it, the registry's `_authToken` from the project's and the user's .npmrc (as actions/setup-node writes it, with `${NODE_AUTH_TOKEN}`), then NODE_AUTH_TOKEN / NPM_TOKEN.", secret: true },
  { name: 'tag', description: 'The git tag of the release (`v1.2.3`); the version must match it.' },
  { name: 'require-provenance', description: 'npm: fail unless the version has a provenance attestation.', default: 'false', flag: true },
  { name: 'timeout', description: 'Seconds to wait for the registry to serve the version before declaring it missing.', default: '300' },
];

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

function value(raw: RawInputs, name: string): string | undefined {
  const text = raw[name]?.trim();
  return text === '' ? undefined : text;
}

/** Validates the verify-release inputs; each error names the input and what is expected. */
export function parseVerifyConfig(raw: RawInputs): VerifyConfig {
  const ecosystem = (value(raw, 'ecosystem') ?? 'npm').toLowerCase();
  if (ecosystem !== 'npm' && ecosystem !== 'pypi') throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const name = value(raw, 'package');
  if (!name) throw new Error(`package: missing; expected the ${ecosystem === 'npm' ? 'npm package name, such as @acme/site' : 'PyPI project name'}`);
  const version = value(raw, 'version');
  if (!version) throw new Error('version: missing; expected the version that was published, such as 1.2.3');
  const tarball = value(raw, 'tarball');
  if (ecosystem === 'npm' && !tarball) throw new Error('tarball: missing; expected the .tgz that npm pack wrote, such as acme-site-1.2.3.tgz');
  const timeoutText = value(raw, 'timeout') ?? '300';
  if (!/^\d+$/.test(timeoutText)) throw new Error(`timeout: "${timeoutText}" is not a number of seconds; expected such as 300`);
  const registry = value(raw, 'registry') ?? (ecosystem === 'npm' ? 'https://registry.npmjs.org' : 'https://pypi.org');
  try {
    new URL(registry);
  } catch {
    throw new Error(`registry: "${registry}" is not a URL; expected such as https://registry.npmjs.org`);
  }
  const token = value(raw, 'registry-token');
  const tag = value(raw, 'tag');
  return {
    ecosystem,
    name,
    version,
    dist: value(raw, 'dist') ?? 'dist',
    registry,
    requireProvenance: ['true', 'yes', '1'].includes((value(raw, 'require-provenance') ?? 'false').toLowerCase()),
    timeoutMs: Number(timeoutText) * 1000,
    ...(tarball ? { tarball } : {}),
    ...(token ? { token } : {}),
    ...(tag ? { tag } : {}),
  };
}

/** Runs the check for the configured ecosystem. */
export async function runVerifyRelease(config: VerifyConfig, retry = { sleep: systemClock.sleep, now: systemClock.now }): Promise<VerifyResult> {
  const http = createHttpClient({ userAgent: 'certwright verify-release' });
  const retryOptions = { ...retry, timeoutMs: config.timeoutMs };
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
