/**
 * A real PowerDNS Authoritative Server (Debian's `pdns-server` with the SQLite backend) on
 * loopback, for the `powerdns` provider's tests and the RFC 2136 tests against a second server
 * implementation: its own config folder, database and ports, started and stopped by PID. The
 * test bed uses it in place of its authoritative BIND (`startTestbed({ authoritative })`), so the
 * bed's resolver forwards to it and Pebble validates through what PowerDNS serves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import type { ServerAddress } from '../dns/address.js';
import { query } from '../dns/wire.js';
import { freePort, stopProcess, type TsigCredentials } from './testbed.js';

/** Where Debian's pdns-backend-sqlite3 puts the schema of a fresh database. */
const SCHEMA_FILES = [
  '/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql',
  '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql',
];

export interface PowerDnsOptions {
  /** Zones to serve, each as zone-file text (`$TTL`, relative names), loaded with `pdnsutil load-zone`. */
  readonly zones: readonly { readonly name: string; readonly text: string }[];
  /** Accept RFC 2136 UPDATEs signed with this key (`dnsupdate=yes`, TSIG-ALLOW-DNSUPDATE on these zones). */
  readonly dnsUpdate?: { readonly key: TsigCredentials; readonly zones: readonly string[] };
  readonly log?: (line: string) => void;
}

/** One TXT (or other) record as PowerDNS holds it in its database. */
export interface PowerDnsRecord {
  readonly name: string;
  readonly type: string;
  readonly content: string;
  readonly ttl: number;
  readonly disabled: boolean;
}

export interface PowerDns {
  /** The authoritative DNS port. */
  readonly dns: ServerAddress;
  /** The HTTP API's origin, `http://127.0.0.1:port` (the API is under `/api/v1`). */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly serverId: 'localhost';
  readonly pid: number;
  readonly dir: string;
  /** Records at `fqdn` (no trailing dot) of `type`, read from the database, sorted: what the server holds. */
  records(fqdn: string, type?: string): PowerDnsRecord[];
  /** Runs `pdnsutil` on this server's configuration; throws with its output when it fails. */
  pdnsutil(...args: string[]): string;
  /** One API call with this server's key; the answer's status and JSON (or text) body. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

function schemaFile(): string {
  const found = SCHEMA_FILES.find((file) => existsSync(file));
  if (!found)
    throw new Error('powerdns: no SQLite schema; install pdns-server pdns-backend-sqlite3 (scripts/setup.sh does)');
  return found;
}

function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw new Error(`powerdns: cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`powerdns: ${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

function pdnsConf(dir: string, database: string, ports: { dns: number; api: number }, apiKey: string, update: boolean) {
  return [
    'launch=gsqlite3',
    `gsqlite3-database=${database}`,
    'local-address=127.0.0.1',
    `local-port=${ports.dns}`,
    'api=yes',
    `api-key=${apiKey}`,
    'webserver=yes',
    'webserver-address=127.0.0.1',
    `webserver-port=${ports.api}`,
    'webserver-allow-from=127.0.0.0/8',
    'daemon=no',
    'guardian=no',
    'disable-syslog=yes',
    `socket-dir=${dir}`,
    // No secpoll lookup to powerdns.com at start: the tests run without a network.
    'security-poll-suffix=',
    'distributor-threads=1',
    'receiver-threads=1',
    'loglevel=5',
    ...(update ? ['dnsupdate=yes', 'allow-dnsupdate-from=127.0.0.0/8'] : []),
    '',
  ].join('\n');
}

/** Config, database and zones in `dir`, on fresh ports. */
async function prepare(dir: string, options: PowerDnsOptions, apiKey: string) {
  const ports = { dns: await freePort(), api: await freePort() };
  while (ports.api === ports.dns) ports.api = await freePort();
  await mkdir(dir, { recursive: true });
  const database = join(dir, 'pdns.sqlite3');
  await writeFile(join(dir, 'pdns.conf'), pdnsConf(dir, database, ports, apiKey, options.dnsUpdate !== undefined));
  if (!existsSync(database)) {
    run('sqlite3', [database], await readFile(schemaFile(), 'utf8'));
    const pdnsutil = (...args: string[]) => run('pdnsutil', [`--config-dir=${dir}`, ...args]);
    for (const zone of options.zones) {
      const file = join(dir, `${zone.name}.zone`);
      await writeFile(file, zone.text);
      pdnsutil('load-zone', zone.name, file);
    }
    const update = options.dnsUpdate;
    if (update) {
      pdnsutil('import-tsig-key', update.key.name, update.key.algorithm, update.key.secret);
      for (const zone of update.zones) pdnsutil('set-meta', zone, 'TSIG-ALLOW-DNSUPDATE', update.key.name);
    }
  }
  return { ports, database };
}

function apiCall(
  apiUrl: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      `${apiUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          'x-api-key': apiKey,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // plain text (pdns answers 401 and 404 so)
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function startOnce(dir: string, options: PowerDnsOptions, apiKey: string): Promise<PowerDns> {
  const { ports, database } = await prepare(dir, options, apiKey);
  const child = spawn('/usr/sbin/pdns_server', [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    options.log?.(chunk.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', () => void writeFile(join(dir, 'pdns.log'), output).catch(() => undefined));
  const dns: ServerAddress = { host: '127.0.0.1', port: ports.dns };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new PortTaken(`powerdns: pdns_server exited with ${child.exitCode}:\n${output.slice(-2000)}`, output);
    const ready = await Promise.all([
      query(dns, options.zones[0]?.name ?? '.', 'SOA', { timeoutMs: 300 }).then((r) => r.rcode === 'NOERROR'),
      apiCall(apiUrl, apiKey, 'GET', '/api/v1/servers/localhost').then((r) => r.status === 200),
    ]).then(
      ([a, b]) => a && b,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`powerdns: pdns_server not ready after 20 s:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const sqlite = (sql: string) => run('sqlite3', ['-json', '-cmd', '.timeout 5000', database, sql]);
  return {
    dns,
    apiUrl,
    apiKey,
    serverId: 'localhost',
    pid: child.pid ?? 0,
    dir,
    records(fqdn, type = 'TXT') {
      const name = fqdn.toLowerCase().replace(/\.$/, '');
      if (!/^[a-z0-9*_.-]+$/.test(name) || !/^[A-Z0-9]+$/.test(type))
        throw new Error(`powerdns: records(): not a name and type: ${fqdn} ${type}`);
      const rows = sqlite(
        `select name, type, content, ttl, disabled from records where name = '${name}' and type = '${type}'`,
      );
      const parsed = (rows.trim() ? JSON.parse(rows) : []) as {
        name: string;
        type: string;
        content: string;
        ttl: number;
        disabled: number;
      }[];
      return parsed
        .map((r) => ({ name: r.name, type: r.type, content: r.content, ttl: r.ttl, disabled: r.disabled !== 0 }))
        .sort((a, b) =>
          a.content < b.content ? -1 : a.content > b.content ? 1 : Number(a.disabled) - Number(b.disabled),
        );
    },
    pdnsutil: (...args) => run('pdnsutil', [`--config-dir=${dir}`, ...args]),
    api: (method, path, body) => apiCall(apiUrl, apiKey, method, path, body),
    stop: () => stopProcess(child),
  };
}

/** pdns_server could not bind its ports (taken between the check and the bind): start again on others. */
class PortTaken extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Starts pdns_server in `dir` (created) and waits until DNS and the API answer. */
export async function startPowerDns(dir: string, options: PowerDnsOptions): Promise<PowerDns> {
  const apiKey = `pdns-test-key-${randomBytes(16).toString('hex')}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dir, options, apiKey);
    } catch (error) {
      if (!(error instanceof PortTaken) || !/in use|Unable to bind/i.test(error.output) || attempt === 3) throw error;
      options.log?.(`${error.message}\npowerdns: starting again on other ports\n`);
    }
  }
}
