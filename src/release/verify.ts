import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HttpClients } from '../net/http.js';
import { childExec, type Exec } from '../process/exec.js';
import { systemClock, USER_AGENT } from '../runtime.js';
import { verifyNpmRelease } from './npm.js';
import { publicGoodTrust, trustedRootTrust, type ExpectedSource, type TrustSource } from './provenance.js';
import { normalizeProjectName, verifyPypiRelease } from './pypi.js';
import type { PackageReport, RetryOptions, VerifyReport } from './report.js';

/** One release to check, of one or several packages: what was built here against what the registry serves. */
export interface VerifyConfig {
  readonly ecosystem: 'npm' | 'pypi';
  /** npm package names or PyPI projects, released together at one version. */
  readonly names: readonly string[];
  readonly version: string;
  /** npm: the .tgz npm pack wrote, or the folder with the tarballs of several packages. */
  readonly tarball?: string;
  readonly dist: string;
  /** npm: default npm's own configuration. PyPI: default https://pypi.org. */
  readonly registry?: string;
  readonly token?: string;
  readonly tag?: string;
  readonly requireProvenance: boolean;
  readonly expectRepository?: string;
  /** expectRepository is the workflow's own repository, taken because none was named. */
  readonly expectRepositoryIsDefault?: boolean;
  readonly expectWorkflow?: string;
  /** Accept provenance built by a `pull_request_target` run. */
  readonly allowPullRequestTarget: boolean;
  /** A Sigstore trusted root JSON file; default the public-good one, fetched with TUF when needed. */
  readonly trustedRoot?: string;
  readonly timeoutMs: number;
}

export interface VerifyOptions {
  /** Where npm, proxy settings and credentials come from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How npm is run (the Action's goes through @actions/exec); default a child process. */
  readonly exec?: Exec;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** The npm tarball of `name` (`@acme/site` → `acme-site-1.2.3.tgz`), in the folder or as the file given. */
async function tarballOf(config: VerifyConfig, name: string): Promise<Buffer> {
  const given = config.tarball as string;
  const isFolder = (await stat(given).catch(() => undefined))?.isDirectory() ?? false;
  if (!isFolder && config.names.length > 1)
    throw new Error(
      `tarball: ${given} is one file, but ${config.names.length} packages are checked; ` +
        'pass the folder npm pack wrote their tarballs to',
    );
  const file = isFolder ? join(given, `${name.replace(/^@/, '').replace('/', '-')}-${config.version}.tgz`) : given;
  return readFile(file).catch((cause: unknown) => {
    throw new Error(`tarball: cannot read ${file}; expected the file npm pack wrote${isFolder ? ` for ${name}` : ''}`, {
      cause,
    });
  });
}

/**
 * The sdists and wheels in dist, each given to the project its file name names (all of them when only one is checked).
 */
async function distFiles(config: VerifyConfig): Promise<Map<string, { name: string; bytes: Buffer }[]>> {
  const names = (await readdir(config.dist).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz') || f.endsWith('.zip'))
    .sort();
  if (names.length === 0)
    throw new Error(`dist: no sdist or wheel in ${config.dist}; expected the folder python -m build wrote`);
  const byProject = new Map(config.names.map((name) => [name, [] as { name: string; bytes: Buffer }[]]));
  for (const file of names) {
    const prefix = normalizeProjectName(file.slice(0, Math.max(0, file.indexOf(`-${config.version}`))));
    const project =
      config.names.length === 1 ? config.names[0] : config.names.find((n) => normalizeProjectName(n) === prefix);
    if (project === undefined)
      throw new Error(
        `dist: ${basename(file)} is a file of none of ${config.names.join(', ')} at ${config.version}; ` +
          'build into an empty folder',
      );
    byProject.get(project)?.push({ name: file, bytes: await readFile(join(config.dist, file)) });
  }
  for (const [project, files] of byProject)
    if (files.length === 0)
      throw new Error(`dist: no sdist or wheel of ${project} ${config.version} in ${config.dist}`);
  return byProject;
}

/** Runs the checks for every package of the release, one after another, into one report. */
export async function runVerifyRelease(config: VerifyConfig, options: VerifyOptions = {}): Promise<VerifyReport> {
  const env = options.env ?? {};
  const http = new HttpClients({ userAgent: USER_AGENT, env }).forTrust();
  const retry: RetryOptions = {
    sleep: options.sleep ?? ((ms) => systemClock.sleep(ms)),
    now: options.now ?? (() => systemClock.now()),
    timeoutMs: config.timeoutMs,
  };
  const trust: TrustSource = config.trustedRoot ? trustedRootTrust(config.trustedRoot) : publicGoodTrust();
  const expect: ExpectedSource = {
    ...(config.expectRepository ? { repository: config.expectRepository } : {}),
    ...(config.expectRepositoryIsDefault ? { repositoryIsDefault: true } : {}),
    ...(config.expectWorkflow ? { workflow: config.expectWorkflow } : {}),
    allowPullRequestTarget: config.allowPullRequestTarget,
  };
  const common = {
    version: config.version,
    requireProvenance: config.requireProvenance,
    expect,
    trust,
    ...(config.tag ? { tag: config.tag } : {}),
  };
  const packages: PackageReport[] = [];
  if (config.ecosystem === 'npm') {
    const exec = options.exec ?? childExec(env);
    for (const name of config.names) {
      const tarball = await tarballOf(config, name);
      packages.push(
        await verifyNpmRelease(
          {
            ...common,
            name,
            tarball,
            ...(config.registry ? { registry: config.registry } : {}),
            ...(config.token ? { token: config.token } : {}),
          },
          { exec, http, retry },
        ),
      );
    }
  } else {
    const files = await distFiles(config);
    for (const project of config.names) {
      packages.push(
        await verifyPypiRelease(
          { ...common, project, files: files.get(project) ?? [], indexUrl: config.registry ?? 'https://pypi.org' },
          http,
          retry,
        ),
      );
    }
  }
  return { verified: packages.every((p) => p.verified), checkedAt: new Date(retry.now()).toISOString(), packages };
}
