import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatServerAddress, parseServerAddress } from '../../src/dns/address.js';
import { challengeRecordName, isInZone, normalizeName, selfAndParents } from '../../src/dns/names.js';
import { groupByZone } from '../../src/dns/plan.js';

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
    assert.throws(
      () => parseServerAddress('h:70000', 'nameservers'),
      /^Error: nameservers: "h:70000" is not a server address/,
    );
  });
});
