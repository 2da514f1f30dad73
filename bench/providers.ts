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
import { startFakeHetznerApi } from '../src/dns/providers/hetzner/testing/fake-api.js';
import { startFakeLinodeApi } from '../src/dns/providers/linode/testing/fake-api.js';
import { startFakeVultrApi } from '../src/dns/providers/vultr/testing/fake-api.js';
import { startFakeGandiApi } from '../src/dns/providers/gandi/testing/fake-api.js';
import { startFakeDesecApi } from '../src/dns/providers/desec/testing/fake-api.js';
import { startFakeOvhApi } from '../src/dns/providers/ovh/testing/fake-api.js';
import { startFakeDnsimpleApi } from '../src/dns/providers/dnsimple/testing/fake-api.js';
import { startFakeInfobloxApi } from '../src/dns/providers/infoblox/testing/fake-api.js';
import { startTestbed, type Testbed } from '../src/testing/testbed.js';
import { startPowerDns, type PowerDns } from '../src/testing/powerdns.js';
import { startPowerDnsProxy } from '../src/dns/providers/powerdns/testing/api-proxy.js';

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
const HETZNER_TOKEN = 'benchHetznerApiToken'.padEnd(64, '0');
const LINODE_TOKEN = 'be0c'.repeat(16);
const VULTR_KEY = 'BENCHVULTRAPIKEY'.padEnd(36, '0');
const GANDI_PAT = 'bench-gandi-personal-access-token';
const DESEC_TOKEN = 'bench-desec-token-0123456789';
const OVH_KEYS = {
  applicationKey: 'benchOvhAppKey001',
  applicationSecret: 'bench-ovh-application-secret-0000',
  consumerKey: 'bench-ovh-consumer-key-000000000000',
};
const DNSIMPLE_TOKEN = 'bench-dnsimple-account-token-000000000';
const INFOBLOX_USER = { username: 'bench-acme', password: 'bench-infoblox-password' };

interface Provider {
  readonly name: string;
  flags(bed: Testbed): string[];
  env(): NodeJS.ProcessEnv;
  /** API requests so far (rfc2136: none, it speaks DNS). */
  requests(): number;
  /** Its own bed, when the provider's server is the bed's authoritative one (powerdns: the real pdns_server). */
  readonly bed?: Testbed;
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
  // Hetzner: one add_records per name; Linode and Vultr: one create and one delete per record (no batch call).
  const hetzner = await startFakeHetznerApi({
    zones: [{ id: 1, name: 'example.test' }],
    tokens: [{ token: HETZNER_TOKEN, permission: 'read_write' }],
    bind,
  });
  const linode = await startFakeLinodeApi({
    domains: [{ id: 1, domain: 'example.test' }],
    tokens: [{ token: LINODE_TOKEN, domains: 'read_write' }],
    bind,
  });
  const vultr = await startFakeVultrApi({ domains: [{ domain: 'example.test' }], keys: [{ key: VULTR_KEY }], bind });
  // Gandi: no batch, a read, a write and a read back per name; deSEC: one bulk PATCH per domain (paced, 2/s per domain).
  const gandi = await startFakeGandiApi({
    domains: [{ fqdn: 'example.test' }],
    tokens: [{ token: GANDI_PAT, domains: 'all' }],
    bind,
  });
  const desec = await startFakeDesecApi({
    domains: [{ name: 'example.test' }],
    tokens: [{ token: DESEC_TOKEN }],
    bind,
  });
  // PowerDNS is a real server, not a fake: a second bed whose authoritative server it is; latency at its proxy.
  let pdns: PowerDns | undefined;
  const pdnsBed = await startTestbed({
    authoritative: async (dir, zones) => (pdns = await startPowerDns(dir, { zones })),
  });
  const pdnsProxy = await startPowerDnsProxy(pdns as PowerDns);
  pdnsProxy.vendor.setLatency(LATENCY_MS);
  r53.vendor.setLatency(LATENCY_MS);
  cf.vendor.setLatency(LATENCY_MS);
  for (const fake of [hetzner, linode, vultr]) fake.vendor.setLatency(LATENCY_MS);
  for (const fake of [gandi, desec]) fake.vendor.setLatency(LATENCY_MS);
  // OVH: no batch, one create and one delete per record plus a zone refresh after each; DNSimple: one batch per zone.
  const ovh = await startFakeOvhApi({
    zones: ['example.test'],
    applications: [OVH_KEYS],
    consumerKeys: [
      {
        ...OVH_KEYS,
        rules: (['GET', 'POST', 'DELETE'] as const).map((method) => ({ method, path: '/domain/zone/example.test/*' })),
      },
    ],
    bind,
  });
  const dnsimple = await startFakeDnsimpleApi({
    accounts: [{ id: 1385, zones: ['example.test'] }],
    tokens: [{ token: DNSIMPLE_TOKEN, account: 1385 }],
    bind,
  });
  for (const fake of [ovh, dnsimple]) fake.vendor.setLatency(LATENCY_MS);
  // Infoblox: one multiple-object request per zone to create, one to delete (HTTPS with its own CA).
  const infoblox = await startFakeInfobloxApi({
    zones: [{ fqdn: 'example.test' }],
    users: [{ ...INFOBLOX_USER, zones: 'all', write: true }],
    bind,
  });
  infoblox.vendor.setLatency(LATENCY_MS);
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
    {
      name: 'hetzner',
      flags: () => ['--dns', 'hetzner', '--hetzner-api-url', hetzner.url],
      env: () => ({ HETZNER_API_TOKEN: HETZNER_TOKEN }),
      requests: () => hetzner.vendor.requests.length,
    },
    {
      name: 'linode',
      flags: () => ['--dns', 'linode', '--linode-api-url', linode.url],
      env: () => ({ LINODE_TOKEN }),
      requests: () => linode.vendor.requests.length,
    },
    {
      name: 'vultr',
      flags: () => ['--dns', 'vultr', '--vultr-api-url', vultr.url],
      env: () => ({ VULTR_API_KEY: VULTR_KEY }),
      requests: () => vultr.vendor.requests.length,
    },
    {
      name: 'gandi',
      flags: () => ['--dns', 'gandi', '--gandi-api-url', gandi.url],
      env: () => ({ GANDIV5_PERSONAL_ACCESS_TOKEN: GANDI_PAT }),
      requests: () => gandi.vendor.requests.length,
    },
    {
      name: 'desec',
      flags: () => ['--dns', 'desec', '--desec-api-url', desec.url],
      env: () => ({ DESEC_TOKEN }),
      requests: () => desec.vendor.requests.length,
    },
    {
      name: 'ovh',
      flags: () => ['--dns', 'ovh', '--ovh-endpoint', ovh.url],
      env: () => ({
        OVH_APPLICATION_KEY: OVH_KEYS.applicationKey,
        OVH_APPLICATION_SECRET: OVH_KEYS.applicationSecret,
        OVH_CONSUMER_KEY: OVH_KEYS.consumerKey,
      }),
      requests: () => ovh.vendor.requests.length,
    },
    {
      name: 'dnsimple',
      flags: () => ['--dns', 'dnsimple', '--dnsimple-api-url', dnsimple.url],
      env: () => ({ DNSIMPLE_OAUTH_TOKEN: DNSIMPLE_TOKEN }),
      requests: () => dnsimple.vendor.requests.length,
    },
    {
      name: 'infoblox',
      flags: () => [
        '--dns',
        'infoblox',
        '--infoblox-host',
        `${infoblox.host}:${infoblox.port}`,
        '--infoblox-ca-file',
        infoblox.caFile,
      ],
      env: () => ({ INFOBLOX_USERNAME: INFOBLOX_USER.username, INFOBLOX_PASSWORD: INFOBLOX_USER.password }),
      requests: () => infoblox.vendor.requests.length,
    },
    {
      name: 'powerdns',
      flags: () => ['--dns', 'powerdns', '--powerdns-api-url', pdnsProxy.url],
      env: () => ({ PDNS_API_KEY: (pdns as PowerDns).apiKey }),
      requests: () => pdnsProxy.vendor.requests.length,
      bed: pdnsBed,
    },
  ];
  const rows: string[] = [];
  /** API requests of one certificate, by provider and number of names: what each name costs. */
  const perCount = new Map<string, Record<number, number>>();
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
              (provider.bed ?? bed).directoryUrl,
              '--server-ca-file',
              (provider.bed ?? bed).serverCaFile,
              '--agree-tos',
              '-m',
              'ops@example.test',
              ...provider.flags(bed),
              '--nameservers',
              `127.0.0.1:${(provider.bed ?? bed).dns.port}`,
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
        if (requests.length > 0)
          perCount.set(provider.name, { ...perCount.get(provider.name), [count]: median(requests) });
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
    await Promise.all([
      r53.close(),
      cf.close(),
      pdnsProxy.close(),
      hetzner.close(),
      linode.close(),
      vultr.close(),
      gandi.close(),
      desec.close(),
      ovh.close(),
      dnsimple.close(),
      infoblox.close(),
    ]);
    await Promise.all([bed.stop(), pdnsBed.stop()]);
  }
  const [fewest, most] = [Math.min(...counts), Math.max(...counts)];
  const cost = [...perCount]
    .filter(([name, byCount]) => name !== 'rfc2136' && byCount[fewest] !== undefined && byCount[most] !== undefined)
    .map(([name, byCount]) => {
      const perName = ((byCount[most] as number) - (byCount[fewest] as number)) / (most - fewest);
      // A batch per zone keeps the requests flat; a per-record API adds the same few requests for every name.
      const shape = perName < 0.1 ? 'one change per zone per order' : `${perName.toFixed(1)} requests per name`;
      return `| ${name} | ${byCount[fewest]} | ${byCount[most]} | ${shape} |`;
    });
  const table = [
    `Endpoint latency ${LATENCY_MS} ms per request; median of ${RUNS}.`,
    '',
    '| names | provider | median | over rfc2136 | API requests | runs (s) | failures |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    ...(counts.length > 1 && cost.length > 0
      ? [
          '',
          `What a name costs each provider (API requests of one certificate, ${fewest} and ${most} names):`,
          '',
          `| provider | ${fewest} names | ${most} names | per name |`,
          '|---|---|---|---|',
          ...cost,
        ]
      : []),
  ].join('\n');
  await writeFile('bench/results/providers.md', `${table}\n`);
  console.log(`\n${table}`);
}

await main();
