import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://api.hetzner.cloud/v1';

/** Hetzner's smallest record TTL. */
export const MIN_TTL = 60;

export const metadata: ProviderMetadata = {
  name: 'hetzner',
  description:
    'Hetzner DNS through the Hetzner Cloud API v1 (zones and RRSets) with a project API token (Read & Write)',
  options: [
    {
      name: 'hetzner-api-token',
      description:
        'Hetzner Cloud API token (Read & Write) of the project that holds the zone. A token of the old DNS Console ' +
        '(dns.hetzner.com) does not work with this API.',
      required: true,
      secret: true,
      envAliases: ['HETZNER_API_TOKEN', 'HCLOUD_TOKEN'],
    },
    {
      name: 'hetzner-ttl',
      description: "TTL of the TXT RRSets certwright creates, in seconds (60, Hetzner's minimum, to 86400).",
      default: String(MIN_TTL),
    },
    {
      name: 'hetzner-api-url',
      description: 'Hetzner Cloud API base URL instead of the public v1 API (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
