import { createHash } from 'node:crypto';
import type { HttpClient } from '../net/http.js';
import {
  ArchiveError,
  describeDiff,
  diffArchives,
  isSameContent,
  MAX_UNCOMPRESSED_BYTES,
  readArchive,
} from './archive.js';
import { versionOfTag } from './npm.js';
import { verifyPypiProvenance, type ExpectedSource, type PypiProvenance, type TrustSource } from './provenance.js';
import { waitFor, type Check, type PackageReport, type RetryOptions } from './report.js';

export interface PypiVerifyRequest {
  readonly project: string;
  readonly version: string;
  /** The sdists and wheels this pipeline built for this project. */
  readonly files: readonly { readonly name: string; readonly bytes: Buffer }[];
  readonly indexUrl: string;
  readonly tag?: string;
  /** Fail unless every file has a PEP 740 attestation (present ones are always checked). */
  readonly requireProvenance: boolean;
  readonly expect: ExpectedSource;
  readonly trust: TrustSource;
}

interface ReleaseJson {
  readonly info?: { readonly version?: string };
  readonly urls?: readonly {
    readonly filename: string;
    readonly url?: string;
    readonly digests?: { readonly sha256?: string };
  }[];
}

/** How long the download of one published file may take. */
const DOWNLOAD_DEADLINE_MS = 10 * 60_000;

/** PEP 503: the name an index files a project under. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * One published file against the local one: the index's sha256, the bytes it serves, and
 * where they differ, which files inside the wheel or sdist differ.
 */
async function compareFile(
  local: { name: string; bytes: Buffer },
  published: { url?: string; sha256?: string } | undefined,
  http: HttpClient,
): Promise<Check[]> {
  const mine = sha256(local.bytes);
  if (!published) return [{ name: local.name, ok: false, detail: 'not published' }];
  const listed =
    published.sha256 === mine
      ? `sha256 ${mine}`
      : `the index lists sha256 ${published.sha256 ?? 'none'}, local ${mine}`;
  if (!published.url)
    return [{ name: local.name, ok: false, detail: `${listed}; the index gives no URL to download it` }];
  // A download, not an API answer: bounded like the archives it holds, with time for their size.
  const response = await http({
    method: 'GET',
    url: published.url,
    maxResponseBytes: MAX_UNCOMPRESSED_BYTES,
    deadlineMs: DOWNLOAD_DEADLINE_MS,
  });
  if (response.status !== 200)
    return [{ name: local.name, ok: false, detail: `${listed}; download failed: HTTP ${response.status}` }];
  const served = sha256(response.body);
  const same = served === mine && published.sha256 === mine;
  const checks: Check[] = [
    { name: local.name, ok: same, detail: same ? listed : `${listed}; the index serves ${served}` },
  ];
  if (served === mine) return checks;
  try {
    const diff = diffArchives(await readArchive(local.name, local.bytes), await readArchive(local.name, response.body));
    checks.push({
      name: `files (${local.name})`,
      ok: false,
      detail: isSameContent(diff) ? 'the same files, packed differently' : describeDiff(diff),
    });
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    checks.push({ name: `files (${local.name})`, ok: false, detail: `the index's file is refused: ${error.message}` });
  }
  return checks;
}

/** The Integrity API's provenance of one file (PEP 740), undefined when it has none. */
async function fetchProvenance(
  request: PypiVerifyRequest,
  filename: string,
  http: HttpClient,
): Promise<PypiProvenance | undefined> {
  const file = [request.project, request.version, filename].map(encodeURIComponent).join('/');
  const url = `${request.indexUrl}/integrity/${file}/provenance`;
  const response = await http({ method: 'GET', url, headers: { accept: 'application/vnd.pypi.integrity.v1+json' } });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`verify-release: ${url} answered HTTP ${response.status}`);
  return JSON.parse(response.body.toString('utf8')) as PypiProvenance;
}

/**
 * Checks the release on the index: the JSON API (`/pypi/<project>/<version>/json`) lists every
 * local sdist and wheel under its filename with its sha256 and nothing else; each file the
 * index serves is the local one, byte for byte (or the files inside that differ are named);
 * and each file's PEP 740 attestation, when there is one or one is required, was signed for
 * that file by the expected publisher.
 */
export async function verifyPypiRelease(
  request: PypiVerifyRequest,
  http: HttpClient,
  retry: RetryOptions,
): Promise<PackageReport> {
  const projectVersion = [request.project, request.version].map(encodeURIComponent).join('/');
  const url = `${request.indexUrl}/pypi/${projectVersion}/json`;
  const expected = request.files.length;
  const release = await waitFor(async () => {
    const response = await http({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (response.status !== 200) return undefined;
    const body = JSON.parse(response.body.toString('utf8')) as ReleaseJson;
    // Files of one release appear one upload at a time: wait for as many as were built.
    return (body.urls?.length ?? 0) >= expected ? body : undefined;
  }, retry);
  const checks: Check[] = [];
  const report = (): PackageReport => ({
    ecosystem: 'pypi',
    name: request.project,
    version: request.version,
    registry: request.indexUrl,
    verified: checks.every((c) => c.ok),
    checks,
  });
  if (request.tag !== undefined) {
    const tagged = versionOfTag(request.tag);
    checks.push({
      name: 'tag',
      ok: tagged === request.version,
      detail: `tag ${request.tag} names ${tagged}, the release is ${request.version}`,
    });
  }
  if (!release) {
    checks.push({
      name: 'published',
      ok: false,
      detail:
        `${request.project} ${request.version} with ${expected} files is not on ${request.indexUrl} after waiting ` +
        `${Math.round(retry.timeoutMs / 1000)} s`,
    });
    return report();
  }
  checks.push({
    name: 'published',
    ok: release.info?.version === request.version,
    detail: `${request.project} ${release.info?.version ?? '?'} is on ${request.indexUrl}`,
  });
  const published = new Map(
    (release.urls ?? []).map((f) => [
      f.filename,
      {
        ...(f.url ? { url: new URL(f.url, url).toString() } : {}),
        ...(f.digests?.sha256 ? { sha256: f.digests.sha256 } : {}),
      },
    ]),
  );
  for (const file of request.files) {
    checks.push(...(await compareFile(file, published.get(file.name), http)));
    const provenance = published.has(file.name) ? await fetchProvenance(request, file.name, http) : undefined;
    if (provenance || request.requireProvenance) {
      checks.push(
        ...(await verifyPypiProvenance({
          provenance,
          fileSha256Hex: sha256(file.bytes),
          filename: file.name,
          expect: request.expect,
          trust: request.trust,
        })),
      );
    }
  }
  const unexpected = [...published.keys()].filter((name) => !request.files.some((f) => f.name === name));
  checks.push({
    name: 'unexpected files',
    ok: unexpected.length === 0,
    detail: unexpected.length === 0 ? 'none' : `published but not built here: ${unexpected.join(', ')}`,
  });
  return report();
}
