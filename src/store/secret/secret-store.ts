import type { Logger } from '../../runtime.js';
import type { StateStore } from '../../state/state-store.js';
import type { GitHubRest } from '../github.js';
import { describeSecretTarget, SecretWriter, type SecretTarget } from './secret-writer.js';

/** GitHub keeps at most 48 KB in one secret. */
export const SECRET_MAX_BYTES = 48 * 1024;

export { describeSecretTarget, type SecretTarget } from './secret-writer.js';

const TOKEN_HELP =
  'GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token (or GitHub App ' +
  'token) ' +
  'that has "Secrets: Read and write" on this repository (plus "Environments: Read" for environment secrets; ' +
  'for organisation secrets, "Organization secrets: Read and write")';

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
  private readonly writer: SecretWriter;

  constructor(
    private readonly target: SecretTarget,
    private readonly current: string | undefined,
    octokit: GitHubRest,
    private readonly options: SecretStoreOptions,
  ) {
    this.description = describeSecretTarget(target);
    this.writer = new SecretWriter(octokit, {
      component: 'store',
      tokenHelp: TOKEN_HELP,
      repository: options.repository,
      logger: options.logger,
    });
  }

  /**
   * Notes when the secret was last written, before the run changes anything; refuses an empty `state` for an existing
   * secret.
   */
  async open(): Promise<this> {
    this.seen = (await this.metadata())?.updated_at ?? null;
    if (this.seen !== null && this.current === undefined && !this.options.reset) {
      throw new Error(
        `state: empty, but the ${this.description} exists (written ${this.seen}); stopping before anything else ` +
          `rather than replace it with a new state. ` +
          `The state input probably does not reach this job: a mistyped secrets.${this.target.name}, a job or ` +
          `reusable workflow the secret is not passed to, ` +
          `or an environment secret this job cannot see. Pass state: \${{ secrets.${this.target.name} }}, or set ` +
          `state-reset: true to start over`,
      );
    }
    return this;
  }

  /** The secret's metadata, or undefined when there is no such secret. */
  private metadata() {
    return this.writer.metadata(this.target);
  }

  /** The `state` input: a secret cannot be read through the API. */
  load(): Promise<string | undefined> {
    return Promise.resolve(this.current);
  }

  async save(encrypted: string): Promise<void> {
    const metadata = await this.metadata();
    const changed = metadata?.updated_at ?? null;
    if (changed !== this.seen) {
      throw new Error(
        `store: the ${this.description} was ${changed ? `written at ${changed}` : 'deleted'} ` +
          'by another run after this run read it; not overwriting it, ' +
          "which would undo that run's certificates. Let one run write it at a time: give every workflow job that " +
          'writes it the same ' +
          '`concurrency:` group (concurrency: { group: certwright-state, cancel-in-progress: false }), then run again',
      );
    }
    await this.writer.write(this.target, encrypted, metadata);
    this.seen = (await this.metadata())?.updated_at ?? null;
  }
}
