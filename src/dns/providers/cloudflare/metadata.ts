import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://api.cloudflare.com/client/v4';

export const metadata: ProviderMetadata = {
  name: 'cloudflare',
  description: 'Cloudflare DNS through the v4 API with a scoped API token (DNS:Edit on the zone)',
  options: [
    {
      name: 'cloudflare-api-token',
      description:
        'Cloudflare API token with Zone:Read and DNS:Edit on the zone (a user API token, not the Global API Key).',
      required: true,
      secret: true,
      envAliases: ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_DNS_API_TOKEN', 'CF_DNS_API_TOKEN'],
    },
    {
      name: 'cloudflare-zone-id',
      description:
        'Zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated. With ' +
        'it, a token with DNS:Edit alone (no Zone:Read) is enough.',
    },
    {
      name: 'cloudflare-ttl',
      description: 'TTL of the TXT records, in seconds (60 to 86400; 1 means automatic).',
      default: '60',
    },
    {
      name: 'cloudflare-api-url',
      description: 'Cloudflare API base URL instead of the public v4 API (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
