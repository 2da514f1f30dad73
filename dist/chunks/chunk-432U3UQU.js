import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  fetchOver
} from "./chunk-PLUBPX6A.js";
import {
  errorMessage
} from "./chunk-HXHQ2ZRY.js";
import {
  optionalOption,
  parseUrl
} from "./chunk-K34JUBMG.js";

// src/options/option.ts
function optionEnvName(option) {
  return `CERTWRIGHT_${option.toUpperCase().replace(/-/g, "_")}`;
}
function optionDescription(spec) {
  if (spec.secretFile) return `${spec.description} The secrets in the file are masked in logs.`;
  const variables = envNamesOf(spec);
  return variables.length > 0 ? `${spec.description} Also read from ${variables.join(" or ")}.` : spec.description;
}
function envNamesOf(spec) {
  return [...spec.secret ? [optionEnvName(spec.name)] : [], ...spec.envAliases ?? []];
}
function withEnvFallbacks(values, specs, env) {
  const out = { ...values };
  const filled = [];
  for (const spec of specs) {
    if (out[spec.name]?.trim()) continue;
    const fromEnv = envNamesOf(spec).map((name) => env[name]?.trim()).find((text) => text);
    if (fromEnv) {
      out[spec.name] = fromEnv;
      filled.push(spec.name);
    }
  }
  return { raw: out, filled };
}
function secretValues(values, specs) {
  return specs.flatMap((spec) => {
    const text = spec.secret ? values[spec.name]?.trim() : void 0;
    return text ? [text] : [];
  });
}
function inOrder(specs, order) {
  const rank = (spec) => {
    const at = order.indexOf(spec.name);
    return at < 0 ? order.length : at;
  };
  return [...specs].sort((a, b) => rank(a) - rank(b));
}
function uniqueOptions(specs) {
  const seen = /* @__PURE__ */ new Set();
  return specs.filter((spec) => !seen.has(spec.name) && seen.add(spec.name));
}

// src/store/options.ts
function refusedAsSecret(name) {
  return {
    refused: `a secret does not belong in a file kept in a repository; pass it as the ${name} input from a secret (CLI: the ${optionEnvName(name)} variable)`
  };
}
function refusedAsStoreSetting(name) {
  return { refused: `a setting of the store, which the step's inputs name; give ${name} there too (CLI: --${name})` };
}
var STORE = {
  name: "store",
  description: "Where the encrypted state (account, certificates, keys) lives between runs: `file:PATH`; a GitHub Actions secret: `secret:NAME` (this repository), `secret:environments/ENV/NAME`, `secret:orgs/ORG/NAME`; or a workflow artifact: `artifact:NAME` (Action only). With it the Action issues once, renews when due and otherwise does nothing.",
  file: {
    refused: "where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: --store)"
  }
};
var STATE_RESET = {
  name: "state-reset",
  kind: "boolean",
  description: "Start over with an empty state: what the store holds is not read, and this run's first write replaces it (a new ACME account, every certificate issued again). Without it, a state that exists but is empty or cannot be read (wrong state-key, damaged, unreadable) stops the run and is never overwritten.",
  default: "false",
  flag: true
};
var STATE_KEY = {
  name: "state-key",
  description: "Passphrase (16+ characters, always stretched with PBKDF2) or raw 256-bit key that encrypts the state. A raw key is `cwk1:` followed by 32 random bytes in base64url without padding (43 characters); anything else is a passphrase, however random it looks. A key of an earlier version (43 or 44 base64 characters) still opens the state it wrote, which is then written again with the key stretched.",
  secret: true,
  file: refusedAsSecret("state-key")
};
var STORE_OPTIONS = [STORE, STATE_RESET, STATE_KEY];

// src/store/github.ts
var GITHUB_TOKEN = {
  name: "github-token",
  description: 'With a secret store: a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write". With an artifact store the job token (actions: read) does.',
  secret: true,
  actionDefault: "${{ github.token }}",
  file: refusedAsSecret("github-token")
};
var GITHUB_REPOSITORY = {
  name: "github-repository",
  description: "With a secret store: owner/repo whose secret is written. Default: the current repository (GITHUB_REPOSITORY).",
  file: refusedAsStoreSetting("github-repository")
};
var GITHUB_API_URL = {
  name: "github-api-url",
  kind: "url",
  description: "GitHub REST API URL. Default: GITHUB_API_URL, else https://api.github.com.",
  file: {
    refused: "the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)"
  }
};
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
  return parseUrl("github-api-url", optionalOption(values, "github-api-url") ?? "https://api.github.com", {
    expected: "https://api.github.com or your GHES's https://HOST/api/v3",
    plainHttp: "so the GitHub token would cross the network readable",
    credentialsGo: "pass the token as github-token instead"
  });
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

// src/store/secret/secret-writer.ts
var REPOSITORIES_PAGE = 100;
function secretsPath(target) {
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
function usableSecretName(name) {
  return name !== void 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}
function parseSecretPlace(text, syntax, repository) {
  const parts = text.split("/");
  const name = parts.at(-1);
  if (!usableSecretName(name)) {
    throw new Error(
      `${syntax.option}: "${name ?? ""}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`
    );
  }
  if (parts[0] === "orgs" && parts.length === 3 && parts[1]) return { kind: "organization", org: parts[1], name };
  if (parts.length === 1) return { kind: "repository", ...repository(), name };
  if (parts[0] === "environments" && parts.length === 3 && parts[1])
    return { kind: "environment", ...repository(), environment: parts[1], name };
  throw new Error(`${syntax.option}: "${syntax.shown}" is not a secret; expected ${syntax.forms.join(", ")}`);
}
var SecretWriter = class {
  constructor(octokit, options) {
    this.octokit = octokit;
    this.options = options;
  }
  octokit;
  options;
  /** The secret's metadata, or undefined when there is no such secret. */
  async metadata(target) {
    try {
      const response = await this.octokit.request(`GET ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name
      });
      return response.data;
    } catch (error) {
      if (error.status === 404) return void 0;
      throw this.explain(target, error, "read the metadata of");
    }
  }
  /**
   * Seals `value` with the scope's public key and PUTs it; an organisation secret keeps the
   * audience `metadata` (as read before the write) gives it.
   */
  async write(target, value, metadata) {
    const publicKey = await this.scopeKey(target);
    const { default: sodium } = await import("./libsodium-wrappers-4BEFB4AD.js");
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(
      sodium.from_string(value),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL)
    );
    const audience = target.kind === "organization" ? await this.audience(target, metadata) : {};
    try {
      await this.octokit.request(`PUT ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name,
        encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
        key_id: publicKey.key_id,
        ...audience
      });
    } catch (error) {
      throw this.explain(target, error, "write");
    }
  }
  /** The public key of the target's scope, for sealing. */
  async scopeKey(target) {
    try {
      return (await this.octokit.request(`GET ${secretsPath(target)}/public-key`)).data;
    } catch (error) {
      throw this.explain(target, error, "read the public key of");
    }
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
    const description = describeSecretTarget(target);
    const repository = await this.repositoryId();
    if (repository) {
      this.options.logger.info(
        `Creating the ${description} readable by ${repository.name} only (visibility selected); add repositories in the organisation's settings`
      );
      return { visibility: "selected", selected_repository_ids: [repository.id] };
    }
    this.options.logger.warn(
      `Creating the ${description} readable by every private repository of ${target.org} (visibility private), as github-repository is not known; narrow it to selected repositories in the organisation's settings, or set github-repository`
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
        throw this.explain(target, error, "list the repositories that may read");
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
  /** An error about `target`, prefixed with the writer's component, with the token advice where it applies. */
  explain(target, error, what) {
    const status = error.status;
    const detail = error instanceof Error ? error.message : String(error);
    const { component, tokenHelp } = this.options;
    const description = describeSecretTarget(target);
    if (status === 401 || status === 403 || status === 404) {
      return new Error(`${component}: cannot ${what} the ${description} (HTTP ${status}: ${detail}); ${tokenHelp}`, {
        cause: error
      });
    }
    return new Error(`${component}: cannot ${what} the ${description}: ${detail}`, { cause: error });
  }
};

export {
  optionDescription,
  withEnvFallbacks,
  secretValues,
  inOrder,
  uniqueOptions,
  refusedAsSecret,
  refusedAsStoreSetting,
  STORE_OPTIONS,
  GITHUB_TOKEN,
  GITHUB_REPOSITORY,
  GITHUB_API_URL,
  parseRepository,
  workflowFile,
  githubApiUrl,
  octokitOptions,
  createOctokit,
  describeSecretTarget,
  usableSecretName,
  parseSecretPlace,
  SecretWriter
};
