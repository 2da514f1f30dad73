import { encodeName } from '../../wire.js';

const OPCODE_UPDATE = 5;
const TYPE_TXT = 16;
const TYPE_SOA = 6;
const CLASS_IN = 1;
const CLASS_NONE = 254;

export interface TxtChange {
  readonly name: string;
  readonly value: string;
}

/** TXT rdata: the value as character-strings of at most 255 bytes (RFC 1035 §3.3.14). */
function txtRdata(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

function resourceRecord(name: string, klass: number, ttl: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_TXT, 0);
  fixed.writeUInt16BE(klass, 2);
  fixed.writeUInt32BE(ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), fixed, rdata]);
}

/**
 * A DNS UPDATE message (RFC 2136 §2) for one zone: adds TXT records (class IN, §2.5.1) and
 * deletes individual TXT records (class NONE, §2.5.4), so other values at the same name stay.
 */
export function buildUpdateMessage(
  id: number,
  zone: string,
  changes: { add?: readonly TxtChange[]; remove?: readonly TxtChange[]; ttl: number },
): Buffer {
  const updates = [
    ...(changes.add ?? []).map((c) => resourceRecord(c.name, CLASS_IN, changes.ttl, txtRdata(c.value))),
    ...(changes.remove ?? []).map((c) => resourceRecord(c.name, CLASS_NONE, 0, txtRdata(c.value))),
  ];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  header.writeUInt16BE(1, 4); // ZOCOUNT
  header.writeUInt16BE(0, 6); // PRCOUNT
  header.writeUInt16BE(updates.length, 8); // UPCOUNT
  header.writeUInt16BE(0, 10); // ADCOUNT
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.from([0, TYPE_SOA, 0, CLASS_IN])]);
  return Buffer.concat([header, zoneSection, ...updates]);
}

const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** The RCODE of a reply as its name. */
export function replyCode(reply: Buffer): string {
  const code = reply.readUInt16BE(2) & 0xf;
  return RCODES[code] ?? `RCODE ${code}`;
}
