import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://desec.io/api/v1';

/** The largest TTL deSEC takes (one week); the smallest is each domain's `minimum_ttl`. */
export const MAX_TTL = 604_800;

export const metadata: ProviderMetadata = {
  name: 'desec',
  description: 'deSEC through the v1 API with a token scoped by policies to TXT at the challenge names',
  options: [
    {
      name: 'desec-token',
      description: "deSEC API token; best one restricted by policies to writing TXT at the domain's challenge names.",
      required: true,
      secret: true,
      envAliases: ['DESEC_TOKEN'],
    },
    {
      name: 'desec-ttl',
      description:
        "TTL of the TXT record sets certwright creates, in seconds; default the domain's `minimum_ttl` (3600 for " +
        'most domains), which deSEC does not let a record set go below.',
    },
    {
      name: 'desec-api-url',
      description: 'deSEC API URL instead of the public v1 one (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
