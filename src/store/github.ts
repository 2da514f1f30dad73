import type { Octokit } from '@octokit/core';
import type { HttpClient } from '../net/http.js';
import { fetchOver } from '../net/fetch.js';
import { isLoopbackHost } from '../net/loopback.js';

/** The `github-repository` setting as owner and repo; `purpose` says in the error what it is needed for. */
export function parseRepository(
  values: Readonly<Record<string, string | undefined>>,
  purpose: string,
): { owner: string; repo: string } {
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
export function githubApiUrl(values: Readonly<Record<string, string | undefined>>): string {
  const url = values['github-api-url']?.trim() || 'https://api.github.com';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `github-api-url: "${url}" is not a URL; expected https://api.github.com or your GHES's https://HOST/api/v3`,
    );
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    throw new Error(
      `github-api-url: ${parsed.origin} is not https, and the GitHub token would travel in clear; use https (plain http only for a loopback test server such as 127.0.0.1)`,
    );
  }
  return url;
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
