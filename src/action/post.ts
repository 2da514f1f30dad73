import * as core from '@actions/core';
import { secretValues } from '../config/inputs.js';
import { planCertificates } from '../config/plan.js';
import { commandEnv } from '../process/command.js';
import { sharedResolvers } from '../renewal/resources.js';
import { runHttpClients } from '../renewal/run.js';
import { errorMessage, neutralise, systemClock } from '../runtime.js';
import { ownChallengeRecords } from '../state/journal.js';
import { ACTION_INPUTS, actionLogger, readActionInputs } from './inputs.js';
import { PENDING_RECORDS_STATE, readPendingRecords, type PendingRecords } from './state.js';

/**
 * The post step: removes the TXT records the main step created but could not remove (it
 * crashed or was cancelled), for every certificate that was in flight, with that
 * certificate's own providers (rebuilt from the inputs or its config file), and only the
 * records shaped like that certificate's own (ownChallengeRecords): hooks cannot write the
 * step state, but the check does not rely on that. It only warns: the job's result is the main step's.
 */
export async function runPost(): Promise<void> {
  try {
    const pending = readPendingRecords(core.getState(PENDING_RECORDS_STATE));
    if (pending.length === 0) return;
    const raw = readActionInputs(process.env);
    // Cleanup hooks inherit this environment: as in the main step, without anything that carries a secret.
    const context = {
      logger: actionLogger,
      clock: systemClock,
      env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)),
    };
    const http = runHttpClients(context).forTrust();
    const resolverFor = sharedResolvers();
    const left: PendingRecords[] = [];
    // Certificates of one config file share its parse.
    const plans = new Map<string, ReturnType<typeof planCertificates>>();
    const planFor = (config: string | undefined) => {
      let plan = plans.get(config ?? '');
      if (!plan)
        plans.set(
          config ?? '',
          (plan = planCertificates(raw, {
            onSecret: (secret) => core.setSecret(secret),
            ...(config ? { configPath: config } : {}),
          })),
        );
      return plan;
    };
    for (const entry of pending) {
      try {
        const { certificates } = await planFor(entry.config);
        const job = certificates.find((c) => c.request.name === entry.certName);
        if (!job) throw new Error(`no certificate named ${entry.certName} in ${entry.config ?? 'the inputs'} any more`);
        // The step state is the runner's file: only records shaped like this certificate's own are removed.
        const followCnames = (name: string) => resolverFor(job.request.dns).followCnames(name);
        const records = await ownChallengeRecords(entry.records, job.request, followCnames, (line) =>
          core.warning(neutralise(`post: ${line}`)),
        );
        if (records.length === 0) continue;
        core.info(`Removing ${records.length} TXT record(s) of ${entry.certName} left by the main step`);
        const provider = await job.request.dns.provider.create({ ...context, http });
        await provider.deleteRecords(records);
      } catch (error) {
        left.push(entry);
        core.warning(
          neutralise(
            `post: could not remove the TXT records of ${entry.certName} ` +
              `(${entry.records.map((r) => r.fqdn).join(', ')}): ${errorMessage(error)}; remove them by hand`,
          ),
        );
      }
    }
    core.saveState(PENDING_RECORDS_STATE, JSON.stringify(left));
  } catch (error) {
    core.warning(neutralise(`post: could not remove leftover TXT records: ${errorMessage(error)}`));
  }
}
