import type { ProviderMetadata } from '../../provider.js';

/** The WAPI version lego targets too (NIOS 8.5 and later serve it); any 2.x the grid serves works. */
export const DEFAULT_WAPI_VERSION = '2.11';
export const DEFAULT_VIEW = 'default';
export const DEFAULT_PORT = 443;

export const metadata: ProviderMetadata = {
  name: 'infoblox',
  description: 'Infoblox NIOS (on-premises Grid Manager) through its WAPI, with a WAPI user and password',
  options: [
    {
      name: 'infoblox-host',
      description: 'Host name or address of the Grid Manager (or a WAPI-serving member), without scheme or path.',
      required: true,
      envAliases: ['INFOBLOX_HOST'],
    },
    {
      name: 'infoblox-port',
      description: `HTTPS port of the WAPI; ${DEFAULT_PORT} when neither it nor INFOBLOX_PORT is set.`,
      envAliases: ['INFOBLOX_PORT'],
    },
    {
      name: 'infoblox-username',
      description: 'WAPI user (an admin with API access and DNS permissions on the zone).',
      required: true,
      envAliases: ['INFOBLOX_USERNAME'],
    },
    {
      name: 'infoblox-password',
      description: "The WAPI user's password.",
      required: true,
      secret: true,
      envAliases: ['INFOBLOX_PASSWORD'],
    },
    {
      name: 'infoblox-view',
      description:
        `DNS view that holds the zones and gets the TXT records; \`${DEFAULT_VIEW}\` when neither it nor ` +
        'INFOBLOX_DNS_VIEW is set.',
      envAliases: ['INFOBLOX_DNS_VIEW'],
    },
    {
      name: 'infoblox-wapi-version',
      description:
        `WAPI version in the URL (\`/wapi/v${DEFAULT_WAPI_VERSION}/\`), 2.x; ${DEFAULT_WAPI_VERSION} when neither it ` +
        'nor INFOBLOX_WAPI_VERSION is set.',
      envAliases: ['INFOBLOX_WAPI_VERSION'],
    },
    {
      name: 'infoblox-ca-file',
      description:
        "PEM file with the CA that signed the Grid Manager's HTTPS certificate (its self-signed or private CA), " +
        'trusted for this provider only, beside the system roots.',
      envAliases: ['INFOBLOX_CA_CERTIFICATE'],
    },
    {
      name: 'infoblox-ttl',
      description: 'TTL of the TXT records, in seconds.',
      default: '60',
    },
  ],
};
