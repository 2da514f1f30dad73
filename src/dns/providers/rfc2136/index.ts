import { formatServerAddress, parseServerAddress, type ServerAddress } from '../../address.js';
import { groupByZone } from '../../plan.js';
import type { ChallengeRecord, DnsProvider, ProviderContext, ProviderDefinition } from '../../provider.js';
import { exchange, newMessageId } from '../../wire.js';
import { signMessage, TSIG_ALGORITHMS, verifyReply, type TsigAlgorithm, type TsigKey } from './tsig.js';
import { buildUpdateMessage, replyCode, type TxtChange } from './update.js';

export interface Rfc2136Settings {
  readonly server: ServerAddress;
  readonly key: TsigKey;
  readonly ttl: number;
  readonly timeoutMs: number;
}

/**
 * RFC 2136 dynamic updates signed with TSIG (RFC 8945): one UPDATE per zone for all records,
 * UDP first with TCP for large or truncated messages and when UDP gets no answer.
 */
export class Rfc2136Provider implements DnsProvider {
  readonly name = 'rfc2136';

  constructor(
    private readonly settings: Rfc2136Settings,
    private readonly context: ProviderContext,
  ) {}

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await Promise.all(
      [...groupByZone(records)].map(([zone, zoneRecords]) =>
        this.update(zone, { add: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) }),
      ),
    );
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await Promise.all(
      [...groupByZone(records)].map(([zone, zoneRecords]) =>
        this.update(zone, { remove: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) }),
      ),
    );
  }

  private async update(zone: string, changes: { add?: readonly TxtChange[]; remove?: readonly TxtChange[] }): Promise<void> {
    const { server, key, ttl, timeoutMs } = this.settings;
    const message = buildUpdateMessage(newMessageId(), zone, { ...changes, ttl });
    const { signed, mac } = signMessage(message, key, Math.floor(this.context.clock.now() / 1000));
    const where = `${formatServerAddress(server)} (rfc2136-server)`;
    let reply: Buffer;
    try {
      reply = await exchange(server, signed, { timeoutMs });
    } catch (udpError) {
      try {
        reply = await exchange(server, signed, { timeoutMs, tcp: true });
      } catch (cause) {
        throw new Error(`rfc2136: no answer from ${where} to the UPDATE of zone ${zone}; check the address and port`, { cause });
      }
      this.context.logger.debug(`rfc2136: UDP failed (${(udpError as Error).message}); TCP answered`);
    }
    const rcode = replyCode(reply);
    if (rcode === 'NOTAUTH' || rcode === 'REFUSED') {
      // A rejected signature comes back unsigned, with the reason in the TSIG error field.
      try {
        verifyReply(reply, key, mac, Math.floor(this.context.clock.now() / 1000));
      } catch (cause) {
        throw new Error(`rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}: ${(cause as Error).message}`);
      }
      throw new Error(`rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; check that key ${key.name} may update TXT records there (update-policy)`);
    }
    try {
      verifyReply(reply, key, mac, Math.floor(this.context.clock.now() / 1000));
    } catch (cause) {
      throw new Error(`rfc2136: the reply from ${where} failed TSIG verification`, { cause });
    }
    if (rcode !== 'NOERROR') {
      throw new Error(`rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; is it the primary server for ${zone}?`);
    }
  }
}

function requireValue(values: Readonly<Record<string, string | undefined>>, name: string, expected: string): string {
  const value = values[name]?.trim();
  if (!value) throw new Error(`${name}: missing; expected ${expected}`);
  return value;
}

export const definition: ProviderDefinition = {
  name: 'rfc2136',
  description: 'RFC 2136 dynamic DNS updates signed with TSIG (BIND, Knot, PowerDNS, ...)',
  options: [
    { name: 'rfc2136-server', description: 'Primary server that accepts UPDATEs, as host or host:port (port 53 by default).', required: true },
    { name: 'rfc2136-tsig-key', description: 'TSIG key name, as in the server configuration.', required: true },
    {
      name: 'rfc2136-tsig-secret',
      description: 'TSIG secret, base64 (the `secret` of `tsig-keygen` output). Also read from CERTWRIGHT_RFC2136_TSIG_SECRET.',
      required: true,
      secret: true,
    },
    { name: 'rfc2136-tsig-algorithm', description: `TSIG algorithm: ${TSIG_ALGORITHMS.join(', ')}.`, default: 'hmac-sha256' },
    { name: 'rfc2136-ttl', description: 'TTL of the TXT records, in seconds.', default: '60' },
  ],
  configure(values) {
    const server = parseServerAddress(requireValue(values, 'rfc2136-server', 'the primary server as host:port, such as 127.0.0.1:53'), 'rfc2136-server');
    const keyName = requireValue(values, 'rfc2136-tsig-key', 'the TSIG key name, such as certwright-key');
    const secretText = requireValue(values, 'rfc2136-tsig-secret', 'the base64 TSIG secret (or set CERTWRIGHT_RFC2136_TSIG_SECRET)');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretText) || secretText.length % 4 !== 0) {
      throw new Error('rfc2136-tsig-secret: not valid base64; expected the secret line of tsig-keygen output, such as "kH3...=="');
    }
    const algorithm = (values['rfc2136-tsig-algorithm']?.trim() || 'hmac-sha256').toLowerCase();
    if (!(TSIG_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new Error(`rfc2136-tsig-algorithm: "${algorithm}" is not supported; expected one of ${TSIG_ALGORITHMS.join(', ')}`);
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
      create: (context) => new Rfc2136Provider(settings, context),
    };
  },
};
