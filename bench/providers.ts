/**
 * Time to a certificate through each vendor provider's local fake API, next to rfc2136 on the
 * same Pebble + BIND: `npx tsx bench/providers.ts [names...] [--latency MS]` (default 10 and 50
 * names, 50 ms). The fakes answer every request `--latency` ms late, as a vendor's API does
 * over the internet, and write their records into the bed's BIND, so Pebble validates through
 * real DNS. A provider should add a few round trips per order, not one per name: the table
 * shows the median time, the time over rfc2136, and the API requests one certificate took.
 * Median of BENCH_RUNS (default 3) cold runs of `node dist/cli.js certonly`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCloudflareApi } from '../src/dns/providers/cloudflare/testing/fake-api.js';
import { startFakeRoute53Api } from '../src/dns/providers/route53/testing/fake-api.js';
import { startTestbed, type Testbed } from '../src/testing/testbed.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const args = process.argv.slice(2);
const latencyAt = args.indexOf('--latency');
const LATENCY_MS = latencyAt >= 0 ? Number(args[latencyAt + 1]) : 50;
const sizes = args
  .filter((a, i) => i !== latencyAt && i !== latencyAt + 1)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length > 0 ? sizes : [10, 50];

const AWS_KEYS = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret-access-key/0000000000000000' };
const CF_TOKEN = 'bench-cloudflare-api-token'.padEnd(40, '0');
const CF_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

interface Provider {
  readonly name: string;
  flags(bed: Testbed): string[];
  env(): NodeJS.ProcessEnv;
  /** API requests so far (rfc2136: none, it speaks DNS). */
  requests(): number;
}

function run(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; ok: boolean; output: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: code === 0, output }),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const bed = await startTestbed();
  const bind = { server: bed.dns, tsig: bed.tsig };
  const r53 = await startFakeRoute53Api({
    zones: [{ id: 'Z1BENCHEXAMPLE', name: 'example.test' }],
    credentials: [AWS_KEYS],
    bind,
  });
  const cf = await startFakeCloudflareApi({
    zones: [{ id: CF_ZONE, name: 'example.test' }],
    tokens: [{ token: CF_TOKEN, zones: 'all', dnsEdit: true }],
    bind,
  });
  r53.vendor.setLatency(LATENCY_MS);
  cf.vendor.setLatency(LATENCY_MS);
  const providers: Provider[] = [
    {
      name: 'rfc2136',
      flags: () => [
        '--dns',
        'rfc2136',
        '--rfc2136-server',
        `127.0.0.1:${bed.dns.port}`,
        '--rfc2136-tsig-key',
        bed.tsig.name,
      ],
      env: () => ({ CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret }),
      requests: () => 0,
    },
    {
      name: 'route53',
      flags: () => ['--dns', 'route53', '--route53-endpoint', r53.url],
      env: () => ({
        AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
      }),
      requests: () => r53.vendor.requests.length,
    },
    {
      name: 'cloudflare',
      flags: () => ['--dns', 'cloudflare', '--cloudflare-api-url', cf.url],
      env: () => ({ CLOUDFLARE_API_TOKEN: CF_TOKEN }),
      requests: () => cf.vendor.requests.length,
    },
  ];
  const rows: string[] = [];
  try {
    for (const count of counts) {
      const baseline: Record<string, number> = {};
      for (const provider of providers) {
        const times: number[] = [];
        const requests: number[] = [];
        const failures: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          const dir = await mkdtemp(join(tmpdir(), 'certwright-bench-'));
          const domains = Array.from({ length: count }, (_, n) => `n${n}.r${i}.${provider.name}-${count}.example.test`);
          const before = provider.requests();
          const result = await run(
            process.execPath,
            [
              'dist/cli.js',
              'certonly',
              ...domains.flatMap((d) => ['-d', d]),
              '--server',
              bed.directoryUrl,
              '--server-ca-file',
              bed.serverCaFile,
              '--agree-tos',
              '-m',
              'ops@example.test',
              ...provider.flags(bed),
              '--nameservers',
              `127.0.0.1:${bed.dns.port}`,
              '--output-dir',
              dir,
              '-q',
            ],
            provider.env(),
          );
          if (result.ok) {
            times.push(result.ms);
            requests.push(provider.requests() - before);
          } else {
            failures.push(result.output.trim().split('\n').at(-1) ?? 'failed');
            await writeFile(join(dir, 'failure.log'), result.output);
          }
        }
        const mid = median(times);
        if (provider.name === 'rfc2136') baseline[count] = mid;
        const over =
          provider.name === 'rfc2136' || times.length === 0
            ? ''
            : `+${((mid - (baseline[count] ?? NaN)) / 1000).toFixed(2)} s`;
        const row = `| ${count} | ${provider.name} | ${times.length > 0 ? `${(mid / 1000).toFixed(2)} s` : 'failed'} | ${over} | ${requests.length > 0 ? median(requests) : ''} | ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} | ${failures.join('; ')} |`;
        rows.push(row);
        console.log(row);
      }
    }
  } finally {
    await Promise.all([r53.close(), cf.close()]);
    await bed.stop();
  }
  const table = [
    `Endpoint latency ${LATENCY_MS} ms per request; median of ${RUNS}.`,
    '',
    '| names | provider | median | over rfc2136 | API requests | runs (s) | failures |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  await writeFile('bench/results/providers.md', `${table}\n`);
  console.log(`\n${table}`);
}

await main();
