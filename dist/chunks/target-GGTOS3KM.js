import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  AzureTokens
} from "./chunk-YV7PULRH.js";
import "./chunk-B6RY3UDC.js";
import "./chunk-F5LBTMML.js";
import "./chunk-WO4UHE7A.js";
import "./chunk-JSEFSRRM.js";
import { buildPfx } from "./start.js";
import { pemToDer } from "./start.js";
import "./chunk-F725RPWM.js";
import { API_VERSION$7 as API_VERSION, IMPORT_ACTION, certificateNameFor, parseVersionId, tokenScope } from "./start.js";
import { isSuccess, sendRequest, throttledOrServerError } from "./start.js";
import "./start.js";
import "./start.js";
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import "./start.js";
import { parseJson, shownBody } from "./start.js";
import { CLOUD_API_RETRY_POLICY } from "./start.js";
import "./chunk-XZJCQAZ7.js";
import "./start.js";

// src/deploy/azure-key-vault/target.ts
import { createHash, createPrivateKey, randomBytes } from "node:crypto";
var RETRY_POLICY = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };
var KeyVaultTarget = class {
  name = "azure-key-vault";
  #settings;
  #context;
  #caller;
  #tokens;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#caller = { ...context, policy: RETRY_POLICY };
    const scope = tokenScope(settings.vaultUrl);
    this.#tokens = perRun(
      context,
      JSON.stringify(["azure-key-vault-token", scope]),
      () => new AzureTokens({
        scope,
        component: "azure-key-vault",
        unknownResourceAdvice: `Entra ID does not know ${scope.replace("/.default", "")}; check azure-key-vault-url`,
        env: context.env,
        clock: context.clock,
        logger: context.logger
      })
    );
  }
  async deploy(certificate, previous) {
    const name = this.#nameFor(certificate, previous);
    const password = randomBytes(24).toString("base64url");
    const body = await importBody(certificate, password, this.#settings.tags);
    const answer = await this.#import(name, body, password);
    const version = this.#versionFrom(answer, name, certificate);
    const { vaultUrl } = this.#settings;
    return {
      serial: certificate.serial,
      id: `${vaultUrl}/certificates/${version.name}/${version.version}`,
      details: {
        vault: vaultUrl,
        certificate: version.name,
        version: version.version,
        // What App Gateway and Front Door reference to follow the latest version.
        "secret-id": `${vaultUrl}/secrets/${version.name}`
      },
      at: this.#context.clock.now()
    };
  }
  /** The option's name, else the one the last deploy used in this vault, else one made from cert-name. */
  #nameFor(certificate, previous) {
    if (this.#settings.certificateName) return this.#settings.certificateName;
    const before = previous ? parseVersionId(previous.id, this.#settings.vaultUrl) : void 0;
    return before?.name ?? certificateNameFor(certificate.name);
  }
  /** `POST {vault}/certificates/{name}/import`: 429 and 5xx retried, a refused token once with a new one. */
  async #import(name, body, password) {
    const what = `importing certificate ${name} into ${this.#settings.vaultUrl}`;
    let tokenRenewed = false;
    const retryWhen = (answer2) => {
      if (answer2.status === 401 && !tokenRenewed) {
        tokenRenewed = true;
        this.#tokens.discard();
        return { why: "HTTP 401, the token refused; with a new one", afterMs: 0 };
      }
      const verdict = throttledOrServerError(answer2);
      return verdict && { why: `${verdict.why} ${errorCode(answer2) ?? ""}`.trim() };
    };
    const answer = await sendRequest(this.#caller, {
      method: "POST",
      url: `${this.#settings.vaultUrl}/certificates/${encodeURIComponent(name)}/import?api-version=${API_VERSION}`,
      what: `azure-key-vault: ${what}`,
      headers: async () => ({ authorization: `Bearer ${await this.#tokens.bearer()}` }),
      json: body,
      retryWhen,
      // Another version of the same certificate, should the first answer be lost: harmless.
      retryNoAnswer: true
    });
    if (isSuccess(answer)) return answer;
    throw explain(what, answer, answer.note, password);
  }
  /** The version Key Vault made, checked to be of this certificate in this vault and to hold the leaf sent. */
  #versionFrom(answer, name, certificate) {
    const bundle = parseJson(answer.body);
    const id = typeof bundle?.id === "string" ? bundle.id : "";
    const version = parseVersionId(id, this.#settings.vaultUrl);
    if (!version || version.name.toLowerCase() !== name.toLowerCase()) {
      throw new Error(
        `azure-key-vault: importing certificate ${name} into ${this.#settings.vaultUrl}: the answer names "${id.slice(0, 200)}", not a version of that certificate in that vault`
      );
    }
    const [leaf] = pemToDer(certificate.certPem, "CERTIFICATE");
    const thumbprint = leaf ? createHash("sha1").update(leaf).digest("base64url") : "";
    if (typeof bundle?.x5t === "string" && bundle.x5t !== thumbprint) {
      throw new Error(
        `azure-key-vault: importing certificate ${name}: Key Vault's version ${version.version} holds another certificate (x5t ${bundle.x5t}) than the one sent (${thumbprint})`
      );
    }
    return version;
  }
};
async function importBody(certificate, password, tags) {
  const pfx = await buildPfx(
    { privkey: certificate.keyPem, cert: certificate.certPem, chain: certificate.chainPem },
    { password, friendlyName: certificate.name, legacy: true }
  );
  return {
    value: Buffer.from(pfx).toString("base64"),
    pwd: password,
    policy: { key_props: keyProperties(certificate.keyPem), secret_props: { contentType: "application/x-pkcs12" } },
    attributes: { enabled: true },
    ...Object.keys(tags).length > 0 ? { tags } : {}
  };
}
function keyProperties(keyPem) {
  const key = createPrivateKey(keyPem);
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa")
    return { exportable: true, kty: "RSA", reuse_key: false, key_size: details.modulusLength ?? 2048 };
  const curves = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };
  const crv = curves[details.namedCurve ?? ""];
  if (key.asymmetricKeyType !== "ec" || !crv)
    throw new Error(`azure-key-vault: a ${key.asymmetricKeyType ?? "unknown"} key; Key Vault takes RSA and EC keys`);
  return { exportable: true, kty: "EC", reuse_key: false, crv };
}
function errorCode(answer) {
  return parseJson(answer.body)?.error?.code;
}
function explain(what, answer, note, password) {
  const error = parseJson(answer.body)?.error;
  const code = error?.code ?? `HTTP ${answer.status}`;
  const inner = error?.innererror?.code;
  const firstLine = ((error?.message ?? "").split(/\r?\n/)[0] ?? "").trim().replace(/\.$/, "");
  const message = shownBody(Buffer.from(firstLine || (error ? "" : answer.body.toString("utf8"))), [password]);
  const advice = adviceFor(code, inner);
  return new Error(
    `azure-key-vault: ${what}: ${code}${inner ? ` (${inner})` : ""}${note}${message ? `: ${message}` : ""}${advice ? `; ${advice}` : ""}`
  );
}
var ROLE_ADVICE = `give the identity the role "Key Vault Certificates Officer" on the vault, or a custom role with the data action ${IMPORT_ACTION}`;
var POLICY_ADVICE = 'add an access policy for the identity with the certificate permission "import"';
function adviceFor(code, inner) {
  if (code === "Forbidden") {
    if (inner === "ForbiddenByRbac") return `${ROLE_ADVICE} (the vault uses Azure RBAC)`;
    if (inner === "AccessDenied") return `${POLICY_ADVICE} (the vault uses access policies)`;
    if (inner === "ForbiddenByFirewall") {
      return "the vault's firewall refused the runner's address; allow it under the vault's Networking, or run on a runner inside the network the vault allows";
    }
    return `${ROLE_ADVICE}, or with access policies, ${POLICY_ADVICE}`;
  }
  if (code === "Unauthorized")
    return "Key Vault refused the token; check the sign-in step before this one (azure/login) and that the vault belongs to its tenant";
  if (code === "Conflict") {
    return "a deleted certificate of that name is kept for recovery: recover it (az keyvault certificate recover) or purge it, or set azure-key-vault-certificate to another name";
  }
  return void 0;
}
export {
  KeyVaultTarget
};
