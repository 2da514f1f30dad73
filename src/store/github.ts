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

/** The workflow file of GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/renew.yml@refs/heads/main`). */
export function workflowFile(ref: string | undefined): string | undefined {
  return ref?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
}

/** `github-api-url`, else GitHub.com's. */
export function githubApiUrl(values: Readonly<Record<string, string | undefined>>): string {
  return values['github-api-url']?.trim() || 'https://api.github.com';
}

/**
 * An Octokit for the REST API at `baseUrl` (GITHUB_API_URL on GitHub Enterprise), over the
 * run's HTTP client so the proxy settings and trust apply, and silent: errors are reported by certwright. Loaded on first use: most runs
 * never talk to GitHub.
 */
export async function createOctokit(token: string, baseUrl: string, http: HttpClient): Promise<Octokit> {
  const { Octokit } = await import('@octokit/rest');
  // Octokit's request log prints every failed request (a 404 that only means "no secret yet") to
  // stderr; certwright reports failures itself, in its own words.
  const quiet = () => undefined;
  return new Octokit({ auth: token, baseUrl, request: { retries: 0, fetch: fetchOver(http) }, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}
