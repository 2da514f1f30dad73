import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { isSuccess, sendRequest, throttledOrServerError } from "./start.js";
import "./start.js";
import "./start.js";
import { parseUrl } from "./start.js";
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/deploy/vault/api.ts
function retryWhen(answer) {
  return answer.status === 412 ? { why: "HTTP 412 (standby not caught up)" } : throttledOrServerError(answer);
}
async function call(connection, method, path, what, headers, body) {
  return sendRequest(
    { http: connection.http, policy: DEFAULT_RETRY_POLICY, clock: connection.run.clock, logger: connection.run.logger },
    {
      method,
      url: `${connection.addr}/v1/${path}`,
      what: `vault: ${what}`,
      headers: () => ({ ...connection.namespace ? { "x-vault-namespace": connection.namespace } : {}, ...headers }),
      ...body === void 0 ? {} : { json: body },
      retryWhen
    }
  );
}
function explain(connection, answer, what, hint) {
  const errors = parseJson(answer.body)?.errors;
  const detail = Array.isArray(errors) ? shownBody(Buffer.from(errors.map(String).join("; ")), connection.secrets()) : shownBody(answer.body, connection.secrets());
  return new Error(`vault: ${what}: ${answer.status}: ${detail || "no details"}${answer.note}${hint}`);
}
async function loginWithJwt(connection, authMount, role, jwt) {
  const what = `logging in as JWT role "${role}" at auth/${authMount}`;
  const answer = await call(connection, "POST", `auth/${authMount}/login`, what, {}, { role, jwt });
  if (!isSuccess(answer)) {
    const hint = answer.status === 400 || answer.status === 403 ? " (check the role's bound_audiences against vault-oidc-audience, and its bound_claims against this repository and ref)" : "";
    throw explain(connection, answer, what, hint);
  }
  const token = parseJson(answer.body)?.auth?.client_token;
  if (typeof token !== "string" || token === "") throw new Error(`vault: ${what}: the answer holds no client_token`);
  return token;
}
async function writeKv(connection, token, mount, path, data) {
  const what = `writing ${mount}/${path}`;
  const answer = await call(connection, "POST", `${mount}/data/${path}`, what, { "x-vault-token": token }, { data });
  if (!isSuccess(answer)) {
    const hint = answer.status === 403 ? ` (the token's policy needs create and update on "${mount}/data/${path}")` : answer.status === 404 ? ` (is ${mount}/ a KV version 2 secrets engine?)` : "";
    throw explain(connection, answer, what, hint);
  }
  const version = parseJson(answer.body)?.data?.version;
  if (typeof version !== "number")
    throw new Error(`vault: ${what}: the answer has no version (is ${mount}/ KV version 2?)`);
  return version;
}
async function revokeSelf(connection, token) {
  const answer = await call(connection, "POST", "auth/token/revoke-self", "revoking the login token", {
    "x-vault-token": token
  });
  if (!isSuccess(answer)) throw explain(connection, answer, "revoking the login token", "");
}
async function githubOidcToken(connection, requestUrl, requestToken, audience) {
  const url = new URL(requestUrl);
  if (audience) url.searchParams.set("audience", audience);
  const what = "vault: asking GitHub for the job's OIDC token";
  const answer = await sendRequest(
    { http: connection.http, policy: DEFAULT_RETRY_POLICY, clock: connection.run.clock, logger: connection.run.logger },
    {
      method: "GET",
      url: url.href,
      what,
      headers: () => ({ authorization: `Bearer ${requestToken}` }),
      retryNoAnswer: true
    }
  );
  const value = isSuccess(answer) ? parseJson(answer.body)?.value : void 0;
  if (typeof value !== "string" || value === "")
    throw new Error(
      `${what}: ${answer.status}: ${shownBody(answer.body, connection.secrets()) || "no token in the answer"}${answer.note}`
    );
  return value;
}

// src/deploy/vault/target.ts
var VaultTarget = class {
  name = "vault";
  #settings;
  #context;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
  }
  async deploy(certificate) {
    const { mount, path } = this.#settings;
    const secrets = [certificate.keyPem];
    const connection = this.#connection(() => secrets);
    const { token, loggedIn } = await this.#token(connection, secrets);
    try {
      const version = await writeKv(connection, token, mount, path, fieldsOf(certificate));
      this.#context.logger.info(`vault: wrote ${mount}/${path} version ${version} at ${connection.addr}`);
      return {
        serial: certificate.serial,
        id: `${mount}/${path}@${version}`,
        details: { version: String(version), addr: connection.addr },
        at: this.#context.clock.now()
      };
    } finally {
      if (loggedIn)
        await revokeSelf(connection, token).catch(
          (error) => this.#context.logger.debug(`vault: the login token was not revoked (it ends at its TTL): ${String(error)}`)
        );
    }
  }
  #connection(secrets) {
    const env = this.#context.env;
    const fromEnv = env.VAULT_ADDR?.trim();
    const addr = this.#settings.addr ?? (fromEnv ? parseUrl("vault-addr (VAULT_ADDR)", fromEnv, ADDR_RULE) : void 0);
    if (!addr)
      throw new Error(
        "vault-addr: missing; expected the address of Vault, such as https://vault.example.com:8200 (or set VAULT_ADDR)"
      );
    const namespace = this.#settings.namespace ?? (env.VAULT_NAMESPACE?.trim() || void 0);
    return { addr: addr.replace(/\/+$/, ""), namespace, http: this.#context.http, run: this.#context, secrets };
  }
  /** The token to write with: the one given, or one from a JWT login with the job's OIDC token. */
  async #token(connection, secrets) {
    const auth = this.#settings.auth;
    if (auth.kind === "token") {
      secrets.push(auth.token);
      return { token: auth.token, loggedIn: false };
    }
    const requestUrl = this.#context.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = this.#context.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!requestUrl || !requestToken)
      throw new Error(
        "vault: no GitHub OIDC token to log in with (ACTIONS_ID_TOKEN_REQUEST_URL is not set): give the job `permissions: id-token: write`, or set vault-token"
      );
    secrets.push(requestToken);
    const jwt = await githubOidcToken(connection, requestUrl, requestToken, this.#settings.audience);
    secrets.push(jwt);
    const token = await loginWithJwt(connection, auth.authMount, auth.role, jwt);
    secrets.push(token);
    this.#context.logger.debug(`vault: logged in as JWT role "${auth.role}" at auth/${auth.authMount}`);
    return { token, loggedIn: true };
  }
};
var ADDR_RULE = {
  expected: "one such as https://vault.example.com:8200",
  plainHttp: "so the Vault token and the private key would cross the network readable",
  credentialsGo: "give the token as vault-token instead"
};
function fieldsOf(certificate) {
  const chain = `${certificate.chainPem.trim()}
`;
  return {
    certificate: `${certificate.certPem.trim()}
`,
    private_key: certificate.keyPem,
    chain,
    fullchain: `${certificate.certPem.trim()}
${chain}`,
    serial: certificate.serial,
    not_after: certificate.notAfter.toISOString(),
    domains: certificate.domains.join(","),
    certificate_name: certificate.name
  };
}
export {
  VaultTarget,
  fieldsOf
};
