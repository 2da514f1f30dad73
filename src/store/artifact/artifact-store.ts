import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, type Logger } from '../../runtime.js';
import type { StateStore } from '../../state/state-store.js';
import type { GitHubRest } from '../github.js';
import type { ArtifactTransfer } from './transfer.js';

const FILE = 'certwright-state.jwe';
const DAY = 86_400_000;
/** Artifacts per listing page, GitHub's largest. */
const PAGE = 100;
/**
 * Events GitHub runs only on the latest commit of the default branch: their `head_branch` is a
 * branch. Any other (a push, workflow_dispatch, a release) may run on a tag, whose name
 * `head_branch` gives just the same, so a tag named `main` would pass for the branch.
 */
const DEFAULT_BRANCH_EVENTS: readonly string[] = ['schedule', 'workflow_run', 'repository_dispatch'];
/** Runs for a pull request: whoever opened it may have chosen the code they ran, or the workflow itself. */
const PULL_REQUEST_EVENTS: readonly string[] = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];

export interface ArtifactLocation {
  readonly owner: string;
  readonly repo: string;
  /** A token with actions:read, to list and download artifacts of earlier runs. */
  readonly token: string;
}

/** Which earlier runs may have written the state this run loads. */
export interface ArtifactTrust {
  /** Their branch (`artifact-branch`); undefined: the repository's default branch. */
  readonly branch: string | undefined;
  /**
   * This run's workflow file (`.github/workflows/renew.yml`); undefined outside Actions, where it cannot be checked.
   */
  readonly workflow: string | undefined;
}

/** The trust with the default branch looked up (once per run). */
interface SettledTrust {
  readonly branch: string;
  /** Whether `artifact-branch` named the branch (else it is the default branch). */
  readonly named: boolean;
  readonly workflow: string | undefined;
}

/**
 * What is known of the run that made an artifact: the listing tells some of it, the run itself
 * all. A field left undefined is not known yet; null is known to be absent (a deleted fork).
 */
interface RunFacts {
  readonly repositoryId?: number | undefined;
  readonly headRepositoryId?: number | null | undefined;
  /** owner/name of the head repository, for messages (only the run tells it). */
  readonly headRepository?: string;
  /** The name of the branch, or of the tag, the run was for: GitHub's `head_branch` does not say which. */
  readonly headBranch?: string | null | undefined;
  readonly headSha?: string;
  readonly event?: string;
  readonly path?: string;
}

interface StoredArtifact {
  readonly id: number;
  readonly runId: number;
  readonly createdAt: number;
  /** What the listing tells of its run, enough to pass over most untrusted ones without asking for the run. */
  readonly listed: RunFacts;
}

/**
 * Why the run that made an artifact is not trusted to have written the state, from what is
 * known of it; undefined when nothing known speaks against it. A fork or a pull request can
 * upload an artifact of any name, and a scheduled renewal must not load what they planted.
 */
function distrust(run: RunFacts, trust: SettledTrust, repository: string): string | undefined {
  if (
    run.headRepositoryId !== undefined &&
    run.repositoryId !== undefined &&
    run.headRepositoryId !== run.repositoryId
  ) {
    const head =
      run.headRepository ??
      (run.headRepositoryId === null ? 'a deleted repository' : `repository id ${run.headRepositoryId}`);
    return `made in a fork (${head}), not in ${repository}`;
  }
  if (run.event !== undefined && PULL_REQUEST_EVENTS.includes(run.event))
    return `made for a pull request (event ${run.event})`;
  if (run.headBranch !== undefined && run.headBranch !== trust.branch) {
    const why = trust.named ? 'artifact-branch' : 'the default branch; artifact-branch names another';
    const made = run.headBranch === null ? 'no branch' : `branch ${run.headBranch}`;
    return `made on ${made}, not ${trust.branch} (${why})`;
  }
  if (trust.workflow !== undefined && run.path !== undefined && run.path !== trust.workflow)
    return `made by ${run.path || 'an unnamed workflow'}, not ${trust.workflow}`;
  return undefined;
}

/**
 * The state as a workflow artifact. Loading finds the newest unexpired artifact of that name
 * that a trusted earlier run made (REST list and runs) and downloads it with @actions/artifact;
 * saving is deferred to `close`, because an artifact name can be uploaded once per run. The
 * bundle is always encrypted: artifacts of public repositories can be downloaded by anyone.
 * Its folders in the temp directory are removed once read or uploaded.
 */
export class ArtifactStore implements StateStore {
  readonly description: string;
  private newest: StoredArtifact | undefined;
  private loaded: string | undefined;
  private unsaved: string | undefined;
  /**
   * The engine loads again before each save: what the first load learnt is kept, and each artifact passed over is said
   * once.
   */
  private settled: Promise<SettledTrust> | undefined;
  private readonly runs = new Map<number, RunFacts>();
  /** Per run: why its commit does not count as the trusted branch's ('' when it does). */
  private readonly onBranch = new Map<number, Promise<string>>();
  /** The commit the trusted branch points at, read once. */
  private branchHead: Promise<string> | undefined;
  private readonly reported = new Set<number>();

  constructor(
    private readonly name: string,
    private readonly location: ArtifactLocation,
    private readonly trust: ArtifactTrust,
    private readonly octokit: GitHubRest,
    private readonly transfer: ArtifactTransfer,
    private readonly retentionDays: number,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.description = `artifact ${name} of ${location.owner}/${location.repo}`;
  }

  async load(): Promise<string | undefined> {
    const artifact = await this.newestTrusted();
    if (artifact && artifact.id === this.newest?.id) return this.loaded; // an artifact never changes
    const loaded = artifact ? await this.download(artifact) : undefined;
    this.newest = artifact;
    this.loaded = loaded;
    return loaded;
  }

  /** The bundle in an artifact, through a temp folder removed once it is read. */
  private async download(artifact: StoredArtifact): Promise<string> {
    const { owner, repo, token } = this.location;
    const path = await mkdtemp(join(tmpdir(), 'certwright-artifact-'));
    try {
      await this.transfer.downloadArtifact(artifact.id, {
        path,
        findBy: { token, workflowRunId: artifact.runId, repositoryOwner: owner, repositoryName: repo },
      });
      return await readFile(join(path, FILE), 'utf8').catch((cause: unknown) => {
        throw new Error(
          `store: artifact ${this.name} (id ${artifact.id}) has no ${FILE}, so the state cannot be loaded; is it a ` +
            `certwright state artifact? Set state-reset: true to start over`,
          { cause },
        );
      });
    } finally {
      await this.remove(path);
    }
  }

  /**
   * The newest artifact whose run is trusted, asking for runs one at a time, newest first, and
   * only as far as needed. Each one passed over is said so: as a warning when an older one is
   * used instead, since its run may have tried to plant a state.
   */
  private async newestTrusted(): Promise<StoredArtifact | undefined> {
    const repository = `${this.location.owner}/${this.location.repo}`;
    const ignored: string[] = [];
    let found: StoredArtifact | undefined;
    for await (const artifact of this.candidates()) {
      const trust = await (this.settled ??= this.settleTrust());
      const reason =
        distrust(artifact.listed, trust, repository) ?? (await this.distrustRun(artifact.runId, trust, repository));
      if (reason === undefined) {
        found = artifact;
        break;
      }
      if (!this.reported.has(artifact.id))
        ignored.push(`Ignoring artifact ${this.name} (id ${artifact.id}) of run ${artifact.runId}: ${reason}`);
      this.reported.add(artifact.id);
    }
    for (const line of ignored) {
      if (found) this.logger.warn(line);
      else this.logger.info(line);
    }
    if (!found && ignored.length > 0)
      this.logger.info(`No trusted artifact ${this.name}: this run starts without state`);
    return found;
  }

  /** Unexpired artifacts of the name, newest first, read a page at a time as far as they are used. */
  private async *candidates(): AsyncGenerator<StoredArtifact> {
    const { owner, repo } = this.location;
    for (let page = 1; ; page++) {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/actions/artifacts', {
        owner,
        repo,
        name: this.name,
        per_page: PAGE,
        page,
      });
      yield* data.artifacts
        .flatMap((a) => {
          const run = a.workflow_run;
          if (a.expired || run?.id === undefined) return [];
          const listed = {
            repositoryId: run.repository_id,
            headRepositoryId: run.head_repository_id,
            headBranch: run.head_branch,
          };
          return [{ id: a.id, runId: run.id, createdAt: Date.parse(a.created_at ?? '') || 0, listed }];
        })
        .sort((a, b) => b.createdAt - a.createdAt);
      if (data.artifacts.length < PAGE) return;
    }
  }

  /** The branch to trust, asking GitHub for the default one only when `artifact-branch` is not set. */
  private async settleTrust(): Promise<SettledTrust> {
    const { workflow, branch } = this.trust;
    if (workflow === undefined)
      this.logger.info(
        `No GITHUB_WORKFLOW_REF (not in a GitHub Actions run): artifact ${this.name} is checked for its branch, ` +
          `repository and event, not for the workflow that made it`,
      );
    if (branch !== undefined) return { branch, named: true, workflow };
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
    return { branch: data.default_branch, named: false, workflow };
  }

  /** Why the run is not trusted: what {@link distrust} finds, else a commit that is not on the trusted branch. */
  private async distrustRun(runId: number, trust: SettledTrust, repository: string): Promise<string | undefined> {
    const run = await this.runFacts(runId);
    const reason = distrust(run, trust, repository);
    if (reason !== undefined || DEFAULT_BRANCH_EVENTS.includes(run.event ?? '')) return reason;
    let verdict = this.onBranch.get(runId);
    if (!verdict) this.onBranch.set(runId, (verdict = this.commitOffBranch(runId, run, trust.branch)));
    return (await verdict) || undefined;
  }

  /**
   * Whether the run's commit is on `branch` (its head, or behind it): a run for a tag of the
   * same name, on a commit of its own, is not. Compared by SHA, since a name such as `main` is
   * resolved to the tag before the branch. Returns why not, or '' when it is.
   */
  private async commitOffBranch(runId: number, run: RunFacts, branch: string): Promise<string> {
    const { owner, repo } = this.location;
    const sha = run.headSha ?? '';
    try {
      const head = await (this.branchHead ??= this.octokit
        .request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` })
        .then(({ data }) => data.object.sha));
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner,
        repo,
        basehead: `${head}...${sha}`,
        per_page: 1,
      });
      if (data.status === 'identical' || data.status === 'behind') return '';
    } catch (error) {
      throw new Error(
        `store: cannot tell whether run ${runId} (event ${run.event ?? 'unknown'}) ran on branch ${branch} or on a ` +
          `tag of that name: ${errorMessage(error)}; ` +
          "the token needs contents: read (permissions: { actions: read, contents: read }) to compare the run's " +
          'commit with the branch',
        { cause: error },
      );
    }
    return (
      `made for a tag or other ref named ${branch} (event ${run.event ?? 'unknown'}), not the branch: ` +
      `its commit ${sha.slice(0, 12)} is not on branch ${branch}`
    );
  }

  private async runFacts(runId: number): Promise<RunFacts> {
    const known = this.runs.get(runId);
    if (known) return known;
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
      owner,
      repo,
      run_id: runId,
    });
    const head = data.head_repository as typeof data.head_repository | null; // null once a fork is deleted
    const facts: RunFacts = {
      repositoryId: Number(data.repository.id),
      headRepositoryId: head ? Number(head.id) : null,
      ...(head ? { headRepository: head.full_name } : {}),
      headBranch: data.head_branch,
      headSha: data.head_sha,
      event: data.event,
      path: (data.path ?? '').replace(/@.*$/, ''), // as GITHUB_WORKFLOW_REF's file, should a ref ever follow it
    };
    this.runs.set(runId, facts);
    return facts;
  }

  /** Keeps the bundle for `close`: an artifact name can be uploaded once per run. */
  save(encrypted: string): Promise<void> {
    this.unsaved = encrypted;
    return Promise.resolve();
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
    try {
      await writeFile(join(dir, FILE), content, { mode: 0o600 });
      await this.transfer.uploadArtifact(this.name, [join(dir, FILE)], dir, { retentionDays: this.retentionDays });
    } finally {
      await this.remove(dir);
    }
    this.unsaved = undefined;
    this.logger.info(`Saved the state as ${this.description}`);
  }

  /** Removes a temp folder of the bundle; a failure is only logged, never hiding the first error. */
  private async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
      this.logger.warn(`could not remove ${dir}: ${errorMessage(error)}`),
    );
  }
}
