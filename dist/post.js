import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  PENDING_RECORDS_STATE,
  readPendingRecords
} from "./chunks/chunk-64OZQBTM.js";
import {
  ACTION_INPUTS,
  actionLogger,
  readActionInputs
} from "./chunks/chunk-WWPZQ4Y6.js";
import {
  getState,
  info,
  saveState,
  setSecret,
  warning
} from "./chunks/chunk-GJI5R3KT.js";
import {
  ownChallengeRecords,
  planCertificates,
  runHttpClients,
  sharedResolvers
} from "./chunks/chunk-6YAM56FQ.js";
import "./chunks/chunk-DMZG5Z4S.js";
import "./chunks/chunk-TZL7KYRD.js";
import "./chunks/chunk-DQUHBUNO.js";
import "./chunks/chunk-3OUG6M4G.js";
import "./chunks/chunk-GGRKRW7C.js";
import "./chunks/chunk-3QFPO7D7.js";
import "./chunks/chunk-AUO4QLKG.js";
import {
  secretValues
} from "./chunks/chunk-432U3UQU.js";
import "./chunks/chunk-FCEZFUTQ.js";
import {
  commandEnv
} from "./chunks/chunk-OB4OUFN5.js";
import "./chunks/chunk-6I5QMOKT.js";
import "./chunks/chunk-KDJURYN6.js";
import "./chunks/chunk-TH7D5OD5.js";
import "./chunks/chunk-JXHFAGGQ.js";
import "./chunks/chunk-FKCKQQ54.js";
import "./chunks/chunk-PLUBPX6A.js";
import "./chunks/chunk-U7G2ANFC.js";
import "./chunks/chunk-6GRIDMUM.js";
import {
  errorMessage,
  neutralise,
  systemClock
} from "./chunks/chunk-HXHQ2ZRY.js";
import "./chunks/chunk-S7CSDXG7.js";
import "./chunks/chunk-K34JUBMG.js";
import "./chunks/chunk-OYDUDBUO.js";
import "./chunks/chunk-NWWLKT5N.js";
import "./chunks/chunk-5RVS5AVY.js";
import "./chunks/chunk-DAX5P5NA.js";

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

// src/action/entry/post.ts
await runPost();
