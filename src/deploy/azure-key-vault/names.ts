/**
 * Key Vault's names and URLs: the vault (a name, or its URL in one of Azure's clouds), the
 * certificate's name (letters, digits, dashes), the token scope of the vault's cloud, and the
 * version IDs the vault answers with.
 */
import { parseUrl } from '../../options/parse.js';

/** A vault's name: 3 to 24 letters, digits and dashes, starting with a letter, no dash at the end or twice in a row. */
const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
/** A Key Vault object's name (Key Vault's own rule). */
export const CERTIFICATE_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** The vault host suffix of each Azure cloud, and the resource its tokens are for. */
const CLOUDS: readonly { readonly suffix: string; readonly resource: string }[] = [
  { suffix: '.vault.azure.net', resource: 'https://vault.azure.net' },
  { suffix: '.vault.azure.cn', resource: 'https://vault.azure.cn' },
  { suffix: '.vault.usgovcloudapi.net', resource: 'https://vault.usgovcloudapi.net' },
  { suffix: '.vault.microsoftazure.de', resource: 'https://vault.microsoftazure.de' },
];

/** `azure-key-vault-url`: a vault name (public cloud) or the vault's URL, as an origin without a trailing slash. */
export function parseVaultUrl(text: string): string {
  if (VAULT_NAME.test(text)) return `https://${text.toLowerCase()}.vault.azure.net`;
  if (!text.includes('/') && !text.includes('.')) {
    throw new Error(
      `azure-key-vault-url: "${text}" is not a vault name; expected 3 to 24 letters, digits and dashes ` +
        'starting with a letter, or the vault URL such as https://my-vault.vault.azure.net',
    );
  }
  const url = new URL(
    parseUrl('azure-key-vault-url', text, {
      expected: 'the vault URL, such as https://my-vault.vault.azure.net, or the vault name',
      plainHttp: 'so the certificate and its key would cross the network readable',
      credentialsGo: 'certwright signs in with DefaultAzureCredential (azure/login), not with the URL',
    }),
  );
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '') {
    throw new Error(
      `azure-key-vault-url: "${text}" has a path; expected the vault URL alone, such as https://my-vault.vault.azure.net`,
    );
  }
  return url.origin;
}

/**
 * The scope of the vault's tokens: Key Vault takes tokens for its cloud's vault resource, whatever the vault's own
 * name (a local or private endpoint: the public cloud's).
 */
export function tokenScope(vaultUrl: string): string {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  const cloud = CLOUDS.find((c) => host.endsWith(c.suffix)) ?? CLOUDS[0];
  return `${cloud?.resource ?? 'https://vault.azure.net'}/.default`;
}

/** `azure-key-vault-certificate`, checked. */
export function parseCertificateName(text: string): string {
  if (CERTIFICATE_NAME.test(text)) return text;
  throw new Error(
    `azure-key-vault-certificate: "${text}" is not a Key Vault certificate name; ` +
      'expected 1 to 127 letters, digits and dashes, such as www-example-com',
  );
}

/** A Key Vault certificate name made from a certificate's `cert-name`: anything but letters and digits a dash. */
export function certificateNameFor(certName: string): string {
  const name = certName
    .replace(/[^0-9a-zA-Z]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 127)
    .replace(/-+$/, '');
  return name === '' ? 'certificate' : name;
}

/** A certificate version, as its ID names it: `{vault}/certificates/{name}/{version}`. */
export interface CertificateVersion {
  readonly vaultUrl: string;
  readonly name: string;
  readonly version: string;
}

/** The version an ID names, when the ID is one of `vaultUrl`'s certificate versions; undefined otherwise. */
export function parseVersionId(id: string, vaultUrl: string): CertificateVersion | undefined {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    return undefined;
  }
  const match = /^\/certificates\/([0-9a-zA-Z-]{1,127})\/([0-9a-zA-Z]+)$/.exec(url.pathname);
  if (url.origin.toLowerCase() !== vaultUrl.toLowerCase() || !match) return undefined;
  return { vaultUrl, name: match[1] ?? '', version: match[2] ?? '' };
}
