import type { ProviderMetadata } from '../../provider.js';

/** The server id every PowerDNS Authoritative Server answers to in its API. */
export const DEFAULT_SERVER_ID = 'localhost';

export const metadata: ProviderMetadata = {
  name: 'powerdns',
  description: 'PowerDNS Authoritative Server through its HTTP API (v1) with the X-API-Key',
  options: [
    {
      name: 'powerdns-api-url',
      description:
        "PowerDNS API origin, such as https://pdns.example.com:8081 (the server's `webserver-address` and " +
        '`webserver-port`, or a TLS proxy in front of them); the `/api/v1` paths are appended. Plain http only to a ' +
        'loopback address.',
      required: true,
    },
    {
      name: 'powerdns-api-key',
      description: "PowerDNS API key (the server's `api-key` setting), sent as X-API-Key.",
      required: true,
      secret: true,
      envAliases: ['PDNS_API_KEY'],
    },
    {
      name: 'powerdns-server-id',
      description: 'Server id in the API paths (`/api/v1/servers/<id>`); `localhost` on every Authoritative Server.',
      default: DEFAULT_SERVER_ID,
    },
    {
      name: 'powerdns-ttl',
      description: 'TTL of a TXT record set certwright creates, in seconds (a set that exists keeps its TTL).',
      default: '60',
    },
  ],
};
