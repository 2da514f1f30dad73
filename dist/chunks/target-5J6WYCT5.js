import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  GoogleCredentials
} from "./chunk-LKADYW5L.js";
import {
  pollUntil
} from "./chunk-IWGVAPVI.js";
import "./chunk-WO4UHE7A.js";
import "./chunk-JSEFSRRM.js";
import { CERTIFICATE_MANAGER_PERMISSIONS, certificateIdFor, certificateName, parseCertificateName$11 as parseCertificateName, parseProjectId } from "./start.js";
import "./start.js";
import { isSuccess, sendRequest } from "./start.js";
import "./start.js";
import "./start.js";
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import { parseJson, shownBody } from "./start.js";
import { CLOUD_API_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/deploy/google-certificate-manager/target.ts
var RETRY_POLICY = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };
var OPERATION_TIMING = { firstMs: 500, maxMs: 5e3, timeoutMs: 18e4 };
var RpcError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var CertificateManagerTarget = class {
  name = "google-certificate-manager";
  #settings;
  #context;
  #caller;
  #credentials;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#caller = { ...context, policy: RETRY_POLICY };
    this.#credentials = perRun(
      context,
      "google-certificate-manager-credentials",
      () => new GoogleCredentials({
        ...context,
        component: "google-certificate-manager",
        projectAdvice: "set google-certificate-manager-project to the ID of the project that holds the certificates"
      })
    );
  }
  async deploy(certificate, previous) {
    const project = await this.#project();
    const { location } = this.#settings;
    const id = this.#idFor(certificate, previous, project);
    const name = certificateName(project, location, id);
    const selfManaged = {
      pemCertificate: certificate.certPem + certificate.chainPem,
      pemPrivateKey: certificate.keyPem
    };
    const secrets = certificate.keyPem.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----"));
    const operation = previous ? await this.#updateOrCreate(name, selfManaged, secrets) : await this.#createOrUpdate(name, selfManaged, secrets);
    await this.#finish(operation, name);
    return {
      serial: certificate.serial,
      id: name,
      details: { project, location, certificate: id },
      at: this.#context.clock.now()
    };
  }
  async #project() {
    if (this.#settings.project) return this.#settings.project;
    const found = await this.#credentials.project();
    return parseProjectId(found.id, `google-certificate-manager-project (from ${found.source})`);
  }
  /** The option's ID, else the one the last deploy used in this project and location, else one made from cert-name. */
  #idFor(certificate, previous, project) {
    if (this.#settings.certificateId) return this.#settings.certificateId;
    const before = previous ? parseCertificateName(previous.id) : void 0;
    if (before && before.project === project && before.location === this.#settings.location) return before.id;
    return certificateIdFor(certificate.name);
  }
  /** A first deploy creates; a certificate of that ID already there (made by hand, or a lost state) is updated. */
  async #createOrUpdate(name, selfManaged, secrets) {
    try {
      return await this.#create(name, selfManaged, secrets);
    } catch (error) {
      if (!(error instanceof RpcError && error.status === "ALREADY_EXISTS")) throw error;
      this.#context.logger.debug(`google-certificate-manager: ${name} exists; updating it`);
      return this.#update(name, selfManaged, secrets);
    }
  }
  /** A renewal updates in place; a certificate deleted since is created anew. */
  async #updateOrCreate(name, selfManaged, secrets) {
    try {
      return await this.#update(name, selfManaged, secrets);
    } catch (error) {
      if (!(error instanceof RpcError && error.status === "NOT_FOUND")) throw error;
      this.#context.logger.debug(`google-certificate-manager: ${name} is gone; creating it again`);
      return this.#create(name, selfManaged, secrets);
    }
  }
  /** `POST .../certificates?certificateId=ID`. */
  #create(name, selfManaged, secrets) {
    const parent = name.slice(0, name.lastIndexOf("/"));
    const id = name.slice(name.lastIndexOf("/") + 1);
    const url = `${this.#settings.apiUrl}/v1/${parent}?certificateId=${encodeURIComponent(id)}`;
    return this.#call("POST", url, `creating certificate ${name}`, { selfManaged }, secrets);
  }
  /** `PATCH .../certificates/ID?updateMask=selfManaged`. */
  #update(name, selfManaged, secrets) {
    const url = `${this.#settings.apiUrl}/v1/${name}?updateMask=selfManaged`;
    return this.#call("PATCH", url, `updating certificate ${name}`, { selfManaged }, secrets);
  }
  /** Polls the operation until done; its error, if it ends in one, becomes the error line. */
  async #finish(first, name) {
    const operationName = first.name ?? "";
    const parent = name.slice(0, name.indexOf("/certificates/"));
    if (!operationName.startsWith(`${parent}/operations/`))
      throw new Error(`google-certificate-manager: ${name}: the answer names no operation of ${parent}`);
    let operation = first;
    const what = `waiting for ${operationName}`;
    const timing = { ...OPERATION_TIMING, since: this.#context.clock.now() };
    const done = await pollUntil(this.#context.clock, timing, async () => {
      if (!operation.done)
        operation = await this.#call("GET", `${this.#settings.apiUrl}/v1/${operationName}`, what, void 0, []);
      return operation.done === true;
    });
    if (!done) {
      throw new Error(
        `google-certificate-manager: ${name}: ${operationName} still runs after ${OPERATION_TIMING.timeoutMs / 1e3} s; the next run deploys again`
      );
    }
    if (operation.error) throw explain(`${name}: ${operationName} failed`, operation.error, "", []);
  }
  /** One API call: 429 and 5xx retried (after Retry-After, else with backoff), lost answers too. */
  async #call(method, url, what, json, secrets) {
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `google-certificate-manager: ${what}`,
      headers: () => this.#credentials.headers(),
      json,
      retryNoAnswer: true
    });
    if (isSuccess(answer)) return parseJson(answer.body) ?? {};
    const status = parseJson(answer.body)?.error;
    throw explain(what, status ?? { message: answer.body.toString("utf8") }, answer.note, secrets, answer);
  }
};
var RPC_CODES = {
  1: "CANCELLED",
  2: "UNKNOWN",
  3: "INVALID_ARGUMENT",
  4: "DEADLINE_EXCEEDED",
  5: "NOT_FOUND",
  6: "ALREADY_EXISTS",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  10: "ABORTED",
  13: "INTERNAL",
  14: "UNAVAILABLE",
  16: "UNAUTHENTICATED"
};
function explain(what, status, note, secrets, answer) {
  const name = status.status ?? (answer ? `HTTP ${answer.status}` : RPC_CODES[status.code ?? -1] ?? `code ${status.code ?? "?"}`);
  const message = shownBody(Buffer.from((status.message ?? "").replace(/\.$/, "")), secrets);
  const advice = adviceFor(name);
  return new RpcError(
    `google-certificate-manager: ${what}: ${name}${note}${message ? `: ${message}` : ""}${advice ? `; ${advice}` : ""}`,
    name
  );
}
function adviceFor(status) {
  switch (status) {
    case "PERMISSION_DENIED":
      return `give the identity roles/certificatemanager.editor on the project, or a custom role with ${CERTIFICATE_MANAGER_PERMISSIONS.join(", ")}; check google-certificate-manager-project too`;
    case "UNAUTHENTICATED":
      return "Google refused the token; check the credentials step before this one (google-github-actions/auth)";
    case "INVALID_ARGUMENT":
      return "Certificate Manager takes RSA (2048 bits or more) and ECDSA P-256 or P-384 keys";
    default:
      return void 0;
  }
}
export {
  CertificateManagerTarget
};
