import { createOctokit, githubApiUrl, parseRepository, type GitHubRest, type GitHubRestFactory } from './github.js';
import { errorMessage, type Logger } from '../runtime.js';
import { parseStateReset, type StateStore, type StoreDefinition } from './store.js';

/** GitHub keeps at most 48 KB in one secret. */
export const SECRET_MAX_BYTES = 48 * 1024;

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

/** What GitHub tells of a secret (GET .../secrets/{name}); organisation secrets also say who may read them. */
interface SecretMetadata {
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

/** How a secret store is set up beyond its target. */
export interface SecretStoreOptions {
  /** `state-reset`: the run starts over, so an existing secret with an empty `state` input is expected. */
  readonly reset: boolean;
  /** The repository the run is for (`github-repository`): a new organisation secret is made readable by it alone. */
  readonly repository: { readonly owner: string; readonly repo: string } | undefined;
  readonly logger: Logger;
}

/**
 * The state in a GitHub Actions secret. Secrets cannot be read through the API, so the current
 * bundle comes from the `state` input (`${{ secrets.NAME }}`); writing seals it with the
 * repository's public key (libsodium crypto_box_seal) and PUTs it.
 *
 * An empty `state` while the secret exists is almost always a mistake (a mistyped name, a job
 * or reusable workflow the secret is not passed to, an environment secret out of reach), and
 * writing would replace every certificate and the account: the store refuses to open, unless
 * `state-reset` says to start over. An organisation secret keeps its audience on every write.
 *
 * Two runs that write one secret would undo each other's lineages, and a secret cannot be
 * merged (its value cannot be read back). So the store notes the secret's `updated_at` when it
 * opens, and refuses to write if another writer changed the secret since; after each of its
 * own writes it notes the new time. GitHub has no conditional write, so a write landing between
 * the check and the PUT is still possible: a `concurrency:` group is what rules it out.
 */
export class SecretStore implements StateStore {
  readonly description: string;
  readonly maxBytes = SECRET_MAX_BYTES;
  /** The secret's `updated_at` when this run last read or wrote it; null when it did not exist. */
  private seen: string | null = null;

  constructor(
    private readonly target: SecretTarget,
    private readonly current: string | undefined,
    private readonly octokit: GitHubRest,
    private readonly options: SecretStoreOptions,
  ) {
    this.description = describeSecretTarget(target);
  }

  /** Notes when the secret was last written, before the run changes anything; refuses an empty `state` for an existing secret. */
  async open(): Promise<this> {
    this.seen = (await this.metadata())?.updated_at ?? null;
    if (this.seen !== null && this.current === undefined && !this.options.reset) {
      throw new Error(
        `state: empty, but the ${this.description} exists (written ${this.seen}); stopping before anything else rather than replace it with a new state. ` +
          `The state input probably does not reach this job: a mistyped secrets.${this.target.name}, a job or reusable workflow the secret is not passed to, ` +
          `or an environment secret this job cannot see. Pass state: \${{ secrets.${this.target.name} }}, or set state-reset: true to start over`,
      );
    }
    return this;
  }

  /** The secret's metadata, or undefined when there is no such secret. */
  private async metadata(): Promise<SecretMetadata | undefined> {
    try {
      const { data } = await this.octokit.request(`GET ${basePath(this.target)}/{secret_name}`, {
        secret_name: this.target.name,
      });
      return data as SecretMetadata;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw this.explain(error, 'read the metadata of');
    }
  }

  async load(): Promise<string | undefined> {
    return this.current;
  }

  async save(encrypted: string): Promise<void> {
    const base = basePath(this.target);
    const metadata = await this.metadata();
    const changed = metadata?.updated_at ?? null;
    if (changed !== this.seen) {
      throw new Error(
        `store: the ${this.description} was ${changed ? `written at ${changed}` : 'deleted'} by another run after this run read it; not overwriting it, ` +
          "which would undo that run's certificates. Let one run write it at a time: give every workflow job that writes it the same " +
          '`concurrency:` group (concurrency: { group: certwright-state, cancel-in-progress: false }), then run again',
      );
    }
    let publicKey: { key_id: string; key: string };
    try {
      publicKey = (await this.octokit.request(`GET ${base}/public-key`)).data as { key_id: string; key: string };
    } catch (error) {
      throw this.explain(error, 'read the public key of');
    }
    const { default: sodium } = await import('libsodium-wrappers'); // loaded only to write a secret
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(
      sodium.from_string(encrypted),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL),
    );
    const audience = this.target.kind === 'organization' ? await this.audience(this.target, metadata) : {};
    try {
      await this.octokit.request(`PUT ${base}/{secret_name}`, {
        secret_name: this.target.name,
        encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
        key_id: publicKey.key_id,
        ...audience,
      });
    } catch (error) {
      throw this.explain(error, 'write');
    }
    this.seen = (await this.metadata())?.updated_at ?? null;
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
    const repository = await this.repositoryId();
    if (repository) {
      this.options.logger.info(
        `Creating the ${this.description} readable by ${repository.name} only (visibility selected); add repositories in the organisation's settings`,
      );
      return { visibility: 'selected', selected_repository_ids: [repository.id] };
    }
    this.options.logger.warn(
      `Creating the ${this.description} readable by every private repository of ${target.org} (visibility private), as github-repository is not known; ` +
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
        throw this.explain(error, 'list the repositories that may read');
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

  private explain(error: unknown, what: string): Error {
    const status = (error as { status?: number }).status;
    const detail = error instanceof Error ? error.message : String(error);
    if (status === 401 || status === 403 || status === 404) {
      return new Error(`store: cannot ${what} the ${this.description} (HTTP ${status}: ${detail}); ${TOKEN_HELP}`, {
        cause: error,
      });
    }
    return new Error(`store: cannot ${what} the ${this.description}: ${detail}`, { cause: error });
  }
}

/** `github-repository` when it is set and well formed: an organisation secret does not need it. */
function optionalRepository(
  values: Readonly<Record<string, string | undefined>>,
): { owner: string; repo: string } | undefined {
  return values['github-repository']?.trim()
    ? parseRepository(values, 'whose workflows read the organisation secret')
    : undefined;
}

const SECRET_FORMS = ['secret:NAME', 'secret:environments/ENV/NAME', 'secret:orgs/ORG/NAME'];

function parseSecretTarget(text: string, values: Readonly<Record<string, string | undefined>>): SecretTarget {
  const parts = text.split('/');
  const valid = (name: string | undefined) =>
    name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
  const name = parts.at(-1);
  if (!valid(name)) {
    throw new Error(
      `store: "${name ?? ''}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`,
    );
  }
  if (parts[0] === 'orgs' && parts.length === 3 && parts[1])
    return { kind: 'organization', org: parts[1], name: name as string };
  const { owner, repo } = parseRepository(values, 'whose secret certwright writes');
  if (parts.length === 1) return { kind: 'repository', owner, repo, name: name as string };
  if (parts[0] === 'environments' && parts.length === 3 && parts[1])
    return { kind: 'environment', owner, repo, environment: parts[1], name: name as string };
  throw new Error(`store: "secret:${text}" is not a secret; expected ${SECRET_FORMS.join(', ')}`);
}

/**
 * `store: secret:...`: the current bundle from the `state` input, written back through the REST
 * API with the client `createClient` makes (the Action passes its own, from @actions/github).
 */
export function secretStoreKindWith(createClient: GitHubRestFactory): StoreDefinition {
  return {
    kind: 'secret',
    forms: SECRET_FORMS,
    configure(text, values) {
      const target = parseSecretTarget(text, values);
      const token = values['github-token']?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write"',
        );
      const current = values.state?.trim() || undefined;
      const apiUrl = githubApiUrl(values);
      const reset = parseStateReset(values);
      const repository =
        target.kind === 'organization' ? optionalRepository(values) : { owner: target.owner, repo: target.repo };
      return {
        kind: 'secret',
        description: describeSecretTarget(target),
        open: async ({ http, logger }) =>
          new SecretStore(target, current, await createClient(token, apiUrl, http), {
            reset,
            repository,
            logger,
          }).open(),
      };
    },
  };
}

/** `store: secret:...` through the CLI's client. */
export const secretStoreKind = secretStoreKindWith(createOctokit);
