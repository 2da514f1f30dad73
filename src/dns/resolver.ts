import type dnsPacket from 'dns-packet';
import { formatServerAddress, type ServerAddress } from './address.js';
import { isIP } from 'node:net';
import { hostNameProblem, isInZone, quotedName, selfAndParents } from './names.js';
import { answerText, query, type QueryReply, type RecordType } from './wire.js';

export interface ResolverSettings {
  /** Recursive resolvers for zone discovery and CNAME following (default: the system's). */
  readonly resolvers: readonly ServerAddress[];
  /**
   * Authoritative servers to check instead of the zone's NS set. When given they also answer
   * discovery, asked without recursion.
   */
  readonly nameservers?: readonly ServerAddress[];
  readonly queryTimeoutMs?: number;
}

const MAX_CNAME_HOPS = 10;

function owner(answer: dnsPacket.Answer): string {
  return answer.name.toLowerCase().replace(/\.$/, '');
}

/** The name in an NS or CNAME answer's data as received, without the trailing dot. */
function targetName(answer: dnsPacket.Answer): string {
  return answerText(answer).replace(/\.$/, '');
}

/**
 * `target`, read from an answer reached through `chain`, lower-cased when it is a host name;
 * else the one line that stops the run, naming the chain and showing the target escaped.
 */
function checkedHostName(chain: readonly string[], target: string, fix: string): string {
  const problem = hostNameProblem(target);
  if (problem === undefined) return target.toLowerCase();
  throw new Error(`dns: ${[...chain, quotedName(target)].join(' → ')}: not a host name (${problem}); ${fix}`);
}

/**
 * The zone apex a negative answer (NXDOMAIN or no data, RFC 2308 §3) gives in its authority
 * section with the zone's SOA. Only an SOA owner that holds the name, label by label, and is
 * not the root counts; anything else is no answer.
 */
function zoneOfNegativeAnswer(name: string, reply: QueryReply): string | undefined {
  const soa = reply.authorities.find(
    (record) => record.type === 'SOA' && owner(record) !== '' && isInZone(name, owner(record)),
  );
  return soa ? checkedHostName([`SOA of ${name}`], owner(soa), `check the zone that holds ${name}`) : undefined;
}

/** One lookup per key and run, shared by concurrent callers; a failed one is forgotten. */
function memoized<T>(cache: Map<string, Promise<T>>, key: string, lookup: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = lookup();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/**
 * The DNS core's view of the world: finds the zone of a name by SOA, follows CNAMEs and finds
 * each zone's authoritative nameservers. Every server is a host:port, so tests point it at a
 * local BIND and never at the system resolver.
 */
export class DnsResolver {
  private readonly cnameTargets = new Map<string, Promise<string>>();
  private readonly zones = new Map<string, Promise<string>>();
  private readonly zoneServers = new Map<string, Promise<ServerAddress[]>>();

  constructor(private readonly settings: ResolverSettings) {}

  private get discoveryServers(): { servers: readonly ServerAddress[]; recursive: boolean } {
    const override = this.settings.nameservers;
    return override && override.length > 0
      ? { servers: override, recursive: false }
      : { servers: this.settings.resolvers, recursive: true };
  }

  /** Asks the discovery servers in turn until one gives a usable answer. */
  private async ask(name: string, type: RecordType): Promise<QueryReply> {
    const { servers, recursive } = this.discoveryServers;
    const failures: string[] = [];
    for (const server of servers) {
      try {
        const reply = await query(server, name, type, { recursive, timeoutMs: this.settings.queryTimeoutMs ?? 3_000 });
        if (reply.rcode === 'NOERROR' || reply.rcode === 'NXDOMAIN') return reply;
        failures.push(`${formatServerAddress(server)} answered ${reply.rcode}`);
      } catch (error) {
        failures.push(`${formatServerAddress(server)}: ${(error as Error).message}`);
      }
    }
    const list = servers.map(formatServerAddress).join(', ') || 'none';
    throw new Error(
      `dns: no server could answer ${type} ${name} (asked ${list}: ${failures.join('; ')}); ` +
        'check the nameservers / resolver setting',
    );
  }

  /**
   * Follows `name` through CNAMEs (RFC 8555 §8.4 delegation of _acme-challenge) to the final
   * name; once per name and run.
   */
  followCnames(name: string): Promise<string> {
    return memoized(this.cnameTargets, name, () => this.lookupCnameTarget(name));
  }

  private async lookupCnameTarget(name: string): Promise<string> {
    const chain = [name];
    for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      const current = chain.at(-1) as string;
      const reply = await this.ask(current, 'CNAME');
      const cname = reply.answers.find((answer) => answer.type === 'CNAME' && owner(answer) === current);
      if (!cname) {
        this.noteZone(current, reply);
        return current;
      }
      // The target is the delegated zone operator's text: a host name, or the run stops here.
      const target = checkedHostName(chain, targetName(cname), `fix the CNAME record of ${current}`);
      if (chain.includes(target)) throw new Error(`dns: CNAME loop at ${target} while following ${name}`);
      chain.push(target);
    }
    throw new Error(`dns: more than ${MAX_CNAME_HOPS} CNAMEs from ${name}`);
  }

  /** The zone that holds `name`: the closest enclosing name with an SOA record. */
  findZone(name: string): Promise<string> {
    return memoized(this.zones, name, () => this.lookupZone(name));
  }

  /**
   * Keeps the zone a negative answer about `name` names (the CNAME query at the end of a chain
   * is one), so finding the zone of the name a record goes to costs no query of its own.
   */
  private noteZone(name: string, reply: QueryReply): void {
    if (this.zones.has(name) || reply.answers.length > 0) return;
    const zone = zoneOfNegativeAnswer(name, reply);
    if (zone !== undefined) this.zones.set(name, Promise.resolve(zone));
  }

  private async lookupZone(name: string): Promise<string> {
    for (const candidate of selfAndParents(name)) {
      const reply = await this.ask(candidate, 'SOA');
      if (reply.answers.some((answer) => answer.type === 'SOA' && owner(answer) === candidate)) return candidate;
      const zone = zoneOfNegativeAnswer(name, reply);
      if (zone !== undefined) return zone;
    }
    throw new Error(`dns: found no zone (SOA) for ${name}; is the domain delegated, and do the resolvers see it?`);
  }

  /** The servers to check for a zone: the `nameservers` override, or the zone's NS set. */
  authoritativeServers(zone: string): Promise<ServerAddress[]> {
    const override = this.settings.nameservers;
    if (override && override.length > 0) return Promise.resolve([...override]);
    return memoized(this.zoneServers, zone, () => this.lookupNameservers(zone));
  }

  private async lookupNameservers(zone: string): Promise<ServerAddress[]> {
    const reply = await this.ask(zone, 'NS');
    const hosts = reply.answers
      .filter((a) => a.type === 'NS' && owner(a) === zone)
      .map((a) => checkedHostName([`NS of ${zone}`], targetName(a), `fix the NS records of ${zone}`));
    if (hosts.length === 0) throw new Error(`dns: zone ${zone} has no NS records`);
    const addresses = await Promise.all(
      hosts.map(async (host) => {
        const [v4, v6] = await Promise.all([this.ask(host, 'A'), this.ask(host, 'AAAA').catch(() => undefined)]);
        return [...v4.answers, ...(v6?.answers ?? [])]
          .filter((a) => (a.type === 'A' || a.type === 'AAAA') && owner(a) === host && isIP(answerText(a)) !== 0)
          .map((a) => ({ host: answerText(a), port: 53 }));
      }),
    );
    const flat = addresses.flat();
    if (flat.length === 0) throw new Error(`dns: no addresses for the nameservers of ${zone} (${hosts.join(', ')})`);
    return flat;
  }
}
