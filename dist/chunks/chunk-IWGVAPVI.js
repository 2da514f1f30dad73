import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/vendor/poll.ts
async function pollUntil(clock, timing, done) {
  for (let pause = timing.firstMs; ; pause = Math.min(pause * 1.5, timing.maxMs)) {
    if (await done()) return true;
    if (clock.now() - timing.since >= timing.timeoutMs) return false;
    await clock.sleep(pause);
  }
}

export {
  pollUntil
};
