import { join } from 'node:path';
import * as core from '@actions/core';
import { CORE_INPUTS, RENEW_INPUTS, withEnvFallbacks, type InputSpec, type RawInputs } from '../config/inputs.js';
import { PROVIDERS } from '../dns/providers/index.js';

/** Every input of action.yml. */
export const ACTION_INPUTS: readonly InputSpec[] = [...CORE_INPUTS, ...RENEW_INPUTS, ...PROVIDERS.flatMap((p) => p.options)];

/**
 * Reads `specs` once (the only place that calls getInput), fills secret ones that were not
 * given from their CERTWRIGHT_* variables, and masks every secret value.
 */
export function readInputs(specs: readonly InputSpec[], env: Readonly<Record<string, string | undefined>>): RawInputs {
  const given: Record<string, string | undefined> = {};
  for (const input of specs) {
    const value = core.getInput(input.name);
    if (value !== '') given[input.name] = value;
  }
  const { raw } = withEnvFallbacks(given, specs, env);
  for (const input of specs) {
    const value = raw[input.name];
    if (input.secret && value) for (const secret of secretParts(value)) core.setSecret(secret);
  }
  return raw;
}

/**
 * A secret value and, when it is JSON (acme-dns credentials, a key file), every string inside
 * it under a key that names a secret (password, key, token, secret): the log masks what it is
 * given, not the fields of it a message might print. Names and URLs stay readable.
 */
export function secretParts(value: string): string[] {
  const parts = [value];
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      if (/pass|secret|token|key/i.test(key) && node.length >= 4) parts.push(node);
    } else if (node && typeof node === 'object') for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  try {
    walk(JSON.parse(value), '');
  } catch {
    // not JSON: the value as a whole
  }
  return parts;
}

/** The Action's inputs with its own defaults: files under RUNNER_TEMP, this repository, API and workflow. */
export function readActionInputs(env: Readonly<Record<string, string | undefined>>): RawInputs {
  const raw: Record<string, string | undefined> = { ...readInputs(ACTION_INPUTS, env) };
  if (raw['output-dir'] === undefined && env.RUNNER_TEMP) raw['output-dir'] = join(env.RUNNER_TEMP, 'certwright');
  raw['github-repository'] ??= env.GITHUB_REPOSITORY;
  raw['github-api-url'] ??= env.GITHUB_API_URL;
  // Not an input: this run's workflow, whose own earlier runs are the only ones an artifact store trusts.
  raw['github-workflow-ref'] = env.GITHUB_WORKFLOW_REF;
  // Not an input either: where the run is (github.com, GHE.com or an Enterprise Server).
  raw['github-server-url'] = env.GITHUB_SERVER_URL;
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
