import type { ProviderMetadata } from '../../provider.js';

/** The API origin, as doctl's `--api-url` takes it: the `/v2` paths are appended. */
export const DEFAULT_API_URL = 'https://api.digitalocean.com';

/** DigitalOcean refuses a record TTL below 30 seconds (422). */
export const MIN_TTL = 30;

export const metadata: ProviderMetadata = {
  name: 'digitalocean',
  description:
    'DigitalOcean DNS through the API v2 with a custom-scoped personal access token (domain:read and domain:update)',
  options: [
    {
      name: 'digitalocean-token',
      description:
        'DigitalOcean personal access token (`dop_v1_…`) with the custom scopes domain:read and domain:update.',
      required: true,
      secret: true,
      envAliases: ['DIGITALOCEAN_ACCESS_TOKEN', 'DIGITALOCEAN_TOKEN', 'DO_AUTH_TOKEN'],
    },
    {
      name: 'digitalocean-domain',
      description:
        "The DigitalOcean domain(s) the records go to, instead of listing the account's domains: domains " +
        'comma-separated (each record goes to the ' +
        'most specific one holding its name), or `zone=domain` pairs.',
    },
    {
      name: 'digitalocean-ttl',
      description: "TTL of the TXT records, in seconds (30, DigitalOcean's minimum, to 86400).",
      default: String(MIN_TTL),
    },
    {
      name: 'digitalocean-api-url',
      description:
        'DigitalOcean API URL instead of the public one (a local test endpoint); the `/v2` paths are appended.',
      default: DEFAULT_API_URL,
    },
  ],
};
