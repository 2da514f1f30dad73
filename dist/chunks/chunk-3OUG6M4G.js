import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-HXHQ2ZRY.js";

// src/acme/problem.ts
var ACME_ERROR_PREFIX = "urn:ietf:params:acme:error:";
function shortProblemType(type) {
  if (!type) return "unknown";
  return type.startsWith(ACME_ERROR_PREFIX) ? type.slice(ACME_ERROR_PREFIX.length) : type;
}
function describeSubproblems(subproblems) {
  return subproblems.map((sub) => `${sub.identifier?.value ?? "?"}: ${shortProblemType(sub.type)}: ${sub.detail ?? ""}`.trim()).join("; ");
}
var AcmeProblem = class extends Error {
  type;
  detail;
  status;
  subproblems;
  url;
  constructor(context, document, status, url) {
    const type = document.type ?? "about:blank";
    const detail = document.detail ?? "";
    const subproblems = document.subproblems ?? [];
    const sub = subproblems.length > 0 ? ` (${describeSubproblems(subproblems)})` : "";
    super(`acme: ${context}: ${shortProblemType(type)}: ${detail}${sub}`);
    this.name = "AcmeProblem";
    this.type = type;
    this.detail = detail;
    this.status = status;
    this.subproblems = subproblems;
    this.url = url;
  }
  /** True when the problem has the given short type (`badNonce`, `rateLimited`, ...). */
  is(shortType) {
    return this.type === ACME_ERROR_PREFIX + shortType;
  }
};

// src/issue/fallback.ts
var CaUnreachableError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "CaUnreachableError";
  }
};
function markingUnreachable(http, directoryUrl) {
  return async (request) => {
    let response;
    try {
      response = await http(request);
    } catch (cause) {
      throw new CaUnreachableError(cause instanceof Error ? cause.message : String(cause), { cause });
    }
    if (request.url === directoryUrl && response.status >= 500)
      throw new CaUnreachableError(`acme: directory ${directoryUrl} answered HTTP ${response.status}`);
    return response;
  };
}
function fallbackReason(error) {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof AcmeProblem) {
      if (e.is("rateLimited")) return `rate limited (${e.detail || "rateLimited"})`;
      if (e.status >= 500) return `server error HTTP ${e.status} after retries`;
      return void 0;
    }
    if (e instanceof CaUnreachableError) return `unreachable (${e.message})`;
  }
  return void 0;
}
function caCandidates(ca, firstUrl = ca.directoryUrl) {
  const { fallbacks = [], ...first } = ca;
  const { eab: _eab, eabIfRequired: _shared, keyFile: _keyFile, ...account } = ca.account;
  return [
    { ...first, directoryUrl: firstUrl },
    ...fallbacks.map((fallback) => ({
      ...first,
      directoryUrl: fallback.directoryUrl,
      account: {
        ...account,
        ...fallback.eab ? { eab: fallback.eab } : {},
        ...fallback.eabIfRequired ? { eabIfRequired: fallback.eabIfRequired } : {}
      }
    }))
  ];
}

// src/renewal/fallback.ts
function describeFallback(fallback) {
  const skipped = fallback.skipped.map((s) => `${s.server}: ${s.reason}`).join("; ");
  return `fallback CA ${fallback.server} (skipped ${skipped})`;
}
async function orderWithFallback(candidates, order, logger) {
  const skipped = [];
  for (const [index, ca] of candidates.entries()) {
    try {
      const result = await order(ca);
      if (skipped.length === 0) return { result, ca };
      const fallback = { server: ca.directoryUrl, skipped };
      logger.warn(`issued by ${describeFallback(fallback)}`);
      return { result, ca, fallback };
    } catch (error) {
      const reason = fallbackReason(error);
      const next = candidates[index + 1];
      if (reason && next) {
        skipped.push({ server: ca.directoryUrl, reason });
        logger.warn(`ca: ${ca.directoryUrl} is ${reason}; trying the next CA, ${next.directoryUrl}`);
        continue;
      }
      if (skipped.length === 0) throw error;
      const before = skipped.map((s) => `${s.server}: ${s.reason}`).join("; ");
      throw new Error(`${errorMessage(error)} (at fallback CA ${ca.directoryUrl}; skipped ${before})`, {
        cause: error
      });
    }
  }
  throw new Error("ca: no server to order from; set server");
}

export {
  AcmeProblem,
  markingUnreachable,
  caCandidates,
  describeFallback,
  orderWithFallback
};
