import { createHash } from 'node:crypto';
import type { HttpClient } from '../net/http.js';
import { waitFor, type Check, type RetryOptions, type VerifyResult } from './report.js';

export interface PypiVerifyRequest {
  readonly project: string;
  readonly version: string;
  /** The sdists and wheels this pipeline built. */
  readonly files: readonly { readonly name: string; readonly bytes: Buffer }[];
  readonly indexUrl: string;
  readonly tag?: string;
}

interface ReleaseJson {
  readonly info?: { readonly version?: string };
  readonly urls?: readonly { readonly filename: string; readonly digests?: { readonly sha256?: string } }[];
}

/**
 * Checks the PyPI JSON API (`/pypi/<project>/<version>/json`): every local sdist and wheel is
 * published under the same filename with the same sha256, and nothing else is.
 */
export async function verifyPypiRelease(request: PypiVerifyRequest, http: HttpClient, retry: RetryOptions): Promise<VerifyResult> {
  const url = `${request.indexUrl.replace(/\/$/, '')}/pypi/${encodeURIComponent(request.project)}/${encodeURIComponent(request.version)}/json`;
  const expected = request.files.length;
  const release = await waitFor(async () => {
    const response = await http({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (response.status !== 200) return undefined;
    const body = JSON.parse(response.body.toString('utf8')) as ReleaseJson;
    // Files of one release appear one upload at a time: wait for as many as were built.
    return (body.urls?.length ?? 0) >= expected ? body : undefined;
  }, retry);
  const checks: Check[] = [];
  if (request.tag !== undefined) {
    const tagged = request.tag.replace(/^refs\/tags\//, '').replace(/^v(?=\d)/, '');
    checks.push({ name: 'tag', ok: tagged === request.version, detail: `tag ${request.tag} names ${tagged}, the release is ${request.version}` });
  }
  if (!release) {
    checks.push({ name: 'published', ok: false, detail: `${request.project} ${request.version} with ${expected} files is not on ${request.indexUrl} after waiting ${Math.round(retry.timeoutMs / 1000)} s` });
    return { verified: false, checks };
  }
  checks.push({ name: 'published', ok: release.info?.version === request.version, detail: `${request.project} ${release.info?.version ?? '?'} is on ${request.indexUrl}` });
  const published = new Map((release.urls ?? []).map((f) => [f.filename, f.digests?.sha256 ?? '']));
  for (const file of request.files) {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const theirs = published.get(file.name);
    const ok = theirs === sha256;
    checks.push({ name: file.name, ok, detail: theirs === undefined ? 'not published' : ok ? `sha256 ${sha256}` : `sha256 differs: published ${theirs}, local ${sha256}` });
  }
  const unexpected = [...published.keys()].filter((name) => !request.files.some((f) => f.name === name));
  checks.push({ name: 'unexpected files', ok: unexpected.length === 0, detail: unexpected.length === 0 ? 'none' : `published but not built here: ${unexpected.join(', ')}` });
  return { verified: checks.every((c) => c.ok), checks };
}
