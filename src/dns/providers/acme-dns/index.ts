import { readFile } from 'node:fs/promises';
import type { ProviderDefinition } from '../../provider.js';
import { urlOption } from '../options.js';
import { parseAcmeDnsCredentials, sharedAccountProblem, type AcmeDnsCredentials } from './credentials.js';
import { metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const server = urlOption(values, 'acme-dns-server', 'https://auth.acme-dns.io');
    const inline = values['acme-dns-credentials']?.trim() || undefined;
    const file = values['acme-dns-credentials-file']?.trim() || undefined;
    if (inline && file) throw new Error('acme-dns-credentials-file: given with acme-dns-credentials; give one of them');
    if (!inline && !file) {
      throw new Error(
        'acme-dns-credentials: missing; expected the accounts JSON (from a secret, ' +
          'or CERTWRIGHT_ACME_DNS_CREDENTIALS), or set acme-dns-credentials-file; ' +
          'certwright acme-dns register creates an account',
      );
    }
    // The certificate's names, to refuse names crowding one account before anything is sent.
    const domains = (values.domains ?? '').split(/[\s,]+/).filter(Boolean);
    const check = (credentials: AcmeDnsCredentials): AcmeDnsCredentials => {
      const problem = sharedAccountProblem(credentials, domains);
      if (problem) throw new Error(problem);
      return credentials;
    };
    const parsed = inline ? check(parseAcmeDnsCredentials(inline, 'acme-dns-credentials', server)) : undefined;
    const where = server ? ` at ${server}` : '';
    return {
      name: 'acme-dns',
      description: parsed
        ? `acme-dns (${parsed.accounts.length} account(s)${where})`
        : `acme-dns (accounts from ${file}${where})`,
      async create(context) {
        const credentials = parsed ?? check(await readCredentialsFile(file as string, server));
        const { AcmeDnsProvider } = await import('./provider.js');
        return new AcmeDnsProvider(credentials, context);
      },
    };
  },
};

async function readCredentialsFile(path: string, server: string | undefined): Promise<AcmeDnsCredentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(
      `acme-dns-credentials-file: cannot read ${path} (${code}); ` +
        'expected the acme-dns accounts JSON that certbot or lego wrote, or certwright acme-dns register printed',
      { cause: error },
    );
  }
  return parseAcmeDnsCredentials(text, `acme-dns-credentials-file (${path})`, server);
}
