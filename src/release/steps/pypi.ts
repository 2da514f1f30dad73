import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readArchive, sdistMetadata, wheelMetadata } from '../archive.js';
import { run } from '../exec.js';
import { versionOfTag } from '../npm.js';
import { normalizeProjectName } from '../pypi.js';
import { runSmoke, type ReleaseConfig, type ReleasePackage, type StepContext, type StepResult } from './shared.js';

/** PEP 440 versions compare after these spellings agree (`1.0.0-RC1` is `1.0.0rc1`); enough for a tag check. */
function normalizeVersion(version: string): string {
  return version
    .toLowerCase()
    .replace(/^v/, '')
    .replace(/[-_.]?(a|alpha)[-_.]?(\d*)/, 'a$2')
    .replace(/[-_.]?(b|beta)[-_.]?(\d*)/, 'b$2')
    .replace(/[-_.]?(rc|c|pre|preview)[-_.]?(\d*)/, 'rc$2')
    .replace(/[-_.]?(post|rev|r)[-_.]?(\d*)/, '.post$2');
}

const READ_PROJECT =
  'import json,sys,tomllib\nwith open(sys.argv[1], "rb") as f: p = tomllib.load(f).get("project", ' +
  '{})\nprint(json.dumps({"name": p.get("name"), "version": p.get("version"), "dynamic": p.get("dynamic", [])}))';

/** Each folder's [project] name and version (tomllib, Python 3.11+); a dynamic version is checked after the build. */
async function pypiPackages(
  config: ReleaseConfig,
  context: StepContext,
): Promise<{ version: string; packages: ReleasePackage[] }> {
  const version = versionOfTag(config.tag);
  if (!/^\d+(\.\d+)*/.test(version))
    throw new Error(`tag: "${config.tag}" is not a version tag; expected v1.2.3 (PEP 440)`);
  const packages: ReleasePackage[] = [];
  for (const dir of config.packages) {
    const file = join(dir, 'pyproject.toml');
    // install-test runs where nothing was checked out (after an upload): there the entries are project names.
    if (config.step === 'install-test' && !(await stat(file).catch(() => undefined))) {
      packages.push({ name: dir, version, dir, files: [] });
      continue;
    }
    const stdout = await run(context.exec, `check ${dir}`, config.python, ['-c', READ_PROJECT, file], { silent: true });
    const project = JSON.parse(stdout) as { name?: string; version?: string; dynamic: string[] };
    if (!project.name) throw new Error(`packages: ${file} has no [project] name`);
    if (project.version !== undefined && normalizeVersion(project.version) !== normalizeVersion(version)) {
      throw new Error(
        `tag: ${config.tag} does not match ${file} version ${project.version}; ` +
          `every package of the release carries the tag's version`,
      );
    }
    if (project.version === undefined && !project.dynamic.includes('version'))
      throw new Error(`packages: ${file} has no [project] version and does not declare it dynamic`);
    packages.push({ name: project.name, version, dir, files: [] });
  }
  return { version, packages };
}

interface BuiltFile {
  readonly path: string;
  readonly kind: 'sdist' | 'wheel';
  readonly name: string;
  readonly version: string;
  readonly problems: readonly string[];
}

/** Every sdist and wheel in out-dir, with the name and version its own metadata gives. */
async function builtFiles(outDir: string): Promise<BuiltFile[]> {
  const names = (await readdir(outDir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz'))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(outDir, name);
      const entries = await readArchive(name, await readFile(path));
      if (name.endsWith('.whl')) {
        const meta = wheelMetadata(entries);
        const problems = meta.recordMismatches.map((p) => `RECORD does not match ${p}`);
        return { path, kind: 'wheel' as const, name: meta.name, version: meta.version, problems };
      }
      const meta = sdistMetadata(entries);
      return { path, kind: 'sdist' as const, name: meta.name, version: meta.version, problems: [] };
    }),
  );
}

/**
 * The built files checked before anything is uploaded: each package has an sdist and a wheel,
 * each file's own metadata names a package of the release and the tag's version, wheels'
 * RECORD hashes match their files, and `twine check --strict` passes.
 */
async function checkDist(
  config: ReleaseConfig,
  context: StepContext,
  version: string,
  packages: ReleasePackage[],
): Promise<ReleasePackage[]> {
  const outDir = resolve(config.outDir);
  const files = await builtFiles(outDir);
  const problems: string[] = [];
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
    for (const kind of ['sdist', 'wheel'] as const)
      if (!own.some((f) => f.kind === kind)) problems.push(`${pkg.name} has no ${kind} in ${outDir}`);
    return { ...pkg, files: own.map((f) => f.path) };
  });
  if (problems.length > 0) throw new Error(`check-dist: ${problems.join('; ')}`);
  await run(context.exec, 'check-dist', config.python, [
    '-m',
    'twine',
    'check',
    '--strict',
    ...files.map((f) => f.path),
  ]);
  context.log(
    `check-dist: ${files.length} files of ${packages.map((p) => p.name).join(', ')} ${version}: metadata, ` +
      'version and RECORD hashes agree, twine check passed',
  );
  return checked;
}

function indexUrl(config: ReleaseConfig): string {
  return config.registry ?? 'https://pypi.org';
}

/** Installs the release from the index into a fresh virtual environment and runs the smoke command in it. */
async function installTest(
  config: ReleaseConfig,
  context: StepContext,
  version: string,
  packages: ReleasePackage[],
): Promise<void> {
  const { exec, log } = context;
  const venv = await mkdtemp(join(tmpdir(), 'certwright-venv-'));
  await run(exec, 'install-test', config.python, ['-m', 'venv', venv], { silent: true });
  const python = join(venv, 'bin', 'python');
  const specs = packages.map((p) => `${p.name}==${version}`);
  const extra = config.extraIndexUrl ? ['--extra-index-url', `${config.extraIndexUrl}/`] : [];
  // Only the index named (and extra-index-url): no pip.conf, PIP_EXTRA_INDEX_URL or find-links of the machine.
  const pipEnv = {
    PIP_CONFIG_FILE: devNull,
    PIP_EXTRA_INDEX_URL: undefined,
    PIP_FIND_LINKS: undefined,
    PIP_INDEX_URL: undefined,
  };
  await run(
    exec,
    'install-test',
    python,
    [
      '-m',
      'pip',
      'install',
      '--no-cache-dir',
      '--disable-pip-version-check',
      '--index-url',
      `${indexUrl(config)}/simple/`,
      ...extra,
      ...specs,
    ],
    { env: pipEnv },
  );
  const show =
    'import json,sys\nfrom importlib.metadata import version\nprint(json.dumps({n: version(n) for n in sys.argv[1:]}))';
  const installed = JSON.parse(
    await run(exec, 'install-test', python, ['-c', show, ...packages.map((p) => p.name)], { silent: true }),
  ) as Record<string, string>;
  for (const pkg of packages) {
    if (normalizeVersion(installed[pkg.name] ?? '') !== normalizeVersion(version))
      throw new Error(`install-test: pip installed ${pkg.name} ${installed[pkg.name] ?? '(nothing)'}, not ${version}`);
  }
  log(`install-test: ${specs.join(', ')} installed from ${indexUrl(config)} into ${venv}`);
  if (config.smoke)
    await runSmoke(context, config.smoke, {
      cwd: venv,
      bin: join(venv, 'bin'),
      env: { RELEASE_VERSION: version, VIRTUAL_ENV: venv },
    });
}

/** One step of the PyPI release: check, build, check-dist, upload, install-test. */
export async function pypiStep(config: ReleaseConfig, context: StepContext): Promise<StepResult> {
  const { exec, log } = context;
  const { version, packages } = await pypiPackages(config, context);
  switch (config.step) {
    case 'check':
      log(`check: ${config.tag} is ${version}, the version of ${packages.map((p) => p.name).join(', ')}`);
      return { version, packages };
    case 'build': {
      const outDir = resolve(config.outDir);
      await mkdir(outDir, { recursive: true });
      for (const pkg of packages)
        await run(exec, `build ${pkg.name}`, config.python, [
          '-m',
          'build',
          '--outdir',
          outDir,
          ...(config.buildIsolation ? [] : ['--no-isolation']),
          pkg.dir,
        ]);
      return { version, packages: await checkDist(config, context, version, packages) };
    }
    case 'check-dist':
      return { version, packages: await checkDist(config, context, version, packages) };
    case 'upload': {
      if (!config.token)
        throw new Error(
          'registry-token: missing; upload here with an API token, ' +
            'or upload with pypa/gh-action-pypi-publish (trusted publishing) in a job of your own workflow',
        );
      const checked = await checkDist(config, context, version, packages);
      const files = checked.flatMap((p) => p.files);
      await run(
        exec,
        'upload',
        config.python,
        [
          '-m',
          'twine',
          'upload',
          '--non-interactive',
          '--disable-progress-bar',
          '--repository-url',
          `${indexUrl(config)}/legacy/`,
          ...files,
        ],
        {
          env: { TWINE_USERNAME: '__token__', TWINE_PASSWORD: config.token },
        },
      );
      log(`upload: ${files.length} files to ${indexUrl(config)}`);
      return { version, packages: checked };
    }
    case 'install-test':
      await installTest(config, context, version, packages);
      return { version, packages };
    default:
      throw new Error(`step: "${config.step}" is not a PyPI release step`);
  }
}
