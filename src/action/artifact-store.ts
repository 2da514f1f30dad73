import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Octokit } from '@octokit/rest';
import type { StateStore } from '../store/file-store.js';

const FILE = 'certwright-state.jwe';
const DAY = 86_400_000;

export interface ArtifactLocation {
  readonly owner: string;
  readonly repo: string;
  /** A token with actions:read, to list and download artifacts of earlier runs. */
  readonly token: string;
}

interface StoredArtifact {
  readonly id: number;
  readonly runId: number;
  readonly createdAt: number;
}

/**
 * The state as a workflow artifact. Loading finds the newest unexpired artifact of that name
 * in earlier runs (REST list) and downloads it with @actions/artifact; saving is deferred to
 * `flush`, because an artifact name can be uploaded once per run. The bundle is always
 * encrypted: artifacts of public repositories can be downloaded by anyone.
 */
export class ArtifactStore implements StateStore {
  readonly description: string;
  private newest: StoredArtifact | undefined;
  private unsaved: string | undefined;

  constructor(
    private readonly name: string,
    private readonly location: ArtifactLocation,
    private readonly octokit: Octokit,
    private readonly client: Pick<ArtifactClient, 'uploadArtifact' | 'downloadArtifact'>,
    private readonly retentionDays: number,
  ) {
    this.description = `artifact ${name} of ${location.owner}/${location.repo}`;
  }

  async load(): Promise<string | undefined> {
    const { owner, repo } = this.location;
    const listing = await this.octokit.request('GET /repos/{owner}/{repo}/actions/artifacts', { owner, repo, name: this.name, per_page: 100 });
    const candidates = (listing.data.artifacts as { id: number; expired: boolean; created_at?: string | null; workflow_run?: { id?: number } | null }[])
      .filter((a) => !a.expired && a.workflow_run?.id !== undefined)
      .map((a) => ({ id: a.id, runId: a.workflow_run?.id as number, createdAt: Date.parse(a.created_at ?? '') || 0 }))
      .sort((a, b) => b.createdAt - a.createdAt);
    this.newest = candidates[0];
    if (!this.newest) return undefined;
    const path = await mkdtemp(join(tmpdir(), 'certwright-artifact-'));
    await this.client.downloadArtifact(this.newest.id, {
      path,
      findBy: { token: this.location.token, workflowRunId: this.newest.runId, repositoryOwner: owner, repositoryName: repo },
    });
    try {
      return await readFile(join(path, FILE), 'utf8');
    } catch {
      throw new Error(`store: artifact ${this.name} (id ${this.newest.id}) has no ${FILE}; is it a certwright state artifact?`);
    }
  }

  async save(encrypted: string): Promise<void> {
    this.unsaved = encrypted;
  }

  /** Whether the newest artifact is past half its retention, so it should be uploaded again. */
  isAgeing(now: number): boolean {
    return this.newest !== undefined && now - this.newest.createdAt > (this.retentionDays * DAY) / 2;
  }

  /** Uploads the last saved bundle, if any, as this run's artifact. */
  async flush(): Promise<boolean> {
    if (this.unsaved === undefined) return false;
    const dir = await mkdtemp(join(tmpdir(), 'certwright-artifact-'));
    await writeFile(join(dir, FILE), this.unsaved, { mode: 0o600 });
    await this.client.uploadArtifact(this.name, [join(dir, FILE)], dir, { retentionDays: this.retentionDays });
    this.unsaved = undefined;
    return true;
  }
}

/**
 * Ends a run on an artifact store: re-stages an ageing artifact so it never expires under a
 * certificate, then uploads once. Returns whether it uploaded.
 */
export async function finishArtifactState(store: ArtifactStore, session: { save(): Promise<void> }, now: number): Promise<boolean> {
  if (store.isAgeing(now)) await session.save();
  return store.flush();
}
