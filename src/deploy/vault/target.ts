/**
 * The vault target: the certificate as a new version of a KV v2 secret, written with a Vault
 * token, or with one got by logging in through the JWT auth method with the job's GitHub OIDC
 * token (no long-lived secret in the repository). A token from a login is revoked when the
 * deploy is done.
 */
import { parseUrl } from '../../options/parse.js';
import type { DeployContext, DeployedRecord, DeployTarget, IssuedCertificate } from '../target.js';
import {
  githubOidcToken,
  loginWithJwt,
  revokeSelf,
  writeKv,
  type CertificateFields,
  type VaultConnection,
} from './api.js';

export interface VaultSettings {
  /** `vault-addr`; undefined: `VAULT_ADDR`. */
  readonly addr: string | undefined;
  readonly mount: string;
  readonly path: string;
  readonly auth:
    | { readonly kind: 'token'; readonly token: string }
    | { readonly kind: 'jwt'; readonly role: string; readonly authMount: string };
  /** `vault-namespace`; undefined: `VAULT_NAMESPACE`. */
  readonly namespace: string | undefined;
  readonly audience: string | undefined;
}

export class VaultTarget implements DeployTarget {
  readonly name = 'vault';
  readonly #settings: VaultSettings;
  readonly #context: DeployContext;

  constructor(settings: VaultSettings, context: DeployContext) {
    this.#settings = settings;
    this.#context = context;
  }

  async deploy(certificate: IssuedCertificate): Promise<DeployedRecord> {
    const { mount, path } = this.#settings;
    const secrets = [certificate.keyPem];
    const connection = this.#connection(() => secrets);
    const { token, loggedIn } = await this.#token(connection, secrets);
    try {
      const version = await writeKv(connection, token, mount, path, fieldsOf(certificate));
      this.#context.logger.info(`vault: wrote ${mount}/${path} version ${version} at ${connection.addr}`);
      return {
        serial: certificate.serial,
        id: `${mount}/${path}@${version}`,
        details: { version: String(version), addr: connection.addr },
        at: this.#context.clock.now(),
      };
    } finally {
      if (loggedIn)
        await revokeSelf(connection, token).catch((error: unknown) =>
          this.#context.logger.debug(`vault: the login token was not revoked (it ends at its TTL): ${String(error)}`),
        );
    }
  }

  #connection(secrets: () => readonly string[]): VaultConnection {
    const env = this.#context.env;
    const fromEnv = env.VAULT_ADDR?.trim();
    const addr = this.#settings.addr ?? (fromEnv ? parseUrl('vault-addr (VAULT_ADDR)', fromEnv, ADDR_RULE) : undefined);
    if (!addr)
      throw new Error(
        'vault-addr: missing; expected the address of Vault, such as https://vault.example.com:8200 (or set VAULT_ADDR)',
      );
    const namespace = this.#settings.namespace ?? (env.VAULT_NAMESPACE?.trim() || undefined);
    return { addr: addr.replace(/\/+$/, ''), namespace, http: this.#context.http, run: this.#context, secrets };
  }

  /** The token to write with: the one given, or one from a JWT login with the job's OIDC token. */
  async #token(connection: VaultConnection, secrets: string[]): Promise<{ token: string; loggedIn: boolean }> {
    const auth = this.#settings.auth;
    if (auth.kind === 'token') {
      secrets.push(auth.token);
      return { token: auth.token, loggedIn: false };
    }
    const requestUrl = this.#context.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = this.#context.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!requestUrl || !requestToken)
      throw new Error(
        'vault: no GitHub OIDC token to log in with (ACTIONS_ID_TOKEN_REQUEST_URL is not set): ' +
          'give the job `permissions: id-token: write`, or set vault-token',
      );
    secrets.push(requestToken);
    const jwt = await githubOidcToken(connection, requestUrl, requestToken, this.#settings.audience);
    secrets.push(jwt);
    const token = await loginWithJwt(connection, auth.authMount, auth.role, jwt);
    secrets.push(token);
    this.#context.logger.debug(`vault: logged in as JWT role "${auth.role}" at auth/${auth.authMount}`);
    return { token, loggedIn: true };
  }
}

const ADDR_RULE = {
  expected: 'one such as https://vault.example.com:8200',
  plainHttp: 'so the Vault token and the private key would cross the network readable',
  credentialsGo: 'give the token as vault-token instead',
};

/** The KV fields: PEMs as they are, the serial in lower-case hex, not_after in RFC 3339. */
export function fieldsOf(certificate: IssuedCertificate): CertificateFields {
  const chain = `${certificate.chainPem.trim()}\n`;
  return {
    certificate: `${certificate.certPem.trim()}\n`,
    private_key: certificate.keyPem,
    chain,
    fullchain: `${certificate.certPem.trim()}\n${chain}`,
    serial: certificate.serial,
    not_after: certificate.notAfter.toISOString(),
    domains: certificate.domains.join(','),
    certificate_name: certificate.name,
  };
}
