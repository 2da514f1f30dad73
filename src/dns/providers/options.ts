/**
 * Parsers for the option shapes providers share (IDs per zone, booleans, TTLs, URLs), each
 * throwing one line that names the option, quotes the value and says what is expected.
 */
import { isLoopbackHost } from '../../net/loopback.js';
import { domainNameProblem, isInZone, normalizeName } from '../names.js';

export type OptionValues = Readonly<Record<string, string | undefined>>;

function optional(values: OptionValues, name: string): string | undefined {
  const value = values[name]?.trim();
  return value ? value : undefined;
}

export function requireOption(values: OptionValues, name: string, expected: string): string {
  const value = optional(values, name);
  if (!value) throw new Error(`${name}: missing; expected ${expected}`);
  return value;
}

export function booleanOption(values: OptionValues, name: string, fallback: boolean): boolean {
  const text = optional(values, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(`${name}: "${text}" is not a boolean; expected true or false`);
}

export function integerOption(
  values: OptionValues,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const text = optional(values, name) ?? String(fallback);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max)
    throw new Error(`${name}: "${text}" is out of range; expected whole ${unit} from ${min} to ${max}`);
  return number;
}

/**
 * Refuses plain http to anything but this machine: `what` (the provider's token, a password)
 * would cross the network readable. A loopback address keeps local test endpoints working.
 */
export function refusePlainHttp(name: string, url: URL, what: string): void {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return;
  throw new Error(
    `${name}: ${url.origin}${url.pathname.replace(/\/+$/, '')} is plain http, so ${what} would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)`,
  );
}

/** An https URL (or http to a loopback address), returned without a trailing slash. */
export function urlOption(values: OptionValues, name: string, example: string): string | undefined {
  const text = optional(values, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name}: "${text}" is not a URL; expected one such as ${example}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${name}: "${text}" is not an http(s) URL; expected one such as ${example}`);
  if (url.username || url.password)
    throw new Error(`${name}: the URL carries credentials; pass them through the provider's credential inputs instead`);
  refusePlainHttp(name, url, "the provider's credentials");
  return text.replace(/\/+$/, '');
}

/**
 * IDs a user gives per zone: one ID for every zone, or `zone=ID` pairs, comma-separated.
 * `idFor` picks the pair of the most specific zone holding a name.
 */
export class ZoneIds {
  private constructor(
    readonly option: string,
    private readonly all: string | undefined,
    private readonly byZone: ReadonlyMap<string, string>,
  ) {}

  static parse(values: OptionValues, option: string, idPattern: RegExp, idExample: string): ZoneIds {
    const text = optional(values, option);
    if (text === undefined) return new ZoneIds(option, undefined, new Map());
    const parts = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const checkId = (id: string): string => {
      if (!idPattern.test(id))
        throw new Error(`${option}: "${id}" is not a zone ID; expected one such as ${idExample}`);
      return id;
    };
    if (parts.length === 1 && !parts[0]?.includes('=')) return new ZoneIds(option, checkId(parts[0] ?? ''), new Map());
    const byZone = new Map<string, string>();
    for (const part of parts) {
      const at = part.indexOf('=');
      if (at < 0)
        throw new Error(
          `${option}: "${part}" is not zone=ID; give one ID alone, or zone=ID pairs such as example.com=${idExample}`,
        );
      const zone = normalizeName(part.slice(0, at));
      const problem = domainNameProblem(zone);
      if (problem || zone.startsWith('*.'))
        throw new Error(
          `${option}: "${part.slice(0, at)}" is not a zone name (${problem ?? 'no wildcards'}); expected zone=ID pairs such as example.com=${idExample}`,
        );
      if (byZone.has(zone)) throw new Error(`${option}: zone ${zone} is listed twice; give each zone one ID`);
      byZone.set(zone, checkId(part.slice(at + 1).trim()));
    }
    return new ZoneIds(option, undefined, byZone);
  }

  /** The ID given for the zone holding `name` (the most specific pair), if any. */
  idFor(name: string): string | undefined {
    if (this.all !== undefined) return this.all;
    let best: [string, string] | undefined;
    for (const [zone, id] of this.byZone) {
      if (isInZone(name, zone) && (best === undefined || zone.length > best[0].length)) best = [zone, id];
    }
    return best?.[1];
  }

  /** The zone a pair names for `name` (the one the user gave the ID for), if any. */
  zoneFor(name: string): string | undefined {
    return [...this.byZone.keys()].filter((zone) => isInZone(name, zone)).sort((a, b) => b.length - a.length)[0];
  }

  get isEmpty(): boolean {
    return this.all === undefined && this.byZone.size === 0;
  }

  describe(): string {
    if (this.all !== undefined) return this.all;
    return [...this.byZone].map(([zone, id]) => `${zone}=${id}`).join(',');
  }
}
