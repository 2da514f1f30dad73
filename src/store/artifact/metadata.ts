import type { StoreMetadata } from '../store.js';
import { GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN } from '../github.js';
import { refusedAsStoreSetting } from '../options.js';

export const metadata: StoreMetadata = {
  kind: 'artifact',
  description: 'A workflow artifact of this repository, written once per run (Action only)',
  forms: ['artifact:NAME'],
  rank: 3,
  concurrentWrites:
    'Last upload wins: an artifact never changes once uploaded and each run uploads its own at the end of its step, ' +
    "so a later run loads the newest and an earlier run's changes are lost unless every writer shares one " +
    '`concurrency:` group.',
  testedAgainst:
    "The store contract suite and the store's own tests against a local artifact service at the `@actions/artifact` " +
    'boundary (`src/testing/artifact-service.ts`) and the local GitHub REST API (artifact listing, runs, ' +
    'branches).',
  options: [
    GITHUB_TOKEN,
    {
      name: 'artifact-retention-days',
      kind: 'integer',
      description:
        'With an artifact store: days the state artifact is kept (1-90). An artifact past half of it is uploaded ' +
        'again.',
      default: '90',
      file: refusedAsStoreSetting('artifact-retention-days'),
    },
    {
      name: 'artifact-branch',
      description:
        'With an artifact store: the branch whose runs of this workflow may have written the state. Default: the ' +
        'default branch. Artifacts of forks, pull requests, other workflows and tags named like the branch are ' +
        'never used (a run that was not scheduled must have its commit on the branch, which takes contents: read).',
      file: refusedAsStoreSetting('artifact-branch'),
    },
    GITHUB_REPOSITORY,
    GITHUB_API_URL,
  ],
};
