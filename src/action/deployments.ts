/** What the Action reports of deploy targets: the outputs' `deployed`, an annotation per failed target. */
import * as core from '@actions/core';
import type { DeploymentResult } from '../renewal/deploy.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage, neutralise } from '../runtime.js';

/** The `deployed` field of a `certificates` entry: per target key, what it holds and what this run did. */
export function deployedEntry(
  deployments: readonly DeploymentResult[] | undefined,
): Record<string, Record<string, string | undefined>> {
  return Object.fromEntries(
    (deployments ?? []).map((d) => [
      d.key,
      {
        target: d.target,
        id: d.record?.id,
        serial: d.record?.serial,
        at: d.record ? new Date(d.record.at).toISOString() : undefined,
        action: d.action,
        error: d.error ? errorMessage(d.error) : undefined,
      },
    ]),
  );
}

/** The `deployed` output of one certificate: target key -> identifier (empty while it holds nothing). */
export function deployedIds(deployments: readonly DeploymentResult[] | undefined): string {
  return JSON.stringify(Object.fromEntries((deployments ?? []).map((d) => [d.key, d.record?.id ?? ''])));
}

/** One error annotation per failed target; returns how many failed. */
export function annotateDeployFailures(results: readonly CertificateResult[]): number {
  let failed = 0;
  for (const result of results) {
    for (const d of result.deployments ?? []) {
      if (d.action !== 'failed') continue;
      failed++;
      core.error(neutralise(`${result.name}: ${errorMessage(d.error)}`), {
        title: `certwright: ${result.name} deploy to ${d.target} failed`,
      });
    }
  }
  return failed;
}
