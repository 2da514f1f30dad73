import { join } from 'node:path';
import * as core from '@actions/core';
import { CORE_INPUTS, RENEW_INPUTS, withEnvFallbacks, type InputSpec, type RawInputs } from '../config/inputs.js';
import { secretsIn } from '../config/secrets.js';
import { DEPLOY_INPUTS } from '../config/deploy.js';
import { DEPLOY_TARGETS } from '../deploy/index.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { neutralise } from '../runtime.js';

/** Every input of action.yml. */
export const ACTION_INPUTS: readonly InputSpec[] = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...DEPLOY_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
  ...DEPLOY_TARGETS.flatMap((t) => t.options),
];

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
  for (const secret of secretsIn(raw, specs)) core.setSecret(secret);
  return raw;
}

/** Kept here for the Action's tests: the parts of a secret the runner is told to mask. */
export { secretParts } from '../config/secrets.js';

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

/** The engine's log in the runner's: every message one line that cannot start a workflow command (see neutralise). */
export const actionLogger = {
  info: (message: string) => core.info(neutralise(message)),
  warn: (message: string) => core.warning(neutralise(message)),
  debug: (message: string) => core.debug(neutralise(message)),
};
