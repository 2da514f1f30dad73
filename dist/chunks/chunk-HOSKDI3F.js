import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  shownBody
} from "./chunk-P2F45MHZ.js";

// src/dns/providers/httpreq/api.ts
import { STATUS_CODES } from "node:http";
var HttpreqError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var MAX_ATTEMPTS = 5;
var MAX_RETRY_AFTER_S = 60;
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
  #http;
  #clock;
  #logger;
  #secrets;
  constructor(settings, context) {
    this.#settings = settings;
    this.#http = context.http;
    this.#clock = context.clock;
    this.#logger = context.logger;
    const { auth } = settings;
    this.#secrets = auth ? [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64")] : [];
    for (const [, value] of settings.endpoint.searchParams) this.#secrets.push(value);
  }
  /** Sends one present or cleanup; `fqdn` gets its trailing dot, as lego sends it. */
  async send(action, fqdn, value, domain) {
    const url = actionUrl(this.#settings.endpoint, action);
    const name = fqdn.endsWith(".") ? fqdn : `${fqdn}.`;
    const what = `${action} ${name} (for ${domain}) at ${shownUrl(url)}`;
    const headers = { accept: "application/json", "content-type": "application/json" };
    if (this.#settings.auth) headers.authorization = `Basic ${Buffer.from(`${this.#settings.auth.username}:${this.#settings.auth.password}`).toString("base64")}`;
    const body = JSON.stringify({ fqdn: name, value });
    for (let attempt = 1; ; attempt++) {
      const response = await this.#post(url, headers, body, what);
      if (response.status >= 200 && response.status < 300) return;
      const wait = retryDelay(response, attempt);
      if (wait === void 0 || attempt >= MAX_ATTEMPTS) throw this.#failure(response, what, attempt);
      this.#logger.debug(`httpreq: ${what}: HTTP ${response.status}; retrying in ${wait} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
      await this.#clock.sleep(wait);
    }
  }
  /** One POST within `timeoutMs`; past it the request is abandoned (the run's HTTP client takes no abort signal). */
  async #post(url, headers, body, what) {
    let timer;
    const seconds = this.#settings.timeoutMs / 1e3;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new HttpreqError(`httpreq: ${what}: no answer within ${seconds} s (httpreq-timeout)`, 0)), this.#settings.timeoutMs);
    });
    try {
      return await Promise.race([this.#http({ method: "POST", url: url.href, headers, body }), deadline]);
    } catch (error) {
      if (error instanceof HttpreqError) throw error;
      const message = error.message.split(url.href).join(shownUrl(url));
      throw new HttpreqError(`httpreq: ${what}: no answer (${error.code ?? message})`, 0);
    } finally {
      clearTimeout(timer);
    }
  }
  #failure(response, what, attempt) {
    const body = shownBody(response.body, this.#secrets);
    const status = `HTTP ${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ""}`;
    let advice = "";
    if (response.status === 401 || response.status === 403) {
      advice = this.#settings.auth ? "; the backend refused httpreq-username and httpreq-password" : "; the backend wants credentials: set httpreq-username and httpreq-password";
    } else if (response.status === 404 || response.status === 405) {
      advice = `; no httpreq route there: httpreq-endpoint must be the base URL, to which /present and /cleanup are added`;
    }
    const after = attempt > 1 ? ` (after ${attempt} attempts)` : "";
    return new HttpreqError(`httpreq: ${what}: ${status}${body ? `: ${body}` : ""}${advice}${after}`, response.status);
  }
};
function retryDelay(response, attempt) {
  if (!RETRIED.has(response.status)) return void 0;
  const header = response.headers["retry-after"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (header !== void 0 && Number.isFinite(seconds) && seconds >= 0) return seconds > MAX_RETRY_AFTER_S ? void 0 : seconds * 1e3;
  return 500 * 2 ** (attempt - 1);
}

export {
  shownUrl,
  HttpreqClient
};
