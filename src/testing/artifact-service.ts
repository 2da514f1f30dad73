/**
 * A local artifact service behind the two @actions/artifact client methods certwright calls
 * (uploadArtifact, downloadArtifact), at that module boundary: the real client speaks a Twirp
 * API plus blob storage that only exist inside GitHub Actions. It enforces what the service
 * does: one upload per name and run, files under the root directory, retention 1-90 days, and
 * downloads from other runs only with findBy naming the right token, run and repository. An
 * upload is listed with what the test declared of the current run in `api.runs` (branch, head
 * repository), as GitHub lists it with the run that made it.
 */
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { DownloadArtifactOptions, FindOptions, UploadArtifactOptions } from '@actions/artifact';
import type { GithubApi } from './github-api.js';

export class LocalArtifactService {
  private readonly storage = new Map<number, string>();
  uploads = 0;

  constructor(
    private readonly api: GithubApi,
    private readonly repository: { owner: string; repo: string },
    private readonly token: string,
    /** The workflow run the client is "in". */
    public runId: number,
  ) {}

  async uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: UploadArtifactOptions,
  ): Promise<{ id: number; size: number }> {
    if (this.api.artifacts.some((a) => a.name === name && a.workflow_run.id === this.runId)) {
      throw new Error(`Failed to CreateArtifact: an artifact with this name already exists on the workflow run`);
    }
    if (files.length === 0 || files.some((f) => relative(rootDirectory, f).startsWith('..')))
      throw new Error('files must be non-empty and under rootDirectory');
    const days = options?.retentionDays ?? 90;
    if (days < 1 || days > 90) throw new Error(`retentionDays ${days} is outside 1-90`);
    const run = this.api.runs.get(this.runId);
    if (!run) throw new Error(`run ${this.runId} is not in api.runs; declare the run before it uploads`);
    const dir = await mkdtemp(join(tmpdir(), 'local-artifact-service-'));
    for (const file of files) await copyFile(file, join(dir, basename(file)));
    const id = this.api.artifacts.length + 1;
    this.storage.set(id, dir);
    this.api.artifacts.push({
      id,
      name,
      expired: false,
      created_at: new Date().toISOString(),
      workflow_run: {
        id: this.runId,
        repository_id: run.repository.id,
        head_repository_id: run.head_repository?.id ?? null,
        head_branch: run.head_branch,
        head_sha: run.head_sha,
      },
    });
    this.uploads++;
    return { id, size: 1 };
  }

  async downloadArtifact(
    id: number,
    options?: DownloadArtifactOptions & FindOptions,
  ): Promise<{ downloadPath: string }> {
    const artifact = this.api.artifacts.find((a) => a.id === id);
    const dir = this.storage.get(id);
    if (!artifact || !dir) throw new Error(`Artifact not found: ${id}`);
    const findBy = options?.findBy;
    if (artifact.workflow_run.id !== this.runId) {
      if (!findBy || findBy.token !== this.token || findBy.workflowRunId !== artifact.workflow_run.id)
        throw new Error('Artifact not found (findBy does not match its run)');
      if (findBy.repositoryOwner !== this.repository.owner || findBy.repositoryName !== this.repository.repo)
        throw new Error('Artifact not found (wrong repository)');
    }
    const path = options?.path ?? process.cwd();
    await mkdir(path, { recursive: true });
    for (const file of await readdir(dir)) await copyFile(join(dir, file), join(path, file));
    return { downloadPath: path };
  }
}
