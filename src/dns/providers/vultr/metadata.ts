import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://api.vultr.com/v2';

export const metadata: ProviderMetadata = {
  name: 'vultr',
  description: 'Vultr DNS through the API v2 with an API key (a user limited to the Manage DNS permission)',
  options: [
    {
      name: 'vultr-api-key',
      description:
        'Vultr API key, best of a user with only the Manage DNS permission, and an Access Control list allowing the ' +
        "runner's addresses.",
      required: true,
      secret: true,
      envAliases: ['VULTR_API_KEY'],
    },
    {
      name: 'vultr-ttl',
      description: 'TTL of the TXT records, in seconds (30 to 86400).',
      default: '120',
    },
    {
      name: 'vultr-api-url',
      description: 'Vultr API base URL instead of the public v2 API (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
