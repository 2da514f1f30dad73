import * as core from '@actions/core';
import { parseProvider } from '../config.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { errorMessage, systemClock } from '../runtime.js';
import { actionLogger, readActionInputs } from './inputs.js';
import { PENDING_RECORDS_STATE } from './state.js';

/**
 * The post step: removes TXT records the main step created but could not remove (it crashed
 * or was cancelled). It only warns: the job's result is the main step's.
 */
export async function runPost(): Promise<void> {
  try {
    const saved = core.getState(PENDING_RECORDS_STATE);
    const records = saved ? (JSON.parse(saved) as ChallengeRecord[]) : [];
    if (records.length === 0) return;
    core.info(`Removing ${records.length} TXT record(s) left by the main step`);
    const provider = parseProvider(readActionInputs(process.env)).create({ logger: actionLogger, clock: systemClock, env: process.env });
    await provider.deleteRecords(records);
    core.saveState(PENDING_RECORDS_STATE, '[]');
  } catch (error) {
    core.warning(`post: could not remove leftover TXT records: ${errorMessage(error)}`);
  }
}

await runPost();
