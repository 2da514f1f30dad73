import * as core from '@actions/core';
import { parseVerifyConfig, VERIFY_INPUTS } from '../config/verify.js';
import { formatReport } from '../release/report.js';
import { runVerifyRelease, withNpmrcToken } from '../release/verify.js';
import { errorMessage } from '../runtime.js';
import { readInputs } from './inputs.js';

/** verify-release/action.yml: the published package is the one this pipeline built. */
export async function runVerifyAction(): Promise<void> {
  try {
    const config = await withNpmrcToken(parseVerifyConfig(readInputs(VERIFY_INPUTS, process.env)), process.env);
    if (config.token) core.setSecret(config.token);
    const result = await runVerifyRelease(config, { env: process.env });
    const subject = `${config.name}@${config.version} on ${config.registry}`;
    core.setOutput('verified', String(result.verified));
    core.setOutput('integrity', result.integrity ?? '');
    core.setOutput('tarball-url', result.tarballUrl ?? '');
    core.info(formatReport(subject, result));
    await core.summary
      .addHeading(`verify-release: ${subject}`, 2)
      .addTable([['Check', 'Result', 'Detail'].map((data) => ({ data, header: true })), ...result.checks.map((c) => [c.name, c.ok ? 'ok' : 'FAIL', c.detail])])
      .write()
      .catch((error: unknown) => core.warning(`job summary not written: ${errorMessage(error)}`));
    if (!result.verified) core.setFailed(`${subject} is not what this pipeline built: ${result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

