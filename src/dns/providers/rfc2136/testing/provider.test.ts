import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { encodeName } from '../../../wire.js';
import { silentLogger, systemClock } from '../../../../runtime.js';
import { issueOnBed } from '../../../../testing/engine.js';
import { providerContractScenarios } from '../../../../testing/provider-contract.js';
import { DnsResolver } from '../../../resolver.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { definition } from '../index.js';
import { signMessage, verifyReply, type TsigKey } from '../tsig.js';
import { buildUpdateMessage, replyCode } from '../update.js';
import { applyTxtToBind } from '../../testing/bind-mirror.js';

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
    const mac = createHmac('sha256', signingKey.secret)
      .update(u16(requestMac.length))
      .update(requestMac)
      .update(reply)
      .update(variables)
      .digest();
    const rdata = Buffer.concat([
      algorithm,
      u48(time),
      u16(300),
      u16(mac.length),
      mac,
      reply.subarray(0, 2),
      u16(0),
      u16(0),
    ]);
    const signed = Buffer.concat([reply, name, u16(250), u16(255), Buffer.alloc(4), u16(rdata.length), rdata]);
    signed.writeUInt16BE(reply.readUInt16BE(10) + 1, 10);
    return signed;
  }

  it('signs an UPDATE and verifies a correctly signed reply', () => {
    const update = buildUpdateMessage(0x1234, 'example.test', {
      add: [{ name: '_acme-challenge.example.test', value: 'v' }],
      ttl: 60,
    });
    const { signed, mac } = signMessage(update, key, now);
    assert.equal(signed.readUInt16BE(10), 1, 'ARCOUNT counts the TSIG record');
    assert.equal(mac.length, 32);
    const reply = Buffer.from(update.subarray(0, 12));
    reply.writeUInt16BE(0xa800, 2); // QR + opcode UPDATE, NOERROR
    reply.writeUInt16BE(0, 4);
    reply.writeUInt16BE(0, 8);
    assert.equal(replyCode(reply), 'NOERROR');
    verifyReply(serverSign(reply, mac, key), key, mac, now);
    assert.throws(
      () => verifyReply(serverSign(reply, mac, { ...key, secret: Buffer.alloc(32, 2) }), key, mac, now),
      /tsig: the reply signature does not verify/,
    );
    assert.throws(
      () => verifyReply(serverSign(reply, mac, key, now - 1000), key, mac, now),
      /tsig: the reply was signed 1000 s away from this clock/,
    );
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

describe('rfc2136 against BIND 9 (the test bed)', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  /** The provider writing into the bed's BIND, as the engine builds it. */
  const bedProvider = () =>
    definition
      .configure({
        'rfc2136-server': `127.0.0.1:${bed.dns.port}`,
        'rfc2136-tsig-key': bed.tsig.name,
        'rfc2136-tsig-secret': bed.tsig.secret,
      })
      .create({
        logger: silentLogger,
        clock: systemClock,
        env: {},
        http: () => Promise.reject(new Error('rfc2136 makes no HTTP requests')),
      });

  // The contract every provider keeps (what `npm run test:live` checks against real vendors).
  providerContractScenarios(() => ({
    createProvider: bedProvider,
    zone: 'example.test',
    resolver: new DnsResolver({ resolvers: [], nameservers: [bed.dns] }),
    propagationTimeoutMs: 10_000,
    intervalMs: 50,
    logger: silentLogger,
  }));

  it('adds values next to one it did not write, and deletes only its own', async () => {
    const name = '_acme-challenge.shared.example.test';
    await applyTxtToBind(bed.dns, bed.tsig, { add: [{ fqdn: name, value: 'written-by-someone-else' }] });
    const provider = await bedProvider();
    const ours = ['wildcard-value', 'apex-value'].map((value) => ({
      domain: 'shared.example.test',
      fqdn: name,
      zone: 'example.test',
      value,
    }));
    await provider.createRecords(ours);
    assert.deepEqual((await bed.txt(name)).sort(), ['apex-value', 'wildcard-value', 'written-by-someone-else']);
    await provider.deleteRecords(ours);
    assert.deepEqual(await bed.txt(name), ['written-by-someone-else'], 'the foreign value survives');
    await provider.deleteRecords(ours);
    assert.deepEqual(
      await bed.txt(name),
      ['written-by-someone-else'],
      'deleting what is gone succeeds and changes nothing',
    );
  });

  it('an rfc2136 server with the wrong TSIG secret fails naming the input', async () => {
    await assert.rejects(
      issueOnBed(bed, ['badkey.example.test'], { 'rfc2136-tsig-secret': Buffer.alloc(32, 7).toString('base64') }),
      /^Error: rfc2136: 127\.0\.0\.1:\d+ \(rfc2136-server\) answered NOTAUTH to the UPDATE of zone example\.test: tsig: the server rejected the signature: BADSIG/,
    );
  });

  it('an unreachable rfc2136 server fails naming the input', async () => {
    await assert.rejects(
      issueOnBed(bed, ['unreachable.example.test'], { 'rfc2136-server': '127.0.0.1:9' }),
      /^Error: rfc2136: no answer from 127\.0\.0\.1:9 \(rfc2136-server\) to the UPDATE of zone example\.test; check the address and port/,
    );
  });
});
