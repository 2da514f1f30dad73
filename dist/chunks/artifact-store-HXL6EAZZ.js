import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { errorMessage } from "./start.js";
import "./start.js";

// src/store/artifact/artifact-store.ts
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var FILE = "certwright-state.jwe";
var DAY = 864e5;
var PAGE = 100;
var DEFAULT_BRANCH_EVENTS = ["schedule", "workflow_run", "repository_dispatch"];
var PULL_REQUEST_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment"
];
function distrust(run, trust, repository) {
  if (run.headRepositoryId !== void 0 && run.repositoryId !== void 0 && run.headRepositoryId !== run.repositoryId) {
    const head = run.headRepository ?? (run.headRepositoryId === null ? "a deleted repository" : `repository id ${run.headRepositoryId}`);
    return `made in a fork (${head}), not in ${repository}`;
  }
  if (run.event !== void 0 && PULL_REQUEST_EVENTS.includes(run.event))
    return `made for a pull request (event ${run.event})`;
  if (run.headBranch !== void 0 && run.headBranch !== trust.branch) {
    const why = trust.named ? "artifact-branch" : "the default branch; artifact-branch names another";
    const made = run.headBranch === null ? "no branch" : `branch ${run.headBranch}`;
    return `made on ${made}, not ${trust.branch} (${why})`;
  }
  if (trust.workflow !== void 0 && run.path !== void 0 && run.path !== trust.workflow)
    return `made by ${run.path || "an unnamed workflow"}, not ${trust.workflow}`;
  return void 0;
}
var ArtifactStore = class {
  constructor(name, location, trust, octokit, transfer, retentionDays, now, logger) {
    this.name = name;
    this.location = location;
    this.trust = trust;
    this.octokit = octokit;
    this.transfer = transfer;
    this.retentionDays = retentionDays;
    this.now = now;
    this.logger = logger;
    this.description = `artifact ${name} of ${location.owner}/${location.repo}`;
  }
  name;
  location;
  trust;
  octokit;
  transfer;
  retentionDays;
  now;
  logger;
  description;
  newest;
  loaded;
  unsaved;
  /**
   * The engine loads again before each save: what the first load learnt is kept, and each artifact passed over is said
   * once.
   */
  settled;
  runs = /* @__PURE__ */ new Map();
  /** Per run: why its commit does not count as the trusted branch's ('' when it does). */
  onBranch = /* @__PURE__ */ new Map();
  /** The commit the trusted branch points at, read once. */
  branchHead;
  reported = /* @__PURE__ */ new Set();
  async load() {
    const artifact = await this.newestTrusted();
    if (artifact && artifact.id === this.newest?.id) return this.loaded;
    const loaded = artifact ? await this.download(artifact) : void 0;
    this.newest = artifact;
    this.loaded = loaded;
    return loaded;
  }
  /** The bundle in an artifact, through a temp folder removed once it is read. */
  async download(artifact) {
    const { owner, repo, token } = this.location;
    const path = await mkdtemp(join(tmpdir(), "certwright-artifact-"));
    try {
      await this.transfer.downloadArtifact(artifact.id, {
        path,
        findBy: { token, workflowRunId: artifact.runId, repositoryOwner: owner, repositoryName: repo }
      });
      return await readFile(join(path, FILE), "utf8").catch((cause) => {
        throw new Error(
          `store: artifact ${this.name} (id ${artifact.id}) has no ${FILE}, so the state cannot be loaded; is it a certwright state artifact? Set state-reset: true to start over`,
          { cause }
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
  async newestTrusted() {
    const repository = `${this.location.owner}/${this.location.repo}`;
    const ignored = [];
    let found;
    for await (const artifact of this.candidates()) {
      const trust = await (this.settled ??= this.settleTrust());
      const reason = distrust(artifact.listed, trust, repository) ?? await this.distrustRun(artifact.runId, trust, repository);
      if (reason === void 0) {
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
  async *candidates() {
    const { owner, repo } = this.location;
    for (let page = 1; ; page++) {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/actions/artifacts", {
        owner,
        repo,
        name: this.name,
        per_page: PAGE,
        page
      });
      yield* data.artifacts.flatMap((a) => {
        const run = a.workflow_run;
        if (a.expired || run?.id === void 0) return [];
        const listed = {
          repositoryId: run.repository_id,
          headRepositoryId: run.head_repository_id,
          headBranch: run.head_branch
        };
        return [{ id: a.id, runId: run.id, createdAt: Date.parse(a.created_at ?? "") || 0, listed }];
      }).sort((a, b) => b.createdAt - a.createdAt);
      if (data.artifacts.length < PAGE) return;
    }
  }
  /** The branch to trust, asking GitHub for the default one only when `artifact-branch` is not set. */
  async settleTrust() {
    const { workflow, branch } = this.trust;
    if (workflow === void 0)
      this.logger.info(
        `No GITHUB_WORKFLOW_REF (not in a GitHub Actions run): artifact ${this.name} is checked for its branch, repository and event, not for the workflow that made it`
      );
    if (branch !== void 0) return { branch, named: true, workflow };
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    return { branch: data.default_branch, named: false, workflow };
  }
  /** Why the run is not trusted: what {@link distrust} finds, else a commit that is not on the trusted branch. */
  async distrustRun(runId, trust, repository) {
    const run = await this.runFacts(runId);
    const reason = distrust(run, trust, repository);
    if (reason !== void 0 || DEFAULT_BRANCH_EVENTS.includes(run.event ?? "")) return reason;
    let verdict = this.onBranch.get(runId);
    if (!verdict) this.onBranch.set(runId, verdict = this.commitOffBranch(runId, run, trust.branch));
    return await verdict || void 0;
  }
  /**
   * Whether the run's commit is on `branch` (its head, or behind it): a run for a tag of the
   * same name, on a commit of its own, is not. Compared by SHA, since a name such as `main` is
   * resolved to the tag before the branch. Returns why not, or '' when it is.
   */
  async commitOffBranch(runId, run, branch) {
    const { owner, repo } = this.location;
    const sha = run.headSha ?? "";
    try {
      const head = await (this.branchHead ??= this.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: `heads/${branch}` }).then(({ data: data2 }) => data2.object.sha));
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
        owner,
        repo,
        basehead: `${head}...${sha}`,
        per_page: 1
      });
      if (data.status === "identical" || data.status === "behind") return "";
    } catch (error) {
      throw new Error(
        `store: cannot tell whether run ${runId} (event ${run.event ?? "unknown"}) ran on branch ${branch} or on a tag of that name: ${errorMessage(error)}; the token needs contents: read (permissions: { actions: read, contents: read }) to compare the run's commit with the branch`,
        { cause: error }
      );
    }
    return `made for a tag or other ref named ${branch} (event ${run.event ?? "unknown"}), not the branch: its commit ${sha.slice(0, 12)} is not on branch ${branch}`;
  }
  async runFacts(runId) {
    const known = this.runs.get(runId);
    if (known) return known;
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
      owner,
      repo,
      run_id: runId
    });
    const head = data.head_repository;
    const facts = {
      repositoryId: Number(data.repository.id),
      headRepositoryId: head ? Number(head.id) : null,
      ...head ? { headRepository: head.full_name } : {},
      headBranch: data.head_branch,
      headSha: data.head_sha,
      event: data.event,
      path: (data.path ?? "").replace(/@.*$/, "")
      // as GITHUB_WORKFLOW_REF's file, should a ref ever follow it
    };
    this.runs.set(runId, facts);
    return facts;
  }
  /** Keeps the bundle for `close`: an artifact name can be uploaded once per run. */
  save(encrypted) {
    this.unsaved = encrypted;
    return Promise.resolve();
  }
  /** Whether the newest artifact is past half its retention, so it should be uploaded again. */
  isAgeing() {
    return this.newest !== void 0 && this.now() - this.newest.createdAt > this.retentionDays * DAY / 2;
  }
  /** Uploads this run's bundle once: the last one saved, or the loaded one again when it is ageing. */
  async close() {
    const content = this.unsaved ?? (this.isAgeing() ? this.loaded : void 0);
    if (content === void 0) return;
    const dir = await mkdtemp(join(tmpdir(), "certwright-artifact-"));
    try {
      await writeFile(join(dir, FILE), content, { mode: 384 });
      await this.transfer.uploadArtifact(this.name, [join(dir, FILE)], dir, { retentionDays: this.retentionDays });
    } finally {
      await this.remove(dir);
    }
    this.unsaved = void 0;
    this.logger.info(`Saved the state as ${this.description}`);
  }
  /** Removes a temp folder of the bundle; a failure is only logged, never hiding the first error. */
  async remove(dir) {
    await rm(dir, { recursive: true, force: true }).catch(
      (error) => this.logger.warn(`could not remove ${dir}: ${errorMessage(error)}`)
    );
  }
};
export {
  ArtifactStore
};
