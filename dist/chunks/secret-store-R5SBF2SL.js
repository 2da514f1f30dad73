import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { SecretWriter, describeSecretTarget } from "./start.js";
import "./start.js";
import "./start.js";

// src/store/secret/secret-store.ts
var SECRET_MAX_BYTES = 48 * 1024;
var TOKEN_HELP = 'GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token (or GitHub App token) that has "Secrets: Read and write" on this repository (plus "Environments: Read" for environment secrets; for organisation secrets, "Organization secrets: Read and write")';
var SecretStore = class {
  constructor(target, current, octokit, options) {
    this.target = target;
    this.current = current;
    this.options = options;
    this.description = describeSecretTarget(target);
    this.writer = new SecretWriter(octokit, {
      component: "store",
      tokenHelp: TOKEN_HELP,
      repository: options.repository,
      logger: options.logger
    });
  }
  target;
  current;
  options;
  description;
  maxBytes = SECRET_MAX_BYTES;
  /** The secret's `updated_at` when this run last read or wrote it; null when it did not exist. */
  seen = null;
  writer;
  /**
   * Notes when the secret was last written, before the run changes anything; refuses an empty `state` for an existing
   * secret.
   */
  async open() {
    this.seen = (await this.metadata())?.updated_at ?? null;
    if (this.seen !== null && this.current === void 0 && !this.options.reset) {
      throw new Error(
        `state: empty, but the ${this.description} exists (written ${this.seen}); stopping before anything else rather than replace it with a new state. The state input probably does not reach this job: a mistyped secrets.${this.target.name}, a job or reusable workflow the secret is not passed to, or an environment secret this job cannot see. Pass state: \${{ secrets.${this.target.name} }}, or set state-reset: true to start over`
      );
    }
    return this;
  }
  /** The secret's metadata, or undefined when there is no such secret. */
  metadata() {
    return this.writer.metadata(this.target);
  }
  /** The `state` input: a secret cannot be read through the API. */
  load() {
    return Promise.resolve(this.current);
  }
  async save(encrypted) {
    const metadata = await this.metadata();
    const changed = metadata?.updated_at ?? null;
    if (changed !== this.seen) {
      throw new Error(
        `store: the ${this.description} was ${changed ? `written at ${changed}` : "deleted"} by another run after this run read it; not overwriting it, which would undo that run's certificates. Let one run write it at a time: give every workflow job that writes it the same \`concurrency:\` group (concurrency: { group: certwright-state, cancel-in-progress: false }), then run again`
      );
    }
    await this.writer.write(this.target, encrypted, metadata);
    this.seen = (await this.metadata())?.updated_at ?? null;
  }
};
export {
  SECRET_MAX_BYTES,
  SecretStore,
  describeSecretTarget
};
