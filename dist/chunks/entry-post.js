import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { PENDING_RECORDS_STATE, readPendingRecords } from "./start.js";
import { ownChallengeRecords, planCertificates, runHttpClients, sharedResolvers } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { ACTION_INPUTS, actionLogger, readActionInputs } from "./start.js";
import { getState, info, saveState$30 as saveState, setSecret, warning } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { secretValues } from "./start.js";
import "./start.js";
import { commandEnv } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { errorMessage, neutralise, systemClock } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/action/post.ts
async function runPost() {
  try {
    const pending = readPendingRecords(getState(PENDING_RECORDS_STATE));
    if (pending.length === 0) return;
    const raw = readActionInputs(process.env);
    const context = {
      logger: actionLogger,
      clock: systemClock,
      env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS))
    };
    const http = runHttpClients(context).forTrust();
    const resolverFor = sharedResolvers();
    const left = [];
    const plans = /* @__PURE__ */ new Map();
    const planFor = (config) => {
      let plan = plans.get(config ?? "");
      if (!plan)
        plans.set(
          config ?? "",
          plan = planCertificates(raw, {
            onSecret: (secret) => setSecret(secret),
            ...config ? { configPath: config } : {}
          })
        );
      return plan;
    };
    for (const entry of pending) {
      try {
        const { certificates } = await planFor(entry.config);
        const job = certificates.find((c) => c.request.name === entry.certName);
        if (!job) throw new Error(`no certificate named ${entry.certName} in ${entry.config ?? "the inputs"} any more`);
        const followCnames = (name) => resolverFor(job.request.dns).followCnames(name);
        const records = await ownChallengeRecords(
          entry.records,
          job.request,
          followCnames,
          (line) => warning(neutralise(`post: ${line}`))
        );
        if (records.length === 0) continue;
        info(`Removing ${records.length} TXT record(s) of ${entry.certName} left by the main step`);
        const provider = await job.request.dns.provider.create({ ...context, http });
        await provider.deleteRecords(records);
      } catch (error) {
        left.push(entry);
        warning(
          neutralise(
            `post: could not remove the TXT records of ${entry.certName} (${entry.records.map((r) => r.fqdn).join(", ")}): ${errorMessage(error)}; remove them by hand`
          )
        );
      }
    }
    saveState(PENDING_RECORDS_STATE, JSON.stringify(left));
  } catch (error) {
    warning(neutralise(`post: could not remove leftover TXT records: ${errorMessage(error)}`));
  }
}
export {
  runPost
};
