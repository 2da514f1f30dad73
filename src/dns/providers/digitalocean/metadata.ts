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
      envAliases: ['DIGITALOCEAN_ACCESS_TOKEN', 'DIGITALOCEAN_TOKEN'],
    },
    {
      name: 'digitalocean-domain',
      description:
        "The DigitalOcean domain(s) the records go to, instead of listing the account's domains: domains comma-separated (each record goes to the " +
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
  docs: {
    credentials:
      'A DigitalOcean **personal access token** (Control Panel → API → Tokens → Generate New Token), kept in a repository or environment ' +
      'secret and passed as `digitalocean-token`, or set as `CERTWRIGHT_DIGITALOCEAN_TOKEN`, `DIGITALOCEAN_ACCESS_TOKEN` (as doctl and ' +
      "`digitalocean/action-doctl` read it) or `DIGITALOCEAN_TOKEN` (as the Terraform provider reads it) in the step's environment. " +
      'DigitalOcean has no OIDC federation: its API cannot trade a GitHub Actions identity token for a short-lived credential, so a ' +
      'stored token is the only way in. Make it a narrow one that expires: custom scopes as below and an expiration date, and rotate ' +
      'it before then (certwright fails with "the token is invalid or expired" once it has). The token goes into the Authorization ' +
      'header only: never into the state bundle, the crash record or the logs.',
    leastPrivilege:
      'Choose **Custom Scopes** when generating the token and tick **domain: read** and **domain: update**, nothing else. ' +
      "DigitalOcean's API reference accepts `domain:update` for both record calls certwright makes (`POST /v2/domains/{domain}/records` " +
      'takes `domain:create` or `domain:update`, `DELETE /v2/domains/{domain}/records/{id}` takes `domain:delete` or `domain:update`), ' +
      'and it is the narrower grant: `domain:create` also adds whole domains to the account and `domain:delete` also deletes whole ' +
      "domains with every record in them. `domain:read` lists the account's domains (not needed with `digitalocean-domain`) and the TXT " +
      'records at a name (needed to clean up after a run that crashed before it noted its record IDs). Scopes cover every domain of the ' +
      'team; DigitalOcean cannot limit a token to one domain, so keep the domains you issue for in a team of their own if that matters.\n\n' +
      'certwright creates one TXT record per value and deletes exactly the records it created, by their numeric IDs: the IDs go into the ' +
      'crash record, so the post step or the next run removes those records and nothing else. DigitalOcean keeps identical records side by ' +
      'side, so even a record with the same name and value that someone else wrote survives. Only after a crash that came before the IDs ' +
      "were noted does cleanup find records by name and exact value; a dns-01 value is the account's digest of one challenge, so no one " +
      "else writes it. The requests honour DigitalOcean's rate limits (5,000 an hour and 250 a minute per token): certwright slows " +
      'down as `ratelimit-remaining` runs low and waits as `retry-after` says on 429.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: digitalocean',
      'digitalocean-token: ${{ secrets.DIGITALOCEAN_TOKEN }}',
      "# optional: skips listing the account's domains",
      'digitalocean-domain: example.com',
    ].join('\n'),
    testedAgainst:
      '`testing/fake-api.ts` in this folder: a local DigitalOcean API v2 (domains and domain records) that checks the bearer token and its custom ' +
      'scopes (401 unauthorized, 403 forbidden), gives records numeric IDs and keeps identical records apart, refuses invalid records with ' +
      '422 (a TTL below 30, a wildcard TXT name), pages lists with `per_page` and `links.pages`, sends `ratelimit-*` headers from a ' +
      'sliding hourly and per-minute window and 429 with `retry-after`, scripts 429 and 5xx answers (including a create that succeeds but ' +
      "loses its answer), and writes every TXT record into the test bed's BIND, so Pebble validates through real DNS.",
  },
};
