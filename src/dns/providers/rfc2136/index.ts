import { formatServerAddress, parseServerAddress } from '../../address.js';
import type { ProviderDefinition } from '../../provider.js';
import { metadata } from './metadata.js';
import { Rfc2136Provider, type Rfc2136Settings } from './provider.js';
import { TSIG_ALGORITHMS, type TsigAlgorithm } from './tsig.js';

function requireValue(values: Readonly<Record<string, string | undefined>>, name: string, expected: string): string {
  const value = values[name]?.trim();
  if (!value) throw new Error(`${name}: missing; expected ${expected}`);
  return value;
}

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const server = parseServerAddress(
      requireValue(values, 'rfc2136-server', 'the primary server as host:port, such as 127.0.0.1:53'),
      'rfc2136-server',
    );
    const keyName = requireValue(values, 'rfc2136-tsig-key', 'the TSIG key name, such as certwright-key');
    const secretText = requireValue(
      values,
      'rfc2136-tsig-secret',
      'the base64 TSIG secret (or set CERTWRIGHT_RFC2136_TSIG_SECRET)',
    );
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretText) || secretText.length % 4 !== 0) {
      throw new Error(
        'rfc2136-tsig-secret: not valid base64; expected the secret line of tsig-keygen output, such as "kH3...=="',
      );
    }
    // lego and BIND write the name as a domain name: hmac-sha256. with its final dot.
    const algorithm = (values['rfc2136-tsig-algorithm']?.trim() || 'hmac-sha256').toLowerCase().replace(/\.$/, '');
    if (!(TSIG_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new Error(
        `rfc2136-tsig-algorithm: "${algorithm}" is not supported; expected one of ${TSIG_ALGORITHMS.join(', ')}`,
      );
    }
    const ttlText = values['rfc2136-ttl']?.trim() || '60';
    const ttl = Number(ttlText);
    if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > 86_400) {
      throw new Error(`rfc2136-ttl: "${ttlText}" is not a TTL; expected whole seconds from 1 to 86400`);
    }
    const settings: Rfc2136Settings = {
      server,
      key: { name: keyName, algorithm: algorithm as TsigAlgorithm, secret: Buffer.from(secretText, 'base64') },
      ttl,
      timeoutMs: 5_000,
    };
    return {
      name: 'rfc2136',
      description: `rfc2136 at ${formatServerAddress(server)} with TSIG key ${keyName} (${algorithm})`,
      create: (context) => Promise.resolve(new Rfc2136Provider(settings, context)),
    };
  },
};
