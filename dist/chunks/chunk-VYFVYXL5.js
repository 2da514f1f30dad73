import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/vendor/parallel.ts
async function settleAll(tasks) {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  const failures = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = await work(items[i]);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
function groupByZone(items, zones, keyOf) {
  const groups = /* @__PURE__ */ new Map();
  items.forEach((item, i) => {
    const zone = zones[i];
    const key = keyOf(zone);
    const group = groups.get(key) ?? { zone, items: [] };
    group.items.push(item);
    groups.set(key, group);
  });
  return [...groups.values()];
}

export {
  settleAll,
  inParallel,
  groupByZone
};
