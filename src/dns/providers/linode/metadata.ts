import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://api.linode.com/v4';

/** Linode's smallest TTL for a record (lego's minimum too); Linode rounds other values up to its steps. */
export const MIN_TTL = 300;

export const metadata: ProviderMetadata = {
  name: 'linode',
  description: 'Linode (Akamai) DNS Manager through the API v4 with a personal access token (Domains: Read/Write)',
  options: [
    {
      name: 'linode-token',
      description:
        'Linode personal access token with the scope Domains: Read/Write (`domains:read_write`), nothing else.',
      required: true,
      secret: true,
      envAliases: ['LINODE_TOKEN'],
    },
    {
      name: 'linode-ttl',
      description:
        "TTL of the TXT records, in seconds (300, Linode's minimum, to 604800; Linode rounds up to its own steps).",
      default: String(MIN_TTL),
    },
    {
      name: 'linode-api-url',
      description: 'Linode API base URL instead of the public v4 API (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
