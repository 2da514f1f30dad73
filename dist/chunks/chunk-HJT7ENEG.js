import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/locks.ts
var Locks = class {
  #tails = /* @__PURE__ */ new Map();
  async run(key, work) {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release;
    const tail = new Promise((resolve) => release = resolve);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
};
function oncePerKey(cache, key, make) {
  let promise = cache.get(key);
  if (!promise) {
    promise = make();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

export {
  Locks,
  oncePerKey
};
