import { npmStep } from './npm.js';
import { pypiStep } from './pypi.js';
import type { ReleaseConfig, StepContext, StepResult } from './shared.js';

export type { StepContext, StepResult } from './shared.js';

/** Runs one step of the release workflow for the configured ecosystem. */
export function runReleaseStep(config: ReleaseConfig, context: StepContext): Promise<StepResult> {
  return config.ecosystem === 'npm' ? npmStep(config, context) : pypiStep(config, context);
}
