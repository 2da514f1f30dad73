/**
 * Just enough DER (ITU-T X.690) to write a PKCS#10 request: definite lengths, the few universal
 * types a CSR holds, and context tags. Writing only, of values this program builds itself.
 */

/** One TLV: `tag`, its length in the shortest DER form, then the contents. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...items: readonly Uint8Array[]): Buffer => tlv(0x30, ...items);
export const set = (...items: readonly Uint8Array[]): Buffer => tlv(0x31, ...items);
export const octetString = (bytes: Uint8Array): Buffer => tlv(0x04, bytes);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
export const nullValue = (): Buffer => tlv(0x05);
/** A BIT STRING of whole bytes (no unused bits), as signatures are. */
export const bitString = (bytes: Uint8Array): Buffer => tlv(0x03, Buffer.from([0]), bytes);
/** A small non-negative INTEGER (versions). */
export const smallInteger = (value: number): Buffer => tlv(0x02, Buffer.from([value]));

/** An OBJECT IDENTIFIER from its dotted form. */
export function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc % 128];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      base128.unshift(0x80 | (value % 128));
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A context-specific tag: `[n]` constructed (0xa0 + n) or primitive (0x80 + n). */
export const contextTag = (n: number, constructed: boolean, ...contents: readonly Uint8Array[]): Buffer =>
  tlv((constructed ? 0xa0 : 0x80) + n, ...contents);

/** One TLV read from DER: its tag, and where its contents start and end in the buffer. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** Reads the TLV at `offset` (single-byte tags, definite lengths: all DER uses), checking it fits. */
export function readElement(der: Uint8Array, offset: number, limit = der.length): DerElement {
  const tag = der[offset];
  let lengthByte = der[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('der: truncated element');
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new Error('der: unsupported length form');
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = der[start + i];
      if (lengthByte === undefined) throw new Error('der: truncated length');
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  if (start + length > limit) throw new Error('der: element longer than its container');
  return { tag, start, end: start + length };
}

/** The elements inside a constructed element, in order. */
export function childrenOf(der: Uint8Array, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const child = readElement(der, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}
