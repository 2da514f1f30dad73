/**
 * The no-op check of many certificates: N certificates exist and none is due; how long does
 * each tool take to say so, and how much memory does it use? Against one local Pebble + BIND.
 *
 * - certwright: `renew --config` over N certificates in one encrypted state (issued first).
 * - certbot: `certbot renew` over N lineages. One lineage is issued for real and cloned N times
 *   (renewal conf, archive and live links renamed): certbot reads each from disk, as it would.
 * - lego: has no renew-many; `lego renew --days 30` once per certificate (cloned the same way),
 *   as a cron job over N certificates runs it.
 *
 * Median wall time of BENCH_RUNS (3) runs, and peak RSS (GNU time). Usage:
 *   npx tsx bench/noop.ts [N=200] [--cli path/to/dist/cli.js] [--only certwright] [--deploy github-secret]
 *
 * `--hold`: after issuing, writes `run.sh` (the no-op command with its environment; arguments go
 * to Node, e.g. `--cpu-prof`) into the bench folder, prints its path, and keeps the servers up
 * until Enter is pressed, so a no-op run can be profiled by hand.
 *
 * `--deploy github-secret`: each certificate also has a github-secret deploy target (against the
 * local GitHub API), deployed at issuance; the no-op runs must then make no request to it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startGithubApi, type GithubApi } from '../src/testing/github-api.js';
import { startAriFront, type AriFront } from '../test/harness/ari-front.js';
import { startTestbed, type Testbed } from '../src/testing/testbed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const count = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
const cli = arg('cli') ?? 'dist/cli.js';
const only = arg('only');
const deploy = arg('deploy');
/**
 * `--ari`: the CA is Pebble behind the ARI front (test/harness/ari-front.ts), every window far
 * ahead with a Retry-After of 6 hours, and each run is told the next comes in 6 hours: after one
 * run has stored every answer, a no-op run must not contact the CA at all (checked).
 */
const ari = process.argv.includes('--ari');
let front: AriFront | undefined;
if (deploy !== undefined && deploy !== 'github-secret')
  throw new Error(`bench: --deploy ${deploy}: only github-secret has a local API here`);
const GITHUB_TOKEN = 'github_pat_benchmark_token_0000000000';
/** The local GitHub API the github-secret targets write to, with --deploy. */
let githubApi: GithubApi | undefined;

interface Measured {
  readonly seconds: number;
  readonly rssMb: number;
  readonly code: number | null;
  readonly output: string;
}

/** GNU time reports peak RSS; without it (Debian's `time` package) memory shows as 0. */
const GNU_TIME = existsSync('/usr/bin/time');

/** Runs a command (under GNU time when there is one), returning wall seconds and peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const [program, argv] = GNU_TIME ? ['/usr/bin/time', ['-f', 'RSS_KB=%M', cmd, ...args]] : [cmd, args];
    const child = spawn(program, argv, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = Number(/RSS_KB=(\d+)/.exec(output)?.[1] ?? 0);
      resolve({ seconds, rssMb: rss / 1024, code, output });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

async function certwright(bed: Testbed, dir: string): Promise<() => Promise<Measured>> {
  const config = join(dir, 'certwright.yml');
  await writeFile(
    config,
    `concurrency: 16\ncertificates:\n${Array.from(
      { length: count },
      (_, i) =>
        `  - domains: [n${i}.noop.example.test]\n` +
        (githubApi ? `    deploy: [{ target: github-secret, name: N${i}, repository: acme/site }]\n` : ''),
    ).join('')}`,
  );
  const args = [
    cli,
    'renew',
    '--config',
    config,
    '-q',
    '--server',
    front?.directoryUrl ?? bed.directoryUrl,
    '--server-ca-file',
    bed.serverCaFile,
    '--agree-tos',
    '--dns',
    'rfc2136',
    '--rfc2136-server',
    `127.0.0.1:${bed.dns.port}`,
    '--rfc2136-tsig-key',
    bed.tsig.name,
    '--nameservers',
    `127.0.0.1:${bed.dns.port}`,
    '--propagation-interval',
    '0.1',
    '--max-new-orders',
    '100000',
    ...(front ? ['--next-run', new Date(Date.now() + 6 * 3_600_000).toISOString()] : []),
    '--store',
    `file:${join(dir, 'state.jwe')}`,
    '--output-dir',
    join(dir, 'out'),
    ...(githubApi ? ['--github-api-url', githubApi.url] : []),
  ];
  const env = {
    ...(githubApi ? { CERTWRIGHT_GITHUB_SECRET_TOKEN: GITHUB_TOKEN } : {}),
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_STATE_KEY: 'a passphrase for the benchmark',
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
  const issued = await timed(process.execPath, args, env);
  if (issued.code !== 0) throw new Error(`certwright could not issue the certificates:\n${issued.output.slice(-2000)}`);
  const stateBytes = (await stat(join(dir, 'state.jwe'))).size;
  notes.push(
    `certwright: ${count} certificates issued in one run in ${issued.seconds.toFixed(1)} s (${issued.rssMb.toFixed(0)} MB); state ${(stateBytes / 1024).toFixed(0)} KB, ${Math.round(stateBytes / count)} bytes per lineage (a 48 KB secret holds about ${Math.floor((48 * 1024) / (stateBytes / count))})`,
  );
  console.error(notes.at(-1));
  if (process.argv.includes('--hold')) await hold(dir, args, env);
  const caFront = front;
  if (caFront) {
    const stored = await timed(process.execPath, args, env); // asks ARI once per certificate, and stores the answers
    if (stored.code !== 0) throw new Error(`certwright: the first no-op run failed:\n${stored.output.slice(-1500)}`);
    notes.push(`certwright: the run that stored ${count} ARI answers took ${stored.seconds.toFixed(2)} s`);
    return async () => {
      const before = caFront.requestCount();
      const measured = await timed(process.execPath, args, env);
      if (caFront.requestCount() !== before)
        throw new Error(`certwright: the no-op run sent ${caFront.requestCount() - before} request(s) to the CA`);
      return measured;
    };
  }
  const api = githubApi;
  if (!api) return () => timed(process.execPath, args, env);
  const deployed = api.requests.length;
  notes.push(`certwright: ${api.secrets.size} GitHub secrets written by the first run (${deployed} requests)`);
  return async () => {
    const measured = await timed(process.execPath, args, env);
    if (api.requests.length !== deployed)
      throw new Error(`certwright: the no-op run made ${api.requests.length - deployed} request(s) to the target`);
    return measured;
  };
}

async function certbot(bed: Testbed, dir: string): Promise<() => Promise<Measured>> {
  const ini = join(dir, 'rfc2136.ini');
  await writeFile(
    ini,
    `dns_rfc2136_server = 127.0.0.1\ndns_rfc2136_port = ${bed.dns.port}\ndns_rfc2136_name = ${bed.tsig.name}\ndns_rfc2136_secret = ${bed.tsig.secret}\ndns_rfc2136_algorithm = HMAC-SHA256\n`,
    { mode: 0o600 },
  );
  const paths = ['--config-dir', join(dir, 'config'), '--work-dir', join(dir, 'work'), '--logs-dir', join(dir, 'logs')];
  const env = { REQUESTS_CA_BUNDLE: bed.serverCaFile };
  const first = await timed(
    'certbot',
    [
      'certonly',
      '--non-interactive',
      '--agree-tos',
      '-m',
      'ops@example.test',
      '--server',
      bed.directoryUrl,
      ...paths,
      '--dns-rfc2136',
      '--dns-rfc2136-credentials',
      ini,
      '--dns-rfc2136-propagation-seconds',
      '0',
      '-d',
      'n0.noop.other.test',
    ],
    env,
  );
  if (first.code !== 0) throw new Error(`certbot could not issue:\n${first.output.slice(-2000)}`);
  const config = join(dir, 'config');
  const conf = await readFile(join(config, 'renewal', 'n0.noop.other.test.conf'), 'utf8');
  for (let i = 1; i < count; i++) {
    const name = `n${i}.noop.other.test`;
    await cp(join(config, 'archive', 'n0.noop.other.test'), join(config, 'archive', name), { recursive: true });
    await mkdir(join(config, 'live', name), { recursive: true });
    for (const file of ['cert', 'chain', 'fullchain', 'privkey'])
      await symlink(`../../archive/${name}/${file}1.pem`, join(config, 'live', name, `${file}.pem`));
    await writeFile(join(config, 'renewal', `${name}.conf`), conf.replaceAll('n0.noop.other.test', name));
  }
  return () => timed('certbot', ['renew', '--non-interactive', ...paths], env);
}

async function lego(bed: Testbed, dir: string): Promise<() => Promise<Measured>> {
  const base = [
    '--accept-tos',
    '--email',
    'ops@example.test',
    '--server',
    bed.directoryUrl,
    '--path',
    join(dir, 'lego'),
    '--dns',
    'rfc2136',
    '--dns.resolvers',
    `127.0.0.1:${bed.dns.port}`,
    '--dns.disable-cp',
  ];
  const env = {
    LEGO_CA_CERTIFICATES: bed.serverCaFile,
    RFC2136_NAMESERVER: `127.0.0.1:${bed.dns.port}`,
    RFC2136_TSIG_KEY: bed.tsig.name,
    RFC2136_TSIG_SECRET: bed.tsig.secret,
    RFC2136_TSIG_ALGORITHM: 'hmac-sha256.',
    RFC2136_POLLING_INTERVAL: '1',
    RFC2136_SEQUENCE_INTERVAL: '1',
  };
  const first = await timed('lego', [...base, '--domains', 'n0.noop.delegated.test', 'run'], env);
  if (first.code !== 0) throw new Error(`lego could not issue:\n${first.output.slice(-2000)}`);
  const certs = join(dir, 'lego', 'certificates');
  for (const file of await readdir(certs)) {
    for (let i = 1; i < count; i++) {
      if (!file.startsWith('n0.noop.delegated.test')) continue;
      await cp(join(certs, file), join(certs, file.replace('n0.', `n${i}.`)));
    }
  }
  // A cron job over N certificates: one lego process per certificate.
  const script = join(dir, 'renew-all.sh');
  await writeFile(
    script,
    `for i in $(seq 0 ${count - 1}); do lego ${base.join(' ')} --domains n$i.noop.delegated.test renew --days 30 >/dev/null 2>&1 || exit 1; done\n`,
  );
  return () => timed('sh', [script], env);
}

/** `--hold`: a script that runs the no-op check by hand while the servers stay up. */
async function hold(dir: string, args: string[], env: Record<string, string>): Promise<void> {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  const exports = Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}\n`);
  const script = join(dir, 'run.sh');
  await writeFile(
    script,
    `${exports.join('')}exec ${quote(process.execPath)} "$@" ${args.map((a, i) => quote(i === 0 ? resolve(a) : a)).join(' ')}\n`,
    { mode: 0o700 },
  );
  console.error(`bench: run the no-op check with: bash ${script} [node options]; press Enter to go on`);
  await new Promise((done) => process.stdin.once('data', done));
  process.stdin.pause();
}

const tools: Record<string, (bed: Testbed, dir: string) => Promise<() => Promise<Measured>>> = {
  certwright,
  certbot,
  lego,
};
const bed = await startTestbed();
if (deploy) githubApi = await startGithubApi({ token: GITHUB_TOKEN });
if (ari) {
  const far = () => ({
    start: new Date(Date.now() + 60 * 86_400_000),
    end: new Date(Date.now() + 61 * 86_400_000),
    retryAfter: 21_600,
  });
  front = await startAriFront(bed, { defaultWindow: far });
}
const rows: string[] = [];
/** Lines printed under the table (issuance time, state size). */
const notes: string[] = [];
try {
  for (const [name, setUp] of Object.entries(tools)) {
    if (only && only !== name) continue;
    const dir = await mkdtemp(join(tmpdir(), `certwright-noop-${name}-`));
    try {
      const check = await setUp(bed, dir);
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await check());
      const failed = runs.find((r) => r.code !== 0);
      if (failed) throw new Error(`${name}: the no-op check failed:\n${failed.output.slice(-1500)}`);
      rows.push(
        `| ${name} | ${median(runs.map((r) => r.seconds)).toFixed(2)} s | ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB |`,
      );
    } catch (error) {
      rows.push(`| ${name} | failed: ${(error as Error).message.split('\n')[0]} | |`);
      console.error((error as Error).message);
    }
    console.error(rows.at(-1));
  }
} finally {
  await Promise.all([bed.stop(), githubApi?.close(), front?.close()]);
}
console.log(
  `No-op check of ${count} certificates${deploy ? `, each with a ${deploy} deploy target` : ''}${ari ? ', ARI through the front, runs every 6 hours' : ''} (median of ${RUNS})${cli !== 'dist/cli.js' ? `, certwright from ${cli}` : ''}\n\n| tool | time | peak RSS |\n|---|---|---|\n${rows.join('\n')}${notes.length ? `\n\n${notes.join('\n')}` : ''}`,
);
