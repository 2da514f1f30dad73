/**
 * Writing one GitHub Actions secret (a repository's, an environment's or an organisation's): the
 * scope's public key, libsodium's sealed box (crypto_box_seal), the PUT, and for an organisation
 * secret the audience it had kept. Shared by the secret store (the state) and the github-secret
 * deploy target (the certificate's PEMs), so both seal and scope a secret the same way.
 */
import { errorMessage, type Logger } from '../../runtime.js';
import type { GitHubRest } from '../github.js';

/** Which secret: a repository's, one of its environments', or an organisation's. */
export type SecretTarget =
  | { readonly kind: 'repository'; readonly owner: string; readonly repo: string; readonly name: string }
  | {
      readonly kind: 'environment';
      readonly owner: string;
      readonly repo: string;
      readonly environment: string;
      readonly name: string;
    }
  | { readonly kind: 'organization'; readonly org: string; readonly name: string };

/** What GitHub tells of a secret (GET .../secrets/{name}); organisation secrets also say who may read them. */
export interface SecretMetadata {
  readonly updated_at?: string;
  /** Organisation secrets: `all`, `private` or `selected`. */
  readonly visibility?: string;
}

/** The audience a write gives an organisation secret (the PUT's `visibility` and `selected_repository_ids`). */
interface Audience {
  readonly visibility: string;
  readonly selected_repository_ids?: number[];
}

/** Repositories per page when listing who may read a `selected` organisation secret: GitHub's largest. */
const REPOSITORIES_PAGE = 100;

/** The REST path of the secrets of the target's scope. */
export function secretsPath(target: SecretTarget): string {
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

/** How a secret's place is written (`NAME`, `environments/ENV/NAME`, `orgs/ORG/NAME`), for its errors. */
export interface SecretPlaceSyntax {
  /** The option that holds it (`store`, `github-secret-name`). */
  readonly option: string;
  /** How the errors quote the value (`secret:NAME`). */
  readonly shown: string;
  /** The forms the option takes, for the error. */
  readonly forms: readonly string[];
}

/** Whether `name` can name a GitHub Actions secret (letters, digits, underscores; no digit first, no GITHUB_). */
export function usableSecretName(name: string | undefined): name is string {
  return name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}

/**
 * A secret's place: `NAME` (in the repository `repository()` gives), `environments/ENV/NAME` or
 * `orgs/ORG/NAME`. Errors name the option and the forms.
 */
export function parseSecretPlace(
  text: string,
  syntax: SecretPlaceSyntax,
  repository: () => { owner: string; repo: string },
): SecretTarget {
  const parts = text.split('/');
  const name = parts.at(-1);
  if (!usableSecretName(name)) {
    throw new Error(
      `${syntax.option}: "${name ?? ''}" is not a usable secret name; expected letters, digits and underscores, not ` +
        `starting with a digit or GITHUB_`,
    );
  }
  if (parts[0] === 'orgs' && parts.length === 3 && parts[1]) return { kind: 'organization', org: parts[1], name };
  if (parts.length === 1) return { kind: 'repository', ...repository(), name };
  if (parts[0] === 'environments' && parts.length === 3 && parts[1])
    return { kind: 'environment', ...repository(), environment: parts[1], name };
  throw new Error(`${syntax.option}: "${syntax.shown}" is not a secret; expected ${syntax.forms.join(', ')}`);
}

/** Who writes: how errors begin and what they advise about the token. */
export interface SecretWriterOptions {
  /** The component errors are prefixed with (`store`, `github-secret`). */
  readonly component: string;
  /** What to say about the token when GitHub answers 401, 403 or 404. */
  readonly tokenHelp: string;
  /** The repository the run is for: a new organisation secret is made readable by it alone. */
  readonly repository: { readonly owner: string; readonly repo: string } | undefined;
  readonly logger: Logger;
}

/** The scope's public key (GET .../secrets/public-key), for sealing. */
interface PublicKey {
  readonly key_id: string;
  readonly key: string;
}

/** Writes secrets of one scope through GitHub's REST API; the values go sealed, and only in the PUT. */
export class SecretWriter {
  constructor(
    private readonly octokit: GitHubRest,
    private readonly options: SecretWriterOptions,
  ) {}

  /** The secret's metadata, or undefined when there is no such secret. */
  async metadata(target: SecretTarget): Promise<SecretMetadata | undefined> {
    try {
      const response = await this.octokit.request(`GET ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name,
      });
      return response.data as SecretMetadata;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw this.explain(target, error, 'read the metadata of');
    }
  }

  /**
   * Seals `value` with the scope's public key and PUTs it; an organisation secret keeps the
   * audience `metadata` (as read before the write) gives it.
   */
  async write(target: SecretTarget, value: string, metadata: SecretMetadata | undefined): Promise<void> {
    const publicKey = await this.scopeKey(target);
    const { default: sodium } = await import('libsodium-wrappers'); // loaded only to write a secret
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(
      sodium.from_string(value),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL),
    );
    const audience = target.kind === 'organization' ? await this.audience(target, metadata) : {};
    try {
      await this.octokit.request(`PUT ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name,
        encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
        key_id: publicKey.key_id,
        ...audience,
      });
    } catch (error) {
      throw this.explain(target, error, 'write');
    }
  }

  /** The public key of the target's scope, for sealing. */
  private async scopeKey(target: SecretTarget): Promise<PublicKey> {
    try {
      return (await this.octokit.request(`GET ${secretsPath(target)}/public-key`)).data as PublicKey;
    } catch (error) {
      throw this.explain(target, error, 'read the public key of');
    }
  }

  /**
   * Who may read the organisation secret after the write: whoever could before (GitHub's PUT
   * sets the audience anew, so it is read first, `selected` repositories included). A new
   * secret is readable by the run's repository alone, or, when that is not known, by the
   * organisation's private repositories, which the log says.
   */
  private async audience(
    target: SecretTarget & { kind: 'organization' },
    metadata: SecretMetadata | undefined,
  ): Promise<Audience> {
    if (metadata?.visibility === 'selected')
      return { visibility: 'selected', selected_repository_ids: await this.selectedRepositoryIds(target) };
    if (metadata?.visibility) return { visibility: metadata.visibility };
    const description = describeSecretTarget(target);
    const repository = await this.repositoryId();
    if (repository) {
      this.options.logger.info(
        `Creating the ${description} readable by ${repository.name} only (visibility selected); ` +
          "add repositories in the organisation's settings",
      );
      return { visibility: 'selected', selected_repository_ids: [repository.id] };
    }
    this.options.logger.warn(
      `Creating the ${description} readable by every private repository of ${target.org} (visibility private), ` +
        `as github-repository is not known; ` +
        "narrow it to selected repositories in the organisation's settings, or set github-repository",
    );
    return { visibility: 'private' };
  }

  /** The ids of the repositories a `selected` organisation secret is shared with, every page. */
  private async selectedRepositoryIds(target: SecretTarget & { kind: 'organization' }): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      let data: { total_count: number; repositories: { id: number | bigint }[] };
      try {
        ({ data } = await this.octokit.request('GET /orgs/{org}/actions/secrets/{secret_name}/repositories', {
          org: target.org,
          secret_name: target.name,
          per_page: REPOSITORIES_PAGE,
          page,
        }));
      } catch (error) {
        throw this.explain(target, error, 'list the repositories that may read');
      }
      ids.push(...data.repositories.map((r) => Number(r.id)));
      if (data.repositories.length < REPOSITORIES_PAGE || ids.length >= data.total_count) return ids;
    }
  }

  /** The id of the run's repository, or undefined (logged) when it is not set or cannot be read. */
  private async repositoryId(): Promise<{ id: number; name: string } | undefined> {
    const repository = this.options.repository;
    if (!repository) return undefined;
    const name = `${repository.owner}/${repository.repo}`;
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', repository);
      return { id: Number(data.id), name };
    } catch (error) {
      this.options.logger.warn(`could not read the id of ${name} (${errorMessage(error)})`);
      return undefined;
    }
  }

  /** An error about `target`, prefixed with the writer's component, with the token advice where it applies. */
  explain(target: SecretTarget, error: unknown, what: string): Error {
    const status = (error as { status?: number }).status;
    const detail = error instanceof Error ? error.message : String(error);
    const { component, tokenHelp } = this.options;
    const description = describeSecretTarget(target);
    if (status === 401 || status === 403 || status === 404) {
      return new Error(`${component}: cannot ${what} the ${description} (HTTP ${status}: ${detail}); ${tokenHelp}`, {
        cause: error,
      });
    }
    return new Error(`${component}: cannot ${what} the ${description}: ${detail}`, { cause: error });
  }
}
