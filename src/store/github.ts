import type { Octokit } from '@octokit/core';
import type { HttpClient } from '../net/http.js';
import { fetchOver } from '../net/fetch.js';
import type { OptionSpec, OptionValues } from '../options/option.js';
import { optionalOption, parseUrl } from '../options/parse.js';
import { refusedAsSecret, refusedAsStoreSetting } from './options.js';

/** The GitHub settings of the stores that talk to the REST API (secret, artifact): each lists those it reads. */
export const GITHUB_TOKEN: OptionSpec = {
  name: 'github-token',
  description:
    'With a secret store: a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App ' +
    'token with "Secrets: Read and write". With an artifact store the job token (actions: read) does.',
  secret: true,
  actionDefault: '${{ github.token }}',
  file: refusedAsSecret('github-token'),
};

export const GITHUB_REPOSITORY: OptionSpec = {
  name: 'github-repository',
  description:
    'With a secret store: owner/repo whose secret is written. Default: the current repository (GITHUB_REPOSITORY).',
  file: refusedAsStoreSetting('github-repository'),
};

export const GITHUB_API_URL: OptionSpec = {
  name: 'github-api-url',
  kind: 'url',
  description: 'GitHub REST API URL. Default: GITHUB_API_URL, else https://api.github.com.',
  file: {
    refused: "the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)",
  },
};

/** The `github-repository` setting as owner and repo; `purpose` says in the error what it is needed for. */
export function parseRepository(values: OptionValues, purpose: string): { owner: string; repo: string } {
  const repository = values['github-repository']?.trim() ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new Error(`github-repository: "${repository}" is not owner/repo; it names the repository ${purpose}`);
  return { owner, repo };
}

/** The workflow file of GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/renew.yml@refs/heads/main`). */
export function workflowFile(ref: string | undefined): string | undefined {
  return ref?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
}

/** `github-api-url`, else GitHub.com's. It carries the token: plain http only to this machine. */
export function githubApiUrl(values: OptionValues): string {
  return parseUrl('github-api-url', optionalOption(values, 'github-api-url') ?? 'https://api.github.com', {
    expected: "https://api.github.com or your GHES's https://HOST/api/v3",
    plainHttp: 'so the GitHub token would cross the network readable',
    credentialsGo: 'pass the token as github-token instead',
  });
}

/** The part of Octokit certwright uses: `request`, with GitHub's typed routes. */
export type GitHubRest = Pick<Octokit, 'request'>;

/**
 * A REST client for `token` at `baseUrl` over the run's HTTP client. The CLI's is
 * {@link createOctokit}; the Action's comes from @actions/github (src/action/github.ts), which
 * only the Action may load.
 */
export type GitHubRestFactory = (token: string, baseUrl: string, http: HttpClient) => Promise<GitHubRest>;

const quiet = () => undefined;

/**
 * What every certwright Octokit is given, whoever builds it: the base URL (`github-api-url`,
 * GITHUB_API_URL on GitHub Enterprise), the run's HTTP client so the proxy settings and trust
 * apply, and silence: Octokit logs warnings and failed requests (a 404 that only means "no secret
 * yet") to the console; certwright reports failures itself, in its own words.
 */
export function octokitOptions(baseUrl: string, http: HttpClient) {
  return {
    baseUrl,
    request: { fetch: fetchOver(http) },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  };
}

/** The CLI's REST client: plain Octokit, loaded on first use since most runs never talk to GitHub. */
export const createOctokit: GitHubRestFactory = async (token, baseUrl, http) => {
  const { Octokit } = await import('@octokit/core');
  return new Octokit({ auth: token, ...octokitOptions(baseUrl, http) });
};
