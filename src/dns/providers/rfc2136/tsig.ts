import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeName, encodeName } from '../../wire.js';

/** TSIG algorithms (RFC 8945 §6) certwright signs with. */
export const TSIG_ALGORITHMS = ['hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'hmac-sha224', 'hmac-sha1'] as const;
export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

export interface TsigKey {
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  readonly secret: Buffer;
}

const TYPE_TSIG = 250;
const CLASS_ANY = 255;
const DEFAULT_FUDGE = 300;
const TSIG_ERRORS: Record<number, string> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

function wireName(name: string): Buffer {
  return encodeName(name.toLowerCase().replace(/\.$/, ''));
}

function hmacName(algorithm: TsigAlgorithm): string {
  return algorithm.slice('hmac-'.length);
}

function uint48(value: number): Buffer {
  const buf = Buffer.alloc(6);
  buf.writeUIntBE(value, 0, 6);
  return buf;
}

function uint16(value: number): Buffer {
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(value);
  return buf;
}

/** The TSIG variables that go into the MAC after the message (RFC 8945 §4.3.3). */
function tsigVariables(key: TsigKey, timeSigned: number, fudge: number, error: number, other: Buffer): Buffer {
  return Buffer.concat([
    wireName(key.name),
    uint16(CLASS_ANY),
    Buffer.alloc(4), // TTL 0
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(fudge),
    uint16(error),
    uint16(other.length),
    other,
  ]);
}

/**
 * Signs a DNS message (RFC 8945 §4.2): appends a TSIG record and bumps ARCOUNT. Returns the
 * signed message and its MAC, which the reply's MAC covers.
 */
export function signMessage(message: Buffer, key: TsigKey, timeSigned: number): { signed: Buffer; mac: Buffer } {
  const mac = createHmac(hmacName(key.algorithm), key.secret)
    .update(message)
    .update(tsigVariables(key, timeSigned, DEFAULT_FUDGE, 0, Buffer.alloc(0)))
    .digest();
  const rdata = Buffer.concat([
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(DEFAULT_FUDGE),
    uint16(mac.length),
    mac,
    message.subarray(0, 2), // original ID
    uint16(0),
    uint16(0),
  ]);
  const record = Buffer.concat([
    wireName(key.name),
    uint16(TYPE_TSIG),
    uint16(CLASS_ANY),
    Buffer.alloc(4),
    uint16(rdata.length),
    rdata,
  ]);
  const signed = Buffer.concat([message, record]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { signed, mac };
}

/** Skips a possibly compressed name, returning the offset after it. */
function skipName(buf: Buffer, offset: number): number {
  for (;;) {
    const length = buf.readUInt8(offset);
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) return offset + 2;
    offset += length + 1;
  }
}

/** The offset of the last resource record of a message, where a TSIG record must be. */
function lastRecordOffset(buf: Buffer): number | undefined {
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const [questions = 0, ...sections] = counts;
  const records = sections.reduce((sum, n) => sum + n, 0);
  if (records === 0) return undefined;
  let offset = 12;
  for (let i = 0; i < questions; i++) offset = skipName(buf, offset) + 4;
  let last = offset;
  for (let i = 0; i < records; i++) {
    last = offset;
    offset = skipName(buf, offset);
    offset += 10 + buf.readUInt16BE(offset + 8);
  }
  return last;
}

/** Whether the message ends with a TSIG record (a refusal without one: the server did not accept the key). */
export function hasTsig(reply: Buffer): boolean {
  const offset = lastRecordOffset(reply);
  return offset !== undefined && reply.readUInt16BE(skipName(reply, offset)) === TYPE_TSIG;
}

/**
 * Verifies the TSIG record of a reply to a signed request (RFC 8945 §5.3): same key, a MAC
 * over the request MAC, the reply without its TSIG and the variables, and a time within fudge.
 */
export function verifyReply(reply: Buffer, key: TsigKey, requestMac: Buffer, now: number): void {
  const offset = lastRecordOffset(reply);
  const nameEnd = offset === undefined ? 0 : skipName(reply, offset);
  if (offset === undefined || reply.readUInt16BE(nameEnd) !== TYPE_TSIG) {
    throw new Error('tsig: the reply is not signed; the server may not know the key');
  }
  const ownerName = decodeName(reply, offset).toLowerCase();
  let p = nameEnd + 10;
  const algorithm = decodeName(reply, p).toLowerCase();
  p = skipName(reply, p);
  const timeSigned = reply.readUIntBE(p, 6);
  const fudge = reply.readUInt16BE(p + 6);
  const macSize = reply.readUInt16BE(p + 8);
  const mac = reply.subarray(p + 10, p + 10 + macSize);
  p += 10 + macSize;
  const originalId = reply.readUInt16BE(p);
  const error = reply.readUInt16BE(p + 2);
  const other = reply.subarray(p + 6, p + 6 + reply.readUInt16BE(p + 4));
  if (error !== 0) {
    throw new Error(
      `tsig: the server rejected the signature: ${TSIG_ERRORS[error] ?? `error ${error}`}; ` +
        'check the key name, algorithm and secret',
    );
  }
  if (ownerName !== key.name.toLowerCase().replace(/\.$/, '') || algorithm !== key.algorithm) {
    throw new Error(`tsig: the reply is signed with ${ownerName}/${algorithm}, not ${key.name}/${key.algorithm}`);
  }
  const unsigned = Buffer.from(reply.subarray(0, offset));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(unsigned.readUInt16BE(10) - 1, 10);
  const expected = createHmac(hmacName(key.algorithm), key.secret)
    .update(uint16(requestMac.length))
    .update(requestMac)
    .update(unsigned)
    .update(tsigVariables(key, timeSigned, fudge, error, other))
    .digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new Error('tsig: the reply signature does not verify; the reply may be forged or the secret differs');
  }
  if (Math.abs(now - timeSigned) > fudge) {
    throw new Error(
      `tsig: the reply was signed ${Math.abs(now - timeSigned)} s away from this clock (fudge ${fudge} s); ` +
        'check the clocks',
    );
  }
}
