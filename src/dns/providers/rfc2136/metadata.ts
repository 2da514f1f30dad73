import type { ProviderMetadata } from '../../provider.js';
import { TSIG_ALGORITHMS } from './tsig.js';

export const metadata: ProviderMetadata = {
  name: 'rfc2136',
  description: 'RFC 2136 dynamic DNS updates signed with TSIG (BIND, Knot, PowerDNS, ...)',
  options: [
    {
      name: 'rfc2136-server',
      description: 'Primary server that accepts UPDATEs, as host or host:port (port 53 by default).',
      required: true,
    },
    { name: 'rfc2136-tsig-key', description: 'TSIG key name, as in the server configuration.', required: true },
    {
      name: 'rfc2136-tsig-secret',
      description: 'TSIG secret, base64 (the `secret` of `tsig-keygen` output).',
      required: true,
      secret: true,
    },
    {
      name: 'rfc2136-tsig-algorithm',
      description: `TSIG algorithm: ${TSIG_ALGORITHMS.join(', ')}.`,
      default: 'hmac-sha256',
    },
    { name: 'rfc2136-ttl', description: 'TTL of the TXT records, in seconds.', default: '60' },
  ],
  docs: {
    credentials:
      'A TSIG key (RFC 8945) that the primary server accepts for dynamic updates. Keep its secret in a repository or environment secret ' +
      'and pass it as `rfc2136-tsig-secret`, or set `CERTWRIGHT_RFC2136_TSIG_SECRET` in the environment. The key never enters the state bundle. ' +
      "Every UPDATE is signed and the server's signed reply is verified, so a forged or altered answer is refused.",
    leastPrivilege:
      'Grant the key TXT updates and nothing else. With BIND, per zone (or narrower, per name with `name`/`subdomain`):\n\n' +
      '```\nkey "certwright" { algorithm hmac-sha256; secret "..."; };\nzone "example.com" {\n  type primary;\n  update-policy { grant certwright zonesub TXT; };\n};\n```\n\n' +
      'Create the key with `tsig-keygen -a hmac-sha256 certwright`. certwright deletes only the TXT values it added (class NONE deletes), ' +
      'so other TXT values at the same name survive.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: rfc2136',
      'rfc2136-server: ns1.example.com:53',
      'rfc2136-tsig-key: certwright',
      'rfc2136-tsig-secret: ${{ secrets.TSIG_SECRET }}',
    ].join('\n'),
    testedAgainst:
      'BIND 9 from the test bed (a real primary server with TSIG and update-policy), with Pebble validating through it.',
  },
};
