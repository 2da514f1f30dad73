import { join } from 'node:path';
import * as core from '@actions/core';
import { CORE_INPUTS, RENEW_INPUTS, type RawInputs } from '../config.js';
import { PROVIDERS } from '../dns/providers/index.js';

/**
 * Reads every input once (the only place that calls getInput), masks the secret ones, and
 * fills the Action's own defaults.
 */
export function readActionInputs(env: Readonly<Record<string, string | undefined>>): RawInputs {
  const raw: Record<string, string | undefined> = {};
  for (const input of [...CORE_INPUTS, ...RENEW_INPUTS, ...PROVIDERS.flatMap((p) => p.options)]) {
    const value = core.getInput(input.name);
    if (value === '') continue;
    if (input.secret) core.setSecret(value);
    raw[input.name] = value;
  }
  if (raw['output-dir'] === undefined && env.RUNNER_TEMP) raw['output-dir'] = join(env.RUNNER_TEMP, 'certwright');
  raw['github-repository'] ??= env.GITHUB_REPOSITORY;
  raw['github-api-url'] ??= env.GITHUB_API_URL;
  return raw;
}

/** Masks a PEM private key: the whole value and each base64 line, as logs may split it. */
export function maskPem(pem: string): void {
  core.setSecret(pem);
  for (const line of pem.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) core.setSecret(line);
}

export const actionLogger = {
  info: (message: string) => core.info(message),
  warn: (message: string) => core.warning(message),
  debug: (message: string) => core.debug(message),
};
