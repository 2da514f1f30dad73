import type { Octokit } from '@octokit/rest';
import type { HttpClient } from '../net/http.js';
import { fetchOver } from '../net/fetch.js';

/** The `github-repository` setting as owner and repo; `purpose` says in the error what it is needed for. */
export function parseRepository(values: Readonly<Record<string, string | undefined>>, purpose: string): { owner: string; repo: string } {
  const repository = values['github-repository']?.trim() ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`github-repository: "${repository}" is not owner/repo; it names the repository ${purpose}`);
  return { owner, repo };
}

/** `github-api-url`, else GitHub.com's. */
export function githubApiUrl(values: Readonly<Record<string, string | undefined>>): string {
  return values['github-api-url']?.trim() || 'https://api.github.com';
}

/**
 * An Octokit for the REST API at `baseUrl` (GITHUB_API_URL on GitHub Enterprise), over the
 * run's HTTP client so the proxy settings and trust apply. Loaded on first use: most runs
 * never talk to GitHub.
 */
export async function createOctokit(token: string, baseUrl: string, http: HttpClient): Promise<Octokit> {
  const { Octokit } = await import('@octokit/rest');
  return new Octokit({ auth: token, baseUrl, request: { retries: 0, fetch: fetchOver(http) } });
}
