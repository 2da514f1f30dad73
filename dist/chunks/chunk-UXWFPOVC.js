import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  inParallel
} from "./chunk-VYFVYXL5.js";

// src/dns/providers/records.ts
function recordKey(record) {
  return `${record.fqdn.toLowerCase().replace(/\.$/, "")} ${record.value}`;
}
function distinctRecords(records) {
  return [...new Map(records.map((record) => [recordKey(record), record])).values()];
}
var OwnRecords = class {
  #refs;
  /** Refs this instance created, by record key: for records that reach cleanup without theirs. */
  #created = /* @__PURE__ */ new Map();
  constructor(refs) {
    this.#refs = refs;
  }
  /** Notes that this run created `record` as `ref`. */
  created(record, ref) {
    this.#created.set(recordKey(record), this.#refs.format(ref));
  }
  /** `records` with the refs of those this run created (empty for the others), for the crash record. */
  withRefs(records) {
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? "" }));
  }
  /**
   * The records to delete for `records`, each once. `atName` lists the records at a record's name
   * carrying its value, as refs; it is given the journaled ref, if any, to know where to look.
   */
  async toDelete(records, parallel, atName) {
    const found = await inParallel(distinctRecords(records), parallel, async (record) => {
      const created = this.#created.get(recordKey(record));
      const given = record.ref || created;
      const ref = given ? this.#refs.parse(given) : void 0;
      if (ref && given === created) return [ref];
      const mine = await atName(record, ref);
      const exact = ref ? mine.filter((candidate) => this.#refs.same(candidate, ref)) : [];
      return exact.length > 0 ? exact : mine;
    });
    return [...new Map(found.flat().map((ref) => [this.#refs.format(ref), ref])).values()];
  }
  /** Forgets `records`, deleted. */
  forget(records) {
    for (const record of records) this.#created.delete(recordKey(record));
  }
};
var ZONE_RECORD_REFS = {
  format: ({ zone, id }) => `${zone}/${id}`,
  parse: (text) => {
    const match = /^([a-z0-9.-]+)\/(\d{1,15})$/.exec(text);
    return match ? { zone: match[1], id: Number(match[2]) } : void 0;
  },
  same: (a, b) => a.zone === b.zone && a.id === b.id
};

export {
  recordKey,
  distinctRecords,
  OwnRecords,
  ZONE_RECORD_REFS
};
