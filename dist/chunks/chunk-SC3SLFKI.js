import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/run-cache.ts
var runs = /* @__PURE__ */ new WeakMap();
function perRun(context, key, build) {
  let cache = runs.get(context.http);
  if (!cache) runs.set(context.http, cache = /* @__PURE__ */ new Map());
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key);
}

// src/dns/providers/parallel.ts
async function settle(tasks) {
  await settleAll(tasks);
}
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  };
  await settle(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
async function settleAll(tasks) {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}
function jitteredBackoff(attempt, baseMs, maxMs) {
  return Math.round(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
}

export {
  perRun,
  settle,
  inParallel,
  settleAll,
  jitteredBackoff
};
