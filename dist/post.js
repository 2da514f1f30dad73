import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  PENDING_RECORDS_STATE,
  actionLogger,
  parseProvider,
  readActionInputs
} from "./chunks/chunk-MYC666KK.js";
import {
  errorMessage,
  getState,
  info,
  saveState,
  systemClock,
  warning
} from "./chunks/chunk-KBWUHII4.js";

// src/action/post.ts
async function runPost() {
  try {
    const saved = getState(PENDING_RECORDS_STATE);
    const records = saved ? JSON.parse(saved) : [];
    if (records.length === 0) return;
    info(`Removing ${records.length} TXT record(s) left by the main step`);
    const provider = parseProvider(readActionInputs(process.env)).create({ logger: actionLogger, clock: systemClock, env: process.env });
    await provider.deleteRecords(records);
    saveState(PENDING_RECORDS_STATE, "[]");
  } catch (error) {
    warning(`post: could not remove leftover TXT records: ${errorMessage(error)}`);
  }
}
await runPost();
export {
  runPost
};
