import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { buildPfx } from "./start.js";
import "./start.js";
import { createOctokit } from "./start.js";
import { SecretWriter } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/deploy/github-secret/target.ts
var TOKEN_HELP = 'pass github-secret-token (or github-token) with a fine-grained PAT or GitHub App token that has "Secrets: Read and write" on that repository (plus "Environments: Read" for environment secrets; for organisation secrets, "Organization secrets: Read and write"); GITHUB_TOKEN cannot write secrets';
var GithubSecretTarget = class _GithubSecretTarget {
  constructor(settings, writer, context) {
    this.settings = settings;
    this.writer = writer;
    this.context = context;
  }
  settings;
  writer;
  context;
  name = "github-secret";
  static async create(settings, context) {
    const octokit = await createOctokit(settings.token, settings.apiUrl, context.http);
    const writer = new SecretWriter(octokit, {
      component: "github-secret",
      tokenHelp: TOKEN_HELP,
      repository: settings.repository,
      logger: context.logger
    });
    return new _GithubSecretTarget(settings, writer, context);
  }
  /**
   * Writes each secret (the same names on a renewal: workflows that read them get the new
   * certificate); an organisation secret keeps whoever could read it.
   */
  async deploy(certificate) {
    for (const slot of this.settings.slots) {
      const value = await this.valueOf(slot, certificate);
      await this.writer.write(slot.target, value, await this.writer.metadata(slot.target));
    }
    return {
      serial: certificate.serial,
      id: this.settings.slots.map((slot) => slot.target.name).join(","),
      details: { scope: this.settings.scope },
      at: this.context.clock.now()
    };
  }
  /** What one secret holds: the full chain, the key, or a base64 PFX of both. */
  async valueOf(slot, certificate) {
    if (slot.holds === "fullchain") return certificate.certPem + certificate.chainPem;
    if (slot.holds === "privkey") return certificate.keyPem;
    const pfx = await buildPfx(
      { privkey: certificate.keyPem, cert: certificate.certPem, chain: certificate.chainPem },
      { password: this.settings.pfxPassword ?? "", friendlyName: certificate.name, legacy: false }
    );
    return Buffer.from(pfx).toString("base64");
  }
};
export {
  GithubSecretTarget
};
