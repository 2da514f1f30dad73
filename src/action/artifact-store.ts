import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Octokit } from '@octokit/rest';
import type { Logger } from '../runtime.js';
import { createOctokit, githubApiUrl, parseRepository } from '../store/github.js';
import type { StateStore, StoreDefinition } from '../store/store.js';

const FILE = 'certwright-state.jwe';
const DAY = 86_400_000;

/** The two calls of @actions/artifact the store makes (a local service stands in for it in tests). */
export type ArtifactTransfer = Pick<ArtifactClient, 'uploadArtifact' | 'downloadArtifact'>;

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
 * `close`, because an artifact name can be uploaded once per run. The bundle is always
 * encrypted: artifacts of public repositories can be downloaded by anyone.
 */
export class ArtifactStore implements StateStore {
  readonly description: string;
  private newest: StoredArtifact | undefined;
  private loaded: string | undefined;
  private unsaved: string | undefined;

  constructor(
    private readonly name: string,
    private readonly location: ArtifactLocation,
    private readonly octokit: Octokit,
    private readonly transfer: ArtifactTransfer,
    private readonly retentionDays: number,
    private readonly now: () => number,
    private readonly logger: Logger,
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
    await this.transfer.downloadArtifact(this.newest.id, {
      path,
      findBy: { token: this.location.token, workflowRunId: this.newest.runId, repositoryOwner: owner, repositoryName: repo },
    });
    try {
      this.loaded = await readFile(join(path, FILE), 'utf8');
      return this.loaded;
    } catch {
      throw new Error(`store: artifact ${this.name} (id ${this.newest.id}) has no ${FILE}; is it a certwright state artifact?`);
    }
  }

  async save(encrypted: string): Promise<void> {
    this.unsaved = encrypted;
  }

  /** Whether the newest artifact is past half its retention, so it should be uploaded again. */
  private isAgeing(): boolean {
    return this.newest !== undefined && this.now() - this.newest.createdAt > (this.retentionDays * DAY) / 2;
  }

  /** Uploads this run's bundle once: the last one saved, or the loaded one again when it is ageing. */
  async close(): Promise<void> {
    const content = this.unsaved ?? (this.isAgeing() ? this.loaded : undefined);
    if (content === undefined) return;
    const dir = await mkdtemp(join(tmpdir(), 'certwright-artifact-'));
    await writeFile(join(dir, FILE), content, { mode: 0o600 });
    await this.transfer.uploadArtifact(this.name, [join(dir, FILE)], dir, { retentionDays: this.retentionDays });
    this.unsaved = undefined;
    this.logger.info(`Saved the state as ${this.description}`);
  }
}

/** @actions/artifact (2.9 MB) is loaded only by a run whose store is an artifact. */
async function defaultTransfer(): Promise<ArtifactTransfer> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** `store: artifact:NAME` (Action only); `transfer` stands in for @actions/artifact in tests. */
export function artifactStoreKind(transfer: () => Promise<ArtifactTransfer> = defaultTransfer): StoreDefinition {
  return {
    kind: 'artifact',
    forms: ['artifact:NAME'],
    configure(name, values) {
      if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`store: "artifact:${name}" has an unusable artifact name; expected letters, digits, dots, hyphens or underscores`);
      const { owner, repo } = parseRepository(values, 'whose artifacts hold the state');
      const token = values['github-token']?.trim();
      if (!token) throw new Error('github-token: missing; listing and downloading artifacts of earlier runs needs a token with actions: read (the job token works)');
      const daysText = values['artifact-retention-days']?.trim() || '90';
      const retentionDays = Number(daysText);
      if (!/^\d+$/.test(daysText) || retentionDays < 1 || retentionDays > 90) {
        throw new Error(`artifact-retention-days: "${daysText}" is not supported; expected whole days from 1 to 90, longer than the time between renewals`);
      }
      const apiUrl = githubApiUrl(values);
      return {
        kind: 'artifact',
        description: `artifact ${name} of ${owner}/${repo}`,
        open: async ({ http, now, logger }) =>
          new ArtifactStore(name, { owner, repo, token }, await createOctokit(token, apiUrl, http), await transfer(), retentionDays, now, logger),
      };
    },
  };
}
