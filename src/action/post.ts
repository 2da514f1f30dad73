import * as core from '@actions/core';
import { secretValues } from '../config/inputs.js';
import { planCertificates } from '../config/plan.js';
import { commandEnv } from '../process/command.js';
import { runHttpClients } from '../renewal/run.js';
import { errorMessage, systemClock } from '../runtime.js';
import { ACTION_INPUTS, actionLogger, readActionInputs } from './inputs.js';
import { PENDING_RECORDS_STATE, readPendingRecords, type PendingRecords } from './state.js';

/**
 * The post step: removes the TXT records the main step created but could not remove (it
 * crashed or was cancelled), for every certificate that was in flight, with that
 * certificate's own providers (rebuilt from the inputs or its config file). It only warns:
 * the job's result is the main step's.
 */
export async function runPost(): Promise<void> {
  try {
    const pending = readPendingRecords(core.getState(PENDING_RECORDS_STATE));
    if (pending.length === 0) return;
    const raw = readActionInputs(process.env);
    // Cleanup hooks inherit this environment: as in the main step, without anything that carries a secret.
    const context = { logger: actionLogger, clock: systemClock, env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)) };
    const http = runHttpClients(context).forTrust();
    const left: PendingRecords[] = [];
    // Certificates of one config file share its parse.
    const plans = new Map<string, ReturnType<typeof planCertificates>>();
    const planFor = (config: string | undefined) => {
      let plan = plans.get(config ?? '');
      if (!plan) plans.set(config ?? '', (plan = planCertificates(raw, config ? { configPath: config } : {})));
      return plan;
    };
    for (const entry of pending) {
      try {
        const { certificates } = await planFor(entry.config);
        const job = certificates.find((c) => c.request.name === entry.certName);
        if (!job) throw new Error(`no certificate named ${entry.certName} in ${entry.config ?? 'the inputs'} any more`);
        core.info(`Removing ${entry.records.length} TXT record(s) of ${entry.certName} left by the main step`);
        const provider = await job.request.dns.provider.create({ ...context, http });
        await provider.deleteRecords(entry.records);
      } catch (error) {
        left.push(entry);
        core.warning(`post: could not remove the TXT records of ${entry.certName} (${entry.records.map((r) => r.fqdn).join(', ')}): ${errorMessage(error)}; remove them by hand`);
      }
    }
    core.saveState(PENDING_RECORDS_STATE, JSON.stringify(left));
  } catch (error) {
    core.warning(`post: could not remove leftover TXT records: ${errorMessage(error)}`);
  }
}
