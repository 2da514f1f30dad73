import * as core from '@actions/core';
import { parseCertonlyConfig } from '../config.js';
import { runCertonly, type CertonlyResult } from '../issue/certonly.js';
import { errorMessage, systemClock } from '../runtime.js';
import { actionLogger, maskPem, readActionInputs } from './inputs.js';
import type { ActionOutput } from './outputs.js';
import { PENDING_RECORDS_STATE } from './state.js';

function setOutputs(certName: string, result: CertonlyResult): void {
  const { summary, paths } = result;
  const outputs: Record<ActionOutput, string> = {
    'cert-name': certName,
    'cert-path': paths.cert,
    'chain-path': paths.chain,
    'fullchain-path': paths.fullchain,
    'key-path': paths.privkey,
    'not-after': summary.notAfter.toISOString(),
    serial: summary.serial,
    domains: summary.domains.join(','),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(certName: string, result: CertonlyResult): Promise<void> {
  const { summary, paths } = result;
  await core.summary
    .addHeading('certwright', 2)
    .addTable([
      [
        { data: 'Certificate', header: true },
        { data: 'Names', header: true },
        { data: 'Issuer', header: true },
        { data: 'Expires', header: true },
        { data: 'Serial', header: true },
        { data: 'Full chain', header: true },
      ],
      [certName, summary.domains.join(', '), summary.issuer, summary.notAfter.toISOString(), summary.serial, paths.fullchain],
    ])
    .addRaw(`Issued in ${(result.elapsedMs / 1000).toFixed(1)} s.`, true)
    .write();
}

/** The Action's main step: one try/catch around the engine, failures through setFailed. */
export async function run(): Promise<void> {
  try {
    const config = parseCertonlyConfig(readActionInputs(process.env));
    const result = await runCertonly(config, {
      logger: actionLogger,
      clock: systemClock,
      env: process.env,
      onSecret: maskPem,
      onRecordsPlanned: (records) => core.saveState(PENDING_RECORDS_STATE, JSON.stringify(records)),
      onRecordsRemoved: () => core.saveState(PENDING_RECORDS_STATE, '[]'),
    });
    setOutputs(config.certName, result);
    await writeSummary(config.certName, result);
    core.info(`Certificate for ${result.summary.domains.join(', ')} written to ${result.paths.dir}, valid until ${result.summary.notAfter.toISOString()}`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

await run();
