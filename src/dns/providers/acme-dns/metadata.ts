import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'acme-dns',
  description:
    'acme-dns (joohoi/acme-dns): `_acme-challenge` CNAMEd to an acme-dns subdomain, so CI holds no credentials for the real zone',
  options: [
    {
      name: 'acme-dns-server',
      description:
        "Base URL of the acme-dns API (its `/update`), such as https://auth.example.org. An account that carries its own `server_url` (lego's files) uses that instead.",
    },
    {
      name: 'acme-dns-credentials',
      description:
        'The accounts as JSON, keyed by domain (`{"example.com": {"username", "password", "fulldomain", "subdomain"}}`, the file certbot\'s and lego\'s acme-dns integrations write), or one account object. From a secret; or use acme-dns-credentials-file.',
      secret: true,
    },
    {
      name: 'acme-dns-credentials-file',
      description:
        "Path of a JSON file in the same format (`/etc/letsencrypt/acmedns.json`, lego's ACME_DNS_STORAGE_PATH file), instead of acme-dns-credentials.",
      secretFile: true,
    },
  ],
  docs: {
    credentials:
      'acme-dns is a small DNS server with an HTTP API whose accounts can each set the TXT values of one subdomain of its own zone. You ' +
      'register an account once, create one CNAME in your real zone (`_acme-challenge.example.com. CNAME <fulldomain>.`), and from then on ' +
      'CI only ever holds the acme-dns account, never a credential for your DNS. Register with ' +
      '`certwright acme-dns register -d example.com --acme-dns-server https://auth.example.org [--acme-dns-allowfrom 192.0.2.0/24]`: it ' +
      'prints the CNAME to create (on stderr) and the credentials JSON to store (on stdout, so it pipes into `gh secret set ACME_DNS_CREDENTIALS`). ' +
      'Pass that secret as `acme-dns-credentials` (or set `CERTWRIGHT_ACME_DNS_CREDENTIALS`), or point `acme-dns-credentials-file` at a file.\n\n' +
      "Existing files work as they are: certbot's acme-dns-auth.py and certbot-dns-acmedns (`/etc/letsencrypt/acmedns.json`), cert-manager's " +
      '`acmedns.json` and lego\'s `ACME_DNS_STORAGE_PATH` file all hold `{"<domain>": {"username", "password", "fulldomain", "subdomain", ' +
      '"allowfrom"?, "server_url"?}}`. A wildcard and its apex share one entry (`example.com`). A name without an entry works when its ' +
      "`_acme-challenge` is a CNAME to an account's fulldomain; a single account object (not keyed) serves every name CNAMEd to it. " +
      'When a CNAME is missing, the run stops with the exact record to create. The credentials never enter the state bundle or the logs.',
    leastPrivilege:
      "An acme-dns account can change nothing but the two TXT values of its own subdomain, in acme-dns's own zone: no record of your zone, no " +
      'other account. Your DNS needs only the one CNAME per name, created once by hand. Register with `--acme-dns-allowfrom` (CIDR, ' +
      'repeatable) to pin the addresses updates may come from — self-hosted runners, or GitHub larger runners with static IP ranges; ' +
      'GitHub-hosted runners use wide, changing ranges, so there an account without allowfrom is the practical choice.\n\n' +
      'acme-dns keeps the **two most recent** TXT values per account: enough for a name and its wildcard. A certificate needing more values ' +
      'on one account (names sharing one acme-dns subdomain) fails before an order is placed, naming the names: split the certificate or ' +
      'register an account per name. Certificates of one run that share an account take turns. There is no delete in the acme-dns API, so ' +
      "cleanup is a no-op: the values stay served until the next run's update overwrites them (they are worthless once the CA has validated), " +
      'and since the subdomain belongs to the account alone, nothing anyone else wrote is ever touched.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: acme-dns',
      'acme-dns-server: https://auth.example.org',
      'acme-dns-credentials: ${{ secrets.ACME_DNS_CREDENTIALS }}',
    ].join('\n'),
    testedAgainst:
      '`testing/fake-api.ts` in this folder: a local acme-dns API (`/register`, `/update`, `/health`) that checks X-Api-User and X-Api-Key, enforces ' +
      "an account's allowfrom networks (also from a proxy header, as acme-dns's use_header), keeps the two most recent values per subdomain, " +
      "and answers acme-dns's errors (forbidden, bad_txt, bad_subdomain, malformed_json_payload, invalid_allowfrom_cidr); it serves its " +
      "subdomains in the test bed's BIND, where the bed's `_acme-challenge` CNAMEs lead, so Pebble validates a wildcard and its apex through real DNS.",
  },
};
