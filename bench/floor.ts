/**
 * The floor: how fast can a certificate come from the local Pebble + BIND bed at all? A minimal,
 * hand-sequenced ACME dns-01 client on Node built-ins only (one keep-alive TLS connection to the
 * CA, one TSIG-signed DNS UPDATE per zone for all records, the order polled every 2 ms, key and
 * CSR built while the CA validates, no discovery, no propagation check, no state) is run side by
 * side with `certwright certonly`, in alternating rounds from cold processes (new process, new
 * account, fresh names, same environment), and the medians and their ratio are printed.
 *
 *   npx tsx bench/floor.ts [names... default 1 50] [--rounds 7] [--cli dist/cli.js] [--baseline other/cli.js] [--trace]
 *
 * The client below runs in its own process: this file is stripped of its types with esbuild and
 * started with plain `node`, so neither tsx nor the bed's code is in its start-up.
 */
import { spawn } from 'node:child_process';
import { createHash, createHmac, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the reference client is told: everything it needs, nothing it has to discover. */
interface FloorJob {
  readonly directoryUrl: string;
  readonly caFile: string;
  readonly dns: { readonly host: string; readonly port: number };
  readonly tsig: { readonly name: string; readonly secret: string };
  /** Domains, each with the zone its `_acme-challenge` record goes to. */
  readonly domains: readonly { readonly name: string; readonly zone: string }[];
  readonly outFile: string;
  readonly trace: boolean;
}

// ---------------------------------------------------------------- the reference client

const b64u = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** One keep-alive connection; requests go one after another, each with the nonce of the last answer. */
class FloorAcme {
  readonly #agent: https.Agent;
  readonly #nonces: string[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #kid: string | undefined;
  readonly #jwk: Record<string, string>;
  directory!: Record<string, string>;

  constructor(
    ca: string,
    private readonly key: KeyObject,
  ) {
    this.#agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
    const { kty, crv, x, y } = createPublicKey(key).export({ format: 'jwk' });
    this.#jwk = { crv: crv ?? '', kty: kty ?? '', x: x ?? '', y: y ?? '' };
  }

  thumbprint(): string {
    const { crv, kty, x, y } = this.#jwk;
    return b64u(createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest());
  }

  close(): void {
    this.#agent.destroy();
  }

  raw(
    method: string,
    url: string,
    body?: string,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = body ? { 'content-type': 'application/jose+json' } : {};
      if (body) headers['content-length'] = String(Buffer.byteLength(body));
      const req = https.request(url, { method, agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const nonce = res.headers['replay-nonce'];
          if (typeof nonce === 'string') this.#nonces.push(nonce);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async start(directoryUrl: string): Promise<void> {
    this.directory = JSON.parse((await this.raw('GET', directoryUrl)).body.toString()) as Record<string, string>;
  }

  /** A signed POST (POST-as-GET without payload), serialized on the one connection; badNonce is retried. */
  post<T>(url: string, payload?: unknown): Promise<{ body: T; location?: string; text: string }> {
    const run = this.#queue.then(async () => {
      for (let attempt = 0; ; attempt++) {
        // GET newNonce answers 204 with a Content-Length: the connection stays open.
        if (this.#nonces.length === 0) await this.raw('GET', this.directory.newNonce ?? '');
        const nonce = this.#nonces.pop() ?? '';
        const header = { alg: 'ES256', nonce, url, ...(this.#kid ? { kid: this.#kid } : { jwk: this.#jwk }) };
        const protectedB64 = b64u(JSON.stringify(header));
        const payloadB64 = payload === undefined ? '' : b64u(JSON.stringify(payload));
        const signature = sign('sha256', Buffer.from(`${protectedB64}.${payloadB64}`), {
          key: this.key,
          dsaEncoding: 'ieee-p1363',
        });
        const body = JSON.stringify({ protected: protectedB64, payload: payloadB64, signature: b64u(signature) });
        const response = await this.raw('POST', url, body);
        const text = response.body.toString();
        if (response.status >= 400) {
          if (text.includes('badNonce') && attempt < 20) continue;
          throw new Error(`floor: ${url} answered ${response.status}: ${text}`);
        }
        const location = response.headers.location as string | undefined;
        return { body: (text.startsWith('{') ? JSON.parse(text) : {}) as T, text, ...(location ? { location } : {}) };
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async register(): Promise<void> {
    const { location } = await this.post(this.directory.newAccount ?? '', { termsOfServiceAgreed: true });
    this.#kid = location;
  }
}

/** DER: tag, length, content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const part of rest) {
    const base128 = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) base128.unshift((v & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A PKCS#10 CSR (P-256, SHA-256) with every name in subjectAltName and none in the subject. */
function csrFor(key: KeyObject, names: readonly string[]): Buffer {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const sans = der(0x30, ...names.map((name) => der(0x82, Buffer.from(name))));
  const extension = der(0x30, oid('2.5.29.17'), der(0x04, sans));
  const extensionRequest = der(0x30, oid('1.2.840.113549.1.9.14'), der(0x31, der(0x30, extension)));
  const info = der(0x30, der(0x02, Buffer.from([0])), der(0x30), spki, der(0xa0, extensionRequest));
  const algorithm = der(0x30, oid('1.2.840.10045.4.3.2'));
  const signature = sign('sha256', info, key);
  return der(0x30, info, algorithm, der(0x03, Buffer.from([0]), signature));
}

function dnsName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

const u16 = (v: number) => Buffer.from([v >> 8, v & 0xff]);
const u32 = (v: number) => Buffer.from([v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);

/** A TSIG-signed (hmac-sha256, RFC 8945) DNS UPDATE adding (or deleting) TXT records in one zone. */
function updateMessage(
  zone: string,
  records: readonly { fqdn: string; value: string }[],
  add: boolean,
  tsig: FloorJob['tsig'],
): Buffer {
  const id = Math.floor(Math.random() * 0xffff);
  const header = Buffer.concat([u16(id), u16(0x2800), u16(1), u16(0), u16(records.length), u16(0)]);
  const zoneSection = Buffer.concat([dnsName(zone), u16(6), u16(1)]);
  const updates = records.map(({ fqdn, value }) => {
    const text = Buffer.from(value);
    const rdata = Buffer.concat([Buffer.from([text.length]), text]);
    return Buffer.concat([dnsName(fqdn), u16(16), u16(add ? 1 : 254), u32(add ? 60 : 0), u16(rdata.length), rdata]);
  });
  const unsigned = Buffer.concat([header, zoneSection, ...updates]);
  const time = Math.floor(Date.now() / 1000);
  const timeSigned = Buffer.concat([u16(Math.floor(time / 2 ** 32)), u32(time >>> 0)]);
  const algorithm = dnsName('hmac-sha256');
  const variables = Buffer.concat([
    dnsName(tsig.name),
    u16(255),
    u32(0),
    algorithm,
    timeSigned,
    u16(300),
    u16(0),
    u16(0),
  ]);
  const mac = createHmac('sha256', Buffer.from(tsig.secret, 'base64')).update(unsigned).update(variables).digest();
  const rdata = Buffer.concat([algorithm, timeSigned, u16(300), u16(mac.length), mac, u16(id), u16(0), u16(0)]);
  const tsigRecord = Buffer.concat([dnsName(tsig.name), u16(250), u16(255), u32(0), u16(rdata.length), rdata]);
  const signed = Buffer.concat([unsigned, tsigRecord]);
  signed.writeUInt16BE(1, 10); // ARCOUNT: the TSIG record
  return signed;
}

/** Sends one DNS message over TCP and checks the answer's RCODE. */
function sendOverTcp(server: FloorJob['dns'], message: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host, () =>
      socket.end(Buffer.concat([u16(message.length), message])),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const reply = Buffer.concat(chunks);
      const rcode = (reply[5] ?? 0xff) & 0x0f;
      if (reply.length < 14 || rcode !== 0) reject(new Error(`floor: DNS UPDATE answered RCODE ${rcode}`));
      else resolve();
    });
  });
}

function updateAll(
  job: FloorJob,
  records: readonly { fqdn: string; zone: string; value: string }[],
  add: boolean,
): Promise<void[]> {
  const zones = [...new Set(records.map((r) => r.zone))];
  return Promise.all(
    zones.map((zone) =>
      sendOverTcp(
        job.dns,
        updateMessage(
          zone,
          records.filter((r) => r.zone === zone),
          add,
          job.tsig,
        ),
      ),
    ),
  );
}

interface FloorOrder {
  status: string;
  authorizations: string[];
  finalize: string;
  certificate?: string;
}

async function pollOrder(acme: FloorAcme, url: string, until: string): Promise<FloorOrder> {
  for (;;) {
    const { body } = await acme.post<FloorOrder>(url);
    if (body.status === until) return body;
    if (body.status === 'invalid') throw new Error(`floor: order ${url} is invalid`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function runFloorClient(job: FloorJob): Promise<void> {
  const started = performance.now();
  const mark = (what: string) =>
    job.trace && console.error(`${(performance.now() - started).toFixed(1).padStart(7)} ms ${what}`);
  const accountKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const acme = new FloorAcme(await readFile(job.caFile, 'utf8'), accountKey);
  await acme.start(job.directoryUrl);
  await acme.register();
  mark('account');
  const names = job.domains.map((d) => d.name);
  const { body: order, location: orderUrl = '' } = await acme.post<FloorOrder>(acme.directory.newOrder ?? '', {
    identifiers: names.map((value) => ({ type: 'dns', value })),
  });
  const authorizations = await Promise.all(
    order.authorizations.map((url) =>
      acme.post<{ identifier: { value: string }; challenges: { type: string; url: string; token: string }[] }>(url),
    ),
  );
  mark('order and authorizations');
  const thumbprint = acme.thumbprint();
  const records = authorizations.map(({ body }) => {
    const challenge = body.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) throw new Error('floor: no dns-01 challenge');
    const zone = job.domains.find((d) => d.name === body.identifier.value)?.zone ?? '';
    const value = b64u(createHash('sha256').update(`${challenge.token}.${thumbprint}`).digest());
    return { fqdn: `_acme-challenge.${body.identifier.value}`, zone, value, challenge: challenge.url };
  });
  await updateAll(job, records, true);
  mark('records created');
  await Promise.all(records.map((r) => acme.post(r.challenge, {})));
  mark('challenges answered');
  // The certificate key and CSR while the CA validates.
  const certificateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const csr = csrFor(certificateKey, names);
  await pollOrder(acme, orderUrl, 'ready');
  mark('order ready');
  const removed = updateAll(job, records, false);
  await acme.post(order.finalize, { csr: b64u(csr) });
  const valid = await pollOrder(acme, orderUrl, 'valid');
  mark('order valid');
  const { text: chain } = await acme.post(valid.certificate ?? '');
  await removed;
  await writeFile(job.outFile, `${certificateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}${chain}`, {
    mode: 0o600,
  });
  mark('certificate written');
  acme.close();
}

// ---------------------------------------------------------------- the comparison

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Wall time of one process from spawn to exit; throws with its output when it fails. */
function timedRun(args: readonly string[], env: NodeJS.ProcessEnv, echo: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (c: Buffer) => {
      output += c.toString();
      if (echo) process.stderr.write(c);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.slice(0, 2).join(' ')} failed (${code}):\n${output.slice(-1500)}`));
    });
  });
}

async function compare(): Promise<void> {
  const flag = (name: string) => process.argv.indexOf(`--${name}`);
  const value = (name: string, fallback: string) =>
    flag(name) >= 0 ? (process.argv[flag(name) + 1] ?? fallback) : fallback;
  const rounds = Number(value('rounds', process.env.BENCH_RUNS ?? '7'));
  const cli = value('cli', 'dist/cli.js');
  /** Another build of certwright run in the same rounds (before and after a change, under one load). */
  const baseline = flag('baseline') >= 0 ? value('baseline', '') : undefined;
  const trace = flag('trace') >= 0;
  const positional = process.argv
    .slice(2)
    .filter((a, i, all) => /^\d+$/.test(a) && !/^--(rounds|cli|baseline)$/.test(all[i - 1] ?? ''));
  const sizes = positional.length > 0 ? positional.map(Number) : [1, 50];

  const { build } = await import('esbuild');
  const { startTestbed } = await import('../src/testing/testbed.js');
  const root = await mkdtemp(join(tmpdir(), 'certwright-floor-'));
  const client = join(root, 'floor-client.mjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile: client,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const bed = await startTestbed();
  // Both get the same, cleared environment: PATH and HOME, plus what each needs to authenticate.
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const times = new Map<string, number[]>();
  const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
  let serial = 0;
  const fresh = (count: number) => {
    serial++;
    return Array.from({ length: count }, (_, i) => {
      const zone = i % 2 ? 'other.test' : 'example.test';
      return { name: `h${i}.f${serial}.${zone}`, zone };
    });
  };
  const floorRun = async (count: number) => {
    const dir = await mkdtemp(join(root, 'floor-'));
    const job: FloorJob = {
      directoryUrl: bed.directoryUrl,
      caFile: bed.serverCaFile,
      dns: { host: bed.dns.host, port: bed.dns.port },
      tsig: { name: bed.tsig.name, secret: bed.tsig.secret },
      domains: fresh(count),
      outFile: join(dir, 'cert.pem'),
      trace,
    };
    const jobFile = join(dir, 'job.json');
    await writeFile(jobFile, JSON.stringify(job));
    return timedRun([client, '--floor-client', jobFile], baseEnv, trace);
  };
  // Each build keeps its own code cache, written by its warm-up run below: the user's cache
  // may hold one written by another kind of run (a no-op check, --version) that holds little of
  // what certonly runs, and two builds never share one.
  const cacheHomes = new Map<string, string>();
  const cacheHome = (build: string) => {
    if (!cacheHomes.has(build)) cacheHomes.set(build, join(root, `cache-${cacheHomes.size}`));
    return cacheHomes.get(build) as string;
  };
  const certwrightRun = async (count: number, build = cli) => {
    const dir = await mkdtemp(join(root, 'certwright-'));
    await mkdir(join(dir, 'config'));
    const args = [
      build,
      'certonly',
      ...fresh(count).flatMap((d) => ['-d', d.name]),
      ...['--server', bed.directoryUrl, '--server-ca-file', bed.serverCaFile, '--agree-tos', '-m', 'ops@example.test'],
      ...['--dns', 'rfc2136', '--rfc2136-server', `127.0.0.1:${bed.dns.port}`, '--rfc2136-tsig-key', bed.tsig.name],
      ...[
        '--nameservers',
        `127.0.0.1:${bed.dns.port}`,
        '--output-dir',
        dir,
        '--account-key-file',
        join(dir, 'account.pem'),
      ],
      trace ? '-v' : '-q',
    ];
    const env = {
      ...baseEnv,
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: cacheHome(build),
    };
    return timedRun(args, env, trace);
  };
  try {
    // One warm-up of each (page cache, Pebble's first requests, the build's code cache), not counted.
    await floorRun(1);
    await certwrightRun(1);
    if (baseline) await certwrightRun(1, baseline);
    for (let round = 0; round < rounds; round++) {
      for (const count of sizes) {
        const contenders: [string, () => Promise<number>][] = [
          ['floor', () => floorRun(count)],
          ['certwright', () => certwrightRun(count)],
        ];
        if (baseline) contenders.push(['baseline', () => certwrightRun(count, baseline)]);
        // Alternate who goes first, so none always meets a warmer or a busier bed.
        for (const [name, run] of round % 2 ? [...contenders].reverse() : contenders)
          record(`${name} ${count}`, await run());
      }
      process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
  } finally {
    await bed.stop();
    await rm(root, { recursive: true, force: true });
  }
  const all = (key: string) => (times.get(key) ?? []).map((t) => t.toFixed(0)).join(' ');
  const rows = sizes.map((count) => {
    const floor = median(times.get(`floor ${count}`) ?? []);
    const ours = median(times.get(`certwright ${count}`) ?? []);
    const before = baseline ? median(times.get(`baseline ${count}`) ?? []) : NaN;
    const baselineCells = baseline ? ` ${before.toFixed(0)} ms | ${(before / floor).toFixed(2)}× |` : '';
    return (
      `| ${count} | ${floor.toFixed(0)} ms | ${ours.toFixed(0)} ms | ${(ours / floor).toFixed(2)}× |${baselineCells} ` +
      `${all(`floor ${count}`)} / ${all(`certwright ${count}`)}${baseline ? ` / ${all(`baseline ${count}`)}` : ''} |`
    );
  });
  const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  const baselineHead = baseline ? ` baseline (${baseline}) | ratio |` : '';
  console.log(
    `Time to a certificate from a cold process, Pebble + BIND on loopback, median of ${rounds} alternating rounds ` +
      `(node ${process.version}, load ${load} at the end):\n\n` +
      `| names | floor | certwright | ratio |${baselineHead} all runs, ms (floor / certwright${baseline ? ' / baseline' : ''}) |\n` +
      `|---|---|---|---|${baseline ? '---|---|' : ''}---|\n${rows.join('\n')}`,
  );
}

if (process.argv[2] === '--floor-client') {
  const job = JSON.parse(await readFile(process.argv[3] ?? '', 'utf8')) as FloorJob;
  await runFloorClient(job);
} else {
  await compare();
}
