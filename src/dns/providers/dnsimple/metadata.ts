import type { ProviderMetadata } from '../../provider.js';

/** The API origin, as the dnsimple clients' base URL takes it: the `/v2` paths are appended. */
export const DEFAULT_API_URL = 'https://api.dnsimple.com';

/** DNSimple's smallest record TTL on its standard plans. */
export const MIN_TTL = 60;

export const metadata: ProviderMetadata = {
  name: 'dnsimple',
  description: 'DNSimple DNS through the API v2 with an account access token',
  options: [
    {
      name: 'dnsimple-oauth-token',
      description: 'DNSimple account access token (Account → Access tokens), or a user token with dnsimple-account-id.',
      required: true,
      secret: true,
      envAliases: ['DNSIMPLE_OAUTH_TOKEN'],
    },
    {
      name: 'dnsimple-account-id',
      description:
        'The numeric ID of the DNSimple account that holds the zones, instead of asking `/v2/whoami` (needed with a ' +
        'user token).',
    },
    {
      name: 'dnsimple-ttl',
      description: 'TTL of the TXT records, in seconds (60 to 86400).',
      default: String(MIN_TTL),
    },
    {
      name: 'dnsimple-api-url',
      description:
        'DNSimple API URL instead of the production one: `https://api.sandbox.dnsimple.com` for the sandbox, or a ' +
        `local test endpoint; the \`/v2\` paths are appended. ${DEFAULT_API_URL} when neither it nor ` +
        'DNSIMPLE_BASE_URL is set.',
      envAliases: ['DNSIMPLE_BASE_URL'],
    },
  ],
};
