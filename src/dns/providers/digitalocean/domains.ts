/**
 * `digitalocean-domain`: the DigitalOcean domains records go to, given instead of listing the
 * account's domains. Domains comma-separated (a record goes to the most specific one holding its
 * name), or `zone=domain` pairs for a zone the DNS core finds that is not itself a domain at
 * DigitalOcean (a subzone kept inside its parent's domain).
 */
import { domainNameProblem, isInZone, normalizeName } from '../../names.js';
import type { OptionValues } from '../options.js';

const OPTION = 'digitalocean-domain';
const EXPECTED = 'domains such as example.com, example.org, or zone=domain pairs such as sub.example.com=example.com';

function checkName(text: string, what: 'domain' | 'zone'): string {
  const name = normalizeName(text);
  const problem = domainNameProblem(name) ?? (name.startsWith('*.') ? 'a wildcard is no domain' : undefined);
  if (problem) throw new Error(`${OPTION}: "${text}" is not a ${what} name (${problem}); expected ${EXPECTED}`);
  return name;
}

/** The most specific of `names` holding `fqdn`. */
function mostSpecific(names: Iterable<string>, fqdn: string): string | undefined {
  return [...names].filter((name) => isInZone(fqdn, name)).sort((a, b) => b.length - a.length)[0];
}

export class DomainChoice {
  private constructor(
    private readonly domains: readonly string[],
    private readonly byZone: ReadonlyMap<string, string>,
  ) {}

  static parse(values: OptionValues): DomainChoice {
    const text = values[OPTION]?.trim() ?? '';
    const domains: string[] = [];
    const byZone = new Map<string, string>();
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const at = part.indexOf('=');
      if (at < 0) {
        const domain = checkName(part, 'domain');
        if (domains.includes(domain)) throw new Error(`${OPTION}: domain ${domain} is listed twice`);
        domains.push(domain);
        continue;
      }
      const zone = checkName(part.slice(0, at).trim(), 'zone');
      const domain = checkName(part.slice(at + 1).trim(), 'domain');
      if (byZone.has(zone)) throw new Error(`${OPTION}: zone ${zone} is listed twice; give each zone one domain`);
      if (!isInZone(zone, domain))
        throw new Error(
          `${OPTION}: "${part}": zone ${zone} is not inside domain ${domain}; ` +
            'a record can only go to a domain that holds its name',
        );
      byZone.set(zone, domain);
    }
    return new DomainChoice(domains, byZone);
  }

  get isEmpty(): boolean {
    return this.domains.length === 0 && this.byZone.size === 0;
  }

  /**
   * The domain for a record at `fqdn`: the pair of the most specific zone holding it, else the most specific domain
   * holding it.
   */
  domainFor(fqdn: string): string | undefined {
    const zone = mostSpecific(this.byZone.keys(), fqdn);
    return zone === undefined ? mostSpecific(this.domains, fqdn) : this.byZone.get(zone);
  }

  describe(): string {
    return [...this.domains, ...[...this.byZone].map(([zone, domain]) => `${zone}=${domain}`)].join(',');
  }
}
