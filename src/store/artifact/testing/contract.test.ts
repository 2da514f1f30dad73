import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createOctokit } from '../../github.js';
import { storeKinds } from '../../kinds.js';
import { openThroughSpec, storeContract } from '../../testing/contract.js';
import type { ArtifactTransfer } from '../transfer.js';
import { LocalArtifactService } from '../../../testing/artifact-service.js';
import { startGithubApi, type GithubApi } from '../../../testing/github-api.js';

const TOKEN = 'ghs_jobtokenwithactionsread000000000';
const REPOSITORY = 'acme/site';
const WORKFLOW = '.github/workflows/renew.yml';
let api: GithubApi;
let service: LocalArtifactService;
let runs = 0;
let names = 0;

before(async () => {
  api = await startGithubApi({ token: TOKEN });
  service = new LocalArtifactService(api, { owner: 'acme', repo: 'site' }, TOKEN, 0);
});
after(() => api?.close());

/** A new scheduled run of renew.yml on main: what each run of the step is, here. */
function newRun(): number {
  const id = ++runs;
  const repository = { id: api.repositoryId, full_name: REPOSITORY };
  const head_sha = id.toString(16).padStart(40, '0');
  api.runs.set(id, {
    path: WORKFLOW,
    event: 'schedule',
    head_branch: 'main',
    head_sha,
    head_repository: repository,
    repository,
  });
  api.branches.set('main', [...(api.branches.get('main') ?? []), head_sha]);
  return id;
}

/**
 * The artifact service as run `runId` sees it. Each upload is dated a second after the one
 * before: two runs of one test finish within a millisecond, where on GitHub they are minutes apart.
 */
function transferOf(runId: number): ArtifactTransfer {
  return {
    uploadArtifact: async (...args) => {
      service.runId = runId;
      const uploaded = await service.uploadArtifact(...args);
      const artifact = api.artifacts.find((a) => a.id === uploaded.id);
      if (artifact) artifact.created_at = new Date(Date.now() + api.artifacts.length * 1000).toISOString();
      return uploaded;
    },
    downloadArtifact: async (...args) => {
      service.runId = runId;
      return service.downloadArtifact(...args);
    },
  };
}

storeContract({
  kind: 'artifact',
  concurrentWrites: 'last-writer-wins',
  locks: false,
  fresh() {
    const name = `certwright-state-${++names}`;
    const inputs = {
      store: `artifact:${name}`,
      'github-token': TOKEN,
      'github-repository': REPOSITORY,
      'github-api-url': api.url,
      'github-workflow-ref': `${REPOSITORY}/${WORKFLOW}@refs/heads/main`,
    };
    return Promise.resolve({
      open(options) {
        const transfer = transferOf(newRun());
        return openThroughSpec(
          inputs,
          storeKinds({ github: createOctokit, artifacts: () => Promise.resolve(transfer) }),
          options?.reset,
        );
      },
      async plant(text) {
        const dir = await mkdtemp(join(tmpdir(), 'planted-'));
        await writeFile(join(dir, 'certwright-state.jwe'), text);
        await transferOf(newRun()).uploadArtifact(name, [join(dir, 'certwright-state.jwe')], dir);
        await rm(dir, { recursive: true, force: true });
      },
    });
  },
});
