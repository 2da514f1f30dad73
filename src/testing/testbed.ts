/**
 * A local ACME + DNS test bed: BIND 9 authoritative for a few zones (TSIG-signed updates
 * allowed), a second BIND as the CA's recursive resolver, and Pebble validating dns-01
 * through it. Both listen on free loopback ports
 * and are stopped by PID. Used by the integration tests, the demo and the benchmark.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { createWriteStream, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import dgram from 'node:dgram';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { ServerAddress } from '../dns/address.js';
import { query, txtValues } from '../dns/wire.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const ZONES = ['example.test', 'other.test', 'delegated.test'] as const;
/** `_acme-challenge.cname.example.test` is a CNAME to this name in another zone. */
export const DELEGATED_TARGET = 'cname-target.delegated.test';
/** A second delegated name, so two tests in one bed never validate the same name seconds apart. */
export const DELEGATED_TARGET_2 = 'cname2-target.delegated.test';

export interface TsigCredentials {
  readonly name: string;
  readonly algorithm: 'hmac-sha256' | 'hmac-sha512';
  readonly secret: string;
}

export interface TestbedOptions {
  /** Extra environment for Pebble (PEBBLE_ALTERNATE_ROOTS, PEBBLE_CHAIN_LENGTH, ...). */
  readonly pebbleEnv?: Record<string, string>;
  /** EAB keys (kid -> base64url HMAC key); makes EAB required. */
  readonly eabKeys?: Record<string, string>;
  readonly log?: (line: string) => void;
  /** Let the servers outlive this process (logs go to files in the bed's folder); stop them by PID. */
  readonly detached?: boolean;
  /**
   * Another authoritative server for the test zones in place of the bed's BIND (PowerDNS:
   * src/testing/powerdns.ts), started in `dir` with the zones' files: `bed.dns` and the resolver go to it.
   */
  readonly authoritative?: (
    dir: string,
    zones: readonly { readonly name: string; readonly text: string }[],
  ) => Promise<AuthoritativeServer>;
}

/** An authoritative server the bed uses instead of its BIND, stopped with the bed. */
export interface AuthoritativeServer {
  readonly dns: ServerAddress;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface Testbed {
  readonly dir: string;
  readonly directoryUrl: string;
  readonly managementUrl: string;
  /** The CA that signed Pebble's own HTTPS certificate: trust it for the ACME server. */
  readonly serverCaFile: string;
  readonly serverCaPem: string;
  readonly dns: ServerAddress;
  readonly tsig: TsigCredentials;
  readonly tsig512: TsigCredentials;
  /** The recursive resolver Pebble validates through. */
  readonly resolver: ServerAddress;
  readonly pids: { readonly pebble: number; readonly named: number; readonly resolver: number };
  /** Pebble's issuing root `index` (changes at every start). */
  root(index?: number): Promise<string>;
  /** TXT values at `name` on the bed's BIND. */
  txt(name: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Whether `port` on 127.0.0.1 can be bound now, for TCP and for UDP. */
function bindable(port: number): Promise<boolean> {
  const tcp = new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  const udp = new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.unref();
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
  return Promise.all([tcp, udp]).then(([a, b]) => a && b);
}

/** A CA and a leaf it signed for localhost and 127.0.0.1, as PEM: for the test servers' TLS. */
export async function makeServerCertificate(
  caName: string,
  leafName: string,
  days: number,
): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const notBefore = new Date(Date.now() - 3_600_000);
  const notAfter = new Date(Date.now() + days * 86_400_000);
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'),
    subject: leafName,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)).toString('base64');
  return {
    caPem: `${ca.toString('pem')}\n`,
    certPem: `${leaf.toString('pem')}\n`,
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`,
  };
}

/**
 * A port for a test server, below the kernel's ephemeral range (32768-60999): a port from that
 * range can be taken, between this check and the server's bind, by any client socket of the
 * busy machine (every DNS query uses a random UDP source port), which left a bed's BIND deaf.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  throw new Error('testbed: no free port between 20000 and 32000');
}

export async function makeTlsCertificate(
  dir: string,
): Promise<{ caFile: string; caPem: string; certFile: string; keyFile: string }> {
  const { caPem, certPem, keyPem } = await makeServerCertificate('CN=certwright test bed CA', 'CN=localhost', 30);
  const files = {
    caFile: join(dir, 'tls-ca.pem'),
    certFile: join(dir, 'tls-cert.pem'),
    keyFile: join(dir, 'tls-key.pem'),
  };
  await writeFile(files.caFile, caPem);
  await writeFile(files.certFile, certPem);
  await writeFile(files.keyFile, keyPem, { mode: 0o600 });
  return { ...files, caPem };
}

function zoneFile(zone: string): string {
  const extra =
    zone === 'example.test'
      ? `_acme-challenge.cname IN CNAME ${DELEGATED_TARGET}.\n_acme-challenge.cname2 IN CNAME ${DELEGATED_TARGET_2}.\n`
      : '';
  return `$TTL 60
@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 60 60 3600 60
@ IN NS ns1.${zone}.
ns1 IN A 127.0.0.1
${extra}`;
}

function namedConf(dir: string, port: number, keys: readonly TsigCredentials[]): string {
  const keyBlocks = keys.map((k) => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`).join('\n');
  const grants = keys.map((k) => `grant ${k.name} zonesub TXT;`).join(' ');
  const zones = ZONES.map(
    (zone) => `zone "${zone}" { type primary; file "${join(dir, `${zone}.zone`)}"; update-policy { ${grants} }; };`,
  ).join('\n');
  return `options {
  directory "${dir}";
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-query { any; };
  dnssec-validation no;
  notify no;
};
controls { };
${keyBlocks}
${zones}
`;
}

/**
 * The CA's recursive resolver: forwards the test zones to the authoritative server and caches
 * nothing, so a CNAME into another zone is followed as a real CA's resolver would.
 */
function resolverConf(dir: string, port: number, authoritative: number): string {
  const zones = ZONES.map(
    (zone) => `zone "${zone}" { type forward; forward only; forwarders { 127.0.0.1 port ${authoritative}; }; };`,
  ).join('\n');
  return `options {
  directory "${dir}";
  pid-file "${join(dir, 'resolver.pid')}";
  session-keyfile "${join(dir, 'resolver-session.key')}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion yes;
  allow-recursion { 127.0.0.1; };
  dnssec-validation no;
  use-v4-udp-ports { range 40000 60000; };
  max-cache-ttl 0;
  max-ncache-ttl 0;
};
controls { };
${zones}
`;
}

function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  log?: (line: string) => void,
  detached = false,
): ChildProcess {
  if (detached) {
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd], detached: true });
    child.unref();
    return child;
  }
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const chunks: string[] = [];
  // Written as it comes, so a server that stalls can be read while it does (the folder goes when the bed stops).
  const file = createWriteStream(logFile, { flags: 'a' });
  file.on('error', () => undefined);
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString());
    file.write(chunk);
    log?.(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', () => file.end());
  (child as ChildProcess & { output: () => string }).output = () => chunks.join('');
  return child;
}

async function waitUntil(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const output = (child as ChildProcess & { output?: () => string }).output?.() ?? '';
      const message = `testbed: ${what} exited with ${child.exitCode}:\n${output.slice(-2000)}`;
      throw /in use/i.test(output) ? new NotReady(message) : new Error(message);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const output = (child as ChildProcess & { output?: () => string }).output?.() ?? '';
  throw new NotReady(`testbed: ${what} not ready after ${timeoutMs} ms:\n${output.slice(-2000)}`);
}

/** A server that never answered on its port: the port was taken between the check and the bind. */
class NotReady extends Error {}

/** A GET that trusts `ca` only (the bed's own servers). */
export function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Stops a server the bed started, by its PID: SIGTERM, then SIGKILL after 3 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  // Ended already: on its own (exitCode) or by a signal sent to the whole group (signalCode), as a Ctrl-C sends.
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  if (ended() || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!signal(child.pid, 'SIGTERM')) return;
  const timer = setTimeout(() => child.pid !== undefined && !ended() && signal(child.pid, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Sends `name` to `pid`; false when the process is gone already (it ended between the check and the kill). */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** named lives in /usr/sbin, which is not on every PATH. */
function namedCommand(): string {
  return existsSync('/usr/sbin/named') ? '/usr/sbin/named' : 'named';
}

/**
 * Starts BIND and Pebble on free loopback ports and waits until both answer. A port found free
 * can still be taken before the server binds it (BIND then runs deaf); the bed then starts again
 * on other ports.
 */
export async function startTestbed(options: TestbedOptions = {}): Promise<Testbed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTestbedOnce(options);
    } catch (error) {
      if (!(error instanceof NotReady) || attempt === 3) throw error;
      options.log?.(`${error.message}\ntestbed: starting again on other ports\n`);
    }
  }
}

/** Distinct free ports. */
async function freePorts(count: 4): Promise<[number, number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports] as [number, number, number, number];
}

async function startTestbedOnce(options: TestbedOptions): Promise<Testbed> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-bed-'));
  const [dnsPort, resolverPort, acmePort, managementPort] = await freePorts(4);
  const tsig: TsigCredentials = {
    name: 'certwright-key',
    algorithm: 'hmac-sha256',
    secret: randomBytes(32).toString('base64'),
  };
  const tsig512: TsigCredentials = {
    name: 'certwright-key-512',
    algorithm: 'hmac-sha512',
    secret: randomBytes(64).toString('base64'),
  };
  await Promise.all(ZONES.map((zone) => writeFile(join(dir, `${zone}.zone`), zoneFile(zone))));
  await writeFile(join(dir, 'named.conf'), namedConf(dir, dnsPort, [tsig, tsig512]));
  const external = await options.authoritative?.(
    join(dir, 'authoritative'),
    ZONES.map((zone) => ({ name: zone, text: zoneFile(zone) })),
  );
  await mkdir(join(dir, 'resolver'));
  await writeFile(
    join(dir, 'resolver.conf'),
    resolverConf(join(dir, 'resolver'), resolverPort, external?.dns.port ?? dnsPort),
  );
  const tls = await makeTlsCertificate(dir);
  const pebbleConfig = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: tls.certFile,
      privateKey: tls.keyFile,
      httpPort: 5002,
      tlsPort: 5001,
      ocspResponderURL: '',
      externalAccountBindingRequired: options.eabKeys !== undefined,
      ...(options.eabKeys ? { externalAccountMACKeys: options.eabKeys } : {}),
    },
  };
  await writeFile(join(dir, 'pebble.json'), JSON.stringify(pebbleConfig, null, 2));
  const dns: ServerAddress = external?.dns ?? { host: '127.0.0.1', port: dnsPort };
  const named = external
    ? undefined
    : startProcess(
        namedCommand(),
        ['-g', '-c', join(dir, 'named.conf')],
        process.env,
        join(dir, 'named.log'),
        options.log,
        options.detached,
      );
  const resolver = startProcess(
    namedCommand(),
    ['-g', '-c', join(dir, 'resolver.conf')],
    process.env,
    join(dir, 'resolver.log'),
    options.log,
    options.detached,
  );
  const started: ChildProcess[] = named ? [named, resolver] : [resolver];
  const stopAll = () => Promise.all([...started.map(stopProcess), external?.stop()]);
  try {
    if (named)
      await waitUntil(
        'named',
        named,
        async () => (await query(dns, 'example.test', 'SOA', { timeoutMs: 300 })).rcode === 'NOERROR',
      );
    const resolverAddress = { host: '127.0.0.1', port: resolverPort };
    await waitUntil(
      'resolver',
      resolver,
      async () =>
        (await query(resolverAddress, 'example.test', 'SOA', { timeoutMs: 300, recursive: true })).rcode === 'NOERROR',
    );
    const pebbleEnv = { ...process.env, PEBBLE_VA_NOSLEEP: '1', ...options.pebbleEnv };
    const pebble = startProcess(
      'pebble',
      ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${resolverPort}`],
      pebbleEnv,
      join(dir, 'pebble.log'),
      options.log,
      options.detached,
    );
    started.push(pebble);
    const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
    await waitUntil('pebble', pebble, async () => (await httpsGet(directoryUrl, tls.caPem)).status === 200);
    const managementUrl = `https://127.0.0.1:${managementPort}`;
    return {
      dir,
      directoryUrl,
      managementUrl,
      serverCaFile: tls.caFile,
      serverCaPem: tls.caPem,
      dns,
      tsig,
      tsig512,
      resolver: resolverAddress,
      pids: { pebble: pebble.pid ?? 0, named: external?.pid ?? named?.pid ?? 0, resolver: resolver.pid ?? 0 },
      async root(index = 0) {
        const response = await httpsGet(`${managementUrl}/roots/${index}`, tls.caPem);
        if (response.status !== 200) throw new Error(`testbed: no root ${index} (HTTP ${response.status})`);
        return response.body;
      },
      async txt(name) {
        const reply = await query(dns, name, 'TXT', { timeoutMs: 1_000 });
        return txtValues(reply.answers, name);
      },
      async stop() {
        await stopAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
