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
      envAliases: ['RFC2136_NAMESERVER'],
    },
    {
      name: 'rfc2136-tsig-key',
      description: 'TSIG key name, as in the server configuration.',
      required: true,
      envAliases: ['RFC2136_TSIG_KEY'],
    },
    {
      name: 'rfc2136-tsig-secret',
      description: 'TSIG secret, base64 (the `secret` of `tsig-keygen` output).',
      required: true,
      secret: true,
      envAliases: ['RFC2136_TSIG_SECRET'],
    },
    {
      name: 'rfc2136-tsig-algorithm',
      description: `TSIG algorithm: ${TSIG_ALGORITHMS.join(', ')}.`,
      default: 'hmac-sha256',
    },
    { name: 'rfc2136-ttl', description: 'TTL of the TXT records, in seconds.', default: '60' },
  ],
};
