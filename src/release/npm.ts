import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { HttpClient } from '../net/http.js';
import { run, type Exec } from './exec.js';
import { verifyNpmProvenance, type ExpectedSource, type NpmAttestations, type TrustSource } from './provenance.js';
import { waitFor, type Check, type PackageReport, type RetryOptions } from './report.js';
import {
  ArchiveError,
  describeDiff,
  diffArchives,
  isSameContent,
  readArchive,
  sri,
  type ArchiveEntry,
} from './archive.js';

export interface NpmVerifyRequest {
  readonly name: string;
  readonly version: string;
  /** The tarball `npm pack` wrote in this pipeline. */
  readonly tarball: Buffer;
  /** Default: npm's own configuration (scoped registries included). */
  readonly registry?: string;
  /**
   * Given to npm as NODE_AUTH_TOKEN (what actions/setup-node's .npmrc reads), and to the attestations URL of the same
   * origin.
   */
  readonly token?: string;
  /** The git tag (`v1.2.3`) the version must match. */
  readonly tag?: string;
  readonly requireProvenance: boolean;
  readonly expect: ExpectedSource;
  readonly trust: TrustSource;
}

/** How the npm check reaches the registry: npm itself (so every .npmrc setting applies), and HTTP for attestations. */
export interface NpmVerifyDependencies {
  readonly exec: Exec;
  readonly http: HttpClient;
  readonly retry: RetryOptions;
}

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly dist?: {
    readonly integrity?: string;
    readonly tarball?: string;
    readonly attestations?: { readonly url?: string; readonly provenance?: unknown };
  };
}

/** The version as a tag names it: `v1.2.3` and `1.2.3` both name 1.2.3. */
export function versionOfTag(tag: string): string {
  return tag.replace(/^refs\/tags\//, '').replace(/^v(?=\d)/, '');
}

function npmOptions(request: NpmVerifyRequest): { args: string[]; env: Record<string, string> } {
  return {
    args: request.registry ? ['--registry', request.registry] : [],
    env: request.token ? { NODE_AUTH_TOKEN: request.token } : {},
  };
}

/**
 * `npm view NAME@VERSION`: the version's manifest as npm resolves it, with every setting npm
 * reads (.npmrc files, scoped registries, `_auth`, cafile, proxy). Undefined while the registry
 * does not serve it yet; refused credentials fail at once.
 */
async function viewVersion(request: NpmVerifyRequest, exec: Exec): Promise<Manifest | undefined> {
  const { args, env } = npmOptions(request);
  const result = await exec(
    'npm',
    ['view', `${request.name}@${request.version}`, '--json', '--prefer-online', ...args],
    { silent: true, env },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0) {
    if (/\bE40[13]\b/.test(output))
      throw new Error(
        `verify-release: npm may not read ${request.name} (${/E40[13]/.exec(output)?.[0]}); ` +
          `pass registry-token or configure npm's credentials for the registry`,
      );
    return undefined; // E404 until the registry serves it; anything else: ask again
  }
  if (result.stdout.trim() === '') return undefined; // the package exists, not this version yet
  const parsed = JSON.parse(result.stdout) as Manifest | Manifest[];
  return Array.isArray(parsed) ? parsed.find((m) => m.version === request.version) : parsed;
}

/** `npm pack NAME@VERSION`: the tarball as npm downloads it from the registry. */
async function downloadTarball(request: NpmVerifyRequest, exec: Exec): Promise<Buffer> {
  const { args, env } = npmOptions(request);
  const dir = await mkdtemp(join(tmpdir(), 'certwright-npm-pack-'));
  try {
    const stdout = await run(
      exec,
      'verify-release: download',
      'npm',
      ['pack', `${request.name}@${request.version}`, '--json', '--prefer-online', '--pack-destination', dir, ...args],
      { silent: true, env },
    );
    const [entry] = JSON.parse(stdout) as { filename: string }[];
    if (!entry) throw new Error(`verify-release: npm pack ${request.name}@${request.version} printed no file`);
    return await readFile(join(dir, basename(entry.filename)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The attestations the registry lists for the version (`dist.attestations.url`), if any. */
async function fetchAttestations(
  request: NpmVerifyRequest,
  manifest: Manifest,
  http: HttpClient,
): Promise<NpmAttestations | undefined> {
  const url = manifest.dist?.attestations?.url;
  if (!url) return undefined;
  // The token belongs to the registry: a URL of another origin never gets it.
  const sameOrigin = request.registry !== undefined && new URL(url).origin === new URL(request.registry).origin;
  const response = await http({
    method: 'GET',
    url,
    headers: {
      accept: 'application/json',
      ...(request.token && sameOrigin ? { authorization: `Bearer ${request.token}` } : {}),
    },
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`verify-release: ${url} answered HTTP ${response.status}`);
  return JSON.parse(response.body.toString('utf8')) as NpmAttestations;
}

/**
 * Checks that the version the registry serves is the tarball this pipeline packed: it exists,
 * its `dist.integrity` is the local tarball's SRI, the bytes and every file match, the
 * version matches the tag, and its provenance (required, or whenever there is one) is signed
 * for this tarball by the expected repository and workflow.
 */
export async function verifyNpmRelease(request: NpmVerifyRequest, deps: NpmVerifyDependencies): Promise<PackageReport> {
  const where = request.registry ?? "npm's registry";
  const report = (checks: Check[], extra: Partial<PackageReport> = {}): PackageReport => ({
    ecosystem: 'npm',
    name: request.name,
    version: request.version,
    registry: where,
    verified: checks.every((c) => c.ok),
    checks,
    ...extra,
  });
  const manifest = await waitFor(() => viewVersion(request, deps.exec), deps.retry);
  const checks: Check[] = [];
  if (request.tag !== undefined) {
    const tagged = versionOfTag(request.tag);
    checks.push({
      name: 'tag',
      ok: tagged === request.version,
      detail: `tag ${request.tag} names ${tagged}, the package is ${request.version}`,
    });
  }
  if (!manifest) {
    checks.push({
      name: 'published',
      ok: false,
      detail:
        `${request.name}@${request.version} is not on ${where} after waiting ` +
        `${Math.round(deps.retry.timeoutMs / 1000)} s`,
    });
    return report(checks);
  }
  checks.push({ name: 'published', ok: true, detail: `${request.name}@${request.version} is on ${where}` });
  const localIntegrity = sri(request.tarball);
  const integrity = manifest.dist?.integrity;
  checks.push({
    name: 'integrity',
    ok: integrity === localIntegrity,
    detail: integrity === localIntegrity ? localIntegrity : `registry ${integrity ?? 'none'}, local ${localIntegrity}`,
  });
  const published = await downloadTarball(request, deps.exec).catch((error: unknown) => error as Error);
  if (published instanceof Error)
    checks.push({ name: 'tarball', ok: false, detail: `download failed: ${published.message}` });
  else {
    const same = published.equals(request.tarball);
    checks.push({
      name: 'tarball',
      ok: same,
      detail: same
        ? `${published.length} bytes, identical`
        : `${published.length} bytes published, ${request.tarball.length} local, not identical`,
    });
    checks.push(...(await compareContents(request, published)));
  }
  const attestations = await fetchAttestations(request, manifest, deps.http);
  if (attestations || request.requireProvenance) {
    const tarballSha512Hex = createHash('sha512').update(request.tarball).digest('hex');
    checks.push(
      ...(await verifyNpmProvenance({
        attestations,
        tarballSha512Hex,
        name: request.name,
        version: request.version,
        expect: request.expect,
        trust: request.trust,
      })),
    );
  }
  return report(checks, {
    integrity: localIntegrity,
    ...(manifest.dist?.tarball ? { tarballUrl: manifest.dist.tarball } : {}),
  });
}

/** Reads a tarball as npm unpacks it: everything under its top folder (`package/`). */
const NPM_LAYOUT = { stripTopDirectory: true };

async function compareContents(request: NpmVerifyRequest, published: Buffer): Promise<Check[]> {
  // The name npm pack gives the file (`@acme/good` → `acme-good-1.0.0.tgz`), for messages.
  const filename = `${request.name.replace(/^@/, '').replace('/', '-')}-${request.version}.tgz`;
  const local = await readArchive(filename, request.tarball, NPM_LAYOUT);
  let theirs: ArchiveEntry[];
  try {
    theirs = await readArchive(filename, published, NPM_LAYOUT);
  } catch (error) {
    // What the registry serves is refused (a `..` path, a bomb): a failed check beside the others, not a crash.
    if (!(error instanceof ArchiveError)) throw error;
    return [
      { name: 'files', ok: false, detail: `the registry's tarball is refused: ${error.message}` },
      { name: 'package.json', ok: false, detail: "not read: the registry's tarball is refused" },
    ];
  }
  const diff = diffArchives(local, theirs);
  const same = isSameContent(diff);
  const pkg = theirs.find((e) => e.path === 'package.json' && e.type === 'file');
  const meta = pkg ? (JSON.parse(pkg.content.toString('utf8')) as { name?: string; version?: string }) : {};
  const pkgOk = meta.name === request.name && meta.version === request.version;
  return [
    {
      name: 'files',
      ok: same,
      detail: same ? `${local.length} files, identical` : describeDiff(diff, 10, { remote: 'registry', sizes: false }),
    },
    {
      name: 'package.json',
      ok: pkgOk,
      detail: `published package.json says ${meta.name ?? '?'}@${meta.version ?? '?'}`,
    },
  ];
}
