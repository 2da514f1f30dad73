/**
 * What keeps a certificate close to the time the ACME exchange itself takes (issue 23): polls
 * that start early and back off, nonces that ride on every answer over kept connections, a CSR
 * and an ARI name without an X.509 library, DNS discovery asked once, and bundles whose start
 * loads only what a run needs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { ariCertificateId } from '../../src/acme/ari.js';
import { accountKeyFrom } from '../../src/acme/jws.js';
import { pollWaits, waitForOrder, type Order } from '../../src/acme/order.js';
import { AcmeTransport, fetchDirectory, fetchNonce } from '../../src/acme/transport.js';
import { createCsr } from '../../src/crypto/csr.js';
import { generateCertificateKey, KEY_TYPES } from '../../src/crypto/keys.js';
import { loadX509 } from '../../src/crypto/x509.js';
import { planChallengeRecords, warmChallengeTargets } from '../../src/dns/plan.js';
import { DnsResolver } from '../../src/dns/resolver.js';
import { generateAccountKey } from '../../src/issue/account.js';
import type { DnsSettings } from '../../src/issue/request.js';
import { createHttpClient } from '../../src/net/http.js';
import { sharedResolvers } from '../../src/renewal/resources.js';
import { silentLogger, systemClock, type Clock } from '../../src/runtime.js';
import { soa, startFakeDns, type FakeDnsServer } from '../harness/fake-dns.js';

describe('polling', () => {
  it('starts after 2 ms and grows by half each time, up to the cap', () => {
    const next = pollWaits({ intervalMs: 2, factor: 1.5, maxIntervalMs: 5_000 });
    const waits = Array.from({ length: 22 }, () => next());
    assert.deepEqual(waits.slice(0, 5), [2, 3, 4.5, 6.75, 10.125]);
    assert.equal(waits.at(-1), 5_000, 'never more than the cap');
    const inTwoSeconds = waits.reduce(
      (acc, wait) => (acc.sum + wait <= 2_000 ? { sum: acc.sum + wait, n: acc.n + 1 } : acc),
      { sum: 0, n: 0 },
    );
    assert.ok(inTwoSeconds.n <= 16, `a CA that takes 2 s is asked ${inTwoSeconds.n} times, not hammered`);
  });

  it("honours the CA's Retry-After over its own backoff, and keeps backing off underneath", () => {
    const next = pollWaits({ intervalMs: 2, factor: 2, maxIntervalMs: 5_000 });
    assert.equal(next(), 2);
    assert.equal(next(3_000), 3_000, 'Retry-After: 3 waits 3 s, though the backoff says 4 ms');
    assert.equal(next(), 8);
    assert.equal(next(3_600_000), 60_000, 'an hour is cut to a minute');
  });
});

/** A fake CA: orders that turn ready after `pendingPolls` polls, nonces and connections counted. */
async function fakeCa(options: { pendingPolls: number; retryAfter?: string }) {
  let nonce = 0;
  let polls = 0;
  const counts = { connections: 0, newNonce: 0, newNonceHead: 0, posts: 0 };
  const noncesSeen = new Set<string>();
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('replay-nonce', `n${++nonce}`);
    if (req.url === '/dir') {
      res.setHeader('content-type', 'application/json');
      return void res.end(
        JSON.stringify({ newNonce: `${base}/nonce`, newAccount: `${base}/acct`, newOrder: `${base}/new-order` }),
      );
    }
    if (req.url === '/nonce') {
      if (req.method === 'HEAD') counts.newNonceHead++;
      else counts.newNonce++;
      return void res.writeHead(req.method === 'HEAD' ? 200 : 204).end();
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      counts.posts++;
      const jws = JSON.parse(body) as { protected: string };
      noncesSeen.add((JSON.parse(Buffer.from(jws.protected, 'base64url').toString()) as { nonce: string }).nonce);
      const status = req.url === '/order/1' && ++polls > options.pendingPolls ? 'ready' : 'pending';
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(options.retryAfter ? { 'retry-after': options.retryAfter } : {}),
      });
      res.end(JSON.stringify({ status, identifiers: [], authorizations: [], finalize: `${base}/finalize` }));
    });
  });
  server.on('connection', () => counts.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, counts, noncesSeen, polls: () => polls, close: () => server.close() };
}

async function transportFor(url: string, clock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() }) {
  const transport = new AcmeTransport({
    http: createHttpClient({ userAgent: 'test' }),
    directoryUrl: `${url}/dir`,
    accountKey: await accountKeyFrom(generateAccountKey()),
    clock,
    logger: silentLogger,
  });
  transport.setAccountUrl(`${url}/acct/1`);
  return transport;
}

describe('the order is polled, early and politely', () => {
  it('sees a ready order after a few ms of waiting, not 100 ms', async () => {
    const ca = await fakeCa({ pendingPolls: 3 });
    const sleeps: number[] = [];
    const clock = { now: () => 0, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) };
    try {
      const transport = await transportFor(ca.url, clock);
      const order = { url: `${ca.url}/order/1`, status: 'pending' } as Order;
      const ready = await waitForOrder(transport, order, 'ready', {
        clock,
        timeoutMs: 10_000,
        intervalMs: 2,
        factor: 1.5,
      });
      assert.equal(ready.status, 'ready');
      assert.deepEqual(sleeps, [2, 3, 4.5, 6.75], '15 ms of waiting in all for a CA that decides in 10');
    } finally {
      ca.close();
    }
  });

  it("waits as long as the CA's Retry-After says", async () => {
    const ca = await fakeCa({ pendingPolls: 2, retryAfter: '2' });
    const sleeps: number[] = [];
    const clock = { now: () => 0, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) };
    try {
      const transport = await transportFor(ca.url, clock);
      const order = { url: `${ca.url}/order/1`, status: 'pending' } as Order;
      await waitForOrder(transport, order, 'ready', { clock, timeoutMs: 60_000, intervalMs: 2, factor: 1.5 });
      assert.deepEqual(sleeps, [2, 2_000, 2_000], 'the first wait is ours; then the CA asked for 2 s each time');
    } finally {
      ca.close();
    }
  });
});

describe('nonces', () => {
  it('50 requests at once ask newNonce (with GET, never HEAD) at most 8 times, over at most 8 connections', async () => {
    const ca = await fakeCa({ pendingPolls: 1_000 });
    try {
      const transport = await transportFor(ca.url);
      await Promise.all(Array.from({ length: 50 }, (_, i) => transport.post(`${ca.url}/authz/${i}`, undefined, 'get')));
      assert.equal(ca.counts.posts, 50);
      assert.equal(ca.noncesSeen.size, 50, 'every request a fresh nonce');
      assert.equal(ca.counts.newNonceHead, 0, 'HEAD answers without Content-Length cost a connection each');
      assert.ok(ca.counts.newNonce <= 8, `${ca.counts.newNonce} newNonce requests: the rest came with answers`);
      assert.equal(transport.noncesFetched, ca.counts.newNonce);
      assert.ok(ca.counts.connections <= 8, `${ca.counts.connections} connections`);
    } finally {
      ca.close();
    }
  });

  it('a transport given the directory and a nonce fetched before it needs no other nonce for its first requests', async () => {
    const ca = await fakeCa({ pendingPolls: 1_000 });
    try {
      // As a session starts them: directory and nonce on the way while the account key is read or made.
      const http = createHttpClient({ userAgent: 'test' });
      const directory = fetchDirectory(http, `${ca.url}/dir`);
      const nonce = directory.then((d) => fetchNonce(http, d.newNonce));
      const transport = new AcmeTransport({
        http,
        directoryUrl: `${ca.url}/dir`,
        directory,
        nonce,
        accountKey: await accountKeyFrom(generateAccountKey()),
        clock: systemClock,
        logger: silentLogger,
      });
      transport.setAccountUrl(`${ca.url}/acct/1`);
      await transport.post(`${ca.url}/authz/1`, undefined, 'get');
      await transport.post(`${ca.url}/authz/2`, undefined, 'get');
      assert.equal(ca.counts.newNonce, 1, 'the nonce fetched beforehand; the second came with the first answer');
      assert.equal(transport.noncesFetched, 1);
      assert.equal(ca.counts.connections, 1);
    } finally {
      ca.close();
    }
  });
});

describe('a CSR on node:crypto alone', () => {
  for (const keyType of KEY_TYPES.filter((type) => type !== 'rsa-3072' && type !== 'rsa-4096')) {
    it(`${keyType}: signed, with the first name as CN and every name in subjectAltName`, async () => {
      const x509 = await loadX509();
      const key = await generateCertificateKey(keyType);
      const names = ['a.example.test', '*.example.test', ...Array.from({ length: 60 }, (_, i) => `n${i}.example.test`)];
      const csr = new x509.Pkcs10CertificateRequest(createCsr(key, names));
      assert.ok(await csr.verify(), 'the signature verifies');
      assert.equal(csr.subject, 'CN=a.example.test');
      const extension = csr.extensions.find((e) => e.type === '2.5.29.17');
      assert.ok(extension, 'a subjectAltName extension is requested');
      const san = new x509.SubjectAlternativeNameExtension(extension.rawData);
      assert.deepEqual(
        san?.names.items.map((name) => name.value),
        names,
      );
      const spki = key.keys.publicKey.export({ type: 'spki', format: 'der' });
      assert.ok(Buffer.from(csr.publicKey.rawData).equals(spki), 'the public key is the certificate key');
    });
  }

  it('leaves the CN out when the first name is longer than 64 characters', async () => {
    const x509 = await loadX509();
    const long = `${'a'.repeat(60)}.example.test`;
    const csr = new x509.Pkcs10CertificateRequest(createCsr(await generateCertificateKey('ecdsa-p256'), [long]));
    assert.equal(csr.subject, '');
    assert.ok(await csr.verify());
  });
});

describe('the ARI name of a certificate without an X.509 library', () => {
  async function certificate(serialNumber: string, withAki: boolean): Promise<string> {
    const x509 = await loadX509();
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber,
      name: 'CN=ari.example.test',
      keys,
      signingAlgorithm: alg,
      extensions: withAki ? [await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey)] : [],
    });
    return cert.toString('pem');
  }

  it('is the authority key identifier and the serial DER bytes, as RFC 9773 §4.1 says', async () => {
    const x509 = await loadX509();
    for (const serial of ['00ff0102', '7f000001', '0102030405060708090a0b0c0d0e0f1011']) {
      const pem = await certificate(serial, true);
      const parsed = new x509.X509Certificate(pem);
      const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId ?? '';
      // The serial's DER integer bytes: no leading zero byte, unless the next has its high bit set.
      let der = Buffer.from(parsed.serialNumber.replace(/^(00)+(?=[0-9a-f]{2})/i, ''), 'hex');
      if ((der[0] ?? 0) & 0x80) der = Buffer.concat([Buffer.from([0]), der]);
      const expectedSerial = der.toString('base64url');
      assert.equal(await ariCertificateId(pem), `${Buffer.from(aki, 'hex').toString('base64url')}.${expectedSerial}`);
    }
  });

  it('refuses a certificate without an authority key identifier', async () => {
    await assert.rejects(ariCertificateId(await certificate('01', false)), /no authority key identifier/);
  });
});

describe('DNS discovery, once per name and zone', () => {
  let server: FakeDnsServer;
  before(async () => {
    // No CNAMEs: each CNAME question gets "no such name" with the zone's SOA, as BIND answers.
    server = await startFakeDns(({ name, type }) =>
      type === 'SOA' && name.toLowerCase() === 'example.test'
        ? { answers: [soa('example.test')] }
        : { rcode: 'NXDOMAIN', authorities: [soa('example.test')] },
    );
  });
  after(() => server?.close());

  it('one question per name: the zone comes with the CNAME answer, and a warm-up is not asked again', async () => {
    const resolver = new DnsResolver({ resolvers: [server.address], queryTimeoutMs: 1_000 });
    const domains = Array.from({ length: 10 }, (_, i) => `h${i}.example.test`);
    warmChallengeTargets([...domains, '*.h0.example.test'], resolver);
    const records = await planChallengeRecords(
      domains.map((domain) => ({ domain, value: 'v' })),
      resolver,
    );
    assert.deepEqual(new Set(records.map((r) => r.zone)), new Set(['example.test']));
    assert.deepEqual(
      [...server.asked].sort(),
      domains.map((d) => `_acme-challenge.${d} CNAME`).sort(),
      'no SOA question, and none twice',
    );
  });
});

describe("the system's resolvers, read only when asked", () => {
  let server: FakeDnsServer;
  before(async () => {
    server = await startFakeDns(() => ({ rcode: 'NXDOMAIN', authorities: [soa('example.test')] }));
  });
  after(() => server?.close());

  it('with nameservers set, a run never reads them; without, it reads them once', async () => {
    const original = dns.getServers;
    let read = 0;
    dns.getServers = () => {
      read++;
      return [`127.0.0.1:${server.address.port}`];
    };
    try {
      const provider = { name: 'test' } as DnsSettings['provider'];
      const propagation = { mode: 'skip' } as DnsSettings['propagation'];
      const resolverFor = sharedResolvers();
      const withNameservers = resolverFor({ provider, propagation, nameservers: [server.address] });
      assert.equal(await withNameservers.findZone('_acme-challenge.a.example.test'), 'example.test');
      assert.equal(read, 0, 'nameservers answer discovery: the system resolvers are not needed');
      const withoutNameservers = resolverFor({ provider, propagation });
      assert.equal(await withoutNameservers.findZone('_acme-challenge.b.example.test'), 'example.test');
      assert.equal(await withoutNameservers.findZone('_acme-challenge.c.example.test'), 'example.test');
      assert.equal(read, 1, 'read once, when discovery first asks them');
    } finally {
      dns.getServers = original;
    }
  });

  it('a question to a server given as an address loads no node:dns (c-ares and the resolver files); one given by name is looked up', async () => {
    const wire = new URL('../../src/dns/wire.ts', import.meta.url).href;
    const script =
      `import { query } from ${JSON.stringify(wire)};\n` +
      "const loaded = () => process.moduleLoadList.includes('NativeModule dns');\n" +
      'const before = loaded();\n' +
      `const byAddress = await query({ host: '127.0.0.1', port: ${server.address.port} }, 'a.example.test', 'SOA');\n` +
      'const afterAddress = loaded();\n' +
      `const byName = await query({ host: 'localhost', port: ${server.address.port} }, 'b.example.test', 'SOA');\n` +
      'console.log(JSON.stringify([before, byAddress.rcode, afterAddress, byName.rcode, loaded()]));\n';
    // Not spawnSync: this process's event loop serves the child's questions.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(script);
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), [false, 'NXDOMAIN', false, 'NXDOMAIN', true]);
  });
});

describe('the bundles load only what a run needs', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

  it('the CLI and the Action load one chunk at start, besides their entry, and no ES module', () => {
    for (const entry of ['cli.js', 'main.js']) {
      const text = readFileSync(join(dist, entry), 'utf8');
      const required = [...text.matchAll(/\brequire\(["'](\.[^"']+)["']\)/g)].map((m) => m[1]);
      assert.deepEqual(required, ['./chunks/start.cjs'], entry);
      assert.doesNotMatch(text, /\bimport\b/, `${entry} imports no ES module`);
      // And the loader it requires imports none either (the later chunks come with import(), when a run needs one).
      const loader = readFileSync(join(dist, 'chunks/start.cjs'), 'utf8');
      assert.doesNotMatch(loader, /^import\s/m);
    }
    assert.deepEqual(JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')), { type: 'commonjs' });
    assert.deepEqual(JSON.parse(readFileSync(join(dist, 'chunks/package.json'), 'utf8')), { type: 'module' });
  });

  /** The packages in the modules an entry imports statically (esbuild heads each with `// path`). */
  function staticPackages(entry: string): Set<string> {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(m[1] as string);
      for (const m of text.matchAll(/^import\s(?:[^'"]*?\sfrom\s)?["'](\.[^"']+)["']/gm))
        visit(join(dirname(file), m[1] as string));
      // The entries require the start chunk's loader (chunks/start.cjs).
      for (const m of text.matchAll(/\brequire\(["'](\.[^"']+)["']\)/g)) visit(join(dirname(file), m[1] as string));
      // The loader runs its code from a script beside it (chunks/start-body.cjs).
      for (const m of text.matchAll(
        /new URL\(["'](\.\/[^"']+\.cjs)["'], (?:import\.meta\.url|__certwrightLoaderUrl)\)/g,
      ))
        visit(join(dirname(file), m[1] as string));
    };
    visit(join(dist, entry));
    return packages;
  }

  it("the CLI's start holds no Sigstore, zip, tar, X.509, JOSE or YAML library", () => {
    const packages = staticPackages('cli.js');
    assert.ok(packages.has('dns-packet'), `the walk finds packages: ${[...packages].join(', ')}`);
    // jose: only runs with a store read or write a bundle; js-yaml: only config runs.
    const needless = [...packages].filter((p) =>
      /^(@sigstore\/|yauzl|tar-stream|@peculiar\/|reflect-metadata|pkijs|jose|js-yaml|yaml)$|^@sigstore\//.test(p),
    );
    assert.deepEqual(needless, []);
  });

  it("the start script reads Node's built-ins as they are, not copied property by property at every start", () => {
    const body = readFileSync(join(dist, 'chunks/start-body.cjs'), 'latin1');
    const builtins = new Set(builtinModules);
    const copied = [...body.matchAll(/__toESM\(require\("(?:node:)?([\w/]+)"\)/g)].filter((m) =>
      builtins.has(m[1] ?? ''),
    );
    assert.deepEqual(
      copied.map((m) => m[0]),
      [],
    );
    const helper = /^var __certwrightBuiltin = (.*);$/m.exec(body)?.[1];
    assert.ok(
      helper && body.includes('__certwrightBuiltin(require("node:tls"))'),
      'whole built-ins go through the helper',
    );
    const namespaceOf = runInThisContext(`(${helper})`) as (mod: object) => Record<string, unknown>;
    const ns = namespaceOf(os);
    assert.equal(ns.default, os);
    assert.equal(ns.EOL, os.EOL);
    assert.equal((ns.hostname as () => string)(), os.hostname());
  });

  it("the Action's start holds neither undici nor @actions/http-client", () => {
    const packages = staticPackages('main.js');
    assert.ok(packages.has('@actions/core'), `the walk finds packages: ${[...packages].join(', ')}`);
    assert.deepEqual(
      [...packages].filter((p) => /^(undici|@actions\/http-client|tunnel|@sigstore\/|@peculiar\/)/.test(p)),
      [],
    );
  });
});
