/**
 * The scenarios every vendor DNS provider must pass, run through the real provider code against
 * its local vendor endpoint, which writes into the test bed's BIND so Pebble validates through
 * real DNS. Each checks the certificate (chain, SANs) and the zone afterwards, at the vendor
 * and by DNS query. A provider's test file supplies a fixture and calls `vendorProviderScenarios`.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { challengeRecordName } from '../dns/names.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { DnsResolver } from '../dns/resolver.js';
import { createHttpClient } from '../net/http.js';
import { silentLogger, systemClock } from '../runtime.js';
import {
  bedInputs,
  captureLogger,
  issueOnBed,
  journalEntries,
  journalFolder,
  renewOnBed,
  STATE_KEY,
} from './engine.js';
import { node24 } from './node24.js';
import { runActionStep, visibleLog } from './runner.js';
import type { Testbed } from './testbed.js';
import { providerContractScenarios, type ContractTarget } from './provider-contract.js';
import { verifyCertificate, verifyIssued } from './verify.js';
import { until } from './wait.js';

export interface VendorProviderFixture {
  readonly name: string;
  /** Provider inputs pointing at the local endpoint, without credentials. */
  inputs(): Record<string, string>;
  /** Credentials as inputs, for runs in this process. */
  credentialInputs(): Record<string, string>;
  /** Credentials as CI puts them in the environment, for the Action and the CLI. */
  credentialsEnv(): Record<string, string>;
  /** What must never appear in any output (tokens, secret keys). */
  secrets(): string[];
  /** TXT values at `fqdn` as the vendor holds them (unquoted). */
  vendorTxt(fqdn: string): string[];
  /** Writes a TXT value that is not certwright's at `fqdn`, through the vendor (so into BIND). */
  seedForeign(fqdn: string, value: string): Promise<void>;
  /** Off: writes stay at the vendor and never reach DNS (a validation that must fail). */
  setMirroring(on: boolean): void;
  /** Throttles the next `times` write requests; returns how many were served when asked. */
  throttleWrites(times: number): () => number;
  /** Write requests the endpoint accepted so far. */
  writeCount(): number;
  /** Writes one issuance must take for `zones` zones holding `records` distinct values. */
  writesFor(zones: number, records: number): number;
  /** The form of the vendor's own record handle, for a provider that journals one (`ref`). */
  readonly refPattern?: RegExp;
  /**
   * TXT data in a form the vendor takes besides the one certwright writes (unquoted, several
   * strings, escapes), as lego, gcloud or Terraform write it: `seed` writes it at a name through
   * the vendor (so into BIND), `raw` reads the vendor's data at the name exactly as held.
   */
  readonly foreignForm?: { seed(fqdn: string): Promise<void>; raw(fqdn: string): unknown };
  assertNoUnexpectedRequests(): void;
}

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

/** Inputs for the bed with the fixture's provider instead of rfc2136. */
export function vendorInputs(
  bed: Testbed,
  fixture: VendorProviderFixture,
  domains: readonly string[],
  extra: Record<string, string | undefined> = {},
) {
  const raw: Record<string, string | undefined> = {
    ...bedInputs(bed, domains),
    'dns-provider': fixture.name,
    ...fixture.inputs(),
    ...extra,
  };
  for (const name of Object.keys(raw)) if (name.startsWith('rfc2136-')) delete raw[name];
  return raw;
}

/**
 * Inputs whose propagation check can never finish: the zone's NS points at 127.0.0.1:53, where
 * nothing answers in the test namespace, so a run sits waiting with its records created.
 */
function stallingInputs(
  bed: Testbed,
  fixture: VendorProviderFixture,
  domains: readonly string[],
  extra: Record<string, string | undefined> = {},
) {
  return vendorInputs(bed, fixture, domains, {
    nameservers: undefined,
    resolvers: `127.0.0.1:${bed.resolver.port}`,
    'propagation-timeout': '120',
    ...extra,
  });
}

/**
 * Kills `child` with SIGKILL once DNS serves `count` values at `fqdn`, and a moment later, so
 * the run has journaled what its provider answered (record IDs) and sits in its propagation wait.
 */
function killOnceServed(bed: Testbed, fqdn: string, count: number): (child: ChildProcess) => void {
  return (child) => {
    void until(`${count} TXT values are served at ${fqdn}`, async () => (await bed.txt(fqdn)).length >= count).then(
      () => setTimeout(() => child.kill('SIGKILL'), 500),
      () => child.kill('SIGKILL'),
    );
  };
}

function assertNoSecrets(fixture: VendorProviderFixture, output: string): void {
  for (const secret of fixture.secrets())
    assert.ok(!output.includes(secret), `a credential of ${fixture.name} appears in the output`);
}

/**
 * For a vendor whose API takes TXT data in other forms than certwright's: data another tool wrote
 * at the record name stays exactly as written, at the vendor and in DNS, while certwright adds its
 * values beside it (a wildcard and its apex: two) and removes them.
 */
export function foreignFormScenario(context: () => { bed: Testbed; fixture: VendorProviderFixture }): void {
  it("TXT data another tool wrote in another form the vendor takes stays exactly as written while the run's values come and go", async () => {
    const { bed, fixture } = context();
    const form = fixture.foreignForm;
    assert.ok(form, `${fixture.name}: the fixture says how another tool writes TXT data`);
    const domains = ['foreign-form.example.test', '*.foreign-form.example.test'];
    const name = challengeRecordName(domains[0] as string);
    await form.seed(name);
    // DNS gives a record set in any order.
    const [raw, served] = [form.raw(name), (await bed.txt(name)).sort()];
    assert.ok(served.length > 0, 'DNS serves the foreign data');
    const outcome = await issueOnBed(bed, domains, {
      ...vendorInputs(bed, fixture, domains),
      ...fixture.credentialInputs(),
    });
    await verifyCertificate(bed, outcome.paths, domains);
    assert.deepEqual(form.raw(name), raw, 'the vendor holds the foreign data as it was written');
    assert.deepEqual((await bed.txt(name)).sort(), served, 'DNS serves it as before');
    fixture.assertNoUnexpectedRequests();
  });
}

/** The provider contract's target on the bed: the fixture's provider writing into example.test, served by BIND. */
export function contractOnBed(bed: Testbed, fixture: VendorProviderFixture): ContractTarget {
  const definition = PROVIDERS.find((provider) => provider.name === fixture.name);
  if (!definition) throw new Error(`provider-scenarios: no provider named ${fixture.name}`);
  const configured = definition.configure({ ...fixture.inputs(), ...fixture.credentialInputs() });
  const env = { ...process.env, ...fixture.credentialsEnv() };
  return {
    createProvider: () =>
      configured.create({
        logger: silentLogger,
        clock: systemClock,
        env,
        http: createHttpClient({ userAgent: 'certwright-test' }),
      }),
    zone: 'example.test',
    resolver: new DnsResolver({ resolvers: [], nameservers: [bed.dns] }),
    propagationTimeoutMs: 10_000,
    intervalMs: 50,
    logger: silentLogger,
  };
}

export function vendorProviderScenarios(context: () => { bed: Testbed; fixture: VendorProviderFixture }): void {
  // The contract first: what `npm run test:live` checks against the real vendor, here against its fake.
  providerContractScenarios(() => contractOnBed(context().bed, context().fixture));

  const issue = (domains: string[], extra: Record<string, string | undefined> = {}) => {
    const { bed, fixture } = context();
    return issueOnBed(bed, domains, {
      ...vendorInputs(bed, fixture, domains),
      ...fixture.credentialInputs(),
      ...extra,
    });
  };

  it('wildcard and apex on one name: one certificate, nothing left at the vendor or in DNS', async () => {
    const { bed, fixture } = context();
    const domains = ['wild.example.test', '*.wild.example.test'];
    const outcome = await issue(domains);
    await verifyIssued(bed, outcome.paths, domains);
    assert.deepEqual(fixture.vendorTxt('_acme-challenge.wild.example.test'), []);
    fixture.assertNoUnexpectedRequests();
  });

  it('names in two zones and a CNAME-delegated name: one certificate, the writes batched as the vendor allows', async () => {
    const { bed, fixture } = context();
    const domains = ['multi.example.test', 'multi.other.test', 'cname.example.test'];
    const before = fixture.writeCount();
    const outcome = await issue(domains);
    await verifyIssued(bed, outcome.paths, domains);
    // cname.example.test's record lives in delegated.test: three zones, three values.
    assert.equal(fixture.writeCount() - before, fixture.writesFor(3, 3), 'writes for three zones');
    for (const name of [
      '_acme-challenge.multi.example.test',
      '_acme-challenge.multi.other.test',
      'cname-target.delegated.test',
    ]) {
      assert.deepEqual(fixture.vendorTxt(name), [], `nothing left at ${name}`);
    }
    fixture.assertNoUnexpectedRequests();
  });

  it('a foreign TXT value at the name survives a success and a failed validation, unchanged', async () => {
    const { bed, fixture } = context();
    for (const domain of ['foreign.example.test', 'foreign-fail.example.test'])
      await fixture.seedForeign(challengeRecordName(domain), `foreign-value-${domain}`);
    const outcome = await issue(['foreign.example.test']);
    await verifyCertificate(bed, outcome.paths, ['foreign.example.test']);
    const name = challengeRecordName('foreign.example.test');
    assert.deepEqual(await bed.txt(name), ['foreign-value-foreign.example.test'], 'DNS serves the foreign value only');
    assert.deepEqual(fixture.vendorTxt(name), ['foreign-value-foreign.example.test']);

    // The run's value reaches the vendor but never DNS: Pebble sees only the foreign value.
    fixture.setMirroring(false);
    try {
      await assert.rejects(
        issue(['foreign-fail.example.test'], { propagation: 'skip' }),
        /foreign-fail\.example\.test/,
      );
    } finally {
      fixture.setMirroring(true);
    }
    const failName = challengeRecordName('foreign-fail.example.test');
    assert.deepEqual(
      fixture.vendorTxt(failName),
      ['foreign-value-foreign-fail.example.test'],
      'cleanup after the failure kept the foreign value',
    );
    assert.deepEqual(await bed.txt(failName), ['foreign-value-foreign-fail.example.test']);
    fixture.assertNoUnexpectedRequests();
  });

  it('throttled writes are retried and the certificate still comes', async () => {
    const { bed, fixture } = context();
    const served = fixture.throttleWrites(2);
    const domains = ['throttled.example.test'];
    const outcome = await issue(domains);
    await verifyIssued(bed, outcome.paths, domains);
    assert.equal(served(), 2, 'both throttled answers were served and survived');
    fixture.assertNoUnexpectedRequests();
  });

  it("the Action (Node 24, as action.yml runs it), killed with SIGKILL mid-run: its post step removes exactly the run's values; no credential in any output", async () => {
    const { bed, fixture } = context();
    const domains = ['killed.example.test', '*.killed.example.test'];
    const name = challengeRecordName(domains[0] as string);
    await fixture.seedForeign(name, 'foreign-value-killed');
    const inputs = stallingInputs(bed, fixture, domains);
    const env = fixture.credentialsEnv();
    const crashed = await runActionStep(dist('main.js'), inputs, {}, node24(), env, killOnceServed(bed, name, 3));
    assert.equal(crashed.signal, 'SIGKILL', crashed.output);
    assert.equal((await bed.txt(name)).length, 3, 'the two values of the run are left beside the foreign one');
    const pending = crashed.state['pending-records'] ?? '';
    const journaled = (JSON.parse(pending) as { records: { value: string; ref?: string }[] }[]).flatMap(
      (entry) => entry.records,
    );
    assert.equal(journaled.length, 2, 'the crash record holds the two records in flight');
    if (fixture.refPattern)
      for (const r of journaled)
        assert.match(r.ref ?? '', fixture.refPattern, 'each record is journaled with its vendor ID');
    const cleaned = await runActionStep(dist('post.js'), inputs, { 'pending-records': pending }, node24(), env);
    assert.equal(cleaned.code, 0, cleaned.output);
    assert.match(cleaned.output, /Removing 2 TXT record\(s\) of killed\.example\.test left by the main step/);
    assert.deepEqual(await bed.txt(name), ['foreign-value-killed']);
    assert.deepEqual(fixture.vendorTxt(name), ['foreign-value-killed']);
    assertNoSecrets(fixture, visibleLog(crashed.output) + visibleLog(cleaned.output) + pending);
    fixture.assertNoUnexpectedRequests();
  });

  it(
    'the CLI (Node ' +
      process.versions.node.split('.')[0] +
      "), killed with SIGKILL mid-run: the next renew removes exactly the run's values, then issues",
    async () => {
      const { bed, fixture } = context();
      const dir = await mkdtemp(join(tmpdir(), `certwright-${fixture.name}-`));
      const paths = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out') };
      const domains = ['killed-cli.example.test'];
      const name = challengeRecordName(domains[0] as string);
      await fixture.seedForeign(name, 'foreign-value-killed-cli');
      const raw = stallingInputs(bed, fixture, domains, {
        store: `file:${paths.statePath}`,
        'output-dir': paths.outputDir,
      });
      const args = [
        'renew',
        ...Object.entries(raw).flatMap(([k, v]) =>
          v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
        ),
      ];
      const child = spawn(process.execPath, [dist('cli.js'), ...args], {
        env: {
          PATH: process.env.PATH,
          CERTWRIGHT_STATE_KEY: STATE_KEY,
          XDG_CONFIG_HOME: join(dir, 'config'),
          ...fixture.credentialsEnv(),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      const closed = new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)));
      killOnceServed(bed, name, 2)(child);
      assert.equal(await closed, 'SIGKILL', output);
      assertNoSecrets(fixture, output);
      const journal = journalFolder(join(dir, 'config'));
      assert.match(
        JSON.stringify(await journalEntries(join(dir, 'config'))),
        /killed-cli\.example\.test/,
        "the records were noted in the CLI's records journal",
      );

      const logger = captureLogger();
      const next = await renewOnBed(bed, domains, {
        ...paths,
        logger,
        journal,
        extra: { ...vendorInputs(bed, fixture, domains), ...fixture.credentialInputs() },
      });
      assert.ok(
        logger.lines.some((line) =>
          /^info: killed-cli\.example\.test: removing 1 TXT record\(s\) left by an interrupted run/.test(line),
        ),
        logger.lines.join('\n'),
      );
      assert.equal(next.action, 'issued');
      await verifyCertificate(bed, next.paths!, domains);
      assert.deepEqual(await bed.txt(name), ['foreign-value-killed-cli']);
      assert.deepEqual(fixture.vendorTxt(name), ['foreign-value-killed-cli']);
      fixture.assertNoUnexpectedRequests();
    },
  );

  it('the Action issues through dist/main.js on Node 24 with credentials only in the environment, and never prints them', async () => {
    const { bed, fixture } = context();
    const domains = ['action.example.test'];
    const run = await runActionStep(
      dist('main.js'),
      vendorInputs(bed, fixture, domains),
      {},
      node24(),
      fixture.credentialsEnv(),
    );
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    await verifyIssued(
      bed,
      {
        cert: run.outputs['cert-path'] ?? '',
        chain: run.outputs['chain-path'] ?? '',
        fullchain: run.outputs['fullchain-path'] ?? '',
        privkey: run.outputs['key-path'] ?? '',
        dir: '',
      },
      domains,
    );
    assertNoSecrets(fixture, visibleLog(run.output) + run.summary);
    fixture.assertNoUnexpectedRequests();
  });
}
