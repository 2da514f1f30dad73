import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  HttpreqClient,
  shownUrl
} from "./chunk-HOSKDI3F.js";
import "./chunk-P2F45MHZ.js";
import "./chunk-DAX5P5NA.js";

// src/dns/providers/httpreq/provider.ts
import { isIP } from "node:net";
var PARALLEL = 4;
var HttpreqProvider = class {
  name = "httpreq";
  #client;
  constructor(settings, context) {
    this.#client = new HttpreqClient(settings, context);
    const { hostname, protocol } = settings.endpoint;
    if (settings.auth && protocol === "http:" && !isLoopback(hostname)) {
      context.logger.warn(`httpreq: ${shownUrl(settings.endpoint)} is plain http: the basic authentication password crosses the network readable; use https`);
    }
  }
  async createRecords(records) {
    await this.#sendAll("present", records);
  }
  async deleteRecords(records) {
    await this.#sendAll("cleanup", records);
  }
  /** One request per distinct value and name, a few at a time; all are sent, the first failure is thrown. */
  async #sendAll(action, records) {
    const unique = [...new Map(records.map((r) => [`${r.fqdn.toLowerCase().replace(/\.$/, "")} ${r.value}`, r])).values()];
    const errors = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < unique.length; i = next++) {
        const record = unique[i];
        await this.#client.send(action, record.fqdn, record.value, record.domain).catch((error) => void errors.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, unique.length) }, worker));
    if (errors.length > 0) throw errors[0];
  }
};
function isLoopback(hostname) {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || isIP(host) === 4 && host.startsWith("127.") || host === "::1";
}
export {
  HttpreqProvider
};
