import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  describeUrl
} from "./chunk-6GRIDMUM.js";

// src/net/fetch.ts
import http from "node:http";
var METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
var CLIENT_HEADERS = /* @__PURE__ */ new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding"]);
var NULL_BODY_STATUSES = /* @__PURE__ */ new Set([101, 103, 204, 205, 304]);
var REDIRECT_STATUSES = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
function fetchOver(client) {
  return async function fetchThroughClient(input, init) {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : void 0);
    if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError");
    const request = new Request(input, { ...init, signal: null });
    const method = METHODS.find((known) => known === request.method.toUpperCase());
    if (method === void 0)
      throw new TypeError(`fetch: method ${request.method} is not supported; expected one of ${METHODS.join(", ")}`);
    const headers = {};
    for (const [name, value] of request.headers) if (!CLIENT_HEADERS.has(name)) headers[name] = value;
    const body = request.body === null ? void 0 : new Uint8Array(await request.arrayBuffer());
    const redirect = request.redirect === "follow" ? "follow" : "manual";
    let response;
    try {
      response = await client({ method, url: request.url, headers, redirect, ...body === void 0 ? {} : { body } });
    } catch (error) {
      throw new TypeError(`fetch: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (request.redirect === "error" && REDIRECT_STATUSES.has(response.status)) {
      throw new TypeError(
        `fetch: ${method} ${describeUrl(request.url)} answered a redirect (HTTP ${response.status}), and redirect is "error"`
      );
    }
    return toResponse(response, method, request.url);
  };
}
function toResponse(response, method, requestedUrl) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === void 0) continue;
    if (!Array.isArray(value)) headers.set(name, value);
    else if (name === "set-cookie") for (const cookie of value) headers.append(name, cookie);
    else headers.set(name, value.join(", "));
  }
  const noBody = method === "HEAD" || NULL_BODY_STATUSES.has(response.status);
  const result = new Response(noBody ? null : response.body, {
    status: response.status,
    statusText: http.STATUS_CODES[response.status] ?? "",
    headers
  });
  Object.defineProperty(result, "url", { value: response.url });
  Object.defineProperty(result, "redirected", { value: response.url !== requestedUrl });
  return result;
}

export {
  fetchOver
};
