import { GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN } from '../github.js';
import { refusedAsSecret } from '../options.js';
import type { StoreMetadata } from '../store.js';

export const metadata: StoreMetadata = {
  kind: 'secret',
  description:
    "A GitHub Actions secret (a repository's, an environment's or an organisation's), written through the REST API",
  forms: ['secret:NAME', 'secret:environments/ENV/NAME', 'secret:orgs/ORG/NAME'],
  rank: 2,
  concurrentWrites:
    "Refuses: a secret cannot be read back to merge, so the store notes the secret's `updated_at` when it opens and " +
    'refuses to write over a secret another run changed since, naming `concurrency:`.',
  testedAgainst:
    "The store contract suite and the store's own tests against the local GitHub REST API in " +
    "`src/testing/github-api.ts` (real Octokit, real libsodium sealing, the secret's `updated_at`), and through " +
    '`dist/main.js`.',
  options: [
    {
      name: 'state',
      description:
        'With a secret store: the current state, i.e. the secret itself (`${{ secrets.CERTWRIGHT_STATE }}`); ' +
        'empty on the first run. Empty while the secret exists stops the run (a mistyped name, or a job the ' +
        'secret does not reach), unless state-reset is true.',
      secret: true,
      file: refusedAsSecret('state'),
    },
    GITHUB_TOKEN,
    GITHUB_REPOSITORY,
    GITHUB_API_URL,
  ],
};
