import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  normalizeProjectName,
  publicGoodTrust,
  trustedRootTrust,
  verifyNpmRelease,
  verifyPypiRelease
} from "./chunk-UNVE4X35.js";
import { HttpClients } from "./start.js";
import { USER_AGENT, systemClock } from "./start.js";

// src/release/verify.ts
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";

// src/process/exec.ts
import { spawn } from "node:child_process";
function childExec(base, echo) {
  return (command, args, options = {}) => new Promise((resolve, reject) => {
    const env = {};
    for (const [name, value] of Object.entries({ ...base, ...options.env }))
      if (value !== void 0) env[name] = value;
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
    sleep: options.sleep ?? ((ms) => systemClock.sleep(ms)),
    now: options.now ?? (() => systemClock.now()),
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
  runVerifyRelease
};
