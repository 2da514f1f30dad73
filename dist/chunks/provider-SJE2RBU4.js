import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  distinctRecords
} from "./chunk-UXWFPOVC.js";
import { HttpreqClient } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import {
  inParallel
} from "./chunk-VYFVYXL5.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/dns/providers/httpreq/provider.ts
var PARALLEL = 4;
var HttpreqProvider = class {
  name = "httpreq";
  #client;
  constructor(settings, context) {
    this.#client = new HttpreqClient(settings, context);
  }
  async createRecords(records) {
    await this.#sendAll("present", records);
  }
  async deleteRecords(records) {
    await this.#sendAll("cleanup", records);
  }
  /** One request per distinct value and name, a few at a time; all are sent, the first failure is thrown. */
  async #sendAll(action, records) {
    await inParallel(
      distinctRecords(records),
      PARALLEL,
      (record) => this.#client.send(action, record.fqdn, record.value, record.domain)
    );
  }
};
export {
  HttpreqProvider
};
