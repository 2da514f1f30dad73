import * as core from '@actions/core';
import { parseVerifyConfig, VERIFY_INPUTS } from '../config/verify.js';
import { formatReport, subjectOf } from '../release/report.js';
import { runVerifyRelease } from '../release/verify.js';
import { errorMessage, neutralise } from '../runtime.js';
import { actionExec } from './exec.js';
import { readInputs } from './inputs.js';
import { escapeHtml } from './summary.js';

/** verify-release/action.yml: the published packages are the ones this pipeline built. */
export async function runVerifyAction(): Promise<void> {
  try {
    const config = parseVerifyConfig(readInputs(VERIFY_INPUTS, process.env), {
      workflowRepository: process.env.GITHUB_REPOSITORY,
    });
    const report = await runVerifyRelease(config, { env: process.env, exec: actionExec });
    const [first] = report.packages;
    core.setOutput('verified', String(report.verified));
    core.setOutput('report', JSON.stringify(report));
    core.setOutput('integrity', report.packages.length === 1 ? (first?.integrity ?? '') : '');
    core.setOutput('tarball-url', report.packages.length === 1 ? (first?.tarballUrl ?? '') : '');
    // The report quotes what the registry serves (names, file paths): each of its lines escaped.
    for (const line of formatReport(report).split('\n')) core.info(neutralise(line));
    const rows = report.packages.flatMap((p) =>
      p.checks.map((c) => [
        `<code>${escapeHtml(p.name)}</code>`,
        escapeHtml(c.name),
        c.ok ? '✅ ok' : '❌ FAIL',
        escapeHtml(c.detail),
      ]),
    );
    await core.summary
      .addHeading(
        `verify-release: ${report.verified ? '✅' : '❌'} ${escapeHtml(config.names.join(', '))} ` +
          `${escapeHtml(config.version)}`,
        2,
      )
      .addTable([['Package', 'Check', 'Result', 'Detail'].map((data) => ({ data, header: true })), ...rows])
      .write()
      .catch((error: unknown) => core.warning(`job summary not written: ${errorMessage(error)}`));
    for (const p of report.packages.filter((p) => !p.verified)) {
      core.error(
        p.checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name}: ${c.detail}`)
          .join('; '),
        { title: `verify-release: ${subjectOf(p)} is not what this pipeline built` },
      );
    }
    if (!report.verified) process.exitCode = core.ExitCode.Failure;
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
