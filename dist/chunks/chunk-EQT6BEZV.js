import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  parseBoolean,
  value
} from "./chunk-3QFPO7D7.js";

// src/config/verify.ts
var VERIFY_INPUTS = [
  { name: "ecosystem", description: "`npm` or `pypi`.", default: "npm" },
  {
    name: "package",
    description: "The npm package name or PyPI project; several released together at one version, comma-separated (one report).",
    required: true
  },
  { name: "version", description: "The version that was published.", required: true },
  {
    name: "tarball",
    description: "npm: the .tgz that `npm pack` wrote in this pipeline, or the folder with the tarballs of several packages."
  },
  { name: "dist", description: "PyPI: the folder with the sdists and wheels this pipeline built.", default: "dist" },
  {
    name: "registry",
    description: "Registry or index URL. npm: default npm's own configuration (`npm view` and `npm pack` do the reading, so .npmrc files, scoped registries, `_auth`, cafile and proxy apply). PyPI: default https://pypi.org."
  },
  {
    name: "registry-token",
    description: "npm: a token for a private registry, given to npm as NODE_AUTH_TOKEN (what the .npmrc of actions/setup-node reads). Without it, npm uses its own configuration.",
    secret: true
  },
  { name: "tag", description: "The git tag of the release (`v1.2.3`); the version must match it." },
  {
    name: "require-provenance",
    description: "Fail unless there is provenance: npm's SLSA attestation, or a PEP 740 attestation for every PyPI file. Provenance that is there is always verified (Sigstore signature, subject digest, source).",
    default: "false",
    flag: true
  },
  {
    name: "expect-repository",
    description: "The repository the provenance must come from (`owner/repo`). In the Action, with `require-provenance`, default the workflow's own repository (`github.repository`): name another one here if it builds the package."
  },
  {
    name: "expect-workflow",
    description: "The workflow file the provenance must name, e.g. `.github/workflows/release.yml` (`@refs/tags/v1.2.3` to pin the ref)."
  },
  {
    name: "allow-pull-request-target",
    description: "Accept provenance from a build started by `pull_request_target`, which runs with the repository's credentials on behalf of a pull request. Refused by default.",
    default: "false",
    flag: true
  },
  {
    name: "trusted-root",
    description: "A Sigstore trusted root JSON file to verify provenance with. Default: Sigstore's public-good root, fetched with TUF."
  },
  {
    name: "timeout",
    description: "Seconds to wait for the registry to serve the version before declaring it missing.",
    default: "300"
  }
];
function parseVerifyConfig(raw, context = {}) {
  const ecosystem = (value(raw, "ecosystem") ?? "npm").toLowerCase();
  if (ecosystem !== "npm" && ecosystem !== "pypi")
    throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const names = (value(raw, "package") ?? "").split(/[\s,]+/).filter(Boolean);
  if (names.length === 0)
    throw new Error(
      `package: missing; expected the ${ecosystem === "npm" ? "npm package name, such as @acme/site" : "PyPI project name"}`
    );
  const version = value(raw, "version");
  if (!version) throw new Error("version: missing; expected the version that was published, such as 1.2.3");
  const tarball = value(raw, "tarball");
  if (ecosystem === "npm" && !tarball)
    throw new Error(
      "tarball: missing; expected the .tgz that npm pack wrote, such as acme-site-1.2.3.tgz, or its folder"
    );
  const timeoutText = value(raw, "timeout") ?? "300";
  if (!/^\d+$/.test(timeoutText))
    throw new Error(`timeout: "${timeoutText}" is not a number of seconds; expected such as 300`);
  const registry = value(raw, "registry");
  if (registry !== void 0) {
    try {
      new URL(registry);
    } catch {
      throw new Error(`registry: "${registry}" is not a URL; expected such as https://registry.npmjs.org`);
    }
  }
  const requireProvenance = parseBoolean(raw, "require-provenance");
  const given = value(raw, "expect-repository");
  const expectRepositoryIsDefault = given === void 0 && requireProvenance && Boolean(context.workflowRepository);
  const expectRepository = expectRepositoryIsDefault ? context.workflowRepository : given;
  if (expectRepository !== void 0 && !/^([\w.-]+\/[\w.-]+|https:\/\/\S+)$/.test(expectRepository))
    throw new Error(`expect-repository: "${expectRepository}" is not a repository; expected owner/repo`);
  const optional = (name, key) => {
    const text = value(raw, name);
    return text === void 0 ? {} : { [key]: text };
  };
  return {
    ecosystem,
    names,
    version,
    dist: value(raw, "dist") ?? "dist",
    requireProvenance,
    allowPullRequestTarget: parseBoolean(raw, "allow-pull-request-target"),
    timeoutMs: Number(timeoutText) * 1e3,
    ...tarball ? { tarball } : {},
    ...registry ? { registry: registry.replace(/\/+$/, "") } : {},
    ...optional("registry-token", "token"),
    ...optional("tag", "tag"),
    ...optional("expect-workflow", "expectWorkflow"),
    ...optional("trusted-root", "trustedRoot"),
    ...expectRepository ? { expectRepository } : {},
    ...expectRepositoryIsDefault ? { expectRepositoryIsDefault } : {}
  };
}

export {
  VERIFY_INPUTS,
  parseVerifyConfig
};
