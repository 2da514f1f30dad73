import { formatServerAddress, type ServerAddress } from '../../address.js';
import { groupByZone } from '../../plan.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { exchange, newMessageId } from '../../wire.js';
import { hasTsig, signMessage, verifyReply, type TsigKey } from './tsig.js';
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
/**
 * TSIG signs with the wall clock, whatever clock the run uses: servers refuse more than 300 s of skew (RFC 8945
 * §5.2.3).
 */
function tsigTime(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * A REFUSED or NOTAUTH without a TSIG record says only that the server did not take the UPDATE
 * from this key: PowerDNS answers so to every TSIG failure (unknown key, wrong algorithm, wrong
 * secret, a key not allowed for the zone), and BIND to a key it does not know. Every likely cause.
 */
function unsignedRefusal(where: string, rcode: string, zone: string, key: TsigKey): string {
  return (
    `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone} without signing the answer: it did not ` +
    `accept key ${key.name}; check that rfc2136-tsig-key (${key.name}), rfc2136-tsig-algorithm (${key.algorithm}) ` +
    'and rfc2136-tsig-secret match a key the server has, and that this key may update TXT records in zone ' +
    `${zone} (BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata and allow-dnsupdate-from)`
  );
}

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

  private async update(
    zone: string,
    changes: { add?: readonly TxtChange[]; remove?: readonly TxtChange[] },
  ): Promise<void> {
    const { server, key, ttl, timeoutMs } = this.settings;
    const message = buildUpdateMessage(newMessageId(), zone, { ...changes, ttl });
    const { signed, mac } = signMessage(message, key, tsigTime());
    const where = `${formatServerAddress(server)} (rfc2136-server)`;
    let reply: Buffer;
    try {
      reply = await exchange(server, signed, { timeoutMs });
    } catch (udpError) {
      try {
        reply = await exchange(server, signed, { timeoutMs, tcp: true });
      } catch (cause) {
        throw new Error(`rfc2136: no answer from ${where} to the UPDATE of zone ${zone}; check the address and port`, {
          cause,
        });
      }
      this.context.logger.debug(`rfc2136: UDP failed (${(udpError as Error).message}); TCP answered`);
    }
    const rcode = replyCode(reply);
    if (rcode === 'NOTAUTH' || rcode === 'REFUSED') {
      if (!hasTsig(reply)) throw new Error(unsignedRefusal(where, rcode, zone, key));
      // A rejected signature comes back signed by BIND, with the reason in the TSIG error field.
      try {
        verifyReply(reply, key, mac, tsigTime());
      } catch (cause) {
        throw new Error(
          `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}: ${(cause as Error).message}`,
          { cause },
        );
      }
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; ` +
          `check that key ${key.name} may update TXT records there ` +
          "(BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata)",
      );
    }
    try {
      verifyReply(reply, key, mac, tsigTime());
    } catch (cause) {
      throw new Error(`rfc2136: the reply from ${where} failed TSIG verification`, { cause });
    }
    if (rcode !== 'NOERROR') {
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; is it the primary server for ${zone}?`,
      );
    }
  }
}
