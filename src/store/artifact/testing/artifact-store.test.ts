import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactStoreKind } from '../../../action/artifact-store.js';
import type { RawInputs } from '../../../config/inputs.js';
import { parseStoreSpec } from '../../store.js';
import { LocalArtifactService } from '../../../testing/artifact-service.js';
import { bedInputs, captureLogger, only, runInputs, STATE_KEY } from '../../../testing/engine.js';
import { startGithubApi, type GithubApi, type WorkflowRun } from '../../../testing/github-api.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';

const TOKEN = 'ghs_jobtokenwithactionsread000000000';
const DAY = 86_400_000;
const MINUTE = 60_000;
const REPOSITORY = 'acme/site';
const WORKFLOW = '.github/workflows/renew.yml';

describe('state in a workflow artifact (@actions/artifact at its module boundary)', () => {
  let bed: Testbed;
  let api: GithubApi;
  before(async () => {
    [bed, api] = await Promise.all([startTestbed(), startGithubApi({ token: TOKEN })]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), api?.close()]);
  });

  /**
   * Declares run `id` to the API: a scheduled run of renew.yml on main of acme/site unless `fields` say otherwise. Its
   * commit becomes the head of its branch, unless `tag` says the run was for a tag of that name (the commit is then on no branch).
   */
  function declareRun(id: number, fields: Partial<WorkflowRun> = {}, tag = false): void {
    const repository = { id: api.repositoryId, full_name: REPOSITORY };
    const run = {
      path: WORKFLOW,
      event: 'schedule',
      head_branch: 'main',
      head_sha: id.toString(16).padStart(40, '0'),
      head_repository: repository,
      repository,
      ...fields,
    };
    api.runs.set(id, run);
    if (tag && run.head_branch) api.tags.set(run.head_branch, run.head_sha);
    else if (run.head_branch)
      api.branches.set(run.head_branch, [...(api.branches.get(run.head_branch) ?? []), run.head_sha]);
  }

  /** One workflow run: open the artifact store, renew, finish as the Action does. */
  async function workflowRun(
    service: LocalArtifactService,
    runId: number,
    options: { artifact?: string; domain?: string; extra?: RawInputs; run?: Partial<WorkflowRun> } = {},
  ) {
    service.runId = runId;
    declareRun(runId, options.run);
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-out-'));
    const raw = bedInputs(bed, [options.domain ?? 'artifact.example.test'], {
      'output-dir': outputDir,
      store: `artifact:${options.artifact ?? 'certwright-state'}`,
      'github-token': TOKEN,
      'github-repository': REPOSITORY,
      'github-api-url': api.url,
      'github-workflow-ref': `${REPOSITORY}/${WORKFLOW}@refs/heads/main`,
      'artifact-retention-days': '60',
      ...options.extra,
    });
    const logger = captureLogger();
    const before = service.uploads;
    const outcome = only(
      await runInputs(
        { ...raw, 'state-key': STATE_KEY },
        { logger, storeKinds: [artifactStoreKind(() => Promise.resolve(service))] },
      ),
    );
    return { outcome, uploaded: service.uploads > before, log: logger.lines };
  }

  /** Uploads a bundle that cannot be decrypted as run `runId` made it `minutesAgo`: what a hostile run could plant. */
  async function plant(
    service: LocalArtifactService,
    artifact: string,
    runId: number,
    minutesAgo: number,
    run: Partial<WorkflowRun>,
    options: { tag?: boolean; content?: string } = {},
  ): Promise<number> {
    declareRun(runId, run, options.tag);
    service.runId = runId;
    const dir = await mkdtemp(join(tmpdir(), 'planted-'));
    await writeFile(join(dir, 'certwright-state.jwe'), options.content ?? 'not the state of this repository');
    const { id } = await service.uploadArtifact(artifact, [join(dir, 'certwright-state.jwe')], dir);
    setAge(id, minutesAgo);
    return id;
  }

  function setAge(id: number, minutesAgo: number): void {
    const artifact = api.artifacts.find((a) => a.id === id);
    assert.ok(artifact);
    artifact.created_at = new Date(Date.now() - minutesAgo * MINUTE).toISOString();
  }

  it('finds the newest artifact of earlier runs, uploads once per run, and refreshes an ageing one', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const first = await workflowRun(service, 101);
    assert.equal(first.outcome.action, 'issued');
    assert.equal(first.uploaded, true);
    assert.equal(service.uploads, 1, 'several saves in a run become one upload');

    const second = await workflowRun(service, 102);
    assert.equal(second.outcome.action, 'not-due', 'the state came back from run 101');
    assert.equal(second.uploaded, false, 'nothing changed, nothing uploaded');

    const artifact = api.artifacts[0];
    assert.ok(artifact);
    artifact.created_at = new Date(Date.now() - 31 * DAY).toISOString();
    const third = await workflowRun(service, 103);
    assert.equal(third.outcome.action, 'not-due');
    assert.equal(third.uploaded, true, 'past half of its 60-day retention, the state is uploaded again');
    assert.equal(api.artifacts.at(-1)?.workflow_run.id, 103);

    artifact.expired = true;
    const fourth = await workflowRun(service, 104);
    assert.equal(fourth.outcome.action, 'not-due', 'the newest unexpired artifact (run 103) is used');
  });

  it('passes over newer artifacts of a fork, a pull request, another workflow and another branch, and names each', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const artifact = 'planted-state';
    const first = await workflowRun(service, 201, { artifact, domain: 'planted.example.test' });
    assert.equal(first.outcome.action, 'issued');
    const trusted = api.artifacts.at(-1)?.id ?? 0;
    setAge(trusted, 60);

    const fork = await plant(service, artifact, 202, 40, {
      event: 'pull_request',
      head_repository: { id: 666, full_name: 'mallory/site' },
    });
    const pullRequest = await plant(service, artifact, 203, 30, { event: 'pull_request_target' });
    const otherWorkflow = await plant(service, artifact, 204, 20, {
      path: '.github/workflows/other.yml',
      event: 'push',
    });
    const otherBranch = await plant(service, artifact, 205, 10, { head_branch: 'feature', event: 'push' });
    const requestsBefore = api.requests.length;

    const next = await workflowRun(service, 206, { artifact, domain: 'planted.example.test' });
    assert.equal(next.outcome.action, 'not-due', "run 201's state was used, not a planted one");
    assert.equal(next.uploaded, false);
    assert.deepEqual(
      next.log.filter((line) => line.includes('Ignoring')),
      [
        `warn: Ignoring artifact planted-state (id ${otherBranch}) of run 205: made on branch feature, not main (the default branch; artifact-branch names another)`,
        `warn: Ignoring artifact planted-state (id ${otherWorkflow}) of run 204: made by .github/workflows/other.yml, not ${WORKFLOW}`,
        `warn: Ignoring artifact planted-state (id ${pullRequest}) of run 203: made for a pull request (event pull_request_target)`,
        `warn: Ignoring artifact planted-state (id ${fork}) of run 202: made in a fork (repository id 666), not in acme/site`,
      ],
    );
    const asked = api.requests
      .slice(requestsBefore)
      .filter((r) => r.startsWith('GET /repos/acme/site') && !r.endsWith('/artifacts'));
    assert.deepEqual(
      asked,
      [
        'GET /repos/acme/site',
        'GET /repos/acme/site/actions/runs/204',
        'GET /repos/acme/site/actions/runs/203',
        'GET /repos/acme/site/actions/runs/201',
      ],
      'the default branch once, and only the runs the listing could not rule out, up to the first trusted one',
    );
  });

  it('trusts the branch artifact-branch names, and outside Actions checks all but the workflow', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const release = {
      artifact: 'release-state',
      domain: 'release.example.test',
      extra: { 'artifact-branch': 'release/v2' },
      run: { head_branch: 'release/v2', event: 'push' },
    };
    assert.equal((await workflowRun(service, 301, release)).outcome.action, 'issued');
    const requestsBefore = api.requests.length;
    const second = await workflowRun(service, 302, release);
    assert.equal(second.outcome.action, 'not-due', 'the state of run 301 on release/v2 was used');
    assert.ok(
      !api.requests.slice(requestsBefore).includes('GET /repos/acme/site'),
      'a named branch needs no default branch',
    );

    const onMain = await workflowRun(service, 303, {
      artifact: 'release-state',
      domain: 'release.example.test',
      extra: { 'github-workflow-ref': undefined },
    });
    assert.equal(onMain.outcome.action, 'issued', 'on main, the artifact of release/v2 is not trusted');
    const release301 = api.artifacts.find((a) => a.name === 'release-state' && a.workflow_run.id === 301)?.id;
    assert.deepEqual(
      onMain.log.filter((line) => /GITHUB_WORKFLOW_REF|Ignoring|trusted/.test(line)),
      [
        'info: No GITHUB_WORKFLOW_REF (not in a GitHub Actions run): artifact release-state is checked for its branch, repository and event, not for the workflow that made it',
        `info: Ignoring artifact release-state (id ${release301}) of run 301: made on branch release/v2, not main (the default branch; artifact-branch names another)`,
        'info: No trusted artifact release-state: this run starts without state',
      ],
    );
  });

  it('passes over the artifact of a run for a tag named like the trusted branch, and says why', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const artifact = 'tag-state';
    // The trusted state comes from a push to main: a push may be for a branch or a tag, so its commit is checked.
    const first = await workflowRun(service, 501, { artifact, domain: 'tag.example.test', run: { event: 'push' } });
    assert.equal(first.outcome.action, 'issued');
    setAge(api.artifacts.at(-1)?.id ?? 0, 30);
    // Someone who may push tags but not to main pushes a tag `main` on a commit of their own: GitHub's run says head_branch "main".
    const planted = await plant(
      service,
      artifact,
      502,
      10,
      { event: 'push', head_sha: 'badc0ffee'.padEnd(40, '7') },
      { tag: true },
    );
    assert.equal(api.runs.get(502)?.head_branch, 'main');
    const next = await workflowRun(service, 503, { artifact, domain: 'tag.example.test' });
    assert.equal(next.outcome.action, 'not-due', "run 501's state was used, not the tag run's");
    assert.deepEqual(
      next.log.filter((line) => line.includes('Ignoring')),
      [
        `warn: Ignoring artifact tag-state (id ${planted}) of run 502: made for a tag or other ref named main (event push), not the branch: its commit badc0ffee777 is not on branch main`,
      ],
    );
    // A workflow_dispatch run on main (not a tag) still counts, its commit being on main.
    const dispatched = await workflowRun(service, 504, {
      artifact,
      domain: 'tag.example.test',
      run: { event: 'workflow_dispatch' },
      extra: { 'force-renewal': 'true' },
    });
    assert.equal(dispatched.outcome.action, 'renewed');
    assert.equal(
      (await workflowRun(service, 505, { artifact, domain: 'tag.example.test' })).outcome.action,
      'not-due',
      'the state of run 504 was used',
    );
  });

  it('refuses an artifact that exists but holds an empty state, and starts over only with state-reset', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const artifact = 'empty-state';
    await plant(service, artifact, 601, 10, {}, { content: '' });
    await assert.rejects(workflowRun(service, 602, { artifact, domain: 'empty.example.test' }), {
      message:
        'state: the artifact empty-state of acme/site exists but is empty, so it cannot be loaded, and a new state is not written over it; restore it from a backup, or set state-reset: true to start over with an empty state',
    });
    assert.equal(api.artifacts.filter((a) => a.name === artifact).length, 1, 'nothing was uploaded');
    const reset = await workflowRun(service, 603, {
      artifact,
      domain: 'empty.example.test',
      extra: { 'state-reset': 'true' },
    });
    assert.equal(reset.outcome.action, 'issued');
    assert.equal(reset.uploaded, true);
    assert.ok(
      reset.log.includes(
        "warn: state-reset: starting over with an empty state; this run's first write replaces what the artifact empty-state of acme/site holds",
      ),
      reset.log.join('\n'),
    );
    assert.equal(
      (await workflowRun(service, 604, { artifact, domain: 'empty.example.test' })).outcome.action,
      'not-due',
      'the new state is the one loaded next',
    );
  });

  it('leaves no certwright-artifact-* folder in the temp directory after a download or an upload', async () => {
    const service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
    const previous = process.env.TMPDIR;
    const temp = await mkdtemp(join(tmpdir(), 'certwright-tmpdir-'));
    process.env.TMPDIR = temp; // os.tmpdir() reads it on each call
    try {
      const artifact = 'tidy-state';
      assert.equal((await workflowRun(service, 401, { artifact, domain: 'tidy.example.test' })).uploaded, true);
      const renewed = await workflowRun(service, 402, {
        artifact,
        domain: 'tidy.example.test',
        extra: { 'force-renewal': 'true' },
      });
      assert.equal(renewed.outcome.action, 'renewed', 'the state was downloaded');
      assert.equal(renewed.uploaded, true);
      assert.deepEqual(
        (await readdir(temp)).filter((name) => name.startsWith('certwright-artifact-')),
        [],
      );
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });

  it('refuses bad artifact settings naming the input', () => {
    const base = { store: 'artifact:state', 'github-token': TOKEN, 'github-repository': 'acme/site' };
    const parseStore = (raw: Record<string, string>) => parseStoreSpec(raw.store, raw, [artifactStoreKind()]);
    assert.throws(() => parseStore({ ...base, 'artifact-retention-days': '400' }), {
      message:
        'artifact-retention-days: "400" is not supported; expected whole days from 1 to 90, longer than the time between renewals',
    });
    assert.throws(
      () => parseStore({ ...base, store: 'artifact:bad name' }),
      /^Error: store: "artifact:bad name" has an unusable artifact name/,
    );
    for (const branch of ['feature branch', '../main', 'main.lock', '-main', 'a~1', 'x:y', '@']) {
      assert.throws(() => parseStore({ ...base, 'artifact-branch': branch }), {
        message: `artifact-branch: "${branch}" is not a usable branch name; expected a branch of this repository, such as main or release/v2`,
      });
    }
    assert.throws(() => parseStore({ ...base, 'artifact-branch': 'refs/heads/release' }), {
      message: 'artifact-branch: "refs/heads/release" is a ref; expected the branch name alone, such as release',
    });
    assert.doesNotThrow(() => parseStore({ ...base, 'artifact-branch': 'release/v2.1' }));
    assert.throws(() => parseStore({ ...base, 'github-server-url': 'https://git.corp.example' }), {
      message:
        'store: artifact:state cannot work on GitHub Enterprise Server (git.corp.example): @actions/artifact does not support it; use secret:NAME or file:PATH',
    });
    for (const server of ['https://github.com', 'https://acme.ghe.com'])
      assert.doesNotThrow(() => parseStore({ ...base, 'github-server-url': server }));
  });
});
