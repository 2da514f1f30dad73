import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  PENDING_RECORDS_STATE,
  readPendingRecords
} from "./chunks/chunk-TOWJEYIX.js";
import {
  ACTION_INPUTS,
  actionLogger,
  readActionInputs
} from "./chunks/chunk-PBPRZRL2.js";
import {
  getState,
  info,
  saveState,
  warning
} from "./chunks/chunk-Z2FULWF4.js";
import "./chunks/chunk-G3YGIENW.js";
import {
  planCertificates,
  runHttpClients
} from "./chunks/chunk-JOUKGVKJ.js";
import "./chunks/chunk-VOLN6PAN.js";
import {
  commandEnv,
  secretValues
} from "./chunks/chunk-VS6SRLBH.js";
import "./chunks/chunk-3STRCOT2.js";
import "./chunks/chunk-CHMNKWOL.js";
import "./chunks/chunk-SKJZHSN5.js";
import "./chunks/chunk-HOSKDI3F.js";
import "./chunks/chunk-4FA5BMHF.js";
import {
  errorMessage,
  systemClock
} from "./chunks/chunk-O7FCCPWM.js";
import "./chunks/chunk-TSHVVRYQ.js";
import "./chunks/chunk-P2F45MHZ.js";
import "./chunks/chunk-DAX5P5NA.js";

// src/action/post.ts
async function runPost() {
  try {
    const pending = readPendingRecords(getState(PENDING_RECORDS_STATE));
    if (pending.length === 0) return;
    const raw = readActionInputs(process.env);
    const context = { logger: actionLogger, clock: systemClock, env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)) };
    const http = runHttpClients(context).forTrust();
    const left = [];
    const plans = /* @__PURE__ */ new Map();
    const planFor = (config) => {
      let plan = plans.get(config ?? "");
      if (!plan) plans.set(config ?? "", plan = planCertificates(raw, config ? { configPath: config } : {}));
      return plan;
    };
    for (const entry of pending) {
      try {
        const { certificates } = await planFor(entry.config);
        const job = certificates.find((c) => c.request.name === entry.certName);
        if (!job) throw new Error(`no certificate named ${entry.certName} in ${entry.config ?? "the inputs"} any more`);
        info(`Removing ${entry.records.length} TXT record(s) of ${entry.certName} left by the main step`);
        const provider = await job.request.dns.provider.create({ ...context, http });
        await provider.deleteRecords(entry.records);
      } catch (error) {
        left.push(entry);
        warning(`post: could not remove the TXT records of ${entry.certName} (${entry.records.map((r) => r.fqdn).join(", ")}): ${errorMessage(error)}; remove them by hand`);
      }
    }
    saveState(PENDING_RECORDS_STATE, JSON.stringify(left));
  } catch (error) {
    warning(`post: could not remove leftover TXT records: ${errorMessage(error)}`);
  }
}

// src/action/entry/post.ts
await runPost();
