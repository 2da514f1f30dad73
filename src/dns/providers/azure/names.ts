/**
 * Azure Resource Manager names: subscription IDs, resource groups, DNS zone resource IDs and the
 * record-set IDs the provider journals as refs. ARM treats these paths case-insensitively.
 */
import { domainNameProblem, isInZone, normalizeName } from '../../names.js';

export const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 1 to 90 letters, digits, `-`, `_`, `.`, `(`, `)`; not ending in `.` (ARM's rule). */
export const RESOURCE_GROUP = /^[-\w.()\p{L}]{0,89}[-\w()\p{L}]$/u;

const ZONE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;
const RECORD_SET_ID =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/[^/]+)\/TXT\/([^/]+)$/i;

/** A DNS zone resource: where it lives in Azure and its DNS name. */
export interface ZoneRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The zone's DNS name, normalized (lower case, no trailing dot). */
  readonly name: string;
}

/** What `azure-zone` names for a record: a zone name, or a whole zone resource ID. */
export type ZoneTarget = { readonly name: string } | ZoneRef;

/** Parses one `azure-zone` target, throwing a one-line error that names the option. */
export function parseZoneTarget(text: string): ZoneTarget {
  const id = ZONE_ID.exec(text);
  if (id) {
    const [, subscriptionId = '', resourceGroup = '', zone = ''] = id;
    if (!SUBSCRIPTION_ID.test(subscriptionId))
      throw new Error(`azure-zone: "${text}" names the subscription "${subscriptionId}", which is not a GUID`);
    const problem = domainNameProblem(normalizeName(zone));
    if (problem)
      throw new Error(`azure-zone: "${text}" names the zone "${zone}", which is not a DNS name (${problem})`);
    return { subscriptionId: subscriptionId.toLowerCase(), resourceGroup, name: normalizeName(zone) };
  }
  if (text.startsWith('/')) {
    throw new Error(
      `azure-zone: "${text}" is not a DNS zone resource ID; ` +
        'expected /subscriptions/<ID>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>',
    );
  }
  const name = normalizeName(text);
  const problem = domainNameProblem(name);
  if (problem || name.startsWith('*.'))
    throw new Error(
      `azure-zone: "${text}" is not a zone name (${problem ?? 'no wildcards'}); ` +
        'expected one such as example.com, or a zone resource ID',
    );
  return { name };
}

export function isZoneRef(target: ZoneTarget): target is ZoneRef {
  return 'resourceGroup' in target;
}

/** The zone's resource ID, with the type spelled as ARM returns it. */
export function zoneId(zone: ZoneRef): string {
  const group = `/subscriptions/${zone.subscriptionId}/resourceGroups/${zone.resourceGroup}`;
  return `${group}/providers/Microsoft.Network/dnszones/${zone.name}`;
}

/** The zone a listed zone's resource ID names, or undefined for anything else. */
export function zoneFromId(id: string): ZoneRef | undefined {
  const match = ZONE_ID.exec(id);
  if (!match) return undefined;
  return {
    subscriptionId: (match[1] ?? '').toLowerCase(),
    resourceGroup: match[2] ?? '',
    name: normalizeName(match[3] ?? ''),
  };
}

/** The record set's name relative to the zone: `_acme-challenge.www` in example.com, `@` at the apex. */
export function relativeName(fqdn: string, zone: string): string {
  const name = normalizeName(fqdn);
  if (!isInZone(name, zone)) throw new Error(`azure: ${name} is not in zone ${zone}; check azure-zone`);
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

/** A TXT record set, as the provider addresses it and journals it (its resource ID is the ref). */
export interface RecordSetRef {
  readonly zone: ZoneRef;
  /** Relative to the zone, `@` for the apex. */
  readonly name: string;
}

export function recordSetId(set: RecordSetRef): string {
  return `${zoneId(set.zone)}/TXT/${set.name}`;
}

export function parseRecordSetId(ref: string): RecordSetRef | undefined {
  const match = RECORD_SET_ID.exec(ref);
  const zone = match ? zoneFromId(match[1] ?? '') : undefined;
  return zone && match?.[2] ? { zone, name: match[2].toLowerCase() } : undefined;
}

/** The record set's DNS name, for messages. */
export function recordSetFqdn(set: RecordSetRef): string {
  return set.name === '@' ? set.zone.name : `${set.name}.${set.zone.name}`;
}

/** `_acme-challenge.www in zone example.com (resource group dns)`. */
export function describeSet(set: RecordSetRef): string {
  return `TXT ${recordSetFqdn(set)} in zone ${set.zone.name} (resource group ${set.zone.resourceGroup})`;
}
