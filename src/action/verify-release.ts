import * as core from '@actions/core';
import { formatReport } from '../release/report.js';
import { parseVerifyConfig, runVerifyRelease, VERIFY_INPUTS, withNpmrcToken } from '../release/verify.js';
import { errorMessage } from '../runtime.js';

/** verify-release/action.yml: the published package is the one this pipeline built. */
export async function runVerifyAction(): Promise<void> {
  try {
    const raw: Record<string, string | undefined> = {};
    for (const input of VERIFY_INPUTS) {
      const value = core.getInput(input.name);
      if (value === '') continue;
      if (input.secret) core.setSecret(value);
      raw[input.name] = value;
    }
    const config = await withNpmrcToken(parseVerifyConfig(raw), process.env);
    if (config.token) core.setSecret(config.token);
    const result = await runVerifyRelease(config);
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

await runVerifyAction();
