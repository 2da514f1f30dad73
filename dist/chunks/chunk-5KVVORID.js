import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  fetchOver
} from "./chunk-CD3RI5R3.js";
import {
  parseStateReset,
  runCertificates,
  runHttpClients
} from "./chunk-ST3TZZFH.js";
import {
  endAllCommands
} from "./chunk-NF7WY4IJ.js";
import {
  errorMessage
} from "./chunk-3QUSWK4C.js";
import {
  isLoopbackHost
} from "./chunk-OO2ISJUG.js";

// src/renewal/interrupt.ts
var STOP_CLEANUP_MS = 5e3;
var RecordsInFlight = class {
  #entries = /* @__PURE__ */ new Map();
  planned = (certName, records) => {
    this.#entries.set(certName, records);
  };
  removed = (certName) => {
    this.#entries.delete(certName);
  };
  get size() {
    return this.#entries.size;
  }
  /**
   * Removes every record in flight with `providerFor(certName)`, all certificates at once,
   * within `timeoutMs`. Returns a line for each certificate whose records may remain.
   */
  async removeAll(providerFor, context, timeoutMs, onRemoved) {
    const errors = /* @__PURE__ */ new Map();
    const work = [...this.#entries].map(async ([certName, records]) => {
      try {
        const configured = providerFor(certName);
        if (!configured) throw new Error(`no provider for ${certName}`);
        await (await configured.create(context)).deleteRecords(records);
        this.#entries.delete(certName);
        await onRemoved?.(certName);
      } catch (error) {
        errors.set(certName, errorMessage(error));
      }
    });
    let timer;
    const deadline = new Promise((resolve) => timer = setTimeout(resolve, timeoutMs));
    await Promise.race([Promise.all(work), deadline]);
    clearTimeout(timer);
    return [...this.#entries].map(([certName, records]) => {
      const names = [...new Set(records.map((r) => r.fqdn))].join(", ");
      return `${certName}: TXT at ${names}: ${errors.get(certName) ?? `not removed within ${timeoutMs / 1e3} s`}`;
    });
  }
};
function onStopSignals(stop, logger) {
  let stopping = false;
  const handler = (signal) => {
    const code = signal === "SIGINT" ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    logger.warn(`Received ${signal}: stopping, and removing the TXT records in flight`);
    endAllCommands();
    void stop(signal).catch((error) => logger.warn(`could not clean up: ${errorMessage(error)}`)).finally(() => process.exit(code));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
async function runUntilStopped(plan, context, inFlight, report) {
  const release = onStopSignals(async (signal) => {
    const providerFor = (name) => plan.certificates.find((c) => c.request.name === name)?.request.dns.provider;
    const left = await inFlight.removeAll(
      providerFor,
      { ...context, http: runHttpClients(context).forTrust() },
      STOP_CLEANUP_MS,
      report.removed
    );
    for (const line of left) report.left(line);
    report.stopped?.(signal);
  }, context.logger);
  try {
    return await runCertificates(plan, context);
  } finally {
    release();
    endAllCommands();
  }
}

// src/store/github.ts
function parseRepository(values, purpose) {
  const repository = values["github-repository"]?.trim() ?? "";
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0)
    throw new Error(`github-repository: "${repository}" is not owner/repo; it names the repository ${purpose}`);
  return { owner, repo };
}
function workflowFile(ref) {
  return ref?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
}
function githubApiUrl(values) {
  const url = values["github-api-url"]?.trim() || "https://api.github.com";
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `github-api-url: "${url}" is not a URL; expected https://api.github.com or your GHES's https://HOST/api/v3`
    );
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))) {
    throw new Error(
      `github-api-url: ${parsed.origin} is not https, and the GitHub token would travel in clear; use https (plain http only for a loopback test server such as 127.0.0.1)`
    );
  }
  return url;
}
var quiet = () => void 0;
function octokitOptions(baseUrl, http) {
  return {
    baseUrl,
    request: { fetch: fetchOver(http) },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet }
  };
}
var createOctokit = async (token, baseUrl, http) => {
  const { Octokit } = await import("./dist-src-UKKHWPBR.js");
  return new Octokit({ auth: token, ...octokitOptions(baseUrl, http) });
};

// src/store/secret-store.ts
var SECRET_MAX_BYTES = 48 * 1024;
function basePath(target) {
  switch (target.kind) {
    case "repository":
      return `/repos/${target.owner}/${target.repo}/actions/secrets`;
    case "environment":
      return `/repos/${target.owner}/${target.repo}/environments/${encodeURIComponent(target.environment)}/secrets`;
    case "organization":
      return `/orgs/${target.org}/actions/secrets`;
  }
}
function describeSecretTarget(target) {
  switch (target.kind) {
    case "repository":
      return `repository secret ${target.name} of ${target.owner}/${target.repo}`;
    case "environment":
      return `secret ${target.name} of environment ${target.environment} in ${target.owner}/${target.repo}`;
    case "organization":
      return `organisation secret ${target.name} of ${target.org}`;
  }
}
var TOKEN_HELP = 'GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token (or GitHub App token) that has "Secrets: Read and write" on this repository (plus "Environments: Read" for environment secrets; for organisation secrets, "Organization secrets: Read and write")';
var REPOSITORIES_PAGE = 100;
var SecretStore = class {
  constructor(target, current, octokit, options) {
    this.target = target;
    this.current = current;
    this.octokit = octokit;
    this.options = options;
    this.description = describeSecretTarget(target);
  }
  target;
  current;
  octokit;
  options;
  description;
  maxBytes = SECRET_MAX_BYTES;
  /** The secret's `updated_at` when this run last read or wrote it; null when it did not exist. */
  seen = null;
  /** Notes when the secret was last written, before the run changes anything; refuses an empty `state` for an existing secret. */
  async open() {
    this.seen = (await this.metadata())?.updated_at ?? null;
    if (this.seen !== null && this.current === void 0 && !this.options.reset) {
      throw new Error(
        `state: empty, but the ${this.description} exists (written ${this.seen}); stopping before anything else rather than replace it with a new state. The state input probably does not reach this job: a mistyped secrets.${this.target.name}, a job or reusable workflow the secret is not passed to, or an environment secret this job cannot see. Pass state: \${{ secrets.${this.target.name} }}, or set state-reset: true to start over`
      );
    }
    return this;
  }
  /** The secret's metadata, or undefined when there is no such secret. */
  async metadata() {
    try {
      const { data } = await this.octokit.request(`GET ${basePath(this.target)}/{secret_name}`, {
        secret_name: this.target.name
      });
      return data;
    } catch (error) {
      if (error.status === 404) return void 0;
      throw this.explain(error, "read the metadata of");
    }
  }
  async load() {
    return this.current;
  }
  async save(encrypted) {
    const base = basePath(this.target);
    const metadata = await this.metadata();
    const changed = metadata?.updated_at ?? null;
    if (changed !== this.seen) {
      throw new Error(
        `store: the ${this.description} was ${changed ? `written at ${changed}` : "deleted"} by another run after this run read it; not overwriting it, which would undo that run's certificates. Let one run write it at a time: give every workflow job that writes it the same \`concurrency:\` group (concurrency: { group: certwright-state, cancel-in-progress: false }), then run again`
      );
    }
    let publicKey;
    try {
      publicKey = (await this.octokit.request(`GET ${base}/public-key`)).data;
    } catch (error) {
      throw this.explain(error, "read the public key of");
    }
    const { default: sodium } = await import("./libsodium-wrappers-4BEFB4AD.js");
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(
      sodium.from_string(encrypted),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL)
    );
    const audience = this.target.kind === "organization" ? await this.audience(this.target, metadata) : {};
    try {
      await this.octokit.request(`PUT ${base}/{secret_name}`, {
        secret_name: this.target.name,
        encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
        key_id: publicKey.key_id,
        ...audience
      });
    } catch (error) {
      throw this.explain(error, "write");
    }
    this.seen = (await this.metadata())?.updated_at ?? null;
  }
  /**
   * Who may read the organisation secret after the write: whoever could before (GitHub's PUT
   * sets the audience anew, so it is read first, `selected` repositories included). A new
   * secret is readable by the run's repository alone, or, when that is not known, by the
   * organisation's private repositories, which the log says.
   */
  async audience(target, metadata) {
    if (metadata?.visibility === "selected")
      return { visibility: "selected", selected_repository_ids: await this.selectedRepositoryIds(target) };
    if (metadata?.visibility) return { visibility: metadata.visibility };
    const repository = await this.repositoryId();
    if (repository) {
      this.options.logger.info(
        `Creating the ${this.description} readable by ${repository.name} only (visibility selected); add repositories in the organisation's settings`
      );
      return { visibility: "selected", selected_repository_ids: [repository.id] };
    }
    this.options.logger.warn(
      `Creating the ${this.description} readable by every private repository of ${target.org} (visibility private), as github-repository is not known; narrow it to selected repositories in the organisation's settings, or set github-repository`
    );
    return { visibility: "private" };
  }
  /** The ids of the repositories a `selected` organisation secret is shared with, every page. */
  async selectedRepositoryIds(target) {
    const ids = [];
    for (let page = 1; ; page++) {
      let data;
      try {
        ({ data } = await this.octokit.request("GET /orgs/{org}/actions/secrets/{secret_name}/repositories", {
          org: target.org,
          secret_name: target.name,
          per_page: REPOSITORIES_PAGE,
          page
        }));
      } catch (error) {
        throw this.explain(error, "list the repositories that may read");
      }
      ids.push(...data.repositories.map((r) => Number(r.id)));
      if (data.repositories.length < REPOSITORIES_PAGE || ids.length >= data.total_count) return ids;
    }
  }
  /** The id of the run's repository, or undefined (logged) when it is not set or cannot be read. */
  async repositoryId() {
    const repository = this.options.repository;
    if (!repository) return void 0;
    const name = `${repository.owner}/${repository.repo}`;
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", repository);
      return { id: Number(data.id), name };
    } catch (error) {
      this.options.logger.warn(`could not read the id of ${name} (${errorMessage(error)})`);
      return void 0;
    }
  }
  explain(error, what) {
    const status = error.status;
    const detail = error instanceof Error ? error.message : String(error);
    if (status === 401 || status === 403 || status === 404) {
      return new Error(`store: cannot ${what} the ${this.description} (HTTP ${status}: ${detail}); ${TOKEN_HELP}`, {
        cause: error
      });
    }
    return new Error(`store: cannot ${what} the ${this.description}: ${detail}`, { cause: error });
  }
};
function optionalRepository(values) {
  return values["github-repository"]?.trim() ? parseRepository(values, "whose workflows read the organisation secret") : void 0;
}
var SECRET_FORMS = ["secret:NAME", "secret:environments/ENV/NAME", "secret:orgs/ORG/NAME"];
function parseSecretTarget(text, values) {
  const parts = text.split("/");
  const valid = (name2) => name2 !== void 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name2) && !/^GITHUB_/i.test(name2);
  const name = parts.at(-1);
  if (!valid(name)) {
    throw new Error(
      `store: "${name ?? ""}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`
    );
  }
  if (parts[0] === "orgs" && parts.length === 3 && parts[1])
    return { kind: "organization", org: parts[1], name };
  const { owner, repo } = parseRepository(values, "whose secret certwright writes");
  if (parts.length === 1) return { kind: "repository", owner, repo, name };
  if (parts[0] === "environments" && parts.length === 3 && parts[1])
    return { kind: "environment", owner, repo, environment: parts[1], name };
  throw new Error(`store: "secret:${text}" is not a secret; expected ${SECRET_FORMS.join(", ")}`);
}
function secretStoreKindWith(createClient) {
  return {
    kind: "secret",
    forms: SECRET_FORMS,
    configure(text, values) {
      const target = parseSecretTarget(text, values);
      const token = values["github-token"]?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write"'
        );
      const current = values.state?.trim() || void 0;
      const apiUrl = githubApiUrl(values);
      const reset = parseStateReset(values);
      const repository = target.kind === "organization" ? optionalRepository(values) : { owner: target.owner, repo: target.repo };
      return {
        kind: "secret",
        description: describeSecretTarget(target),
        open: async ({ http, logger }) => new SecretStore(target, current, await createClient(token, apiUrl, http), {
          reset,
          repository,
          logger
        }).open()
      };
    }
  };
}
var secretStoreKind = secretStoreKindWith(createOctokit);

export {
  RecordsInFlight,
  runUntilStopped,
  parseRepository,
  workflowFile,
  githubApiUrl,
  octokitOptions,
  secretStoreKindWith,
  secretStoreKind
};
