import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  retryAfterMs
} from "./chunk-6GRIDMUM.js";
import {
  retrying
} from "./chunk-5RVS5AVY.js";

// src/vendor/request.ts
var NoAnswerError = class extends Error {
  constructor(message, attempts, options) {
    super(message, options);
    this.attempts = attempts;
  }
  attempts;
};
function throttledOrServerError(answer) {
  return answer.status === 429 || answer.status >= 500 ? { why: `HTTP ${answer.status}` } : void 0;
}
function isSuccess(answer) {
  return answer.status >= 200 && answer.status < 300;
}
async function sendRequest(caller, request) {
  const retryWhen = request.retryWhen ?? throttledOrServerError;
  const tried = await retrying(caller, caller.policy, request.what, async () => {
    const outcome = await sendOnce(caller, request);
    if ("lost" in outcome) return { result: outcome, retry: request.retryNoAnswer ? { why: "no answer" } : void 0 };
    if (isSuccess(outcome.answer)) return { result: outcome };
    const verdict = retryWhen(outcome.answer);
    return { result: outcome, retry: verdict && withVendorWait(verdict, outcome.answer, caller.clock.now(), request) };
  });
  if ("lost" in tried.result) {
    throw new NoAnswerError(
      `${request.what}: no answer from ${new URL(request.url).origin}${tried.note}`,
      tried.attempts,
      { cause: tried.result.lost }
    );
  }
  return Object.assign(tried.result.answer, { attempts: tried.attempts, note: tried.note });
}
async function sendOnce(caller, request) {
  const headers = { accept: "application/json", ...await request.headers() };
  if (request.json !== void 0) headers["content-type"] = "application/json";
  await caller.pacing?.before(request.what);
  try {
    const answer = await caller.http({
      method: request.method,
      url: request.url,
      headers,
      ...request.json !== void 0 ? { body: JSON.stringify(request.json) } : {},
      ...request.json === void 0 && request.body !== void 0 ? { body: request.body } : {}
    });
    caller.pacing?.after(answer.headers);
    return { answer };
  } catch (lost) {
    caller.pacing?.after(void 0);
    return { lost };
  }
}
function withVendorWait(verdict, answer, now, request) {
  if (verdict.afterMs !== void 0) return verdict;
  const afterMs = retryAfterMs(answer, now) ?? request.waitWhenUnsaid?.(answer, now);
  return afterMs === void 0 ? verdict : { ...verdict, afterMs };
}

export {
  NoAnswerError,
  throttledOrServerError,
  isSuccess,
  sendRequest
};
