import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  parseYaml
} from "./chunk-TCXGY52I.js";
import { commandEnv, runCommand } from "./start.js";
import { isSuccess, sendRequest } from "./start.js";
import { createHttpClient } from "./start.js";
import { USER_AGENT } from "./start.js";
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/deploy/kubernetes/target.ts
import { readFile as readFile2 } from "node:fs/promises";

// src/deploy/kubernetes/api.ts
var KubernetesApiError = class extends Error {
  constructor(message, status, reason) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
  status;
  reason;
};
var KubernetesApi = class {
  constructor(server, http, auth, run, secrets) {
    this.server = server;
    this.http = http;
    this.auth = auth;
    this.run = run;
    this.secrets = secrets;
  }
  server;
  http;
  auth;
  run;
  secrets;
  /** `GET /api/v1/namespaces/{ns}/secrets/{name}`; undefined when there is none. */
  async readSecret(namespace, name) {
    const answer = await this.call("GET", this.secretPath(namespace, name), `reading Secret ${namespace}/${name}`);
    if (answer.status === 404 && this.reasonOf(answer) === "NotFound") return void 0;
    return this.objectFrom(answer, `reading Secret ${namespace}/${name}`);
  }
  /** `POST /api/v1/namespaces/{ns}/secrets`. */
  async createSecret(namespace, secret) {
    const what = `creating Secret ${namespace}/${secret.metadata.name}`;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
    return this.objectFrom(await this.call("POST", path, what, secret), what);
  }
  /** `PUT /api/v1/namespaces/{ns}/secrets/{name}`: 409 Conflict when `metadata.resourceVersion` is stale. */
  async replaceSecret(namespace, secret) {
    const what = `updating Secret ${namespace}/${secret.metadata.name}`;
    const path = this.secretPath(namespace, secret.metadata.name);
    return this.objectFrom(await this.call("PUT", path, what, secret), what);
  }
  secretPath(namespace, name) {
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
  }
  async call(method, path, what, body) {
    const send = () => sendRequest(
      { http: this.http, policy: DEFAULT_RETRY_POLICY, clock: this.run.clock, logger: this.run.logger },
      {
        method,
        url: `${this.server}${path}`,
        what: `kubernetes: ${what}`,
        headers: () => this.auth.headers(),
        ...body === void 0 ? {} : { json: body },
        retryNoAnswer: method === "GET"
      }
    );
    const answer = await send();
    if (answer.status === 401 && this.auth.renew()) {
      this.run.logger.debug(`kubernetes: ${what}: 401 Unauthorized; trying once more with a fresh credential`);
      return send();
    }
    return answer;
  }
  reasonOf(answer) {
    return parseJson(answer.body)?.reason ?? "";
  }
  objectFrom(answer, what) {
    if (!isSuccess(answer)) throw this.explain(answer, what);
    const object = parseJson(answer.body);
    if (object?.metadata?.name === void 0)
      throw new KubernetesApiError(
        `kubernetes: ${what}: the API server answered ${answer.status} without a Secret`,
        answer.status,
        ""
      );
    return object;
  }
  explain(answer, what) {
    const status = parseJson(answer.body);
    const reason = status?.kind === "Status" ? status.reason ?? "" : "";
    const detail = status?.kind === "Status" && status.message ? shownBody(Buffer.from(status.message), this.secrets()) : shownBody(answer.body, this.secrets()) || "no details";
    return new KubernetesApiError(
      `kubernetes: ${what}: ${answer.status}${reason ? ` ${reason}` : ""}: ${detail}${answer.note}${hintFor(answer.status)}`,
      answer.status,
      reason
    );
  }
};
function hintFor(status) {
  if (status === 401)
    return " (the credential was refused: check the kubeconfig user, or run the set-context step again)";
  if (status === 403)
    return " (grant get, create and update on secrets in this namespace: see the kubernetes target's least-privilege Role)";
  return "";
}

// src/deploy/kubernetes/exec-credential.ts
var EXEC_TIMEOUT_MS = 6e4;
function shellWord(word) {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
function execInfo(exec, cluster) {
  const clusterInfo = exec.provideClusterInfo ? {
    cluster: {
      server: cluster.server,
      ...cluster.caPem ? { "certificate-authority-data": Buffer.from(cluster.caPem).toString("base64") } : {}
    }
  } : {};
  return JSON.stringify({
    apiVersion: exec.apiVersion,
    kind: "ExecCredential",
    spec: { interactive: false, ...clusterInfo }
  });
}
async function runExecPlugin(exec, cluster, env, what) {
  const shown = `the credential plugin "${exec.command}" of ${what}`;
  const result = await runCommand({
    command: [exec.command, ...exec.args].map(shellWord).join(" "),
    env: { ...commandEnv(env, []), ...exec.env, KUBERNETES_EXEC_INFO: execInfo(exec, cluster) },
    timeoutMs: EXEC_TIMEOUT_MS
  }).catch((cause) => {
    throw new Error(`kubernetes: ${shown} could not be started`, { cause });
  });
  if (result.timedOut) throw new Error(`kubernetes: ${shown} did not finish within ${EXEC_TIMEOUT_MS / 1e3} s`);
  if (result.code !== 0) {
    const hint = result.code === 127 && exec.installHint ? `; ${oneLine(exec.installHint)}` : "";
    throw new Error(
      `kubernetes: ${shown} exited with ${result.code === null ? `signal ${result.signal}` : `code ${result.code}`}${hint} (its output is not shown: it may hold credentials; run the command in the job to see it)`
    );
  }
  return parseExecCredential(result.stdout, exec.apiVersion, shown);
}
function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}
function parseExecCredential(stdout, apiVersion, shown) {
  let parsed;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`kubernetes: ${shown} did not print an ExecCredential (its output is not JSON)`);
  }
  const object = typeof parsed === "object" && parsed !== null ? parsed : {};
  if (object.kind !== "ExecCredential" || object.apiVersion !== apiVersion)
    throw new Error(
      `kubernetes: ${shown} printed ` + `${describeField(object.kind, "something")} ${describeField(object.apiVersion, "")}`.trimEnd() + `, expected an ExecCredential of ${apiVersion}`
    );
  const status = typeof object.status === "object" && object.status !== null ? object.status : {};
  const expiresAt = expiry(status.expirationTimestamp, shown);
  if (typeof status.token === "string" && status.token !== "") return { token: status.token, ...expiresAt };
  if (typeof status.clientCertificateData === "string" && typeof status.clientKeyData === "string")
    return { clientCertificate: { certPem: status.clientCertificateData, keyPem: status.clientKeyData }, ...expiresAt };
  throw new Error(`kubernetes: ${shown} printed an ExecCredential without a token or a client certificate in status`);
}
function describeField(value, fallback) {
  return typeof value === "string" ? value.slice(0, 80) : fallback;
}
function expiry(value, shown) {
  if (value === void 0 || value === null || value === "") return {};
  const at = typeof value === "string" ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw new Error(`kubernetes: ${shown} printed an expirationTimestamp that is not a time`);
  return { expiresAt: at };
}

// src/deploy/kubernetes/kubeconfig.ts
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
var SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
async function kubeconfigPaths(settings, env) {
  if (settings.kubeconfig) return [settings.kubeconfig];
  const listed = (env.KUBECONFIG ?? "").split(":").filter((path) => path !== "");
  if (listed.length > 0) return listed;
  const fallback = join(env.HOME ?? "", ".kube", "config");
  if (env.HOME && await exists(fallback)) return [fallback];
  if (env.KUBERNETES_SERVICE_HOST) return "in-cluster";
  throw new Error(
    "kubernetes: no kubeconfig (KUBECONFIG is not set, ~/.kube/config does not exist) and not in a pod; run your cloud's set-context step first (aws eks update-kubeconfig, get-gke-credentials, aks-set-context) or set kubernetes-kubeconfig"
  );
}
async function exists(path) {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}
async function clusterAccess(settings, env) {
  const paths = await kubeconfigPaths(settings, env);
  if (paths === "in-cluster") return inClusterAccess(settings.serviceAccountDir ?? SERVICE_ACCOUNT_DIR, env);
  const config = await loadKubeconfig(paths, Boolean(settings.kubeconfig));
  return accessFromContext(config, settings.context);
}
async function loadKubeconfig(paths, explicit) {
  const clusters = /* @__PURE__ */ new Map();
  const users = /* @__PURE__ */ new Map();
  const contexts = /* @__PURE__ */ new Map();
  let currentContext;
  const read = [];
  for (const path of paths) {
    let text;
    try {
      text = await readFile(path, "utf8");
    } catch (cause) {
      if (explicit) throw new Error(`kubernetes-kubeconfig: cannot read ${path}`, { cause });
      continue;
    }
    const document = parseDocument(path, text);
    read.push(path);
    const baseDir = dirname(path);
    currentContext ??= stringField(document, "current-context") || void 0;
    addNamed(clusters, document, "clusters", "cluster", baseDir, path);
    addNamed(users, document, "users", "user", baseDir, path);
    addNamed(contexts, document, "contexts", "context", baseDir, path);
  }
  if (read.length === 0)
    throw new Error(`kubernetes: none of the kubeconfig files in KUBECONFIG exist (${paths.join(":")})`);
  return { files: read, currentContext, clusters, users, contexts };
}
function parseDocument(path, text) {
  let document;
  try {
    document = parseYaml(text);
  } catch {
    throw new Error(`kubernetes: the kubeconfig ${path} is not valid YAML`);
  }
  if (document === null || document === void 0) return {};
  if (typeof document !== "object" || Array.isArray(document))
    throw new Error(
      `kubernetes: the kubeconfig ${path} is not a kubeconfig (expected a mapping with clusters, users and contexts)`
    );
  return document;
}
function addNamed(into, document, list, field, baseDir, path) {
  const items = document[list] ?? [];
  if (!Array.isArray(items)) throw new Error(`kubernetes: the kubeconfig ${path}: ${list} is not a list`);
  for (const item of items) {
    const name = isEntry(item) ? item.name : void 0;
    const value = isEntry(item) ? item[field] : void 0;
    if (typeof name !== "string" || !isEntry(value))
      throw new Error(`kubernetes: the kubeconfig ${path}: an entry of ${list} has no name or no ${field}`);
    if (!into.has(name)) into.set(name, { value, baseDir });
  }
}
function isEntry(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function stringField(entry, field) {
  const value = entry[field];
  return typeof value === "string" ? value : "";
}
async function accessFromContext(config, wanted) {
  const name = wanted ?? config.currentContext;
  const known = [...config.contexts.keys()].join(", ") || "none";
  if (name === void 0)
    throw new Error(`kubernetes: the kubeconfig has no current-context; set kubernetes-context to one of: ${known}`);
  const context = config.contexts.get(name);
  if (!context)
    throw new Error(
      `kubernetes: the kubeconfig (${config.files.join(":")}) has no context "${name}"; ${wanted ? "set kubernetes-context to" : "contexts are"} one of: ${known}`
    );
  const clusterName = stringField(context.value, "cluster");
  const userName = stringField(context.value, "user");
  const cluster = config.clusters.get(clusterName);
  if (!cluster)
    throw new Error(
      `kubernetes: context "${name}" names cluster "${clusterName}", which the kubeconfig does not define`
    );
  const user = config.users.get(userName);
  if (!user)
    throw new Error(`kubernetes: context "${name}" names user "${userName}", which the kubeconfig does not define`);
  const { server, caPem } = await clusterEndpoint(clusterName, cluster);
  return { server, caPem, credentials: await userCredentials(userName, user), source: `context ${name}` };
}
async function clusterEndpoint(name, cluster) {
  const entry = cluster.value;
  if (entry["insecure-skip-tls-verify"] === true)
    throw new Error(
      `kubernetes: cluster "${name}" sets insecure-skip-tls-verify; certwright sends a private key there and will not skip verifying the API server: give the cluster certificate-authority-data instead`
    );
  for (const field of ["proxy-url", "tls-server-name"])
    if (stringField(entry, field))
      throw new Error(`kubernetes: cluster "${name}" sets ${field}, which certwright does not support; remove it`);
  const server = serverUrl(stringField(entry, "server"), `cluster "${name}"`);
  const caPem = await pemFrom(entry, "certificate-authority", cluster.baseDir, `cluster "${name}"`);
  return { server, caPem };
}
function serverUrl(text, where) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`kubernetes: ${where} has no valid server URL ("${text}"); expected https://host:port`);
  }
  if (url.protocol !== "https:")
    throw new Error(
      `kubernetes: ${where} has server ${url.origin}, not https; the API server must be reached over TLS`
    );
  return text.replace(/\/+$/, "");
}
async function pemFrom(entry, field, baseDir, where) {
  const data = stringField(entry, `${field}-data`);
  if (data) return Buffer.from(data, "base64").toString("utf8");
  const file = stringField(entry, field);
  if (!file) return void 0;
  const path = isAbsolute(file) ? file : join(baseDir, file);
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new Error(`kubernetes: ${where}: cannot read ${field} ${path}`, { cause });
  }
}
async function userCredentials(name, user) {
  const entry = user.value;
  const where = `user "${name}"`;
  if (isEntry(entry.exec)) return { kind: "exec", exec: execConfig(entry.exec, user.baseDir, where), user: name };
  const token = stringField(entry, "token");
  if (token) return { kind: "token", token };
  const tokenFile = stringField(entry, "tokenFile");
  if (tokenFile) return { kind: "token-file", path: isAbsolute(tokenFile) ? tokenFile : join(user.baseDir, tokenFile) };
  const certPem = await pemFrom(entry, "client-certificate", user.baseDir, where);
  const keyPem = await pemFrom(entry, "client-key", user.baseDir, where);
  if (certPem && keyPem) return { kind: "client-certificate", certPem, keyPem };
  if (isEntry(entry["auth-provider"])) {
    const provider = stringField(entry["auth-provider"], "name");
    throw new Error(
      `kubernetes: ${where} uses the auth-provider "${provider}", which kubectl no longer has; rewrite the kubeconfig with your cloud's current set-context step (it writes an exec plugin)`
    );
  }
  if (stringField(entry, "username"))
    throw new Error(`kubernetes: ${where} uses basic auth, which Kubernetes removed; use a token or an exec plugin`);
  throw new Error(
    `kubernetes: ${where} has no credentials certwright can use (token, tokenFile, client certificate, exec)`
  );
}
function execConfig(exec, baseDir, where) {
  const command = stringField(exec, "command");
  const apiVersion = stringField(exec, "apiVersion");
  if (!command) throw new Error(`kubernetes: ${where}: exec has no command`);
  if (apiVersion !== "client.authentication.k8s.io/v1" && apiVersion !== "client.authentication.k8s.io/v1beta1")
    throw new Error(
      `kubernetes: ${where}: exec apiVersion "${apiVersion}" is not supported; expected client.authentication.k8s.io/v1 or v1beta1 (update the plugin and the kubeconfig)`
    );
  if (exec.interactiveMode === "Always")
    throw new Error(
      `kubernetes: ${where}: its exec plugin needs a terminal (interactiveMode: Always), which a CI job has not`
    );
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env = Array.isArray(exec.env) ? exec.env.filter(isEntry).map((item) => [stringField(item, "name"), stringField(item, "value")]) : [];
  const resolved = command.includes("/") && !isAbsolute(command) ? join(baseDir, command) : command;
  return {
    apiVersion,
    command: resolved,
    args,
    env: Object.fromEntries(env.filter(([name]) => name !== "")),
    installHint: stringField(exec, "installHint") || void 0,
    provideClusterInfo: exec.provideClusterInfo === true
  };
}
async function inClusterAccess(dir, env) {
  const host = env.KUBERNETES_SERVICE_HOST ?? "";
  const port = env.KUBERNETES_SERVICE_PORT || "443";
  const server = serverUrl(`https://${host.includes(":") ? `[${host}]` : host}:${port}`, "the in-cluster service");
  let caPem;
  try {
    caPem = await readFile(join(dir, "ca.crt"), "utf8");
  } catch (cause) {
    throw new Error(
      `kubernetes: in a pod (KUBERNETES_SERVICE_HOST is set) but no service account is mounted at ${dir}`,
      {
        cause
      }
    );
  }
  return {
    server,
    caPem,
    credentials: { kind: "token-file", path: join(dir, "token") },
    source: "in-cluster service account"
  };
}

// src/deploy/kubernetes/target.ts
var MANAGED_BY = "app.kubernetes.io/managed-by";
var ANNOTATIONS = {
  certificate: "certwright.dev/certificate-name",
  domains: "certwright.dev/domains",
  serial: "certwright.dev/serial",
  notAfter: "certwright.dev/not-after"
};
var TLS_TYPE = "kubernetes.io/tls";
var ROUNDS = 4;
var EXPIRY_SKEW_MS = 3e4;
var KubernetesTarget = class {
  name = "kubernetes";
  #settings;
  #context;
  #api;
  #keyPem = "";
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
  }
  async deploy(certificate) {
    const { namespace, name } = this.#settings;
    this.#keyPem = certificate.keyPem;
    const { api, access } = await (this.#api ??= this.#connect());
    for (let round = 1; ; round++) {
      const current = await api.readSecret(namespace, name);
      refuseForeign(current, `${namespace}/${name}`);
      const desired = secretFor(certificate, this.#settings, current);
      try {
        const written = current ? await api.replaceSecret(namespace, desired) : await api.createSecret(namespace, desired);
        const resourceVersion = written.metadata.resourceVersion ?? "";
        this.#context.logger.info(
          `kubernetes: ${current ? "updated" : "created"} Secret ${namespace}/${name} (resourceVersion ${resourceVersion}) through ${access.source} at ${access.server}`
        );
        return {
          serial: certificate.serial,
          id: `${namespace}/${name}`,
          details: { resourceVersion, server: access.server },
          at: this.#context.clock.now()
        };
      } catch (error) {
        if (!isRace(error) || round >= ROUNDS) throw error;
        this.#context.logger.debug(
          `kubernetes: Secret ${namespace}/${name} changed meanwhile (${error.reason}); reading it again`
        );
      }
    }
  }
  async #connect() {
    const access = await clusterAccess(this.#settings, this.#context.env);
    const auth = new ClusterAuth(access, this.#context);
    const http = (request) => this.#clientFor(access.caPem, auth.identity())(request);
    const api = new KubernetesApi(access.server, http, auth, this.#context, () => [...auth.secrets(), this.#keyPem]);
    return { api, access };
  }
  #clients = /* @__PURE__ */ new Map();
  /** The run's client for a public CA and no client certificate; else one trusting the cluster's CA, presenting it. */
  #clientFor(caPem, identity) {
    if (!caPem && !identity) return this.#context.http;
    const key = `${caPem ?? ""}
${identity?.certPem ?? ""}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = createHttpClient({
        userAgent: USER_AGENT,
        env: this.#context.env,
        logger: this.#context.logger,
        ...caPem ? { extraCaPem: caPem } : {},
        ...identity ? { clientCertificate: identity } : {}
      });
      this.#clients.set(key, client);
    }
    return client;
  }
};
function isRace(error) {
  return error instanceof KubernetesApiError && error.status === 409 && ["Conflict", "AlreadyExists"].includes(error.reason);
}
function refuseForeign(current, where) {
  if (!current) return;
  const type = current.type ?? "Opaque";
  if (type !== TLS_TYPE)
    throw new Error(
      `kubernetes: Secret ${where} exists with type ${type}; a Secret's type cannot change: delete it or set kubernetes-secret to another name`
    );
  const manager = current.metadata.labels?.[MANAGED_BY];
  if (manager !== void 0 && manager !== "certwright")
    throw new Error(
      `kubernetes: Secret ${where} is managed by ${manager} (label ${MANAGED_BY}); certwright does not overwrite it: set kubernetes-secret to another name`
    );
}
function base64(text) {
  return Buffer.from(text, "utf8").toString("base64");
}
function secretFor(certificate, settings, current) {
  const fullchain = `${certificate.certPem.trimEnd()}
${certificate.chainPem.trim()}
`;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      ...current?.metadata ?? {},
      name: settings.name,
      namespace: settings.namespace,
      labels: { ...current?.metadata.labels, [MANAGED_BY]: "certwright" },
      annotations: {
        ...current?.metadata.annotations,
        [ANNOTATIONS.certificate]: certificate.name,
        [ANNOTATIONS.domains]: certificate.domains.join(","),
        [ANNOTATIONS.serial]: certificate.serial,
        [ANNOTATIONS.notAfter]: certificate.notAfter.toISOString()
      }
    },
    type: TLS_TYPE,
    data: {
      ...current?.data,
      "tls.crt": base64(fullchain),
      "tls.key": base64(certificate.keyPem),
      ...settings.includeCa ? { "ca.crt": base64(`${certificate.chainPem.trim()}
`) } : {}
    }
  };
}
var ClusterAuth = class {
  #access;
  #context;
  #exec;
  #seen = [];
  constructor(access, context) {
    this.#access = access;
    this.#context = context;
  }
  async headers() {
    const credentials = this.#access.credentials;
    switch (credentials.kind) {
      case "token":
        return this.#bearer(credentials.token);
      case "token-file":
        return this.#bearer(await readToken(credentials.path));
      case "client-certificate":
        return {};
      case "exec": {
        const exec = await this.#execCredential();
        return exec.token ? this.#bearer(exec.token) : {};
      }
    }
  }
  renew() {
    if (this.#access.credentials.kind !== "exec" || this.#exec === void 0) return false;
    this.#exec = void 0;
    return true;
  }
  identity() {
    const credentials = this.#access.credentials;
    if (credentials.kind === "client-certificate") return credentials;
    return this.#exec?.clientCertificate;
  }
  /** Every credential value used so far, for redaction. */
  secrets() {
    const credentials = this.#access.credentials;
    const own = credentials.kind === "token" ? [credentials.token] : credentials.kind === "client-certificate" ? [credentials.keyPem] : [];
    return [...own, ...this.#seen];
  }
  #bearer(token) {
    if (!this.#seen.includes(token)) this.#seen.push(token);
    return { authorization: `Bearer ${token}` };
  }
  async #execCredential() {
    const now = this.#context.clock.now();
    if (this.#exec && (this.#exec.expiresAt === void 0 || this.#exec.expiresAt - EXPIRY_SKEW_MS > now))
      return this.#exec;
    const credentials = this.#access.credentials;
    if (credentials.kind !== "exec") throw new Error("kubernetes: no exec plugin configured");
    const exec = await runExecPlugin(credentials.exec, this.#access, this.#context.env, `user "${credentials.user}"`);
    if (exec.clientCertificate) this.#seen.push(exec.clientCertificate.keyPem);
    this.#context.logger.debug(
      `kubernetes: credential from the exec plugin of user "${credentials.user}"` + (exec.expiresAt ? `, valid until ${new Date(exec.expiresAt).toISOString()}` : "")
    );
    this.#exec = exec;
    return exec;
  }
};
async function readToken(path) {
  try {
    return (await readFile2(path, "utf8")).trim();
  } catch (cause) {
    throw new Error(`kubernetes: cannot read the token file ${path}`, { cause });
  }
}
export {
  ANNOTATIONS,
  KubernetesTarget,
  MANAGED_BY,
  secretFor
};
