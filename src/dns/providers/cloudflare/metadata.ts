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
      envAliases: ['CLOUDFLARE_API_TOKEN'],
    },
    {
      name: 'cloudflare-zone-id',
      description:
        'Zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated. With it, a token with DNS:Edit alone (no Zone:Read) is enough.',
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
  docs: {
    credentials:
      'A Cloudflare **API token** (My Profile → API Tokens → Create Token), kept in a repository or environment secret and passed as ' +
      "`cloudflare-api-token`, or set as `CERTWRIGHT_CLOUDFLARE_API_TOKEN` or `CLOUDFLARE_API_TOKEN` in the step's environment. Cloudflare " +
      'has no OIDC federation for its API, so a token it is: scope it as below, give it a client IP filter or an expiry where you can, and ' +
      'it can do nothing but edit DNS in one zone. The Global API Key is not supported on purpose. The token never enters the state bundle ' +
      'or the logs.',
    leastPrivilege:
      'Create a custom token with **Zone → DNS → Edit**, limited under *Zone Resources* to the zone(s) you issue for. Add **Zone → Zone → Read** ' +
      'only if certwright should find the zone by name; with `cloudflare-zone-id` it needs DNS:Edit alone.\n\n' +
      'certwright creates one TXT record per value (quoted content, a `certwright` comment) and deletes exactly the records it created, by ID: ' +
      'the IDs go into the crash record, so the post step or the next run removes those records and nothing else. An identical record already ' +
      'there (Cloudflare answers 81057/81058) is taken as present. Other TXT records at the same name are never touched.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: cloudflare',
      'cloudflare-api-token: ${{ secrets.CLOUDFLARE_API_TOKEN }}',
      'cloudflare-zone-id: 023e105f4ecef8ad9ca31a8372d0c353',
    ].join('\n'),
    testedAgainst:
      '`testing/fake-api.ts` in this folder: a local Cloudflare v4 API that checks the bearer token and its zone scope and permissions, answers ' +
      "Cloudflare's error codes (81058 for a duplicate, 81044 for a missing record, 10000 and 9109 for missing permissions), pages results, " +
      "scripts 429 with retry-after, and writes every TXT record into the test bed's BIND, so Pebble validates through real DNS.",
  },
};
