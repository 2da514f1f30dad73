/**
 * DNS answers are untrusted data (issue 18, points 1 and 2): names from answers must be host
 * names, zones match label by label, replies count only from the server asked and for the
 * question asked, a truncated reply is asked again over TCP, and log lines cannot carry
 * workflow commands.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { hostNameProblem, isInZone, quotedName } from '../../src/dns/names.js';
import { planChallengeRecords } from '../../src/dns/plan.js';
import { ZoneIds } from '../../src/dns/providers/options.js';
import { ExecProvider } from '../../src/dns/providers/exec/provider.js';
import type { ConfiguredProvider, DnsProvider } from '../../src/dns/provider.js';
import { DnsResolver } from '../../src/dns/resolver.js';
import { routeByZone } from '../../src/dns/routing.js';
import { answersQuery, query, txtValues } from '../../src/dns/wire.js';
import { createHttpClient } from '../../src/net/http.js';
import { neutralise, silentLogger, systemClock } from '../../src/runtime.js';
import { cname, encodeReply, soa, startFakeDns, type FakeDnsServer } from '../harness/fake-dns.js';

const txt = (name: string, value: string): dnsPacket.Answer => ({
  type: 'TXT',
  name,
  ttl: 60,
  class: 'IN',
  data: value,
});
const ns = (zone: string, target: string): dnsPacket.Answer => ({
  type: 'NS',
  name: zone,
  ttl: 60,
  class: 'IN',
  data: target,
});

describe('host names from DNS answers', () => {
  const table: [string, string | undefined][] = [
    ['cname-target.delegated.test', undefined],
    ['_acme-challenge.Example.COM', undefined],
    ['a-b_c.d1.test', undefined],
    [`${'a'.repeat(63)}.test`, undefined],
    ['', 'it is empty'],
    ['a..test', 'it has an empty label'],
    ['.test', 'it has an empty label'],
    [`${'a'.repeat(64)}.test`, 'a label is longer than 63 octets'],
    [`${'abcdefghi.'.repeat(25)}abcd`, 'it is longer than 253 octets'],
    ['x\n::error::pwned.test', "a label has characters other than letters, digits, '-' and '_'"],
    ['$(touch /tmp/pwned).test', "a label has characters other than letters, digits, '-' and '_'"],
    ['a;b.test', "a label has characters other than letters, digits, '-' and '_'"],
    ['a b.test', "a label has characters other than letters, digits, '-' and '_'"],
    ['bücher.test', "a label has characters other than letters, digits, '-' and '_'"],
  ];
  for (const [name, problem] of table) {
    it(`${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}: ${problem ?? 'a host name'}`, () =>
      assert.equal(hostNameProblem(name), problem));
  }

  it('shows a bad name quoted, on one line, every odd character escaped', () => {
    assert.equal(quotedName('x\n::error::pwned\r\u2028\u0085"'), '"x\\n::error::pwned\\r\\u2028\\u0085\\""');
  });
});

describe('zones match label by label', () => {
  const table: [string, string, boolean][] = [
    ['a.example.com', 'example.com', true],
    ['example.com', 'example.com', true],
    ['_acme-challenge.A.Example.com.', 'example.com', true],
    ['xexample.com', 'example.com', false],
    ['_acme-challenge.xexample.com', 'example.com', false],
    ['example.com', 'a.example.com', false],
    ['a.example.com', '', true],
  ];
  for (const [name, zone, inside] of table) {
    it(`${name} ${inside ? 'is' : 'is not'} in ${zone || 'the root'}`, () =>
      assert.equal(isInZone(name, zone), inside));
  }

  it('zone=ID pairs: xexample.com gets no ID meant for example.com', () => {
    const ids = ZoneIds.parse(
      { 'cloudflare-zone-id': 'example.com=Z1,sub.example.com=Z2' },
      'cloudflare-zone-id',
      /^Z\d$/,
      'Z1',
    );
    assert.equal(ids.idFor('_acme-challenge.a.example.com'), 'Z1');
    assert.equal(ids.idFor('_acme-challenge.sub.example.com'), 'Z2');
    assert.equal(ids.idFor('_acme-challenge.xexample.com'), undefined);
    assert.equal(ids.zoneFor('xexample.com'), undefined);
    assert.equal(ids.idFor('_acme-challenge.xsub.example.com'), 'Z1');
  });

  it('zones routing: a record in xexample.com never goes to the provider of example.com', async () => {
    const used: string[] = [];
    const provider = (name: string): ConfiguredProvider => ({
      name,
      description: name,
      create: (): Promise<DnsProvider> =>
        Promise.resolve({
          name,
          createRecords: () => Promise.resolve(void used.push(name)),
          deleteRecords: () => Promise.resolve(),
        }),
    });
    const routed = await routeByZone([{ zone: 'example.com', provider: provider('p-example') }], undefined).create({
      logger: silentLogger,
      clock: systemClock,
      env: {},
      http: createHttpClient({ userAgent: 'test' }),
    });
    const record = (zone: string) => ({ domain: zone, fqdn: `_acme-challenge.${zone}`, zone, value: 'v' });
    await routed.createRecords([record('a.example.com')]);
    assert.deepEqual(used, ['p-example']);
    await assert.rejects(
      routed.createRecords([record('xexample.com')]),
      /^Error: zones: no DNS provider for zone xexample\.com /,
    );
  });
});

describe('the resolver against a hostile zone operator', () => {
  let server: FakeDnsServer;
  const hostile = new Map<string, string>([
    ['_acme-challenge.newline.example.test', 'x\n::error::pwned'],
    ['_acme-challenge.shell.example.test', '$(touch /tmp/certwright-pwned); rm -rf ~'],
    ['_acme-challenge.two.example.test', 'hop.example.test'],
    ['hop.example.test', 'send "update add evil 60 TXT x"'],
  ]);
  before(async () => {
    server = await startFakeDns(({ name, type }) => {
      const lower = name.toLowerCase();
      if (type === 'CNAME' && hostile.has(lower)) return { answers: [cname(name, hostile.get(lower) as string)] };
      if (type === 'SOA' && lower === 'example.test') return { answers: [soa('example.test')] };
      if (type === 'SOA' && lower === 'xexample.test') return { answers: [soa('xexample.test')] };
      // Not label-aware, `le.test` would pass for `xexample.test`; and the root is never a zone.
      if (type === 'SOA' && lower.endsWith('xexample.test'))
        return { rcode: 'NXDOMAIN', authorities: [soa('le.test'), soa('.')] };
      if (type === 'SOA') return { rcode: 'NXDOMAIN', authorities: [soa('example.test')] };
      if (type === 'NS' && lower === 'example.test')
        return { answers: [ns('example.test', 'ns1.example.test\n::add-mask::x')] };
      return {};
    });
  });
  after(() => server?.close());
  const resolver = () => new DnsResolver({ resolvers: [server.address], queryTimeoutMs: 1_000 });

  it('a CNAME target with a newline stops the run in one line naming the chain', async () => {
    await assert.rejects(resolver().followCnames('_acme-challenge.newline.example.test'), (error: Error) => {
      assert.equal(
        error.message,
        `dns: _acme-challenge.newline.example.test → "x\\n::error::pwned": not a host name (a label has characters other than letters, digits, '-' and '_'); fix the CNAME record of _acme-challenge.newline.example.test`,
      );
      return true;
    });
  });

  it('shell syntax in a target, two hops down, names the whole chain', async () => {
    await assert.rejects(
      resolver().followCnames('_acme-challenge.shell.example.test'),
      /^Error: dns: _acme-challenge\.shell\.example\.test → "\$\(touch \/tmp\/certwright-pwned\); rm -rf ~": not a host name/,
    );
    await assert.rejects(
      resolver().followCnames('_acme-challenge.two.example.test'),
      /^Error: dns: _acme-challenge\.two\.example\.test → hop\.example\.test → "send \\"update add evil 60 TXT x\\"": not a host name .*; fix the CNAME record of hop\.example\.test$/,
    );
  });

  it('planning stops before any record is handed to a provider', async () => {
    await assert.rejects(
      planChallengeRecords([{ domain: 'newline.example.test', value: 'v' }], resolver()),
      /not a host name/,
    );
  });

  it('an NS target that is not a host name stops the propagation check', async () => {
    await assert.rejects(resolver().authoritativeServers('example.test'), (error: Error) => {
      assert.equal(
        error.message,
        `dns: NS of example.test → "ns1.example.test\\n::add-mask::x": not a host name (a label has characters other than letters, digits, '-' and '_'); fix the NS records of example.test`,
      );
      return true;
    });
  });

  it('an SOA owner counts only when it holds the name label by label, and never the root', async () => {
    assert.equal(await resolver().findZone('_acme-challenge.a.example.test'), 'example.test');
    assert.equal(await resolver().findZone('_acme-challenge.a.xexample.test'), 'xexample.test');
  });
});

describe('replies count only from the server asked, for the question asked', () => {
  it('a server the socket cannot reach (the connect itself fails) is an error of that query, never a crash', async () => {
    // Linux refuses to connect a UDP socket to the broadcast address without SO_BROADCAST (EACCES),
    // as it refuses a server there is no route to in a network namespace without one (ENETUNREACH).
    await assert.rejects(query({ host: '255.255.255.255', port: 53 }, 'example.test', 'SOA', { timeoutMs: 1_000 }), {
      message: /^dns: UDP to 255\.255\.255\.255:53 failed/,
    });
  });

  it('ignores a reply from another port, another ID and another question, then takes the right one', async () => {
    const server = await startFakeDns(({ name }) => ({ answers: [txt(name, 'right')] }), {
      replyDelayMs: 100,
      spoof: (asked, send) => {
        // All three would have been taken before: the first two carry the right ID.
        send(encodeReply(asked, { answers: [txt(asked.questions?.[0]?.name ?? '', 'from-another-port')] }), 'other');
        send(
          encodeReply(
            { ...asked, questions: [{ name: 'other.example.test', type: 'TXT', class: 'IN' }] },
            { answers: [txt('other.example.test', 'other-question')] },
          ),
          'same',
        );
        send(
          encodeReply({ ...asked, questions: [{ ...(asked.questions?.[0] as dnsPacket.Question), type: 'A' }] }, {}),
          'same',
        );
        send(
          encodeReply(
            { ...asked, id: ((asked.id ?? 0) + 1) & 0xffff },
            { answers: [txt(asked.questions?.[0]?.name ?? '', 'other-id')] },
          ),
          'same',
        );
      },
    });
    try {
      const reply = await query(server.address, '_acme-challenge.a.example.test', 'TXT', { timeoutMs: 2_000 });
      assert.deepEqual(txtValues(reply.answers, '_acme-challenge.a.example.test'), ['right']);
    } finally {
      await server.close();
    }
  });

  it('waits out wrong replies until the timeout when the right one never comes', async () => {
    const server = await startFakeDns(() => undefined, {
      spoof: (asked, send) => send(encodeReply({ ...asked, id: ((asked.id ?? 0) + 1) & 0xffff }, {}), 'same'),
    });
    try {
      await assert.rejects(
        query(server.address, 'a.example.test', 'TXT', { timeoutMs: 300 }),
        /^Error: dns: no UDP answer from 127\.0\.0\.1:\d+ within 300 ms \(ignored 1 reply to another query\)$/,
      );
    } finally {
      await server.close();
    }
  });

  it('a truncated UDP reply is asked again over TCP', async () => {
    const server = await startFakeDns(({ name }) => ({ truncated: true, answers: [txt(name, 'full-over-tcp')] }));
    try {
      const reply = await query(server.address, '_acme-challenge.big.example.test', 'TXT', { timeoutMs: 2_000 });
      assert.deepEqual(txtValues(reply.answers, '_acme-challenge.big.example.test'), ['full-over-tcp']);
      assert.deepEqual(server.asked, [
        '_acme-challenge.big.example.test TXT',
        'tcp _acme-challenge.big.example.test TXT',
      ]);
    } finally {
      await server.close();
    }
  });

  it('matches a reply by ID, QR bit, opcode and question; case does not matter', () => {
    const question: dnsPacket.Question = { name: 'A.example.test', type: 'TXT', class: 'IN' };
    const asked = { type: 'query' as const, id: 7, questions: [question] };
    const q = dnsPacket.encode(asked);
    assert.ok(answersQuery(q, encodeReply({ ...asked, questions: [{ ...question, name: 'a.EXAMPLE.test' }] }, {})));
    assert.ok(!answersQuery(q, q), 'a query is not a reply');
    assert.ok(!answersQuery(q, encodeReply({ ...asked, id: 8 }, {})));
    assert.ok(!answersQuery(q, encodeReply({ ...asked, questions: [{ ...question, class: 'CH' }] }, {})));
    assert.ok(!answersQuery(q, encodeReply({ ...asked, questions: [] }, {})), 'no question and NOERROR: not an answer');
    assert.ok(!answersQuery(q, Buffer.from([0, 7, 0x80])), 'malformed');
  });
});

describe('the exec provider hands hooks host names only', () => {
  it('refuses a record whose name is not a host name (a poisoned crash journal), and runs no hook', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-exec-'));
    const ran = join(dir, 'ran');
    const provider = new ExecProvider(
      { authHook: `touch ${ran}`, cleanupHook: `touch ${ran}`, timeoutMs: 5_000 },
      {
        logger: silentLogger,
        clock: systemClock,
        env: { PATH: process.env.PATH },
        http: createHttpClient({ userAgent: 'test' }),
      },
    );
    const record = {
      domain: 'a.example.test',
      fqdn: '_acme-challenge.a.example.test\nsend',
      zone: 'example.test',
      value: 'v',
    };
    const expected =
      /^Error: exec: refusing to run a hook with CERTWRIGHT_FQDN="_acme-challenge\.a\.example\.test\\nsend": not a host name/;
    await assert.rejects(provider.createRecords([record]), expected);
    await assert.rejects(provider.deleteRecords([record]), expected);
    await assert.rejects(
      provider.createRecords([{ ...record, fqdn: '_acme-challenge.a.example.test', zone: 'example.test;x' }]),
      /CERTWRIGHT_ZONE="example\.test;x"/,
    );
    assert.equal(existsSync(ran), false, 'no hook ran');
  });
});

describe('log lines cannot start a workflow command', () => {
  const table: [string, string][] = [
    ['plain text: with :: inside', 'plain text: with :: inside'],
    ['detail\n::error::pwned', 'detail\\n::error::pwned'],
    ['a\r\n::add-mask::x', 'a\\r\\n::add-mask::x'],
    ['::stop-commands::token', '%3A:stop-commands::token'],
    ['  \t::error::x', '  \t%3A:error::x'],
    ['\u00a0::warning::x', '\u00a0%3A:warning::x'],
    ['text ##[error]x and ###[add-mask]y', 'text %23#[error]x and #%23#[add-mask]y'],
    ['ansi \u001b[31mred', 'ansi \\x1b[31mred'],
    ['nel\u0085ls\u2028ps\u2029', 'nel\\x85ls\\u2028ps\\u2029'],
    ['tabs\tstay', 'tabs\tstay'],
  ];
  for (const [input, output] of table) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(output)}`, () => {
      assert.equal(neutralise(input), output);
      assert.ok(!/[\n\r]/.test(neutralise(input)));
      assert.ok(!/^\s*::/.test(neutralise(input)) && !neutralise(input).includes('##['));
    });
  }
});
