import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  NoAnswerError,
  isSuccess,
  sendRequest
} from "./chunk-U7G2ANFC.js";
import {
  shownBody
} from "./chunk-NWWLKT5N.js";

// src/dns/providers/httpreq/api.ts
import { STATUS_CODES } from "node:http";
var HttpreqError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var RETRY_POLICY = {
  attempts: 5,
  backoffMs: 500,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
var RETRIED = /* @__PURE__ */ new Set([429, 502, 503, 504]);
function shownUrl(url) {
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
function actionUrl(endpoint, action) {
  const url = new URL(endpoint.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${action}`;
  return url;
}
var HttpreqClient = class {
  #settings;
  #caller;
  #secrets;
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, http: withDeadline(context.http, settings.timeoutMs), policy: RETRY_POLICY };
    const { auth } = settings;
    this.#secrets = auth ? [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64")] : [];
    for (const [, value] of settings.endpoint.searchParams) this.#secrets.push(value);
  }
  /** Sends one present or cleanup; `fqdn` gets its trailing dot, as lego sends it. */
  async send(action, fqdn, value, domain) {
    const url = actionUrl(this.#settings.endpoint, action);
    const name = fqdn.endsWith(".") ? fqdn : `${fqdn}.`;
    const what = `${action} ${name} (for ${domain}) at ${shownUrl(url)}`;
    const { auth } = this.#settings;
    const headers = () => auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` } : {};
    const retryWhen = (answer2) => RETRIED.has(answer2.status) ? { why: `HTTP ${answer2.status}` } : void 0;
    const answer = await sendRequest(this.#caller, {
      method: "POST",
      url: url.href,
      what: `httpreq: ${what}`,
      headers,
      json: { fqdn: name, value },
      retryWhen
    }).catch((error) => {
      throw error instanceof NoAnswerError ? noAnswer(error.cause, url, what) : error;
    });
    if (!isSuccess(answer)) throw this.#failure(answer, what, answer.note);
  }
  #failure(response, what, retried) {
    const body = shownBody(response.body, this.#secrets);
    const status = `HTTP ${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ""}`;
    let advice = "";
    if (response.status === 401 || response.status === 403) {
      advice = this.#settings.auth ? "; the backend refused httpreq-username and httpreq-password" : "; the backend wants credentials: set httpreq-username and httpreq-password";
    } else if (response.status === 404 || response.status === 405) {
      advice = "; no httpreq route there: httpreq-endpoint must be the base URL, to which /present and /cleanup are added";
    }
    return new HttpreqError(
      `httpreq: ${what}: ${status}${body ? `: ${body}` : ""}${advice}${retried}`,
      response.status
    );
  }
};
function withDeadline(http, timeoutMs) {
  return async (request) => {
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpreqError(`no answer within ${timeoutMs / 1e3} s (httpreq-timeout)`, 0)),
        timeoutMs
      );
    });
    try {
      return await Promise.race([http(request), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
function noAnswer(cause, url, what) {
  if (cause instanceof HttpreqError) return new HttpreqError(`httpreq: ${what}: ${cause.message}`, 0);
  const message = cause.message.split(url.href).join(shownUrl(url));
  return new HttpreqError(`httpreq: ${what}: no answer (${cause.code ?? message})`, 0);
}

export {
  shownUrl,
  HttpreqClient
};
