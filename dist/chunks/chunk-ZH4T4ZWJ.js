import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/records.ts
function recordKey(record) {
  return `${record.fqdn.toLowerCase().replace(/\.$/, "")} ${record.value}`;
}
function distinctRecords(records) {
  return [...new Map(records.map((record) => [recordKey(record), record])).values()];
}

export {
  recordKey,
  distinctRecords
};
