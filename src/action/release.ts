import * as core from '@actions/core';
import { parseReleaseConfig, RELEASE_INPUTS } from '../config/release.js';
import { runReleaseStep } from '../release/steps/index.js';
import { errorMessage, neutralise } from '../runtime.js';
import { actionExec } from './exec.js';
import { readInputs } from './inputs.js';

/** release-step/action.yml: one step of the npm or PyPI release workflow. */
export async function runReleaseAction(): Promise<void> {
  try {
    const tagFallback = process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined;
    const config = parseReleaseConfig(readInputs(RELEASE_INPUTS, process.env), tagFallback);
    const result = await runReleaseStep(config, {
      exec: actionExec,
      log: (line) => core.info(neutralise(line)),
      env: process.env,
    });
    core.setOutput('version', result.version);
    core.setOutput(
      'packages',
      JSON.stringify(result.packages.map((p) => ({ name: p.name, version: p.version, dir: p.dir, files: p.files }))),
    );
    core.setOutput('files', result.packages.flatMap((p) => p.files).join('\n'));
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
