import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  require_semver
} from "./chunk-F725RPWM.js";
import {
  actionExec
} from "./chunk-AMKLTDN7.js";
import {
  normalizeProjectName,
  readArchive,
  run,
  sdistMetadata,
  versionOfTag,
  wheelMetadata
} from "./chunk-UNVE4X35.js";
import "./chunk-N26WCX3K.js";
import "./chunk-I22QA6YU.js";
import { readInputs } from "./start.js";
import { info, setFailed, setOutput } from "./start.js";
import { parseBoolean, value } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { errorMessage, neutralise } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { __toESM } from "./start.js";

// src/release/steps/shared.ts
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
var NPM_STEPS = ["check", "pack", "publish", "install-test", "promote"];
var PYPI_STEPS = ["check", "build", "check-dist", "upload", "install-test"];
async function sha256SumsLine(file) {
  return `${createHash("sha256").update(await readFile(file)).digest("hex")}  ${basename(file)}
`;
}
async function runSmoke(context, smoke, where) {
  const script = 'export PATH="$1:$PATH"; eval "$2"';
  await run(
    context.exec,
    "install-test: smoke",
    "bash",
    ["--noprofile", "--norc", "-eo", "pipefail", "-c", script, "smoke", where.bin, smoke],
    { cwd: where.cwd, env: where.env }
  );
  context.log("install-test: the smoke command passed");
}

// src/config/release.ts
var RELEASE_INPUTS = [
  {
    name: "step",
    description: `npm: ${NPM_STEPS.join(", ")}; PyPI: ${PYPI_STEPS.join(", ")}. One step of the release; the reusable workflows run them in this order.`,
    required: true
  },
  { name: "ecosystem", description: "`npm` or `pypi`.", default: "npm" },
  {
    name: "tag",
    description: "The release tag (`v1.2.3`); every package must carry its version. Default: the tag the workflow runs for (GITHUB_REF_NAME)."
  },
  {
    name: "packages",
    description: "Folders of the packages released together (package.json or pyproject.toml in each), comma- or newline-separated.",
    default: "."
  },
  {
    name: "out-dir",
    description: "Where the tarballs (npm) or sdists and wheels (PyPI) and SHA256SUMS go. Default: `release` for npm, `dist` for PyPI."
  },
  {
    name: "registry",
    description: "npm: the registry (default: npm's own configuration). PyPI: the index, e.g. https://test.pypi.org: uploads go to /legacy/, installs come from /simple/ (default https://pypi.org)."
  },
  {
    name: "registry-token",
    description: "npm: a token for publish and dist-tag (without it npm uses its configuration, or trusted publishing). PyPI: an API token for upload.",
    secret: true
  },
  {
    name: "staging-tag",
    description: "npm: the dist-tag a version is published under until it has been verified and promoted.",
    default: "staging"
  },
  {
    name: "provenance",
    description: "npm publish: `true` adds a provenance statement (needs `id-token: write`); `auto` does when the job can get an OIDC token.",
    default: "auto"
  },
  {
    name: "smoke",
    description: "install-test: a shell command run where the released packages were installed from the registry (npm: an empty folder with them in node_modules; PyPI: a fresh virtual environment, activated). RELEASE_VERSION holds the version."
  },
  {
    name: "extra-index-url",
    description: "PyPI install-test: a second index for dependencies the test index does not have, such as https://pypi.org/simple/."
  },
  {
    name: "build-isolation",
    description: "PyPI build: `false` builds with the backend already installed for `python` instead of an isolated environment (offline runners).",
    default: "true"
  },
  {
    name: "python",
    description: "PyPI: the Python interpreter that builds, checks (twine) and creates the virtual environment.",
    default: "python3"
  }
];
function url(raw, name) {
  const text = value(raw, name);
  if (text === void 0) return void 0;
  try {
    return new URL(text).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name}: "${text}" is not a URL; expected such as https://test.pypi.org`);
  }
}
function parseReleaseConfig(raw, tagFallback) {
  const ecosystem = (value(raw, "ecosystem") ?? "npm").toLowerCase();
  if (ecosystem !== "npm" && ecosystem !== "pypi")
    throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const steps = ecosystem === "npm" ? NPM_STEPS : PYPI_STEPS;
  const step = value(raw, "step");
  if (!step || !steps.includes(step))
    throw new Error(
      `step: ${step ? `"${step}" is not a step of the ${ecosystem} release` : "missing"}; expected one of ${steps.join(", ")}`
    );
  const tag = value(raw, "tag") ?? tagFallback;
  if (!tag)
    throw new Error(
      "tag: missing; expected the release tag such as v1.2.3 (the workflow must run for a tag, or pass tag)"
    );
  const packages = (value(raw, "packages") ?? ".").split(/[\n,]+/).map((p) => p.trim()).filter(Boolean);
  const provenanceText = (value(raw, "provenance") ?? "auto").toLowerCase();
  const provenance = provenanceText === "auto" ? "auto" : parseBoolean(raw, "provenance");
  const registry = url(raw, "registry");
  const token = value(raw, "registry-token");
  const smoke = value(raw, "smoke");
  const extraIndexUrl = url(raw, "extra-index-url");
  return {
    ecosystem,
    step,
    tag,
    packages: packages.length > 0 ? packages : ["."],
    outDir: value(raw, "out-dir") ?? (ecosystem === "npm" ? "release" : "dist"),
    stagingTag: value(raw, "staging-tag") ?? "staging",
    provenance,
    python: value(raw, "python") ?? "python3",
    buildIsolation: value(raw, "build-isolation") === void 0 ? true : parseBoolean(raw, "build-isolation"),
    ...registry ? { registry } : {},
    ...token ? { token } : {},
    ...smoke ? { smoke } : {},
    ...extraIndexUrl ? { extraIndexUrl } : {}
  };
}

// src/release/steps/npm.ts
var import_semver = __toESM(require_semver(), 1);
import { mkdir, mkdtemp, readFile as readFile2, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename as basename2, join, resolve } from "node:path";
async function readPackageJson(dir) {
  const file = join(dir, "package.json");
  const text = await readFile2(file, "utf8").catch((cause) => {
    throw new Error(`packages: no package.json in ${dir}; expected a package folder`, { cause });
  });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`packages: ${file} is not JSON`, { cause });
  }
}
async function npmPackages(config) {
  const version = versionOfTag(config.tag);
  if (!import_semver.default.valid(version))
    throw new Error(`tag: "${config.tag}" is not a semver version tag; expected v1.2.3 or v1.2.3-rc.1`);
  const packages = await Promise.all(
    config.packages.map(async (dir) => {
      const pkg = await readPackageJson(dir);
      if (!pkg.name) throw new Error(`packages: ${join(dir, "package.json")} has no name`);
      if (pkg.private)
        throw new Error(
          `packages: ${pkg.name} (${dir}) is private; npm publish refuses it: remove it from packages or drop "private"`
        );
      if (pkg.version !== version)
        throw new Error(
          `tag: ${config.tag} does not match ${join(dir, "package.json")} version ${pkg.version ?? "(none)"}; every package of the release carries the tag's version`
        );
      return { name: pkg.name, version, dir, files: [] };
    })
  );
  return { version, packages };
}
function registryArgs(config) {
  return config.registry ? ["--registry", config.registry] : [];
}
function tokenEnv(config) {
  return config.token ? { NODE_AUTH_TOKEN: config.token } : {};
}
async function pack(config, exec, packages) {
  const out = resolve(config.outDir);
  await mkdir(out, { recursive: true });
  const packed = [];
  for (const pkg of packages) {
    const stdout = await run(exec, `pack ${pkg.name}`, "npm", ["pack", "--json", "--pack-destination", out], {
      cwd: pkg.dir,
      silent: true
    });
    const [entry] = JSON.parse(stdout);
    if (!entry) throw new Error(`pack ${pkg.name}: npm pack printed no file`);
    packed.push({ ...pkg, files: [join(out, basename2(entry.filename))] });
  }
  const lines = await Promise.all(packed.flatMap((p) => p.files).map(sha256SumsLine));
  await writeFile(join(out, "SHA256SUMS"), lines.join(""));
  return packed;
}
async function packedTarballs(config, packages) {
  const out = resolve(config.outDir);
  return Promise.all(
    packages.map(async (pkg) => {
      const file = join(out, `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`);
      await readFile2(file).catch((cause) => {
        throw new Error(
          `out-dir: no ${basename2(file)} in ${out}; run the pack step first (or pass the out-dir it used)`,
          { cause }
        );
      });
      return { ...pkg, files: [file] };
    })
  );
}
function wantsProvenance(config, env) {
  return config.provenance === "auto" ? Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) : config.provenance;
}
async function installTest(config, context, packages) {
  const { exec, log } = context;
  const dir = await mkdtemp(join(tmpdir(), "certwright-install-test-"));
  await run(exec, "install-test", "npm", ["init", "-y"], { cwd: dir, silent: true });
  const specs = packages.map((p) => `${p.name}@${p.version}`);
  await run(exec, "install-test", "npm", ["install", "--no-audit", "--no-fund", ...registryArgs(config), ...specs], {
    cwd: dir,
    env: tokenEnv(config)
  });
  for (const pkg of packages) {
    const installed = await readPackageJson(join(dir, "node_modules", pkg.name)).catch(() => ({}));
    if (installed.version !== pkg.version)
      throw new Error(
        `install-test: npm installed ${pkg.name}@${installed.version ?? "(nothing)"}, not ${pkg.version}`
      );
  }
  log(`install-test: ${specs.join(", ")} installed from ${config.registry ?? "npm's registry"} into ${dir}`);
  if (config.smoke)
    await runSmoke(context, config.smoke, {
      cwd: dir,
      bin: join(dir, "node_modules", ".bin"),
      env: { RELEASE_VERSION: packages[0]?.version }
    });
}
async function npmStep(config, context) {
  const { exec, log } = context;
  const { version, packages } = await npmPackages(config);
  switch (config.step) {
    case "check":
      log(`check: ${config.tag} is ${version}, the version of ${packages.map((p) => p.name).join(", ")}`);
      return { version, packages };
    case "pack": {
      const packed = await pack(config, exec, packages);
      log(`pack: ${packed.flatMap((p) => p.files).join(", ")} and SHA256SUMS`);
      return { version, packages: packed };
    }
    case "publish": {
      const packed = await packedTarballs(config, packages);
      const provenance = wantsProvenance(config, context.env) ? ["--provenance"] : [];
      for (const pkg of packed) {
        await run(
          exec,
          `publish ${pkg.name}`,
          "npm",
          [
            "publish",
            pkg.files[0],
            "--tag",
            config.stagingTag,
            "--access",
            "public",
            ...provenance,
            ...registryArgs(config)
          ],
          { env: tokenEnv(config) }
        );
      }
      log(`publish: ${packed.map((p) => `${p.name}@${version}`).join(", ")} under the dist-tag ${config.stagingTag}`);
      return { version, packages: packed };
    }
    case "install-test":
      await installTest(config, context, packages);
      return { version, packages };
    case "promote":
      for (const pkg of packages) {
        await run(
          exec,
          `promote ${pkg.name}`,
          "npm",
          ["dist-tag", "add", `${pkg.name}@${version}`, "latest", ...registryArgs(config)],
          { env: tokenEnv(config) }
        );
        const removed = await exec("npm", ["dist-tag", "rm", pkg.name, config.stagingTag, ...registryArgs(config)], {
          env: tokenEnv(config),
          silent: true
        });
        if (removed.code !== 0)
          log(
            `promote: the dist-tag ${config.stagingTag} of ${pkg.name} stays (npm dist-tag rm exited with ${removed.code})`
          );
      }
      log(`promote: ${packages.map((p) => `${p.name}@${version}`).join(", ")} is latest`);
      return { version, packages };
    default:
      throw new Error(`step: "${config.step}" is not an npm release step`);
  }
}

// src/release/steps/pypi.ts
import { mkdir as mkdir2, mkdtemp as mkdtemp2, readdir, readFile as readFile3, stat } from "node:fs/promises";
import { devNull, tmpdir as tmpdir2 } from "node:os";
import { join as join2, resolve as resolve2 } from "node:path";
function normalizeVersion(version) {
  return version.toLowerCase().replace(/^v/, "").replace(/[-_.]?(a|alpha)[-_.]?(\d*)/, "a$2").replace(/[-_.]?(b|beta)[-_.]?(\d*)/, "b$2").replace(/[-_.]?(rc|c|pre|preview)[-_.]?(\d*)/, "rc$2").replace(/[-_.]?(post|rev|r)[-_.]?(\d*)/, ".post$2");
}
var READ_PROJECT = 'import json,sys,tomllib\nwith open(sys.argv[1], "rb") as f: p = tomllib.load(f).get("project", {})\nprint(json.dumps({"name": p.get("name"), "version": p.get("version"), "dynamic": p.get("dynamic", [])}))';
async function pypiPackages(config, context) {
  const version = versionOfTag(config.tag);
  if (!/^\d+(\.\d+)*/.test(version))
    throw new Error(`tag: "${config.tag}" is not a version tag; expected v1.2.3 (PEP 440)`);
  const packages = [];
  for (const dir of config.packages) {
    const file = join2(dir, "pyproject.toml");
    if (config.step === "install-test" && !await stat(file).catch(() => void 0)) {
      packages.push({ name: dir, version, dir, files: [] });
      continue;
    }
    const stdout = await run(context.exec, `check ${dir}`, config.python, ["-c", READ_PROJECT, file], { silent: true });
    const project = JSON.parse(stdout);
    if (!project.name) throw new Error(`packages: ${file} has no [project] name`);
    if (project.version !== void 0 && normalizeVersion(project.version) !== normalizeVersion(version)) {
      throw new Error(
        `tag: ${config.tag} does not match ${file} version ${project.version}; every package of the release carries the tag's version`
      );
    }
    if (project.version === void 0 && !project.dynamic.includes("version"))
      throw new Error(`packages: ${file} has no [project] version and does not declare it dynamic`);
    packages.push({ name: project.name, version, dir, files: [] });
  }
  return { version, packages };
}
async function builtFiles(outDir) {
  const names = (await readdir(outDir).catch(() => [])).filter((f) => f.endsWith(".whl") || f.endsWith(".tar.gz")).sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join2(outDir, name);
      const entries = await readArchive(name, await readFile3(path));
      if (name.endsWith(".whl")) {
        const meta2 = wheelMetadata(entries);
        const problems = meta2.recordMismatches.map((p) => `RECORD does not match ${p}`);
        return { path, kind: "wheel", name: meta2.name, version: meta2.version, problems };
      }
      const meta = sdistMetadata(entries);
      return { path, kind: "sdist", name: meta.name, version: meta.version, problems: [] };
    })
  );
}
async function checkDist(config, context, version, packages) {
  const outDir = resolve2(config.outDir);
  const files = await builtFiles(outDir);
  const problems = [];
  const wanted = new Map(packages.map((p) => [normalizeProjectName(p.name), p]));
  for (const file of files) {
    if (!wanted.has(normalizeProjectName(file.name)))
      problems.push(`${file.path} is ${file.name}, no package of this release (build into an empty out-dir)`);
    if (normalizeVersion(file.version) !== normalizeVersion(version))
      problems.push(`${file.path} is version ${file.version}, not the tag's ${version}`);
    problems.push(...file.problems.map((p) => `${file.path}: ${p}`));
  }
  const checked = packages.map((pkg) => {
    const own = files.filter((f) => normalizeProjectName(f.name) === normalizeProjectName(pkg.name));
    for (const kind of ["sdist", "wheel"])
      if (!own.some((f) => f.kind === kind)) problems.push(`${pkg.name} has no ${kind} in ${outDir}`);
    return { ...pkg, files: own.map((f) => f.path) };
  });
  if (problems.length > 0) throw new Error(`check-dist: ${problems.join("; ")}`);
  await run(context.exec, "check-dist", config.python, [
    "-m",
    "twine",
    "check",
    "--strict",
    ...files.map((f) => f.path)
  ]);
  context.log(
    `check-dist: ${files.length} files of ${packages.map((p) => p.name).join(", ")} ${version}: metadata, version and RECORD hashes agree, twine check passed`
  );
  return checked;
}
function indexUrl(config) {
  return config.registry ?? "https://pypi.org";
}
async function installTest2(config, context, version, packages) {
  const { exec, log } = context;
  const venv = await mkdtemp2(join2(tmpdir2(), "certwright-venv-"));
  await run(exec, "install-test", config.python, ["-m", "venv", venv], { silent: true });
  const python = join2(venv, "bin", "python");
  const specs = packages.map((p) => `${p.name}==${version}`);
  const extra = config.extraIndexUrl ? ["--extra-index-url", `${config.extraIndexUrl}/`] : [];
  const pipEnv = {
    PIP_CONFIG_FILE: devNull,
    PIP_EXTRA_INDEX_URL: void 0,
    PIP_FIND_LINKS: void 0,
    PIP_INDEX_URL: void 0
  };
  await run(
    exec,
    "install-test",
    python,
    [
      "-m",
      "pip",
      "install",
      "--no-cache-dir",
      "--disable-pip-version-check",
      "--index-url",
      `${indexUrl(config)}/simple/`,
      ...extra,
      ...specs
    ],
    { env: pipEnv }
  );
  const show = "import json,sys\nfrom importlib.metadata import version\nprint(json.dumps({n: version(n) for n in sys.argv[1:]}))";
  const installed = JSON.parse(
    await run(exec, "install-test", python, ["-c", show, ...packages.map((p) => p.name)], { silent: true })
  );
  for (const pkg of packages) {
    if (normalizeVersion(installed[pkg.name] ?? "") !== normalizeVersion(version))
      throw new Error(`install-test: pip installed ${pkg.name} ${installed[pkg.name] ?? "(nothing)"}, not ${version}`);
  }
  log(`install-test: ${specs.join(", ")} installed from ${indexUrl(config)} into ${venv}`);
  if (config.smoke)
    await runSmoke(context, config.smoke, {
      cwd: venv,
      bin: join2(venv, "bin"),
      env: { RELEASE_VERSION: version, VIRTUAL_ENV: venv }
    });
}
async function pypiStep(config, context) {
  const { exec, log } = context;
  const { version, packages } = await pypiPackages(config, context);
  switch (config.step) {
    case "check":
      log(`check: ${config.tag} is ${version}, the version of ${packages.map((p) => p.name).join(", ")}`);
      return { version, packages };
    case "build": {
      const outDir = resolve2(config.outDir);
      await mkdir2(outDir, { recursive: true });
      for (const pkg of packages)
        await run(exec, `build ${pkg.name}`, config.python, [
          "-m",
          "build",
          "--outdir",
          outDir,
          ...config.buildIsolation ? [] : ["--no-isolation"],
          pkg.dir
        ]);
      return { version, packages: await checkDist(config, context, version, packages) };
    }
    case "check-dist":
      return { version, packages: await checkDist(config, context, version, packages) };
    case "upload": {
      if (!config.token)
        throw new Error(
          "registry-token: missing; upload here with an API token, or upload with pypa/gh-action-pypi-publish (trusted publishing) in a job of your own workflow"
        );
      const checked = await checkDist(config, context, version, packages);
      const files = checked.flatMap((p) => p.files);
      await run(
        exec,
        "upload",
        config.python,
        [
          "-m",
          "twine",
          "upload",
          "--non-interactive",
          "--disable-progress-bar",
          "--repository-url",
          `${indexUrl(config)}/legacy/`,
          ...files
        ],
        {
          env: { TWINE_USERNAME: "__token__", TWINE_PASSWORD: config.token }
        }
      );
      log(`upload: ${files.length} files to ${indexUrl(config)}`);
      return { version, packages: checked };
    }
    case "install-test":
      await installTest2(config, context, version, packages);
      return { version, packages };
    default:
      throw new Error(`step: "${config.step}" is not a PyPI release step`);
  }
}

// src/release/steps/index.ts
function runReleaseStep(config, context) {
  return config.ecosystem === "npm" ? npmStep(config, context) : pypiStep(config, context);
}

// src/action/release.ts
async function runReleaseAction() {
  try {
    const tagFallback = process.env.GITHUB_REF_TYPE === "tag" ? process.env.GITHUB_REF_NAME : void 0;
    const config = parseReleaseConfig(readInputs(RELEASE_INPUTS, process.env), tagFallback);
    const result = await runReleaseStep(config, {
      exec: actionExec,
      log: (line) => info(neutralise(line)),
      env: process.env
    });
    setOutput("version", result.version);
    setOutput(
      "packages",
      JSON.stringify(result.packages.map((p) => ({ name: p.name, version: p.version, dir: p.dir, files: p.files })))
    );
    setOutput("files", result.packages.flatMap((p) => p.files).join("\n"));
  } catch (error) {
    setFailed(errorMessage(error));
  }
}
export {
  runReleaseAction
};
