import { Octokit } from '@octokit/rest';
import sodium from 'libsodium-wrappers';
import type { StateStore } from './file-store.js';

/** GitHub keeps at most 48 KB in one secret. */
export const SECRET_MAX_BYTES = 48 * 1024;

/** Which secret: a repository's, one of its environments', or an organisation's. */
export type SecretTarget =
  | { readonly kind: 'repository'; readonly owner: string; readonly repo: string; readonly name: string }
  | { readonly kind: 'environment'; readonly owner: string; readonly repo: string; readonly environment: string; readonly name: string }
  | { readonly kind: 'organization'; readonly org: string; readonly name: string };

function basePath(target: SecretTarget): string {
  switch (target.kind) {
    case 'repository':
      return `/repos/${target.owner}/${target.repo}/actions/secrets`;
    case 'environment':
      return `/repos/${target.owner}/${target.repo}/environments/${encodeURIComponent(target.environment)}/secrets`;
    case 'organization':
      return `/orgs/${target.org}/actions/secrets`;
  }
}

export function describeSecretTarget(target: SecretTarget): string {
  switch (target.kind) {
    case 'repository':
      return `repository secret ${target.name} of ${target.owner}/${target.repo}`;
    case 'environment':
      return `secret ${target.name} of environment ${target.environment} in ${target.owner}/${target.repo}`;
    case 'organization':
      return `organisation secret ${target.name} of ${target.org}`;
  }
}

const TOKEN_HELP =
  'GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token (or GitHub App token) ' +
  'that has "Secrets: Read and write" on this repository (plus "Environments: Read" for environment secrets; ' +
  'for organisation secrets, "Organization secrets: Read and write")';

/**
 * The state in a GitHub Actions secret. Secrets cannot be read through the API, so the current
 * bundle comes from the `state` input (`${{ secrets.NAME }}`); writing seals it with the
 * repository's public key (libsodium crypto_box_seal) and PUTs it.
 */
export class SecretStore implements StateStore {
  readonly description: string;
  readonly maxBytes = SECRET_MAX_BYTES;

  constructor(
    private readonly target: SecretTarget,
    private readonly current: string | undefined,
    private readonly octokit: Octokit,
  ) {
    this.description = describeSecretTarget(target);
  }

  async load(): Promise<string | undefined> {
    return this.current;
  }

  async save(encrypted: string): Promise<void> {
    const base = basePath(this.target);
    let publicKey: { key_id: string; key: string };
    try {
      publicKey = (await this.octokit.request(`GET ${base}/public-key`)).data as { key_id: string; key: string };
    } catch (error) {
      throw this.explain(error, 'read the public key of');
    }
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(sodium.from_string(encrypted), sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL));
    const body: Record<string, string> = { encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL), key_id: publicKey.key_id };
    if (this.target.kind === 'organization') body.visibility = 'private';
    try {
      await this.octokit.request(`PUT ${base}/{secret_name}`, { secret_name: this.target.name, ...body });
    } catch (error) {
      throw this.explain(error, 'write');
    }
  }

  private explain(error: unknown, what: string): Error {
    const status = (error as { status?: number }).status;
    const detail = error instanceof Error ? error.message : String(error);
    if (status === 401 || status === 403 || status === 404) {
      return new Error(`store: cannot ${what} the ${this.description} (HTTP ${status}: ${detail}); ${TOKEN_HELP}`, { cause: error });
    }
    return new Error(`store: cannot ${what} the ${this.description}: ${detail}`, { cause: error });
  }
}

/** An Octokit for the REST API at `baseUrl` (GITHUB_API_URL on GitHub Enterprise). */
export function createOctokit(token: string, baseUrl: string, userAgent: string): Octokit {
  return new Octokit({ auth: token, baseUrl, userAgent, request: { retries: 0 } });
}
