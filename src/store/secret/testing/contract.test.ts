import { after, before } from 'node:test';
import { createOctokit } from '../../github.js';
import { storeKinds } from '../../kinds.js';
import { openThroughSpec, storeContract } from '../../testing/contract.js';
import { startGithubApi, type GithubApi } from '../../../testing/github-api.js';

const TOKEN = 'github_pat_secretswriter0000000000';
const kinds = storeKinds({ github: createOctokit });
let api: GithubApi;
let secrets = 0;

before(async () => {
  api = await startGithubApi({ token: TOKEN });
});
after(() => api?.close());

storeContract({
  kind: 'secret',
  concurrentWrites: 'refuse',
  locks: false,
  fresh() {
    const name = `CERTWRIGHT_STATE_${++secrets}`;
    const path = `/repos/acme/site/actions/secrets/${name}`;
    // As the step gets it: the secret's value, from `${{ secrets.NAME }}`, in the state input.
    const inputs = () => ({
      store: `secret:${name}`,
      state: api.secrets.get(path),
      'github-token': TOKEN,
      'github-repository': 'acme/site',
      'github-api-url': api.url,
    });
    return Promise.resolve({
      open: (options) => openThroughSpec(inputs(), kinds, options?.reset),
      plant(text) {
        api.secrets.set(path, text);
        api.updatedAt.set(path, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
        return Promise.resolve();
      },
      // GitHub's updated_at has whole seconds: a write in the same second as the read cannot be told apart.
      beforeOtherWrite: () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20)),
    });
  },
});
