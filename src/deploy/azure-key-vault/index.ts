import { optionalOption, requireOption } from '../../options/parse.js';
import type { DeployTargetDefinition } from '../target.js';
import { metadata } from './metadata.js';
import { parseCertificateName, parseVaultUrl } from './names.js';

/** Key Vault's bounds on tags: how many, and how long a name and a value may be. */
const MAX_TAGS = 15;
const MAX_TAG_NAME = 512;
const MAX_TAG_VALUE = 256;

/** `azure-key-vault-tags`: `name=value` pairs separated by commas or newlines. */
export function parseTags(text: string | undefined): Readonly<Record<string, string>> {
  const tags: Record<string, string> = {};
  const pairs = (text ?? '')
    .split(/[,\n]/)
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '');
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at <= 0 || name.length > MAX_TAG_NAME || value.length > MAX_TAG_VALUE) {
      throw new Error(
        `azure-key-vault-tags: "${pair}" is not a tag; expected name=value ` +
          `(a name of up to ${MAX_TAG_NAME} characters, a value of up to ${MAX_TAG_VALUE}), such as env=prod`,
      );
    }
    tags[name] = value;
  }
  if (Object.keys(tags).length > MAX_TAGS)
    throw new Error(`azure-key-vault-tags: ${Object.keys(tags).length} tags; Key Vault keeps at most ${MAX_TAGS}`);
  return tags;
}

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const vaultUrl = parseVaultUrl(
      requireOption(values, 'azure-key-vault-url', 'the vault URL, such as https://my-vault.vault.azure.net'),
    );
    const given = optionalOption(values, 'azure-key-vault-certificate');
    const certificateName = given === undefined ? undefined : parseCertificateName(given);
    const tags = parseTags(optionalOption(values, 'azure-key-vault-tags'));
    const which = certificateName ? `certificate ${certificateName}` : 'a certificate named after cert-name';
    return {
      name: 'azure-key-vault',
      description: `azure-key-vault (${which} in ${vaultUrl})`,
      key: `azure-key-vault:${new URL(vaultUrl).host}${certificateName ? `/${certificateName}` : ''}`,
      async create(context) {
        // @azure/identity and the PKCS#12 code are loaded only by runs that deploy to Key Vault.
        const { KeyVaultTarget } = await import('./target.js');
        return new KeyVaultTarget({ vaultUrl, certificateName, tags }, context);
      },
    };
  },
};
