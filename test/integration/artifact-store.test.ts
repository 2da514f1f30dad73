import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactStoreKind } from '../../src/action/artifact-store.js';
import { parseStoreSpec } from '../../src/store/store.js';
import { LocalArtifactService } from '../harness/artifact-service.js';
import { bedInputs, only, runInputs, STATE_KEY } from '../harness/engine.js';
import { startGithubApi, type GithubApi } from '../harness/github-api.js';
import { startTestbed, type Testbed } from '../harness/testbed.js';

const TOKEN = 'ghs_jobtokenwithactionsread000000000';
const DAY = 86_400_000;

describe('state in a workflow artifact (@actions/artifact at its module boundary)', () => {
  let bed: Testbed;
  let api: GithubApi;
  before(async () => {
    [bed, api] = await Promise.all([startTestbed(), startGithubApi({ token: TOKEN })]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), api?.close()]);
  });

  /** One workflow run: open the artifact store, renew, finish as the Action does. */
  async function workflowRun(service: LocalArtifactService, runId: number) {
    service.runId = runId;
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-artifact-'));
    const raw = bedInputs(bed, ['artifact.example.test'], { 'output-dir': outputDir, store: 'artifact:certwright-state', 'github-token': TOKEN, 'github-repository': 'acme/site', 'github-api-url': api.url, 'artifact-retention-days': '60' });
    const before = service.uploads;
    const outcome = only(await runInputs({ ...raw, 'state-key': STATE_KEY }, { storeKinds: [artifactStoreKind(async () => service)] }));
    return { outcome, uploaded: service.uploads > before };
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

  it('refuses bad artifact settings naming the input', () => {
    const base = { store: 'artifact:state', 'github-token': TOKEN, 'github-repository': 'acme/site' };
    const parseStore = (raw: Record<string, string>) => parseStoreSpec(raw.store, raw, [artifactStoreKind()]);
    assert.throws(() => parseStore({ ...base, 'artifact-retention-days': '400' }), { message: 'artifact-retention-days: "400" is not supported; expected whole days from 1 to 90, longer than the time between renewals' });
    assert.throws(() => parseStore({ ...base, store: 'artifact:bad name' }), /^Error: store: "artifact:bad name" has an unusable artifact name/);
  });
});
