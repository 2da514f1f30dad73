import { octokitOptions, type GitHubRestFactory } from '../store/github.js';

/**
 * The Action's GitHub REST client: @actions/github's `getOctokit`, so the runner's conventions
 * apply (its token auth, the job's orchestration id in the user agent), with certwright's base
 * URL, HTTP client and silence in place of getOctokit's defaults (GITHUB_API_URL read at load,
 * undici's own proxy handling). Loaded on first use: most runs never talk to GitHub.
 */
export const actionOctokit: GitHubRestFactory = async (token, baseUrl, http) => {
  const { getOctokit } = await import('@actions/github');
  return getOctokit(token, octokitOptions(baseUrl, http));
};
