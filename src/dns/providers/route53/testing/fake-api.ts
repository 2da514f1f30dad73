/**
 * A local stand-in for Amazon Route 53 (REST/XML, API version 2013-04-01) and for the STS
 * AssumeRole query API, for the Route 53 provider's tests. It is strict where AWS is strict:
 * every request must carry a valid SigV4 signature; change batches are all-or-nothing and
 * rejected with AWS's own error codes and wording; listings are sorted and paged as AWS does
 * (zones by name with labels reversed, starting *at* the name asked for, not only on it).
 * Accepted TXT changes are mirrored into the test bed's BIND, so Pebble validates for real.
 *
 * Built on the harness's vendor endpoint: SigV4 is its `auth` hook, each API operation a route,
 * and anything the stand-in does not model (alias targets, routing policies...) makes the
 * handler throw, which the harness answers with 500 and records, so such a request fails the
 * test (`vendor.assertNoUnexpectedRequests()`) instead of passing unexamined.
 *
 * Facts about the SDK this mirrors (checked against @aws-sdk/client-route-53 3.1169):
 * - ChangeResourceRecordSets is `POST /2013-04-01/hostedzone/{Id}/rrset`, without the trailing
 *   slash the API reference shows; both are accepted.
 * - The SDK strips `/hostedzone/` and `/change/` from IDs before building paths.
 * - With a custom endpoint, Route 53 calls are signed for the client's region (service
 *   `route53`); STS (`fromTemporaryCredentials`) uses the awsQuery protocol: a form-encoded
 *   `POST /` (`Action=AssumeRole&Version=2011-06-15&...`) signed for service `sts`.
 * - The SDK reads Route 53 errors only from the `<ErrorResponse>` shape: a body whose root is
 *   `<InvalidChangeBatch>` (the shape the API reference documents) surfaces as `Unknown`. AWS
 *   itself answers an invalid batch as `<ErrorResponse>` with code InvalidChangeBatch and the
 *   messages in brackets (`[m1, m2]`), which is the default here; see `invalidChangeBatchShape`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  checkBody,
  route,
  startFakeApi,
  xml,
  type FakeApi,
  type FakeApiHandler,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { verifySigV4, type SigningPrincipal } from '../../../../testing/fake-sigv4.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

// Options and the public face

export interface Route53ZoneOptions {
  /** The hosted zone ID without the `/hostedzone/` prefix, such as `Z01EXAMPLE1`. */
  readonly id: string;
  /** The zone's DNS name, such as `example.test` (trailing dot optional). */
  readonly name: string;
  /** A private hosted zone (`Config/PrivateZone` true, associated with a made-up VPC). */
  readonly private?: boolean;
  /**
   * Mirror TXT writes into BIND (needs `bind`). Default: true for a public zone unless an
   * earlier zone of the same name already mirrors, so a second, non-delegated zone of the same
   * name, like a private one, changes nothing in real DNS.
   */
  readonly mirror?: boolean;
}

export interface Route53Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The IAM user named in AccessDenied messages; default `certwright-test`. */
  readonly userName?: string;
  /** Actions refused with AccessDenied, such as `route53:ChangeResourceRecordSets` or `sts:AssumeRole`. */
  readonly deny?: readonly string[];
}

export interface Route53Role {
  /** `arn:aws:iam::123456789012:role/name`. */
  readonly arn: string;
  /** When set, AssumeRole must carry exactly this ExternalId (the role's trust policy condition). */
  readonly externalId?: string;
  /** Actions refused to sessions of this role. */
  readonly deny?: readonly string[];
  /** The role's MaxSessionDuration in seconds; default 3600. */
  readonly maxSessionDuration?: number;
}

export interface FakeRoute53ApiOptions {
  readonly zones: readonly Route53ZoneOptions[];
  /** Long-term IAM user keys the endpoint accepts. */
  readonly credentials: readonly Route53Credential[];
  /** Roles AssumeRole grants, to any accepted credential; the temporary keys it issues work for Route 53. */
  readonly roles?: readonly Route53Role[];
  /** Where TXT writes of mirrored zones go. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** GetChange answers PENDING this many times per change before INSYNC; default 1. */
  readonly pendingPolls?: number;
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** The account in ARNs; default 123456789012. */
  readonly accountId?: string;
  /** The endpoint's clock, for signature age and credential expiry; default the system clock. */
  readonly clock?: () => Date;
  /**
   * How an invalid change batch is answered: `ErrorResponse` (default, what AWS sends today:
   * code InvalidChangeBatch, message `[m1, m2]`) or `InvalidChangeBatch` (the documented
   * `<InvalidChangeBatch><Messages>` body, which the JS SDK reports as `Unknown`).
   */
  readonly invalidChangeBatchShape?: 'ErrorResponse' | 'InvalidChangeBatch';
}

/** The API operations the endpoint serves, as IAM names them after the service prefix. */
export type Route53Operation =
  | 'ListHostedZonesByName'
  | 'GetHostedZone'
  | 'ListResourceRecordSets'
  | 'ChangeResourceRecordSets'
  | 'GetChange'
  | 'AssumeRole';

/** One change of an accepted batch, as sent (values still quoted). */
export interface AcceptedChange {
  readonly action: 'CREATE' | 'DELETE' | 'UPSERT';
  /** As Route 53 renders it: lower case, trailing dot, `\052` for `*`. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

export interface AcceptedChangeBatch {
  readonly zoneId: string;
  /** Without the `/change/` prefix. */
  readonly changeId: string;
  readonly comment: string | undefined;
  readonly changes: readonly AcceptedChange[];
}

export interface AssumeRoleCall {
  readonly arn: string;
  readonly externalId: string | undefined;
  readonly sessionName: string;
  /** The ARN of the identity that asked. */
  readonly callerArn: string;
  /** Whether credentials were issued. */
  readonly granted: boolean;
}

export interface FakeRoute53Api {
  /** `http(s)://127.0.0.1:port`: the SDK's `endpoint` for Route 53 and for STS alike. */
  readonly url: string;
  /** The underlying vendor endpoint: `requests`, `failNext`, `assertNoUnexpectedRequests`. */
  readonly vendor: FakeApi;
  /** AssumeRole calls, granted or not, in order. */
  readonly assumedRoles: readonly AssumeRoleCall[];
  /** The TXT values at `fqdn` in the zone, unquoted (strings of one value joined); [] if none. Throws for an unknown zone. */
  txt(zoneId: string, fqdn: string): string[];
  /** Puts a TXT record set in place, as someone else would (replacing one there), mirrored like an UPSERT. */
  seedTxt(zoneId: string, fqdn: string, values: readonly string[], ttl?: number): Promise<void>;
  /** The same with TXT data as another tool wrote it (`"a" "b"`, escapes), kept as written. */
  seedTxtRdata(zoneId: string, fqdn: string, rdatas: readonly string[], ttl?: number): Promise<void>;
  /** The TXT data at `fqdn` exactly as held (quoted, as Route 53 answers it). */
  txtRdata(zoneId: string, fqdn: string): string[];
  /** The next `times` calls of `operation` (default ChangeResourceRecordSets) get 400 Throttling, `Rate exceeded`. */
  throttleNext(times?: number, operation?: Route53Operation): void;
  /** The next `times` ChangeResourceRecordSets calls get 400 PriorRequestNotComplete. */
  priorRequestNotCompleteNext(times?: number): void;
  /** The ChangeResourceRecordSets batches accepted, in order. */
  changeRequests(): readonly AcceptedChangeBatch[];
  /** Off: changes stay here and never reach BIND (a validation that must fail); on again: as before. */
  setMirroring(on: boolean): void;
  /** Throws if a request matched no route, failed a check (malformed XML) or used something not modeled. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// Constants

const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const API = '/2013-04-01';
/** How far x-amz-date may be from the endpoint's clock, per service. */
const MAX_SKEW_MS: Record<Service, number> = { route53: 5 * 60_000, sts: 15 * 60_000 };
const RECORD_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DS',
  'HTTPS',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SOA',
  'SPF',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
];
/** ResourceRecordSet members the stand-in does not model; a request using one fails the test. */
const UNMODELED_MEMBERS = [
  'SetIdentifier',
  'Weight',
  'Region',
  'GeoLocation',
  'Failover',
  'MultiValueAnswer',
  'HealthCheckId',
  'TrafficPolicyInstanceId',
  'AliasTarget',
  'CidrRoutingConfig',
  'GeoProximityLocation',
];

type Service = 'route53' | 'sts';

// XML: a small parser for request bodies, and escaping for replies

interface XmlElement {
  /** Local name, without a namespace prefix. */
  readonly name: string;
  readonly children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity ${whole}`);
    return value;
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);
}

/** Parses a well-formed XML document (no DTD); throws on anything else. */
function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${at}`);
  };
  const skip = (pattern: RegExp): void => {
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (match) at += match[0].length;
  };
  const skipProlog = (): void => {
    for (let before = -1; before !== at;) {
      before = at;
      skip(/\s+/y);
      skip(/<\?[^]*?\?>/y);
      skip(/<!--[^]*?-->/y);
    }
  };
  const element = (): XmlElement => {
    const open = /<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
    open.lastIndex = at;
    const tag = open.exec(source) ?? fail('expected a start tag');
    at += tag[0].length;
    const qualified = tag[1] ?? '';
    const node: XmlElement = { name: qualified.replace(/^.*:/, ''), children: [], text: '' };
    if (tag[3] === '/') return node;
    for (;;) {
      if (at >= source.length) fail(`unclosed <${qualified}>`);
      const close = /<\/([^\s>]+)\s*>/y;
      close.lastIndex = at;
      const end = close.exec(source);
      if (end) {
        if (end[1] !== qualified) fail(`</${end[1]}> closes <${qualified}>`);
        at += end[0].length;
        return node;
      }
      if (source.startsWith('<!--', at)) skip(/<!--[^]*?-->/y);
      else if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA');
        node.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('</', at)) fail(`malformed end tag inside <${qualified}>`);
      else if (source[at] === '<') node.children.push(element());
      else {
        const end = source.indexOf('<', at);
        node.text += decodeEntities(source.slice(at, end < 0 ? source.length : end));
        at = end < 0 ? source.length : end;
      }
    }
  };
  skipProlog();
  const root = element();
  skipProlog();
  if (at !== source.length) fail('content after the root element');
  return root;
}

function childrenNamed(node: XmlElement | undefined, name: string): XmlElement[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

function childNamed(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return childrenNamed(node, name)[0];
}

/** `<name>escaped text</name>`. */
function leaf(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function document(root: string, namespace: string, content: string): string {
  return `<?xml version="1.0"?>\n<${root} xmlns="${namespace}">${content}</${root}>`;
}

// DNS names as Route 53 holds them

/**
 * The labels of a name, each a string of bytes (one char per byte): AWS's `\ooo` escapes are
 * octal, other escaped characters stand for themselves, letters are folded to lower case.
 */
function nameLabels(input: string): string[] {
  const text = input.endsWith('.') && !input.endsWith('\\.') ? input.slice(0, -1) : input;
  if (text === '') return [];
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '.') {
      labels.push(label);
      label = '';
    } else if (c === '\\' && /^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      label += String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (c === '\\' && i + 1 < text.length) {
      label += text[i + 1];
      i += 1;
    } else label += Buffer.from(c, 'utf8').toString('latin1');
  }
  labels.push(label);
  return labels.map((l) => l.replace(/[A-Z]/g, (letter) => letter.toLowerCase()));
}

/** A label as ListResourceRecordSets renders it: a-z, 0-9, `-` and `_` as they are, the rest `\ooo`. */
function renderLabel(label: string): string {
  return label.replace(/[^a-z0-9_-]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** A name as Route 53 returns it: `\052.example.test.`. */
function route53Name(input: string): string {
  const labels = nameLabels(input);
  return labels.length === 0 ? '.' : `${labels.map(renderLabel).join('.')}.`;
}

/** The sort key of a name: labels reversed, with the trailing dot (`test.example.www.`). */
function reversedName(labels: readonly string[]): string {
  return `${[...labels].reverse().map(renderLabel).join('.')}.`;
}

/** A name for nsupdate (BIND's escapes are decimal). */
function bindName(labels: readonly string[]): string {
  const label = (l: string) => l.replace(/[^a-z0-9_*-]/g, (c) => `\\${String(c.charCodeAt(0)).padStart(3, '0')}`);
  return `${labels.map(label).join('.')}.`;
}

function isWithin(labels: readonly string[], zone: readonly string[]): boolean {
  return labels.length >= zone.length && zone.every((label, i) => labels[labels.length - zone.length + i] === label);
}

// TXT values

/** The character strings of a TXT value (`"a" "b"` gives a and b), or the problem AWS names. */
function parseTxtValue(value: string): string[] | { problem: string } {
  const unquoted = { problem: 'InvalidCharacterString (Value should be enclosed in quotation marks)' };
  const strings: string[] = [];
  let at = value.search(/\S|$/);
  while (at < value.length) {
    if (value[at] !== '"') return unquoted;
    let text = '';
    for (at += 1; at < value.length && value[at] !== '"'; at += 1) {
      if (value[at] !== '\\') text += value[at];
      else if (/^[0-7]{3}$/.test(value.slice(at + 1, at + 4))) {
        text += String.fromCharCode(parseInt(value.slice(at + 1, at + 4), 8));
        at += 3;
      } else text += value[(at += 1)] ?? '';
    }
    if (at >= value.length) return unquoted;
    if (Buffer.byteLength(text, 'utf8') > 255) return { problem: 'CharacterStringTooLong (Value is too long)' };
    strings.push(text);
    at += 1;
    const next = value.slice(at).search(/\S|$/);
    if (next === 0 && at < value.length && value[at] !== '"') return unquoted;
    at += next;
  }
  return strings.length > 0 ? strings : unquoted;
}

/** The value a TXT record carries, its strings joined; what `txt()` and BIND see. */
function txtText(value: string): string {
  const parsed = parseTxtValue(value);
  return Array.isArray(parsed) ? parsed.join('') : value;
}

/** Quotes text for Route 53: `"..."` with `"` and `\` escaped, split into strings of at most 255 characters. */
function quoteTxt(text: string): string {
  const strings = text.match(/[^]{1,255}/g) ?? [''];
  return strings.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
}

/** What two values are compared by: TXT by their strings (so spacing between strings is irrelevant). */
function valueIdentity(type: string, value: string): string {
  if (type !== 'TXT' && type !== 'SPF') return value.trim();
  const parsed = parseTxtValue(value);
  return Array.isArray(parsed) ? JSON.stringify(parsed) : value;
}

// Zones and record sets

interface RecordSet {
  readonly labels: readonly string[];
  /** Rendered, as in responses and messages. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

interface Zone {
  readonly id: string;
  readonly labels: readonly string[];
  readonly name: string;
  readonly private: boolean;
  readonly mirror: boolean;
  /** Record sets by `name|type`. */
  sets: Map<string, RecordSet>;
}

function setKey(name: string, type: string): string {
  return `${name}|${type}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ListResourceRecordSets order: by name with labels reversed, then by type. */
function compareSets(a: RecordSet, b: RecordSet): number {
  return compareStrings(reversedName(a.labels), reversedName(b.labels)) || compareStrings(a.type, b.type);
}

/** ListHostedZonesByName order: by name with labels reversed, then by ID. */
function compareZones(a: Zone, b: Zone): number {
  return compareStrings(reversedName(a.labels), reversedName(b.labels)) || compareStrings(a.id, b.id);
}

function makeSet(name: string, type: string, ttl: number, values: readonly string[]): RecordSet {
  return { labels: nameLabels(name), name: route53Name(name), type, ttl, values };
}

/** The SOA and NS sets Route 53 creates with every zone, with made-up awsdns servers. */
function apexSets(name: string, index: number): RecordSet[] {
  const servers = ['com', 'net', 'org', 'co.uk'].map(
    (tld, i) => `ns-${100 + index * 4 + i}.awsdns-${10 + index}.${tld}.`,
  );
  return [
    makeSet(name, 'NS', 172800, servers),
    makeSet(name, 'SOA', 900, [`${servers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`]),
  ];
}

function makeZones(options: readonly Route53ZoneOptions[], mirroring: boolean): Map<string, Zone> {
  const zones = new Map<string, Zone>();
  const mirroredNames = new Set<string>();
  for (const [index, zone] of options.entries()) {
    const name = route53Name(zone.name);
    if (zones.has(zone.id)) throw new Error(`route53 endpoint: zone ID ${zone.id} is given twice`);
    const mirror = mirroring && (zone.mirror ?? (!zone.private && !mirroredNames.has(name)));
    if (mirror) mirroredNames.add(name);
    const sets = new Map(apexSets(name, index).map((set) => [setKey(set.name, set.type), set]));
    zones.set(zone.id, { id: zone.id, labels: nameLabels(name), name, private: zone.private === true, mirror, sets });
  }
  return zones;
}

function hostedZoneXml(zone: Zone): string {
  const config = `<Config>${leaf('Comment', `certwright test zone ${zone.name}`)}${leaf('PrivateZone', zone.private)}</Config>`;
  return `<HostedZone>${leaf('Id', `/hostedzone/${zone.id}`)}${leaf('Name', zone.name)}${leaf('CallerReference', `certwright-${zone.id}`)}${config}${leaf('ResourceRecordSetCount', zone.sets.size)}</HostedZone>`;
}

function recordSetXml(set: RecordSet): string {
  const records = set.values.map((value) => `<ResourceRecord>${leaf('Value', value)}</ResourceRecord>`).join('');
  return `<ResourceRecordSet>${leaf('Name', set.name)}${leaf('Type', set.type)}${leaf('TTL', set.ttl)}<ResourceRecords>${records}</ResourceRecords></ResourceRecordSet>`;
}

// Change batches

interface ParsedChange extends AcceptedChange {
  readonly labels: readonly string[];
}

interface ParsedBatch {
  readonly comment: string | undefined;
  readonly changes: readonly ParsedChange[];
}

/** Route 53's input validation message for one or more members. */
function validationMessage(problems: readonly string[]): string {
  return `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}

function isAction(action: string | undefined): action is AcceptedChange['action'] {
  return action === 'CREATE' || action === 'DELETE' || action === 'UPSERT';
}

/** One Change element, or the validation problems AWS reports for it. */
function parseChange(node: XmlElement, index: number): ParsedChange | string[] {
  const at = `changeBatch.changes.${index + 1}.member`;
  const action = childNamed(node, 'Action')?.text;
  const set = childNamed(node, 'ResourceRecordSet');
  const name = childNamed(set, 'Name')?.text;
  const type = childNamed(set, 'Type')?.text;
  const problems: string[] = [];
  if (!isAction(action)) {
    problems.push(
      `Value ${action === undefined ? 'null' : `'${action}'`} at '${at}.action' failed to satisfy constraint: Member must satisfy enum value set: [UPSERT, DELETE, CREATE]`,
    );
  }
  if (!set)
    problems.push(`Value null at '${at}.resourceRecordSet' failed to satisfy constraint: Member must not be null`);
  else if (name === undefined)
    problems.push(`Value null at '${at}.resourceRecordSet.name' failed to satisfy constraint: Member must not be null`);
  if (set && (type === undefined || !RECORD_TYPES.includes(type))) {
    problems.push(
      `Value ${type === undefined ? 'null' : `'${type}'`} at '${at}.resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: [${RECORD_TYPES.join(', ')}]`,
    );
  }
  if (problems.length > 0 || !isAction(action) || name === undefined || type === undefined) return problems;
  const unmodeled = UNMODELED_MEMBERS.filter((member) => childNamed(set, member));
  if (unmodeled.length > 0)
    throw new Error(`route53 endpoint does not model ${unmodeled.join(', ')} (change ${index + 1})`);
  const ttl = childNamed(set, 'TTL')?.text;
  const values = childrenNamed(childNamed(set, 'ResourceRecords'), 'ResourceRecord').map(
    (r) => childNamed(r, 'Value')?.text ?? '',
  );
  if (ttl === undefined || values.length === 0) {
    return [
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${action}, Name=${name}, Type=${type}, SetIdentifier=null]`,
    ];
  }
  if (!/^\d+$/.test(ttl) || Number(ttl) > 2147483647)
    return [
      `Value '${ttl}' at '${at}.resourceRecordSet.tTL' failed to satisfy constraint: Member must have value less than or equal to 2147483647`,
    ];
  return { action, name: route53Name(name), labels: nameLabels(name), type, ttl: Number(ttl), values };
}

/** The batch of a ChangeResourceRecordSetsRequest body, or why Route 53 refuses it as input. */
function parseChangeBatch(body: string): ParsedBatch | string {
  const root = parseXml(body);
  if (root.name !== 'ChangeResourceRecordSetsRequest')
    return `Invalid XML ; root element is <${root.name}>, expected <ChangeResourceRecordSetsRequest>`;
  const batch = childNamed(root, 'ChangeBatch');
  if (!batch)
    return validationMessage(["Value null at 'changeBatch' failed to satisfy constraint: Member must not be null"]);
  const nodes = childrenNamed(childNamed(batch, 'Changes'), 'Change');
  if (nodes.length === 0)
    return validationMessage([
      "Value '[]' at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  const parsed = nodes.map(parseChange);
  const problems = parsed.flatMap((p) => (Array.isArray(p) ? p : []));
  if (problems.length > 0)
    return problems[0]?.startsWith('Invalid request') ? problems[0] : validationMessage(problems);
  return { comment: childNamed(batch, 'Comment')?.text, changes: parsed as ParsedChange[] };
}

/** Problems with the values of one change, on their own (not against the zone). */
function valueProblems(change: ParsedChange): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const value of change.values) {
    if (change.type === 'TXT' || change.type === 'SPF') {
      const parsed = parseTxtValue(value);
      if (!Array.isArray(parsed))
        problems.push(`Invalid Resource Record: 'FATAL problem: ${parsed.problem} encountered with '${value}''`);
    }
    const identity = valueIdentity(change.type, value);
    if (seen.has(identity)) problems.push(`Duplicate Resource Record: '${value}'`);
    seen.add(identity);
  }
  return problems;
}

function sameValues(set: RecordSet, change: ParsedChange): boolean {
  const identities = (values: readonly string[]) => values.map((v) => valueIdentity(set.type, v)).sort();
  return set.ttl === change.ttl && JSON.stringify(identities(set.values)) === JSON.stringify(identities(change.values));
}

/** The message for one change against the record sets as they stand, or undefined when it applies. */
function conflict(zone: Zone, sets: ReadonlyMap<string, RecordSet>, change: ParsedChange): string | undefined {
  const current = sets.get(setKey(change.name, change.type));
  const described = `resource record set [name='${change.name}', type='${change.type}']`;
  const apex = change.name === zone.name && (change.type === 'SOA' || change.type === 'NS');
  if (change.action === 'CREATE' && current) return `Tried to create ${described} but it already exists`;
  if (change.action !== 'DELETE') return undefined;
  if (!current) return `Tried to delete ${described} but it was not found`;
  if (!sameValues(current, change))
    return `Tried to delete ${described} but the values provided do not match the current values`;
  if (apex)
    return change.type === 'SOA'
      ? 'A HostedZone must contain exactly one SOA record.'
      : 'A HostedZone must contain at least one NS record for the zone itself.';
  return undefined;
}

/**
 * Applies a batch to a copy of the zone's record sets, change by change, as Route 53 validates
 * it: all messages are collected and the batch applies only if there are none. A name+type may
 * appear twice only as DELETE then CREATE (the documented way to replace a set in one batch).
 */
function applyBatch(
  zone: Zone,
  changes: readonly ParsedChange[],
): { sets: Map<string, RecordSet>; messages: string[] } {
  const sets = new Map(zone.sets);
  const messages: string[] = [];
  const actionsByKey = new Map<string, string[]>();
  for (const change of changes) {
    if (!isWithin(change.labels, zone.labels)) {
      messages.push(`RRSet with DNS name ${change.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const problems = valueProblems(change);
    if (problems.length > 0) {
      messages.push(...problems);
      continue;
    }
    const key = setKey(change.name, change.type);
    const earlier = actionsByKey.get(key) ?? [];
    actionsByKey.set(key, [...earlier, change.action]);
    if (earlier.length > 0 && !(earlier.length === 1 && earlier[0] === 'DELETE' && change.action === 'CREATE')) {
      messages.push(
        `The request contains an invalid set of changes for a resource record set '${change.type} ${change.name}'`,
      );
      continue;
    }
    const problem = conflict(zone, sets, change);
    if (problem !== undefined) messages.push(problem);
    else if (change.action === 'DELETE') sets.delete(key);
    else
      sets.set(key, {
        labels: change.labels,
        name: change.name,
        type: change.type,
        ttl: change.ttl,
        values: change.values,
      });
  }
  return { sets, messages };
}

/** The TXT changes between two states of a zone, at the given keys, as nsupdate should apply them. */
function txtDiff(
  before: ReadonlyMap<string, RecordSet>,
  after: ReadonlyMap<string, RecordSet>,
  keys: Iterable<string>,
): TxtChange {
  const add: { fqdn: string; value: string; ttl: number }[] = [];
  const remove: { fqdn: string; value: string }[] = [];
  for (const key of new Set(keys)) {
    const [old, now] = [before.get(key), after.get(key)];
    const set = now ?? old;
    if (!set || set.type !== 'TXT') continue;
    const oldTexts = (old?.values ?? []).map(txtText);
    const newTexts = (now?.values ?? []).map(txtText);
    const fqdn = bindName(set.labels);
    for (const value of oldTexts.filter((v) => !newTexts.includes(v))) remove.push({ fqdn, value });
    for (const value of newTexts.filter((v) => !oldTexts.includes(v))) add.push({ fqdn, value, ttl: now?.ttl ?? 60 });
  }
  return { add, remove };
}

// SigV4: checked by the shared fake kit (src/testing/fake-sigv4.ts)

interface Principal extends SigningPrincipal {
  readonly arn: string;
  readonly deny: ReadonlySet<string>;
}

// Replies

function requestId(): string {
  return randomUUID();
}

function route53Reply(status: number, root: string, content: string): FakeApiReply {
  return xml(status, document(root, ROUTE53_NS, content), { 'x-amzn-requestid': requestId() });
}

function errorReply(service: Service, status: number, code: string, message: string): FakeApiReply {
  const id = requestId();
  const body = document(
    'ErrorResponse',
    service === 'sts' ? STS_NS : ROUTE53_NS,
    `<Error>${leaf('Type', 'Sender')}${leaf('Code', code)}${leaf('Message', message)}</Error>${leaf('RequestId', id)}`,
  );
  return xml(status, body, { 'x-amzn-requestid': id });
}

function invalidInput(message: string): FakeApiReply {
  return errorReply('route53', 400, 'InvalidInput', message);
}

function noSuchHostedZone(id: string): FakeApiReply {
  return errorReply('route53', 404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
}

/** `maxitems` as given (echoed in MaxItems), and the page size it means (at most `limit`). */
function maxItems(raw: string | null, limit: number): { echo: string; size: number } | FakeApiReply {
  if (raw === null) return { echo: String(limit), size: limit };
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    return invalidInput(
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must be a positive integer`,
    );
  return { echo: raw, size: Math.min(Number(raw), limit) };
}

function isReply(value: object): value is FakeApiReply {
  return 'status' in value && typeof value.status === 'number';
}

/** A check that fails, and records, a request whose body is not well-formed XML. */
function wellFormedXml(body: string): boolean | void {
  parseXml(body);
}

// The endpoint

function randomId(prefix: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  return prefix + [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

function makePrincipals(options: FakeRoute53ApiOptions, account: string): Map<string, Principal> {
  return new Map(
    options.credentials.map((c) => [
      c.accessKeyId,
      {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        arn: `arn:aws:iam::${account}:user/${c.userName ?? 'certwright-test'}`,
        deny: new Set(c.deny),
      },
    ]),
  );
}

function accessDenied(
  service: Service,
  principal: Principal,
  action: string,
  resource: string | undefined,
): FakeApiReply {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  const message = `User: ${principal.arn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
  return errorReply(service, 403, 'AccessDenied', message);
}

interface ChangeState {
  readonly id: string;
  readonly submittedAt: Date;
  readonly comment: string | undefined;
  polls: number;
}

/** Starts the endpoint on a free loopback port. */
export async function startFakeRoute53Api(options: FakeRoute53ApiOptions): Promise<FakeRoute53Api> {
  const account = options.accountId ?? '123456789012';
  const clock = options.clock ?? (() => new Date());
  const pendingPolls = options.pendingPolls ?? 1;
  const zones = makeZones(options.zones, options.bind !== undefined);
  const principals = makePrincipals(options, account);
  const roles = new Map((options.roles ?? []).map((r) => [r.arn, r]));
  const signers = new WeakMap<FakeApiRequest, Principal>();
  const scripted = new Map<Route53Operation, FakeApiReply[]>();
  const changes = new Map<string, ChangeState>();
  const accepted: AcceptedChangeBatch[] = [];
  const assumedRoles: AssumeRoleCall[] = [];
  let mirroring = Promise.resolve();
  let mirrorOn = true;

  const zoneOrThrow = (id: string): Zone => {
    const zone = zones.get(id);
    if (!zone) throw new Error(`route53 endpoint: no zone ${id}; zones are ${[...zones.keys()].join(', ')}`);
    return zone;
  };

  /** Mirrors TXT changes to BIND one after another, so two quick batches land in order. */
  const mirror = (zone: Zone, before: ReadonlyMap<string, RecordSet>, keys: Iterable<string>): Promise<void> => {
    const bind = options.bind;
    if (!bind || !zone.mirror || !mirrorOn) return Promise.resolve();
    const diff = txtDiff(before, zone.sets, keys);
    mirroring = mirroring.catch(() => undefined).then(() => applyTxtToBind(bind.server, bind.tsig, diff));
    return mirroring;
  };

  const signer = (request: FakeApiRequest): Principal => {
    const principal = signers.get(request);
    if (!principal) throw new Error('route53 endpoint: no signer recorded for the request');
    return principal;
  };

  /** AccessDenied if the signer may not perform the operation. */
  const permission = (
    request: FakeApiRequest,
    operation: Route53Operation,
    resource?: string,
  ): FakeApiReply | undefined => {
    const service: Service = operation === 'AssumeRole' ? 'sts' : 'route53';
    const action = `${service}:${operation}`;
    const principal = signer(request);
    return principal.deny.has(action) ? accessDenied(service, principal, action, resource) : undefined;
  };

  /** A scripted failure, then permission: what every operation checks before doing anything. */
  const gate = (request: FakeApiRequest, operation: Route53Operation, resource?: string): FakeApiReply | undefined =>
    scripted.get(operation)?.shift() ?? permission(request, operation, resource);

  const script = (operation: Route53Operation, reply: FakeApiReply, times: number): void => {
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`route53 endpoint: times: expected a positive integer, got ${times}`);
    const queue = scripted.get(operation) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(reply);
    scripted.set(operation, queue);
  };

  // ListHostedZonesByName: zones in reversed-name order from dnsname (and hostedzoneid) on.
  const listHostedZonesByName: FakeApiHandler = (request) => {
    const denied = gate(request, 'ListHostedZonesByName');
    if (denied) return denied;
    const dnsName = request.query.get('dnsname');
    const startId = request.query.get('hostedzoneid');
    const limit = maxItems(request.query.get('maxitems'), 100);
    if (isReply(limit)) return limit;
    if (startId !== null && dnsName === null)
      return invalidInput('The DNSName is required when the HostedZoneId is specified.');
    const ordered = [...zones.values()].sort(compareZones);
    const startKey = dnsName === null ? undefined : reversedName(nameLabels(dnsName));
    const from =
      startKey === undefined
        ? 0
        : ordered.findIndex((z) => {
            const key = reversedName(z.labels);
            return key > startKey || (key === startKey && (startId === null || z.id >= startId));
          });
    const start = from < 0 ? ordered.length : from;
    const page = ordered.slice(start, start + limit.size);
    const next = ordered[start + limit.size];
    const content = [
      `<HostedZones>${page.map(hostedZoneXml).join('')}</HostedZones>`,
      dnsName === null ? '' : leaf('DNSName', dnsName),
      startId === null ? '' : leaf('HostedZoneId', startId),
      leaf('IsTruncated', next !== undefined),
      next ? leaf('NextDNSName', next.name) + leaf('NextHostedZoneId', next.id) : '',
      leaf('MaxItems', limit.echo),
    ].join('');
    return route53Reply(200, 'ListHostedZonesByNameResponse', content);
  };

  const getHostedZone: FakeApiHandler = (request) => {
    const id = request.params.id ?? '';
    const denied = gate(request, 'GetHostedZone', `arn:aws:route53:::hostedzone/${id}`);
    if (denied) return denied;
    const zone = zones.get(id);
    if (!zone) return noSuchHostedZone(id);
    const servers = zone.sets.get(setKey(zone.name, 'NS'))?.values ?? [];
    const where = zone.private
      ? `<VPCs><VPC>${leaf('VPCRegion', 'us-east-1')}${leaf('VPCId', `vpc-${zone.id.toLowerCase()}`)}</VPC></VPCs>`
      : `<DelegationSet><NameServers>${servers.map((s) => leaf('NameServer', s.replace(/\.$/, ''))).join('')}</NameServers></DelegationSet>`;
    return route53Reply(200, 'GetHostedZoneResponse', hostedZoneXml(zone) + where);
  };

  // ListResourceRecordSets: sets in AWS order from (name, type) on.
  const listResourceRecordSets: FakeApiHandler = (request) => {
    const id = request.params.id ?? '';
    const denied = gate(request, 'ListResourceRecordSets', `arn:aws:route53:::hostedzone/${id}`);
    if (denied) return denied;
    const zone = zones.get(id);
    if (!zone) return noSuchHostedZone(id);
    if (request.query.has('identifier'))
      throw new Error('route53 endpoint does not model record set identifiers (identifier=)');
    const [name, type] = [request.query.get('name'), request.query.get('type')];
    if (type !== null && name === null) return invalidInput('The input is not valid: type is specified without name.');
    if (type !== null && !RECORD_TYPES.includes(type)) return invalidInput(`Invalid type: ${type}`);
    const limit = maxItems(request.query.get('maxitems'), 300);
    if (isReply(limit)) return limit;
    const ordered = [...zone.sets.values()].sort(compareSets);
    const startKey = name === null ? '' : reversedName(nameLabels(name));
    const from = ordered.findIndex((s) => {
      const key = reversedName(s.labels);
      return key > startKey || (key === startKey && s.type >= (type ?? ''));
    });
    const start = from < 0 ? ordered.length : from;
    const page = ordered.slice(start, start + limit.size);
    const next = ordered[start + limit.size];
    const content = [
      `<ResourceRecordSets>${page.map(recordSetXml).join('')}</ResourceRecordSets>`,
      leaf('IsTruncated', next !== undefined),
      next ? leaf('NextRecordName', next.name) + leaf('NextRecordType', next.type) : '',
      leaf('MaxItems', limit.echo),
    ].join('');
    return route53Reply(200, 'ListResourceRecordSetsResponse', content);
  };

  const invalidChangeBatch = (messages: readonly string[]): FakeApiReply => {
    if (options.invalidChangeBatchShape === 'InvalidChangeBatch') {
      const content = `<Messages>${messages.map((m) => leaf('Message', m)).join('')}</Messages>${leaf('RequestId', requestId())}`;
      return route53Reply(400, 'InvalidChangeBatch', content);
    }
    return errorReply('route53', 400, 'InvalidChangeBatch', `[${messages.join(', ')}]`);
  };

  const changeInfoXml = (change: ChangeState, status: string): string =>
    `<ChangeInfo>${leaf('Id', `/change/${change.id}`)}${leaf('Status', status)}${leaf('SubmittedAt', change.submittedAt.toISOString())}${change.comment === undefined ? '' : leaf('Comment', change.comment)}</ChangeInfo>`;

  const changeResourceRecordSets: FakeApiHandler = async (request) => {
    const id = request.params.id ?? '';
    const denied = gate(request, 'ChangeResourceRecordSets', `arn:aws:route53:::hostedzone/${id}`);
    if (denied) return denied;
    const zone = zones.get(id);
    if (!zone) return noSuchHostedZone(id);
    const batch = parseChangeBatch(request.body);
    if (typeof batch === 'string') return invalidInput(batch);
    const { sets, messages } = applyBatch(zone, batch.changes);
    if (messages.length > 0) return invalidChangeBatch(messages);
    const before = zone.sets;
    zone.sets = sets;
    const change: ChangeState = { id: randomId('C', 13), submittedAt: clock(), comment: batch.comment, polls: 0 };
    changes.set(change.id, change);
    const recorded = batch.changes.map(({ action, name, type, ttl, values }) => ({ action, name, type, ttl, values }));
    accepted.push({ zoneId: zone.id, changeId: change.id, comment: batch.comment, changes: recorded });
    await mirror(
      zone,
      before,
      batch.changes.map((c) => setKey(c.name, c.type)),
    );
    return route53Reply(200, 'ChangeResourceRecordSetsResponse', changeInfoXml(change, 'PENDING'));
  };

  const getChange: FakeApiHandler = (request) => {
    const id = request.params.id ?? '';
    const denied = gate(request, 'GetChange', `arn:aws:route53:::change/${id}`);
    if (denied) return denied;
    const change = changes.get(id);
    if (!change)
      return errorReply('route53', 404, 'NoSuchChange', 'A change with the specified change ID does not exist.');
    change.polls += 1;
    return route53Reply(
      200,
      'GetChangeResponse',
      changeInfoXml(change, change.polls <= pendingPolls ? 'PENDING' : 'INSYNC'),
    );
  };

  // STS: the awsQuery protocol on POST /.
  const stsError = (status: number, code: string, message: string) => errorReply('sts', status, code, message);

  const assumeRole = (request: FakeApiRequest, form: URLSearchParams): FakeApiReply => {
    const caller = signer(request);
    const [arn, sessionName, externalId] = [
      form.get('RoleArn'),
      form.get('RoleSessionName'),
      form.get('ExternalId') ?? undefined,
    ];
    if (arn === null)
      return stsError(
        400,
        'ValidationError',
        "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
      );
    if (sessionName === null || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return stsError(
        400,
        'ValidationError',
        `1 validation error detected: Value ${sessionName === null ? 'null' : `'${sessionName}'`} at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const role = roles.get(arn);
    const call = { arn, externalId, sessionName, callerArn: caller.arn };
    const denied = permission(request, 'AssumeRole', arn);
    if (denied || !role || (role.externalId !== undefined && role.externalId !== externalId)) {
      assumedRoles.push({ ...call, granted: false });
      return (
        denied ??
        stsError(
          403,
          'AccessDenied',
          `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
        )
      );
    }
    const duration = Number(form.get('DurationSeconds') ?? 3600);
    const maxDuration = role.maxSessionDuration ?? 3600;
    if (!Number.isInteger(duration) || duration < 900)
      return stsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${form.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    if (duration > maxDuration)
      return stsError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    const roleName = arn.replace(/^.*\//, '');
    const issued: Principal = {
      accessKeyId: randomId('ASIA', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiration: new Date(clock().getTime() + duration * 1000),
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      deny: new Set(role.deny),
    };
    principals.set(issued.accessKeyId, issued);
    assumedRoles.push({ ...call, granted: true });
    const credentials = `<Credentials>${leaf('AccessKeyId', issued.accessKeyId)}${leaf('SecretAccessKey', issued.secretAccessKey)}${leaf('SessionToken', issued.sessionToken ?? '')}${leaf('Expiration', issued.expiration?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '')}</Credentials>`;
    const user = `<AssumedRoleUser>${leaf('AssumedRoleId', `${randomId('AROA', 16)}:${sessionName}`)}${leaf('Arn', issued.arn)}</AssumedRoleUser>`;
    const id = requestId();
    const body = document(
      'AssumeRoleResponse',
      STS_NS,
      `<AssumeRoleResult>${credentials}${user}</AssumeRoleResult><ResponseMetadata>${leaf('RequestId', id)}</ResponseMetadata>`,
    );
    return xml(200, body, { 'x-amzn-requestid': id });
  };

  const sts: FakeApiHandler = (request) => {
    const failure = scripted.get('AssumeRole')?.shift();
    if (failure) return failure;
    const form = new URLSearchParams(request.body);
    const action = form.get('Action');
    if (form.get('Version') !== '2011-06-15')
      return stsError(
        400,
        'InvalidAction',
        `Could not find operation ${action ?? ''} for version ${form.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
      );
    if (action !== 'AssumeRole')
      return stsError(400, 'InvalidAction', `Could not find operation ${action ?? ''} for version 2011-06-15`);
    return assumeRole(request, form);
  };

  const auth = (request: FakeApiRequest): FakeApiReply | undefined => {
    const service: Service = request.method === 'POST' && request.path === '/' ? 'sts' : 'route53';
    const result = verifySigV4(request, {
      service,
      maxSkewMs: MAX_SKEW_MS[service],
      now: clock(),
      lookup: (key) => principals.get(key),
    });
    if ('code' in result) return errorReply(service, result.status, result.code, result.message);
    signers.set(request, result.principal);
    return undefined;
  };

  const vendor = await startFakeApi({
    name: 'route53',
    ...(options.tls ? { tls: options.tls } : {}),
    auth,
    // The Route 53 API reference's common error for an operation it does not know.
    unknownRoute: (request) =>
      errorReply(
        'route53',
        400,
        'InvalidAction',
        `The action or operation requested is invalid: ${request.method} ${request.path}`,
      ),
    routes: [
      route(`GET ${API}/hostedzonesbyname`, listHostedZonesByName),
      route(`GET ${API}/hostedzone/:id`, getHostedZone),
      route(`GET ${API}/hostedzone/:id/rrset`, listResourceRecordSets),
      route(`POST ${API}/hostedzone/:id/rrset`, changeResourceRecordSets, checkBody(wellFormedXml)),
      route(`POST ${API}/hostedzone/:id/rrset/`, changeResourceRecordSets, checkBody(wellFormedXml)),
      route(`GET ${API}/change/:id`, getChange),
      route('POST /', sts),
    ],
  });

  return {
    url: vendor.url,
    vendor,
    assumedRoles,
    txt(zoneId, fqdn) {
      const set = zoneOrThrow(zoneId).sets.get(setKey(route53Name(fqdn), 'TXT'));
      return (set?.values ?? []).map(txtText);
    },
    seedTxt(zoneId, fqdn, values, ttl = 300) {
      return (this as FakeRoute53Api).seedTxtRdata(zoneId, fqdn, values.map(quoteTxt), ttl);
    },
    txtRdata: (zoneId, fqdn) => [...(zoneOrThrow(zoneId).sets.get(setKey(route53Name(fqdn), 'TXT'))?.values ?? [])],
    async seedTxtRdata(zoneId, fqdn, rdatas, ttl = 300) {
      const zone = zoneOrThrow(zoneId);
      const set = makeSet(fqdn, 'TXT', ttl, rdatas);
      if (!isWithin(set.labels, zone.labels))
        throw new Error(`route53 endpoint: ${set.name} is not in zone ${zone.name}`);
      const before = zone.sets;
      zone.sets = new Map(before).set(setKey(set.name, 'TXT'), set);
      await mirror(zone, before, [setKey(set.name, 'TXT')]);
    },
    throttleNext(times = 1, operation = 'ChangeResourceRecordSets') {
      script(
        operation,
        errorReply(operation === 'AssumeRole' ? 'sts' : 'route53', 400, 'Throttling', 'Rate exceeded'),
        times,
      );
    },
    priorRequestNotCompleteNext(times = 1) {
      script(
        'ChangeResourceRecordSets',
        errorReply(
          'route53',
          400,
          'PriorRequestNotComplete',
          'The request was rejected because Route 53 was still processing a prior request.',
        ),
        times,
      );
    },
    changeRequests: () => accepted,
    setMirroring(on) {
      mirrorOn = on;
    },
    assertNoUnexpectedRequests: () => vendor.assertNoUnexpectedRequests(),
    close: () => vendor.close(),
  };
}
