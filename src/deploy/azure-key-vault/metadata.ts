import type { DeployMetadata } from '../target.js';

/** The Key Vault data-plane API version every call uses (the current GA one). */
export const API_VERSION = '2025-07-01';

/** The data action an import needs; what a least-privilege custom role grants. */
export const IMPORT_ACTION = 'Microsoft.KeyVault/vaults/certificates/import/action';

export const metadata: DeployMetadata = {
  name: 'azure-key-vault',
  description:
    'Azure Key Vault: each certificate imported as a new version of a named Key Vault certificate (App Gateway and ' +
    "Front Door follow the latest version), with @azure/identity's DefaultAzureCredential",
  options: [
    {
      name: 'azure-key-vault-url',
      description:
        "The vault: its URL (`https://NAME.vault.azure.net`, or another cloud's `vault.azure.cn`, " +
        '`vault.usgovcloudapi.net`), or only its name for the public cloud.',
      required: true,
    },
    {
      name: 'azure-key-vault-certificate',
      description:
        'Name of the Key Vault certificate the versions go to (letters, digits and dashes, up to 127). Default: the ' +
        "certificate's `cert-name` with every other character made a dash (`www.example.com` -> `www-example-com`).",
    },
    {
      name: 'azure-key-vault-tags',
      description:
        'Tags set on each version, as `name=value` pairs separated by commas or newlines (at most 15; names up to ' +
        '512 characters, values up to 256).',
    },
  ],
};
