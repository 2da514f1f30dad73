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

export {
  perRun
};
