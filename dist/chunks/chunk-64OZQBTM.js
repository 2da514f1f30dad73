import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  saveState
} from "./chunk-GJI5R3KT.js";

// src/action/state.ts
var PENDING_RECORDS_STATE = "pending-records";
var CrashJournal = class {
  constructor(configPath) {
    this.configPath = configPath;
    saveState(PENDING_RECORDS_STATE, "[]");
  }
  configPath;
  entries = /* @__PURE__ */ new Map();
  planned = (certName, records) => {
    this.entries.set(certName, { certName, ...this.configPath ? { config: this.configPath } : {}, records });
    this.write();
  };
  removed = (certName) => {
    this.entries.delete(certName);
    this.write();
  };
  write() {
    saveState(PENDING_RECORDS_STATE, JSON.stringify([...this.entries.values()]));
  }
};
function readPendingRecords(saved) {
  if (!saved) return [];
  const parsed = JSON.parse(saved);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isPendingRecords);
}
function isPendingRecords(entry) {
  const candidate = entry;
  return typeof candidate?.certName === "string" && Array.isArray(candidate.records);
}

export {
  PENDING_RECORDS_STATE,
  CrashJournal,
  readPendingRecords
};
