/** The github-secret target: the certificate's PEMs (or a PFX) sealed into GitHub Actions secrets. */
import { buildPfx } from '../../crypto/pkcs12.js';
import { createOctokit } from '../../store/github.js';
import { SecretWriter } from '../../store/secret/secret-writer.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import type { GithubSecretSettings, SecretSlot } from './settings.js';

const TOKEN_HELP =
  'pass github-secret-token (or github-token) with a fine-grained PAT or GitHub App token that has ' +
  '"Secrets: Read and write" on that repository (plus "Environments: Read" for environment secrets; ' +
  'for organisation secrets, "Organization secrets: Read and write"); GITHUB_TOKEN cannot write secrets';

export class GithubSecretTarget implements DeployTarget {
  readonly name = 'github-secret';

  private constructor(
    private readonly settings: GithubSecretSettings,
    private readonly writer: SecretWriter,
    private readonly context: DeployContext,
  ) {}

  static async create(settings: GithubSecretSettings, context: DeployContext): Promise<GithubSecretTarget> {
    const octokit = await createOctokit(settings.token, settings.apiUrl, context.http);
    const writer = new SecretWriter(octokit, {
      component: 'github-secret',
      tokenHelp: TOKEN_HELP,
      repository: settings.repository,
      logger: context.logger,
    });
    return new GithubSecretTarget(settings, writer, context);
  }

  /**
   * Writes each secret (the same names on a renewal: workflows that read them get the new
   * certificate); an organisation secret keeps whoever could read it.
   */
  async deploy(certificate: IssuedCertificate): Promise<DeployedRecord> {
    for (const slot of this.settings.slots) {
      const value = await this.valueOf(slot, certificate);
      await this.writer.write(slot.target, value, await this.writer.metadata(slot.target));
    }
    return {
      serial: certificate.serial,
      id: this.settings.slots.map((slot) => slot.target.name).join(','),
      details: { scope: this.settings.scope },
      at: this.context.clock.now(),
    };
  }

  /** What one secret holds: the full chain, the key, or a base64 PFX of both. */
  private async valueOf(slot: SecretSlot, certificate: IssuedCertificate): Promise<string> {
    if (slot.holds === 'fullchain') return certificate.certPem + certificate.chainPem;
    if (slot.holds === 'privkey') return certificate.keyPem;
    const pfx = await buildPfx(
      { privkey: certificate.keyPem, cert: certificate.certPem, chain: certificate.chainPem },
      { password: this.settings.pfxPassword ?? '', friendlyName: certificate.name, legacy: false },
    );
    return Buffer.from(pfx).toString('base64');
  }
}
