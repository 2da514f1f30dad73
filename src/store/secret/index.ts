/** `store: secret:...`: the state in a GitHub Actions secret. */
import type { OptionValues } from '../../options/option.js';
import { githubApiUrl, parseRepository, type GitHubRestFactory } from '../github.js';
import { parseStateReset, type StoreDefinition, type StorePlugin } from '../store.js';
import { metadata } from './metadata.js';
import { describeSecretTarget, parseSecretPlace, type SecretTarget } from './secret-writer.js';

/** `github-repository` when it is set and well formed: an organisation secret does not need it. */
function optionalRepository(values: OptionValues): { owner: string; repo: string } | undefined {
  return values['github-repository']?.trim()
    ? parseRepository(values, 'whose workflows read the organisation secret')
    : undefined;
}

function parseSecretTarget(text: string, values: OptionValues): SecretTarget {
  return parseSecretPlace(text, { option: 'store', shown: `secret:${text}`, forms: metadata.forms }, () =>
    parseRepository(values, 'whose secret certwright writes'),
  );
}

/**
 * `store: secret:...`: the current bundle from the `state` input, written back through the REST
 * API with the client `createClient` makes (the CLI's plain Octokit, the Action's from @actions/github).
 */
function secretKind(createClient: GitHubRestFactory): StoreDefinition {
  return {
    kind: 'secret',
    forms: metadata.forms,
    configure(text, values) {
      const target = parseSecretTarget(text, values);
      const token = values['github-token']?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a ' +
            'fine-grained PAT or GitHub App token with "Secrets: Read and write"',
        );
      const current = values.state?.trim() || undefined;
      const apiUrl = githubApiUrl(values);
      const reset = parseStateReset(values);
      const repository =
        target.kind === 'organization' ? optionalRepository(values) : { owner: target.owner, repo: target.repo };
      return {
        kind: 'secret',
        description: describeSecretTarget(target),
        // The bundle is the `state` input: its key's derivation can start while the run parses its config.
        ...(current && !reset ? { peek: () => Promise.resolve(current) } : {}),
        // The store's code is loaded by the runs that open it.
        open: async ({ http, logger }) =>
          new (await import('./secret-store.js')).SecretStore(
            target,
            current,
            await createClient(token, apiUrl, http),
            {
              reset,
              repository,
              logger,
            },
          ).open(),
      };
    },
  };
}

export const definition: StorePlugin = { ...metadata, offer: (services) => secretKind(services.github) };
