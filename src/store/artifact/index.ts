/** `store: artifact:NAME`: the state as a workflow artifact, with the clients the Action lends. */
import type { OptionValues } from '../../options/option.js';
import { integerOption } from '../../options/parse.js';
import { githubApiUrl, parseRepository, workflowFile, type GitHubRestFactory } from '../github.js';
import { unavailableStore, type StoreDefinition, type StorePlugin } from '../store.js';
import { metadata } from './metadata.js';
import type { ArtifactTransfer } from './transfer.js';

/**
 * What git accepts as a branch name (git check-ref-format --branch), most of it: no ref, no .., no control or glob
 * characters.
 */
// eslint-disable-next-line no-control-regex -- git refuses control characters in a branch name: the class names them
const UNUSABLE_BRANCH = /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|\/$|\.$|\.lock(\/|$)|(^|\/)\./;

/** `artifact-branch`: the branch whose runs are trusted, as a name without `refs/heads/`. */
function parseArtifactBranch(values: OptionValues): string | undefined {
  const text = values['artifact-branch']?.trim();
  if (!text) return undefined;
  if (text.startsWith('refs/'))
    throw new Error(
      `artifact-branch: "${text}" is a ref; expected the branch name alone, such as ` +
        `${text.replace(/^refs\/[^/]+\//, '')}`,
    );
  if (text === '@' || UNUSABLE_BRANCH.test(text))
    throw new Error(
      `artifact-branch: "${text}" is not a usable branch name; expected a branch of this repository, such as main or ` +
        `release/v2`,
    );
  return text;
}

/**
 * The host of a GitHub Enterprise Server the run is on, if it is: neither github.com nor a
 * GHE.com data residency host (nor a local test endpoint), as @actions/artifact tells them apart.
 */
function enterpriseServer(serverUrl: string | undefined): string | undefined {
  let host: string | undefined;
  try {
    host = serverUrl ? new URL(serverUrl).hostname.toLowerCase() : undefined;
  } catch {
    return undefined; // not a URL: leave it to the API calls to fail with their own error
  }
  if (!host || host === 'github.com' || host.endsWith('.ghe.com') || host === 'localhost' || host === '127.0.0.1')
    return undefined;
  return host;
}

/**
 * The kind with the Action's clients: `transfer` (@actions/artifact, or a local service in tests) and a GitHub REST
 * client.
 */
function artifactKind(transfer: () => Promise<ArtifactTransfer>, github: GitHubRestFactory): StoreDefinition {
  return {
    kind: 'artifact',
    forms: metadata.forms,
    configure(name, values) {
      if (!/^[A-Za-z0-9._-]+$/.test(name))
        throw new Error(
          `store: "artifact:${name}" has an unusable artifact name; expected letters, digits, dots, hyphens or ` +
            `underscores`,
        );
      const { owner, repo } = parseRepository(values, 'whose artifacts hold the state');
      const token = values['github-token']?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; listing and downloading artifacts of earlier runs needs a token with actions: read ' +
            '(the job token works)',
        );
      const retentionDays = integerOption(
        values,
        'artifact-retention-days',
        90,
        1,
        90,
        'days',
        'longer than the time between renewals',
      );
      const server = enterpriseServer(values['github-server-url']);
      if (server)
        throw new Error(
          `store: artifact:${name} cannot work on GitHub Enterprise Server (${server}): @actions/artifact does not ` +
            `support it; use secret:NAME or file:PATH`,
        );
      const trust = {
        branch: parseArtifactBranch(values),
        workflow: workflowFile(values['github-workflow-ref']?.trim()),
      };
      const apiUrl = githubApiUrl(values);
      return {
        kind: 'artifact',
        description: `artifact ${name} of ${owner}/${repo}`,
        // The store's code is loaded by the runs that open it.
        open: async ({ http, now, logger }) =>
          new (await import('./artifact-store.js')).ArtifactStore(
            name,
            { owner, repo, token },
            trust,
            await github(token, apiUrl, http),
            await transfer(),
            retentionDays,
            now,
            logger,
          ),
      };
    },
  };
}

export const definition: StorePlugin = {
  ...metadata,
  offer: (services) =>
    services.artifacts
      ? artifactKind(services.artifacts, services.github)
      : unavailableStore(
          'artifact',
          metadata.forms,
          'works only inside the GitHub Action; use file:PATH or secret:NAME here',
        ),
};
