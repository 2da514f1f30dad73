import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatServerAddress, parseServerAddress } from '../../src/dns/address.js';
import { challengeRecordName, isInZone, normalizeName, selfAndParents } from '../../src/dns/names.js';
import { groupByZone } from '../../src/dns/plan.js';
import { encodeName } from '../../src/dns/wire.js';
import { signMessage, verifyReply, type TsigKey } from '../../src/dns/providers/rfc2136/tsig.js';
import { buildUpdateMessage, replyCode } from '../../src/dns/providers/rfc2136/update.js';

describe('names', () => {
  it('normalizes and derives challenge names', () => {
    assert.equal(normalizeName(' WWW.Example.COM. '), 'www.example.com');
    assert.equal(challengeRecordName('*.example.com'), '_acme-challenge.example.com');
    assert.equal(challengeRecordName('a.example.com'), '_acme-challenge.a.example.com');
    assert.deepEqual(selfAndParents('a.b.c'), ['a.b.c', 'b.c', 'c']);
    assert.ok(isInZone('a.example.com', 'example.com'));
    assert.ok(!isInZone('aexample.com', 'example.com'));
  });

  it('groups records by zone', () => {
    const r = (fqdn: string, zone: string) => ({ domain: fqdn, fqdn, zone, value: 'v' });
    const groups = groupByZone([r('a.x.test', 'x.test'), r('b.y.test', 'y.test'), r('c.x.test', 'x.test')]);
    assert.deepEqual([...groups.keys()], ['x.test', 'y.test']);
    assert.equal(groups.get('x.test')?.length, 2);
  });
});

describe('server addresses', () => {
  const table: [string, string][] = [
    ['127.0.0.1', '127.0.0.1:53'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    ['ns1.example.com:54', 'ns1.example.com:54'],
    ['::1', '[::1]:53'],
    ['[::1]:5353', '[::1]:5353'],
  ];
  for (const [input, formatted] of table) {
    it(`parses ${input}`, () => assert.equal(formatServerAddress(parseServerAddress(input, 'nameservers')), formatted));
  }
  it('rejects a bad port', () => {
    assert.throws(() => parseServerAddress('h:70000', 'nameservers'), /^Error: nameservers: "h:70000" is not a server address/);
  });
});

describe('TSIG (RFC 8945)', () => {
  const key: TsigKey = { name: 'test-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 1) };
  const now = 1_800_000_000;

  /** Signs a reply as a server does (RFC 8945 §5.3), written out here independently of tsig.ts. */
  function serverSign(reply: Buffer, requestMac: Buffer, signingKey: TsigKey, time = now): Buffer {
    const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
    const u48 = (n: number) => Buffer.from([0, 0, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
    const name = encodeName(signingKey.name);
    const algorithm = encodeName(signingKey.algorithm);
    const variables = Buffer.concat([name, u16(255), Buffer.alloc(4), algorithm, u48(time), u16(300), u16(0), u16(0)]);
    const mac = createHmac('sha256', signingKey.secret).update(u16(requestMac.length)).update(requestMac).update(reply).update(variables).digest();
    const rdata = Buffer.concat([algorithm, u48(time), u16(300), u16(mac.length), mac, reply.subarray(0, 2), u16(0), u16(0)]);
    const signed = Buffer.concat([reply, name, u16(250), u16(255), Buffer.alloc(4), u16(rdata.length), rdata]);
    signed.writeUInt16BE(reply.readUInt16BE(10) + 1, 10);
    return signed;
  }

  it('signs an UPDATE and verifies a correctly signed reply', () => {
    const update = buildUpdateMessage(0x1234, 'example.test', { add: [{ name: '_acme-challenge.example.test', value: 'v' }], ttl: 60 });
    const { signed, mac } = signMessage(update, key, now);
    assert.equal(signed.readUInt16BE(10), 1, 'ARCOUNT counts the TSIG record');
    assert.equal(mac.length, 32);
    const reply = Buffer.from(update.subarray(0, 12));
    reply.writeUInt16BE(0xa800, 2); // QR + opcode UPDATE, NOERROR
    reply.writeUInt16BE(0, 4);
    reply.writeUInt16BE(0, 8);
    assert.equal(replyCode(reply), 'NOERROR');
    verifyReply(serverSign(reply, mac, key), key, mac, now);
    assert.throws(() => verifyReply(serverSign(reply, mac, { ...key, secret: Buffer.alloc(32, 2) }), key, mac, now), /tsig: the reply signature does not verify/);
    assert.throws(() => verifyReply(serverSign(reply, mac, key, now - 1000), key, mac, now), /tsig: the reply was signed 1000 s away from this clock/);
    assert.throws(() => verifyReply(reply, key, mac, now), /tsig: the reply is not signed/);
  });

  it('splits TXT values longer than 255 bytes into character-strings', () => {
    const long = 'x'.repeat(300);
    const message = buildUpdateMessage(1, 'example.test', { add: [{ name: 'a.example.test', value: long }], ttl: 60 });
    const rdata = message.subarray(message.length - 302);
    assert.equal(rdata[0], 255);
    assert.equal(rdata[256], 45);
  });
});
