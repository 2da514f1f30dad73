/** The `zone=ID` pairs kind of the option model: IDs a user gives per zone (hosted zones, managed zones). */
import { domainNameProblem, isInZone, normalizeName } from '../dns/names.js';
import type { OptionValues } from './option.js';
import { optionalOption } from './parse.js';

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
    const text = optionalOption(values, option);
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
          `${option}: "${part.slice(0, at)}" is not a zone name (${problem ?? 'no wildcards'}); ` +
            `expected zone=ID pairs such as example.com=${idExample}`,
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
