import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  normalizeProjectName,
  publicGoodTrust,
  trustedRootTrust,
  verifyNpmRelease,
  verifyPypiRelease
} from "./chunk-EDLOT4LE.js";
import {
  parseBoolean,
  value
} from "./chunk-NF7WY4IJ.js";
import {
  HttpClients
} from "./chunk-SB7LR6QT.js";
import {
  USER_AGENT,
  systemClock
} from "./chunk-3QUSWK4C.js";

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

// src/release/verify.ts
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";

// src/process/exec.ts
import { spawn } from "node:child_process";
function childExec(base, echo) {
  return (command, args, options = {}) => new Promise((resolve, reject) => {
    const env = {};
    for (const [name, value2] of Object.entries({ ...base, ...options.env }))
      if (value2 !== void 0) env[name] = value2;
    if (echo && !options.silent) echo(`[command]${[command, ...args].join(" ")}`);
    const child = spawn(command, [...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...options.cwd ? { cwd: options.cwd } : {}
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`, { cause: error })));
    child.on(
      "close",
      (code) => resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8")
      })
    );
  });
}

// src/release/verify.ts
async function tarballOf(config, name) {
  const given = config.tarball;
  const isFolder = (await stat(given).catch(() => void 0))?.isDirectory() ?? false;
  if (!isFolder && config.names.length > 1)
    throw new Error(
      `tarball: ${given} is one file, but ${config.names.length} packages are checked; pass the folder npm pack wrote their tarballs to`
    );
  const file = isFolder ? join(given, `${name.replace(/^@/, "").replace("/", "-")}-${config.version}.tgz`) : given;
  return readFile(file).catch((cause) => {
    throw new Error(`tarball: cannot read ${file}; expected the file npm pack wrote${isFolder ? ` for ${name}` : ""}`, {
      cause
    });
  });
}
async function distFiles(config) {
  const names = (await readdir(config.dist).catch(() => [])).filter((f) => f.endsWith(".whl") || f.endsWith(".tar.gz") || f.endsWith(".zip")).sort();
  if (names.length === 0)
    throw new Error(`dist: no sdist or wheel in ${config.dist}; expected the folder python -m build wrote`);
  const byProject = new Map(config.names.map((name) => [name, []]));
  for (const file of names) {
    const prefix = normalizeProjectName(file.slice(0, Math.max(0, file.indexOf(`-${config.version}`))));
    const project = config.names.length === 1 ? config.names[0] : config.names.find((n) => normalizeProjectName(n) === prefix);
    if (project === void 0)
      throw new Error(
        `dist: ${basename(file)} is a file of none of ${config.names.join(", ")} at ${config.version}; build into an empty folder`
      );
    byProject.get(project)?.push({ name: file, bytes: await readFile(join(config.dist, file)) });
  }
  for (const [project, files] of byProject)
    if (files.length === 0)
      throw new Error(`dist: no sdist or wheel of ${project} ${config.version} in ${config.dist}`);
  return byProject;
}
async function runVerifyRelease(config, options = {}) {
  const env = options.env ?? {};
  const http = new HttpClients({ userAgent: USER_AGENT, env }).forTrust();
  const retry = {
    sleep: options.sleep ?? systemClock.sleep,
    now: options.now ?? systemClock.now,
    timeoutMs: config.timeoutMs
  };
  const trust = config.trustedRoot ? trustedRootTrust(config.trustedRoot) : publicGoodTrust();
  const expect = {
    ...config.expectRepository ? { repository: config.expectRepository } : {},
    ...config.expectRepositoryIsDefault ? { repositoryIsDefault: true } : {},
    ...config.expectWorkflow ? { workflow: config.expectWorkflow } : {},
    allowPullRequestTarget: config.allowPullRequestTarget
  };
  const common = {
    version: config.version,
    requireProvenance: config.requireProvenance,
    expect,
    trust,
    ...config.tag ? { tag: config.tag } : {}
  };
  const packages = [];
  if (config.ecosystem === "npm") {
    const exec = options.exec ?? childExec(env);
    for (const name of config.names) {
      const tarball = await tarballOf(config, name);
      packages.push(
        await verifyNpmRelease(
          {
            ...common,
            name,
            tarball,
            ...config.registry ? { registry: config.registry } : {},
            ...config.token ? { token: config.token } : {}
          },
          { exec, http, retry }
        )
      );
    }
  } else {
    const files = await distFiles(config);
    for (const project of config.names) {
      packages.push(
        await verifyPypiRelease(
          { ...common, project, files: files.get(project) ?? [], indexUrl: config.registry ?? "https://pypi.org" },
          http,
          retry
        )
      );
    }
  }
  return { verified: packages.every((p) => p.verified), checkedAt: new Date(retry.now()).toISOString(), packages };
}

export {
  VERIFY_INPUTS,
  parseVerifyConfig,
  runVerifyRelease
};
