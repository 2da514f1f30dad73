import type { ProviderMetadata } from '../../provider.js';

/** The LiveDNS v5 API under Gandi's public API (api.gandi.net), where personal access tokens work. */
export const DEFAULT_API_URL = 'https://api.gandi.net/v5/livedns';

/** LiveDNS refuses a TTL below 300 seconds or above 30 days. */
export const MIN_TTL = 300;
export const MAX_TTL = 2_592_000;

export const metadata: ProviderMetadata = {
  name: 'gandi',
  description: 'Gandi LiveDNS through the v5 API with a personal access token (manage technical configurations)',
  options: [
    {
      name: 'gandi-personal-access-token',
      description:
        'Gandi personal access token with "Manage domain name technical configurations" on the domains (not the ' +
        'deprecated API key).',
      required: true,
      secret: true,
      envAliases: ['GANDIV5_PERSONAL_ACCESS_TOKEN'],
    },
    {
      name: 'gandi-ttl',
      description: "TTL of the TXT records certwright creates, in seconds (300, LiveDNS's minimum, to 2592000).",
      default: String(MIN_TTL),
    },
    {
      name: 'gandi-api-url',
      description: 'Gandi LiveDNS API URL instead of the public v5 one (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
