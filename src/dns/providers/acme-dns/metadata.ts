import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'acme-dns',
  description:
    'acme-dns (joohoi/acme-dns): `_acme-challenge` CNAMEd to an acme-dns subdomain, so CI holds no credentials for ' +
    'the real zone',
  options: [
    {
      name: 'acme-dns-server',
      description:
        'Base URL of the acme-dns API (its `/update`), such as https://auth.example.org. An account that carries its ' +
        "own `server_url` (lego's files) uses that instead.",
      envAliases: ['ACME_DNS_API_BASE'],
    },
    {
      name: 'acme-dns-credentials',
      description:
        'The accounts as JSON, keyed by domain (`{"example.com": {"username", "password", "fulldomain", ' +
        '"subdomain"}}`, the file certbot\'s and lego\'s acme-dns integrations write), or one account object. From a ' +
        'secret; or use acme-dns-credentials-file.',
      secret: true,
    },
    {
      name: 'acme-dns-credentials-file',
      description:
        "Path of a JSON file in the same format (`/etc/letsencrypt/acmedns.json`, lego's ACME_DNS_STORAGE_PATH " +
        'file), instead of acme-dns-credentials.',
      secretFile: true,
    },
  ],
};
