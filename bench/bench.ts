/**
 * Time to a certificate for N names over RFC 2136 against one local Pebble + BIND, for
 * certwright, certbot and lego, each from a cold start (new process, new account) and with the
 * same bed: Pebble's 5 % badNonce rejection on, no validation sleep. Median of RUNS runs
 * (BENCH_RUNS, default 3); a run is stopped after BENCH_TIMEOUT_S (default 120). BENCH_CLI runs
 * another build of certwright than dist/cli.js (to compare before and after).
 * Each tool is set up as fast as it can be made: certbot with --dns-rfc2136-propagation-seconds 0
 * (it only sleeps, it does not check), lego with its propagation check off and a 1 s pause
 * between its one-at-a-time rfc2136 challenges.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestbed, type Testbed } from '../src/testing/testbed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** One run longer than this is stopped and reported as timed out. */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length > 0 ? sizes : [1, 10, 50];

interface ToolCommand {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface Tool {
  readonly name: string;
  command(bed: Testbed, domains: string[], dir: string): ToolCommand | Promise<ToolCommand>;
}

const tools: Tool[] = [
  {
    name: 'certwright',
    command(bed, domains, dir) {
      return {
        cmd: process.execPath,
        args: [
          process.env.BENCH_CLI ?? 'dist/cli.js',
          'certonly',
          ...domains.flatMap((d) => ['-d', d]),
          '--server',
          bed.directoryUrl,
          '--server-ca-file',
          bed.serverCaFile,
          '--agree-tos',
          '-m',
          'ops@example.test',
          '--dns',
          'rfc2136',
          '--rfc2136-server',
          `127.0.0.1:${bed.dns.port}`,
          '--rfc2136-tsig-key',
          bed.tsig.name,
          '--nameservers',
          `127.0.0.1:${bed.dns.port}`,
          '--output-dir',
          dir,
          '--account-key-file',
          join(dir, 'account.pem'),
          '-q',
        ],
        env: { CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret },
      };
    },
  },
  {
    name: 'certbot',
    async command(bed, domains, dir) {
      const ini = join(dir, 'rfc2136.ini');
      await writeFile(
        ini,
        `dns_rfc2136_server = 127.0.0.1\ndns_rfc2136_port = ${bed.dns.port}\ndns_rfc2136_name = ${bed.tsig.name}\ndns_rfc2136_secret = ${bed.tsig.secret}\ndns_rfc2136_algorithm = HMAC-SHA256\n`,
        { mode: 0o600 },
      );
      return {
        cmd: 'certbot',
        // certbot has no propagation check: it sleeps --dns-rfc2136-propagation-seconds (default 60); 0 is its fastest.
        args: [
          'certonly',
          '--non-interactive',
          '--agree-tos',
          '-m',
          'ops@example.test',
          '--server',
          bed.directoryUrl,
          '--config-dir',
          join(dir, 'config'),
          '--work-dir',
          join(dir, 'work'),
          '--logs-dir',
          join(dir, 'logs'),
          '--dns-rfc2136',
          '--dns-rfc2136-credentials',
          ini,
          '--dns-rfc2136-propagation-seconds',
          '0',
          ...domains.flatMap((d) => ['-d', d]),
        ],
        env: { REQUESTS_CA_BUNDLE: bed.serverCaFile },
      };
    },
  },
  {
    name: 'lego',
    command(bed, domains, dir) {
      return {
        cmd: 'lego',
        // lego's own propagation check would ask the zone's NS on port 53; the bed's BIND is on another port, so it is off.
        args: [
          '--accept-tos',
          '--email',
          'ops@example.test',
          '--server',
          bed.directoryUrl,
          '--path',
          dir,
          '--dns',
          'rfc2136',
          '--dns.resolvers',
          `127.0.0.1:${bed.dns.port}`,
          '--dns.disable-cp',
          ...domains.flatMap((d) => ['-d', d]),
          'run',
        ],
        env: {
          LEGO_CA_CERTIFICATES: bed.serverCaFile,
          RFC2136_NAMESERVER: `127.0.0.1:${bed.dns.port}`,
          RFC2136_TSIG_KEY: bed.tsig.name,
          RFC2136_TSIG_SECRET: bed.tsig.secret,
          RFC2136_TSIG_ALGORITHM: 'hmac-sha256.',
          RFC2136_POLLING_INTERVAL: '1',
          // lego solves rfc2136 challenges one after another with this pause (default 60 s); 1 is its fastest.
          RFC2136_SEQUENCE_INTERVAL: '1',
        },
      };
    },
  },
];

function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; ok: boolean; output: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      output += `\ntimed out after ${TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', () => clearTimeout(timer));
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => resolve({ ms: 0, ok: false, output: e.message }));
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: code === 0, output }),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const bed = await startTestbed();
const root = await mkdtemp(join(tmpdir(), 'certwright-bench-'));
const rows: string[] = [];
let serial = 0;
/**
 * A failed run in one table cell: the last line that names an error (a tool's closing advice,
 * such as certbot's "Ask for help...", says nothing), its pipes escaped so the row keeps its cells.
 */
function failureNote(output: string): string {
  const lines = output
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines.findLast((l) => /error|fail|timed out|refused|denied/i.test(l)) ?? lines.at(-1) ?? 'no output';
  return line.slice(0, 120).replace(/\|/g, '\\|');
}

try {
  for (const count of counts) {
    for (const tool of tools) {
      const times: number[] = [];
      const failures: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        serial++;
        // Fresh names every run (two zones), so no authorization is reused.
        const domains = Array.from({ length: count }, (_, i) => `h${i}.r${serial}.${i % 2 ? 'other' : 'example'}.test`);
        const dir = join(root, `${tool.name}-${count}-${run}`);
        await mkdir(dir, { recursive: true });
        const { cmd, args, env } = await tool.command(bed, domains, dir);
        const result = await timed(cmd, args, env);
        if (result.ok) times.push(result.ms);
        else failures.push(failureNote(result.output));
        // A tool that ran past the limit once will again: do not spend the limit three times.
        if (failures.at(-1)?.endsWith(`timed out after ${TIMEOUT_MS / 1000} s`)) break;
      }
      const timedOut = failures.some((f) => f.endsWith(`timed out after ${TIMEOUT_MS / 1000} s`));
      const median_ = times.length > 0 ? `${(median(times) / 1000).toFixed(2)} s` : '—';
      const cell = timedOut ? `> ${TIMEOUT_MS / 1000} s (stopped)` : median_;
      const all = times.map((t) => (t / 1000).toFixed(2)).join(', ');
      const failed = failures.length > 0 && !timedOut ? `${failures.length} failed: ${failures[0]}` : '';
      rows.push(`| ${count} | ${tool.name} | ${cell} | ${all} | ${failed} |`);
      console.error(rows.at(-1));
    }
  }
} finally {
  await bed.stop();
}
const table = ['| names | tool | median | successful runs (s) | failures |', '|---|---|---|---|---|', ...rows].join(
  '\n',
);
console.log(
  `\nTime to a certificate, Pebble + BIND on loopback, median of ${RUNS} (node ${process.version}):\n\n${table}`,
);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/latest.md', `${table}\n`);
