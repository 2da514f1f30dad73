import type { HttpClient } from '../net/http.js';
import { waitFor, type Check, type RetryOptions, type VerifyResult } from './report.js';
import { diffTarballs, readTarball, sri } from './tarball.js';

export interface NpmVerifyRequest {
  readonly name: string;
  readonly version: string;
  /** The tarball `npm pack` wrote in this pipeline. */
  readonly tarball: Buffer;
  readonly registry: string;
  readonly token?: string;
  /** The git tag (`v1.2.3`) the version must match. */
  readonly tag?: string;
  readonly requireProvenance: boolean;
}

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly dist?: { readonly integrity?: string; readonly tarball?: string; readonly attestations?: { readonly provenance?: unknown } };
}

function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/$/, '')}/${encodeURIComponent(name).replace(/^%40/, '@')}`;
}

/** The version as a tag names it: `v1.2.3` and `1.2.3` both name 1.2.3. */
export function versionOfTag(tag: string): string {
  return tag.replace(/^refs\/tags\//, '').replace(/^v(?=\d)/, '');
}

/**
 * Checks that the version the registry serves is the tarball this pipeline packed: it exists,
 * its `dist.integrity` is the local tarball's SRI, the bytes match, the file lists and
 * package.json agree, the version matches the tag, and (optionally) it has provenance.
 */
export async function verifyNpmRelease(request: NpmVerifyRequest, http: HttpClient, retry: RetryOptions): Promise<VerifyResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const url = packumentUrl(request.registry, request.name);
  const manifest = await waitFor(async () => {
    const response = await http({ method: 'GET', url, headers });
    if (response.status === 404) return undefined;
    if (response.status === 401 || response.status === 403) throw new Error(`verify-release: ${url} answered HTTP ${response.status}; pass registry-token for a private registry`);
    if (response.status !== 200) return undefined; // a registry in trouble: ask again
    const packument = JSON.parse(response.body.toString('utf8')) as { versions?: Record<string, Manifest> };
    return packument.versions?.[request.version];
  }, retry);
  const checks: Check[] = [];
  if (request.tag !== undefined) {
    const tagged = versionOfTag(request.tag);
    checks.push({ name: 'tag', ok: tagged === request.version, detail: `tag ${request.tag} names ${tagged}, the package is ${request.version}` });
  }
  if (!manifest) {
    checks.push({ name: 'published', ok: false, detail: `${request.name}@${request.version} is not on ${request.registry} after waiting ${Math.round(retry.timeoutMs / 1000)} s` });
    return { verified: false, checks };
  }
  checks.push({ name: 'published', ok: true, detail: `${request.name}@${request.version} is on ${request.registry}` });
  const localIntegrity = sri(request.tarball);
  const integrity = manifest.dist?.integrity;
  checks.push({ name: 'integrity', ok: integrity === localIntegrity, detail: integrity === localIntegrity ? localIntegrity : `registry ${integrity ?? 'none'}, local ${localIntegrity}` });
  const tarballUrl = manifest.dist?.tarball;
  let published: Buffer | undefined;
  if (tarballUrl) {
    // The token belongs to the registry: a tarball served from elsewhere (a CDN) never gets it.
    const sameOrigin = new URL(tarballUrl, request.registry).origin === new URL(request.registry).origin;
    const response = await http({ method: 'GET', url: tarballUrl, headers: request.token && sameOrigin ? { authorization: `Bearer ${request.token}` } : {} });
    if (response.status === 200) published = response.body;
    checks.push({ name: 'tarball', ok: published?.equals(request.tarball) ?? false, detail: published ? (published.equals(request.tarball) ? `${published.length} bytes, identical` : `${published.length} bytes published, ${request.tarball.length} local, not identical`) : `download failed: HTTP ${response.status}` });
  } else {
    checks.push({ name: 'tarball', ok: false, detail: 'the registry gives no dist.tarball' });
  }
  if (published) checks.push(...compareContents(request, published));
  if (request.requireProvenance) {
    const has = manifest.dist?.attestations?.provenance !== undefined;
    checks.push({ name: 'provenance', ok: has, detail: has ? 'dist.attestations.provenance present' : 'no provenance attestation (publish with npm trusted publishing or --provenance)' });
  }
  const result: VerifyResult = { verified: checks.every((c) => c.ok), checks, integrity: localIntegrity, ...(tarballUrl ? { tarballUrl } : {}) };
  return result;
}

function compareContents(request: NpmVerifyRequest, published: Buffer): Check[] {
  const local = readTarball(request.tarball);
  const theirs = readTarball(published);
  const diff = diffTarballs(local, theirs);
  const same = diff.added.length + diff.removed.length + diff.changed.length === 0;
  const parts = [
    diff.added.length ? `added on the registry: ${diff.added.join(', ')}` : '',
    diff.removed.length ? `missing on the registry: ${diff.removed.join(', ')}` : '',
    diff.changed.length ? `changed: ${diff.changed.join(', ')}` : '',
  ].filter(Boolean);
  const pkg = theirs.find((e) => e.path === 'package.json');
  const meta = pkg ? (JSON.parse(pkg.content.toString('utf8')) as { name?: string; version?: string }) : {};
  const pkgOk = meta.name === request.name && meta.version === request.version;
  return [
    { name: 'files', ok: same, detail: same ? `${local.length} files, identical` : parts.join('; ') },
    { name: 'package.json', ok: pkgOk, detail: `published package.json says ${meta.name ?? '?'}@${meta.version ?? '?'}` },
  ];
}
