import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  bedInputs,
  captureLogger,
  issueOnBed,
  journalEntries,
  journalFolder,
  renewOnBed,
  STATE_KEY,
} from '../../../../testing/engine.js';
import { node24 } from '../../../../testing/node24.js';
import { runActionStep, visibleLog } from '../../../../testing/runner.js';
import { DELEGATED_TARGET, DELEGATED_TARGET_2, startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { json } from '../../../../testing/fake-api-kit.js';
import { verifyCertificate } from '../../../../testing/verify.js';
import { until } from '../../../../testing/wait.js';
import { createHttpClient, type HttpClient } from '../../../../net/http.js';
import { errorMessage, silentLogger, systemClock, type Clock, type Logger } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../../provider.js';
import { startFakeAcmeDnsApi, type AcmeDnsAccountRecord, type FakeAcmeDnsApi } from './fake-api.js';
import { definition } from '../index.js';
import { registerAcmeDnsAccount } from '../register.js';

const dist = (file: string) => fileURLToPath(new URL(`../../../../../dist/${file}`, import.meta.url));
const http = createHttpClient({ userAgent: 'certwright-test' });
/** A dns-01 value: 43 characters of base64url. */
const dns01Value = () => randomBytes(32).toString('base64url');

/** The bed's inputs with acme-dns instead of rfc2136. */
function acmeDnsInputs(
  bed: Testbed,
  domains: readonly string[],
  extra: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = { ...bedInputs(bed, domains), 'dns-provider': 'acme-dns', ...extra };
  for (const name of Object.keys(raw)) if (name.startsWith('rfc2136-')) delete raw[name];
  return raw;
}

/**
 * acme-dns answers with TTL 1, and the bed's resolver (the CA's) keeps an answer that long: a
 * name validated again within the second would be checked against the cached values.
 */
const resolverForgets = () => new Promise((resolve) => setTimeout(resolve, 1_100));

/** Every string of `account` a log must never show. */
const secretsOf = (account: { username: string; password: string }) => [account.password, account.username];

function assertNoSecrets(output: string, account: { username: string; password: string }): void {
  for (const secret of secretsOf(account))
    assert.ok(!output.includes(secret), 'an acme-dns credential appears in the output');
}

describe('acme-dns provider through a local acme-dns serving its zone in BIND, validated by Pebble', () => {
  let bed: Testbed;
  let endpoint: FakeAcmeDnsApi;
  /** The account behind `_acme-challenge.cname.example.test`, and its credentials JSON. */
  let cnameAccount: { username: string; password: string };
  let cnameCredentials: string;
  /** The account behind `_acme-challenge.cname2.example.test`. */
  let cname2Account: AcmeDnsAccountRecord;

  before(async () => {
    // Every order proves every name again: the runs below validate the same two names more than once.
    bed = await startTestbed({ pebbleEnv: { PEBBLE_AUTHZREUSE: '0' } });
    endpoint = await startFakeAcmeDnsApi({ domain: 'delegated.test', bind: { server: bed.dns, tsig: bed.tsig } });
    endpoint.nextSubdomains('cname2-target');
    cname2Account = endpoint.register();
  });
  after(async () => {
    await endpoint?.close();
    await bed?.stop();
  });

  it('register prints the CNAME the bed has; then a wildcard and its apex are issued through it, both values left for the next run to overwrite', async () => {
    endpoint.nextSubdomains('cname-target');
    const registration = await registerAcmeDnsAccount({ server: endpoint.url, domain: '*.cname.example.test' }, http);
    assert.equal(registration.cname, `_acme-challenge.cname.example.test. CNAME ${DELEGATED_TARGET}.`);
    const stored = registration.credentials['cname.example.test'];
    assert.ok(stored);
    assert.deepEqual(Object.keys(stored), [
      'username',
      'password',
      'fulldomain',
      'subdomain',
      'allowfrom',
      'server_url',
    ]);
    assert.deepEqual(
      [stored.fulldomain, stored.subdomain, stored.server_url, stored.allowfrom],
      [DELEGATED_TARGET, 'cname-target', endpoint.url, []],
    );
    cnameAccount = stored;
    cnameCredentials = JSON.stringify(registration.credentials);

    const domains = ['cname.example.test', '*.cname.example.test'];
    const before = endpoint.updateCount();
    const logger = captureLogger();
    const outcome = await issueOnBed(
      bed,
      domains,
      acmeDnsInputs(bed, domains, { 'acme-dns-credentials': cnameCredentials }),
      logger,
    );
    await verifyCertificate(bed, outcome.paths, domains);
    assert.equal(endpoint.updateCount() - before, 2, 'one update per value');
    assert.equal(endpoint.txt(DELEGATED_TARGET).length, 2);
    assert.deepEqual(
      (await bed.txt(DELEGATED_TARGET)).sort(),
      endpoint.txt(DELEGATED_TARGET).sort(),
      'no delete: acme-dns has none',
    );
    assert.ok(
      logger.lines.some((line) => /ordering .*; DNS: acme-dns \(1 account\(s\)\)/.test(line)),
      logger.lines.join('\n'),
    );
    assertNoSecrets(logger.lines.join('\n'), stored);
    endpoint.assertNoUnexpectedRequests();
  });

  it("credentials files as certbot's acme-dns hook and lego write them both work", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-acme-dns-'));
    const { username, password, fulldomain, subdomain, allowfrom } = cname2Account;
    const domains = ['cname2.example.test'];
    // certbot's acme-dns-auth.py stores the /register answer under the domain; the server is in its own settings.
    const certbot = join(dir, 'acmedns.json');
    await writeFile(
      certbot,
      JSON.stringify({ 'cname2.example.test': { username, password, fulldomain, subdomain, allowfrom } }),
      { mode: 0o600 },
    );
    const first = await issueOnBed(
      bed,
      domains,
      acmeDnsInputs(bed, domains, { 'acme-dns-server': endpoint.url, 'acme-dns-credentials-file': certbot }),
    );
    await verifyCertificate(bed, first.paths, domains);
    // lego (goacmedns) stores the account with the server it lives on; no acme-dns-server needed.
    await resolverForgets();
    const lego = join(dir, 'lego-acme-dns-accounts.json');
    await writeFile(
      lego,
      JSON.stringify({
        'cname2.example.test': { fulldomain, subdomain, username, password, server_url: endpoint.url },
      }),
      { mode: 0o600 },
    );
    const second = await issueOnBed(bed, domains, acmeDnsInputs(bed, domains, { 'acme-dns-credentials-file': lego }));
    await verifyCertificate(bed, second.paths, domains);
    assert.equal(endpoint.txt(DELEGATED_TARGET_2).length, 2, "the two runs' values");
    endpoint.assertNoUnexpectedRequests();
  });

  it('three names on one account are refused before anything is sent, with the names and the fix', async () => {
    const { username, password, fulldomain, subdomain } = cname2Account;
    const account = { username, password, fulldomain, subdomain, server_url: endpoint.url };
    const credentials = JSON.stringify({ 'cname2.example.test': account, 'www.cname2.example.test': account });
    const domains = ['cname2.example.test', '*.cname2.example.test', 'www.cname2.example.test'];
    const message =
      'acme-dns: 3 names of this certificate need TXT values on one acme-dns account (cname2-target.delegated.test: cname2.example.test, *.cname2.example.test, www.cname2.example.test), ' +
      'but acme-dns keeps only the 2 most recent, so the CA could not see them all; split the certificate (a name and its wildcard per account) or use separate acme-dns accounts (certwright acme-dns register -d NAME)';
    assert.throws(() => definition.configure({ domains: domains.join(', '), 'acme-dns-credentials': credentials }), {
      message,
    });
    const file = join(await mkdtemp(join(tmpdir(), 'certwright-acme-dns-')), 'acmedns.json');
    await writeFile(file, credentials);
    const updates = endpoint.updateCount();
    await assert.rejects(issueOnBed(bed, domains, acmeDnsInputs(bed, domains, { 'acme-dns-credentials-file': file })), {
      message,
    });
    assert.equal(endpoint.updateCount(), updates, 'nothing reached acme-dns');
  });

  it('the Action on Node 24 with the credentials in the environment: issues, and no credential in any output, even when refused', async () => {
    const domains = ['cname.example.test'];
    const inputs = acmeDnsInputs(bed, domains, {});
    const refusedAccount = { ...cnameAccount, password: 'W'.repeat(40) };
    const refused = await runActionStep(dist('main.js'), inputs, {}, node24(), {
      CERTWRIGHT_ACME_DNS_CREDENTIALS: JSON.stringify({
        'cname.example.test': { ...refusedAccount, server_url: endpoint.url },
      }),
    });
    assert.notEqual(refused.code, 0);
    assert.match(
      visibleLog(refused.output),
      /acme-dns: updating cname-target\.delegated\.test for cname\.example\.test: 401 forbidden; acme-dns refused the account/,
    );
    assertNoSecrets(visibleLog(refused.output) + refused.summary, refusedAccount);
    assertNoSecrets(visibleLog(refused.output) + refused.summary, cnameAccount);

    const run = await runActionStep(dist('main.js'), inputs, {}, node24(), {
      CERTWRIGHT_ACME_DNS_CREDENTIALS: cnameCredentials,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    await verifyCertificate(
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
    assertNoSecrets(visibleLog(run.output) + run.summary, cnameAccount);
  });

  it('the Action killed with SIGKILL mid-run: its post step has nothing to send; a new run overwrites the values', async () => {
    const domains = ['cname.example.test', '*.cname.example.test'];
    const inputs = acmeDnsInputs(bed, domains, {
      nameservers: undefined,
      resolvers: `127.0.0.1:${bed.resolver.port}`,
      'propagation-timeout': '120',
    });
    const env = { CERTWRIGHT_ACME_DNS_CREDENTIALS: cnameCredentials };
    const updates = endpoint.updateCount();
    const crashed = await runActionStep(dist('main.js'), inputs, {}, node24(), env, (child) => {
      void until('both values reached acme-dns', () => Promise.resolve(endpoint.updateCount() >= updates + 2)).then(
        () => setTimeout(() => child.kill('SIGKILL'), 500),
        () => child.kill('SIGKILL'),
      );
    });
    assert.equal(crashed.signal, 'SIGKILL', crashed.output);
    const left = endpoint.txt(DELEGATED_TARGET);
    const pending = crashed.state['pending-records'] ?? '';
    assert.deepEqual(
      (JSON.parse(pending) as { records: { value: string }[] }[]).flatMap((e) => e.records.map((r) => r.value)).sort(),
      [...left].sort(),
    );
    const requests = endpoint.vendor.requests.length;
    const cleaned = await runActionStep(dist('post.js'), inputs, { 'pending-records': pending }, node24(), env);
    assert.equal(cleaned.code, 0, cleaned.output);
    assert.match(cleaned.output, /Removing 2 TXT record\(s\) of cname\.example\.test left by the main step/);
    assert.equal(endpoint.vendor.requests.length, requests, 'cleanup sends nothing');
    assert.deepEqual(endpoint.txt(DELEGATED_TARGET), left);
    assertNoSecrets(visibleLog(crashed.output) + visibleLog(cleaned.output) + pending, cnameAccount);

    await resolverForgets();
    const next = await issueOnBed(
      bed,
      domains,
      acmeDnsInputs(bed, domains, { 'acme-dns-credentials': cnameCredentials }),
    );
    await verifyCertificate(bed, next.paths, domains);
    assert.equal(
      endpoint.txt(DELEGATED_TARGET).filter((v) => left.includes(v)).length,
      0,
      "the crashed run's values are overwritten",
    );
    endpoint.assertNoUnexpectedRequests();
  });

  it('the CLI killed with SIGKILL mid-run: the next renew has nothing to clean, and issues', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-acme-dns-'));
    const paths = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out') };
    const domains = ['cname2.example.test'];
    const credentials = JSON.stringify({ 'cname2.example.test': { ...cname2Account, server_url: endpoint.url } });
    const raw = acmeDnsInputs(bed, domains, {
      nameservers: undefined,
      resolvers: `127.0.0.1:${bed.resolver.port}`,
      'propagation-timeout': '120',
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
        CERTWRIGHT_ACME_DNS_CREDENTIALS: credentials,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const closed = new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const updates = endpoint.updateCount();
    void until('the value reached acme-dns', () => Promise.resolve(endpoint.updateCount() > updates)).then(
      () => setTimeout(() => child.kill('SIGKILL'), 500),
      () => child.kill('SIGKILL'),
    );
    assert.equal(await closed, 'SIGKILL', output);
    assertNoSecrets(output, cname2Account);
    const journal = journalFolder(join(dir, 'config'));
    assert.match(JSON.stringify(await journalEntries(join(dir, 'config'))), /cname2\.example\.test/);
    const crashedValue = endpoint.txt(DELEGATED_TARGET_2).at(-1);

    const logger = captureLogger();
    const requests = endpoint.vendor.requests.length;
    const next = await renewOnBed(bed, domains, {
      ...paths,
      logger,
      journal,
      extra: acmeDnsInputs(bed, domains, { 'acme-dns-credentials': credentials }),
    });
    assert.ok(
      logger.lines.some((line) =>
        /^info: cname2\.example\.test: removing 1 TXT record\(s\) left by an interrupted run/.test(line),
      ),
      logger.lines.join('\n'),
    );
    assert.equal(next.action, 'issued');
    await verifyCertificate(bed, next.paths!, domains);
    assert.equal(
      endpoint.vendor.requests.length - requests,
      1,
      'one update for the new value, nothing for the cleanup',
    );
    assert.deepEqual(endpoint.txt(DELEGATED_TARGET_2)[0], crashedValue, 'the new value replaced the older one');
    assertNoSecrets(logger.lines.join('\n'), cname2Account);
    endpoint.assertNoUnexpectedRequests();
  });
});

describe('acme-dns provider: accounts, CNAMEs and acme-dns answers', () => {
  let endpoint: FakeAcmeDnsApi;
  before(async () => {
    endpoint = await startFakeAcmeDnsApi({ domain: 'auth.test' });
  });
  after(async () => endpoint?.close());

  const contextOf = (options: { clock?: Clock; logger?: Logger; http?: typeof http } = {}): ProviderContext => ({
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    env: {},
    http: options.http ?? http,
  });
  const provider = (credentials: unknown, context = contextOf()): Promise<DnsProvider> =>
    definition
      .configure({ 'acme-dns-server': endpoint.url, 'acme-dns-credentials': JSON.stringify(credentials) })
      .create(context);
  const entry = ({ username, password, fulldomain, subdomain }: AcmeDnsAccountRecord) => ({
    username,
    password,
    fulldomain,
    subdomain,
  });
  const record = (domain: string, fqdn: string, value = dns01Value()): ChallengeRecord => ({
    domain,
    fqdn,
    zone: 'auth.test',
    value,
  });

  it('refuses credentials with one line that names the input and the entry, never quoting the JSON', () => {
    const good = {
      username: 'c36f50e8-4632-44f0-83fe-e070fef28a10',
      password: 'htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z',
      fulldomain: 'abc.auth.test',
      subdomain: 'abc',
    };
    const configure = (values: Record<string, string | undefined>) =>
      definition.configure({ 'acme-dns-server': 'https://auth.test', ...values });
    const cases: [Record<string, string | undefined>, string][] = [
      [
        {},
        'acme-dns-credentials: missing; expected the accounts JSON (from a secret, or CERTWRIGHT_ACME_DNS_CREDENTIALS), or set acme-dns-credentials-file; certwright acme-dns register creates an account',
      ],
      [
        { 'acme-dns-credentials': '{}', 'acme-dns-credentials-file': '/x.json' },
        'acme-dns-credentials-file: given with acme-dns-credentials; give one of them',
      ],
      [
        { 'acme-dns-credentials': `{"example.com": {"password": "${good.password}"` },
        "acme-dns-credentials: not valid JSON; expected the object acme-dns /register answers, keyed by domain as certbot's and lego's acme-dns files are",
      ],
      [
        { 'acme-dns-credentials': '[]' },
        'acme-dns-credentials: not a JSON object; expected {"example.com": {"username": ..., "password": ..., "fulldomain": ..., "subdomain": ...}}',
      ],
      [
        { 'acme-dns-credentials': '{}' },
        'acme-dns-credentials: holds no account; register one with certwright acme-dns register -d example.com',
      ],
      [
        { 'acme-dns-credentials': JSON.stringify({ 'exa mple.com': good }) },
        'acme-dns-credentials: key "exa mple.com" is not a domain name (the label "exa mple" has characters other than letters, digits and hyphens); expected entries such as "example.com": {...}',
      ],
      [
        { 'acme-dns-credentials': JSON.stringify({ 'example.com': { ...good, password: '' } }) },
        'acme-dns-credentials: the entry for "example.com" has no password; expected "username", "password", "fulldomain" and "subdomain" as acme-dns /register answers',
      ],
      [
        { 'acme-dns-credentials': JSON.stringify({ 'example.com': 'x' }) },
        'acme-dns-credentials: the entry for "example.com" is not an object; expected {"username", "password", "fulldomain", "subdomain"} as acme-dns /register answers',
      ],
      [
        { 'acme-dns-credentials': JSON.stringify({ 'example.com': { ...good, fulldomain: 'not a name' } }) },
        'acme-dns-credentials: the entry for "example.com" has fulldomain "not a name", which is not a domain name',
      ],
      [
        { 'acme-dns-credentials': JSON.stringify({ 'example.com': { ...good, server_url: 'auth.test' } }) },
        'acme-dns-credentials: the entry for "example.com" has a server_url that is not an http(s) URL; expected such as https://auth.acme-dns.io',
      ],
      [
        {
          'acme-dns-credentials': JSON.stringify({
            'example.com': good,
            '*.example.com': { ...good, subdomain: 'other' },
          }),
        },
        'acme-dns-credentials: keys "example.com" and "*.example.com" both name example.com (a wildcard and its apex share _acme-challenge.example.com, so one account); keep one',
      ],
      [
        { 'acme-dns-server': undefined, 'acme-dns-credentials': JSON.stringify({ 'example.com': good }) },
        'acme-dns-server: missing; expected the acme-dns API URL, such as https://auth.acme-dns.io (the entry for "example.com" in acme-dns-credentials carries no server_url)',
      ],
      [
        { 'acme-dns-server': 'auth.test', 'acme-dns-credentials': JSON.stringify({ 'example.com': good }) },
        'acme-dns-server: "auth.test" is not a URL; expected one such as https://auth.acme-dns.io',
      ],
    ];
    for (const [values, message] of cases) {
      assert.throws(
        () => configure(values),
        (error: Error) => {
          assert.equal(error.message, message);
          assert.ok(!error.message.includes(good.password), 'the password is never quoted');
          return true;
        },
      );
    }
    // A wildcard key is its apex's; one account object serves every name CNAMEd to it; the same account twice is one account.
    assert.equal(
      configure({
        'acme-dns-credentials': JSON.stringify({
          '*.example.com': good,
          'www.example.com': good,
          'example.org': { ...good, subdomain: 'def', fulldomain: 'def.auth.test.' },
        }),
      }).description,
      'acme-dns (2 account(s) at https://auth.test)',
    );
    assert.equal(
      configure({ 'acme-dns-credentials': JSON.stringify(good) }).description,
      'acme-dns (1 account(s) at https://auth.test)',
    );
    assert.equal(
      configure({ 'acme-dns-credentials-file': '/etc/letsencrypt/acmedns.json' }).description,
      'acme-dns (accounts from /etc/letsencrypt/acmedns.json at https://auth.test)',
    );
  });

  it('a missing credentials file fails at create, before the order, naming the file', async () => {
    const configured = definition.configure({
      'acme-dns-server': endpoint.url,
      'acme-dns-credentials-file': '/nonexistent/acmedns.json',
    });
    await assert.rejects(configured.create(contextOf()), {
      message:
        'acme-dns-credentials-file: cannot read /nonexistent/acmedns.json (ENOENT); expected the acme-dns accounts JSON that certbot or lego wrote, or certwright acme-dns register printed',
    });
  });

  it('a name whose _acme-challenge is not CNAMEd to its account gets the exact record to create; a name without an account, how to get one', async () => {
    const account = endpoint.register();
    const p = await provider({ 'www.example.test': entry(account) });
    const updates = endpoint.vendor.requests.filter((r) => r.path === '/update').length;
    await assert.rejects(p.createRecords([record('www.example.test', '_acme-challenge.www.example.test')]), {
      message: `acme-dns: _acme-challenge.www.example.test is not a CNAME, but the acme-dns account for www.example.test is ${account.fulldomain}; create the record "_acme-challenge.www.example.test. CNAME ${account.fulldomain}." in the zone of www.example.test (once), then run again`,
    });
    await assert.rejects(p.createRecords([record('*.www.example.test', 'elsewhere.other.test')]), {
      message:
        /^acme-dns: _acme-challenge\.www\.example\.test leads to elsewhere\.other\.test, but the acme-dns account for www\.example\.test is /,
    });
    await assert.rejects(p.createRecords([record('api.example.test', '_acme-challenge.api.example.test')]), {
      message:
        "acme-dns: acme-dns-credentials has no account for api.example.test, and _acme-challenge.api.example.test is no account's fulldomain; register one with certwright acme-dns register -d api.example.test, create the CNAME it prints and add the credentials",
    });
    // A name without an entry whose CNAME leads to an account's fulldomain uses that account.
    const value = dns01Value();
    await p.createRecords([record('shop.example.test', account.fulldomain, value)]);
    assert.deepEqual(endpoint.txt(account.fulldomain), [value]);
    assert.equal(
      endpoint.vendor.requests.filter((r) => r.path === '/update').length - updates,
      1,
      'refused records sent nothing',
    );
    endpoint.assertNoUnexpectedRequests();
  });

  it('one account object: three values for it in one order are refused before any update', async () => {
    const account = endpoint.register();
    const p = await provider(entry(account));
    const before = endpoint.updateCount();
    await assert.rejects(
      p.createRecords([
        record('a.example.test', account.fulldomain),
        record('*.a.example.test', account.fulldomain),
        record('b.example.test', account.fulldomain),
      ]),
      {
        message: new RegExp(
          `^acme-dns: 3 names of this certificate need TXT values on one acme-dns account \\(${account.fulldomain}: a\\.example\\.test, \\*\\.a\\.example\\.test, b\\.example\\.test\\)`,
        ),
      },
    );
    assert.equal(endpoint.updateCount(), before);
  });

  it('a 5xx on the second value sends both again, so the account ends with both', async () => {
    const account = endpoint.register();
    const slept: number[] = [];
    // A proxy that passes the second update on to acme-dns but answers 502: was it applied? Sending only it again would leave it twice.
    let updates = 0;
    const flaky: HttpClient = async (request) => {
      const response = await http(request);
      if (request.url.endsWith('/update') && ++updates === 2)
        return { ...response, status: 502, body: Buffer.from('<html>502 Bad Gateway</html>') };
      return response;
    };
    const p = await provider(
      { 'x.example.test': entry(account) },
      contextOf({
        http: flaky,
        clock: {
          now: Date.now,
          sleep: (ms) => {
            slept.push(ms);
            return Promise.resolve();
          },
        },
      }),
    );
    const [first, second] = [dns01Value(), dns01Value()];
    const sent = endpoint.vendor.requests.length;
    await p.createRecords([
      record('x.example.test', account.fulldomain, first),
      record('*.x.example.test', account.fulldomain, second),
    ]);
    const order = endpoint.vendor.requests
      .slice(sent)
      .map((r) => ((JSON.parse(r.body) as { txt: string }).txt === first ? 'first' : 'second'));
    assert.deepEqual(order, ['first', 'second', 'first', 'second']);
    assert.equal(slept.length, 1);
    assert.ok(
      (slept[0] ?? 0) >= 250 && (slept[0] ?? 0) <= 500,
      `one backoff, jittered between half and all of 500 ms: ${slept.join(', ')}`,
    );
    assert.deepEqual(endpoint.txt(account.fulldomain), [first, second]);

    await p.deleteRecords([record('x.example.test', account.fulldomain, first)]);
    endpoint.vendor.failNext('POST /update', json(503, { error: 'unavailable' }), 4);
    await assert.rejects(p.createRecords([record('x.example.test', account.fulldomain)]), {
      message: `acme-dns: updating ${account.fulldomain} for x.example.test: 503 unavailable; the acme-dns server or a proxy in front of it failed (after 4 attempts)`,
    });
  });

  it('refused credentials and networks outside allowfrom fail with one line that never shows them', async () => {
    const registration = await registerAcmeDnsAccount(
      { server: endpoint.url, domain: 'pinned.example.test', allowFrom: ['10.20.0.0/16'] },
      http,
    );
    const stored = registration.credentials['pinned.example.test'];
    assert.ok(stored);
    assert.deepEqual(stored.allowfrom, ['10.20.0.0/16']);
    const p = await provider(registration.credentials);
    const error = await p.createRecords([record('pinned.example.test', stored.fulldomain)]).then(
      () => assert.fail('acme-dns accepted an update from outside allowfrom'),
      (e: unknown) => e,
    );
    assert.equal(
      errorMessage(error),
      `acme-dns: updating ${stored.fulldomain} for pinned.example.test: 401 forbidden; acme-dns refused the account: a wrong username or password, a subdomain other than the account's, or an address outside the account's allowfrom; check the entry for pinned.example.test in the credentials, and allowfrom against the runner's address`,
    );
    assert.ok(!errorMessage(error).includes(stored.password) && !errorMessage(error).includes(stored.username));

    const local = await registerAcmeDnsAccount(
      { server: `${endpoint.url}/`, domain: 'local.example.test', allowFrom: ['127.0.0.0/8'] },
      http,
    );
    const value = dns01Value();
    await (
      await provider(local.credentials)
    ).createRecords([record('local.example.test', local.credentials['local.example.test']?.fulldomain ?? '', value)]);
    assert.deepEqual(endpoint.txt(local.credentials['local.example.test']?.fulldomain ?? ''), [value]);
  });

  it('register checks the name and the networks before sending, and says when the server does not register', async () => {
    await assert.rejects(registerAcmeDnsAccount({ server: endpoint.url, domain: 'example' }, http), {
      message: 'domains: "example" is not a domain name: it needs at least two labels, as in example.com',
    });
    await assert.rejects(
      registerAcmeDnsAccount({ server: endpoint.url, domain: 'example.test', allowFrom: ['10.0.0.1'] }, http),
      {
        message:
          'acme-dns-allowfrom: "10.0.0.1" is not a network in CIDR notation; expected such as 192.0.2.0/24 or 2001:db8::/32',
      },
    );
    await assert.rejects(registerAcmeDnsAccount({ server: 'auth.test', domain: 'example.test' }, http), {
      message: 'acme-dns-server: "auth.test" is not a URL; expected the acme-dns API, such as https://auth.acme-dns.io',
    });
    const closed = await startFakeAcmeDnsApi({ domain: 'auth.test', disableRegistration: true });
    try {
      await assert.rejects(registerAcmeDnsAccount({ server: closed.url, domain: 'example.test' }, http), {
        message: `acme-dns: registering an account at ${closed.url}: HTTP 404: 404 page not found; ${closed.url} does not register accounts (acme-dns with disable_registration, or not the API's base URL); ask its operator for an account`,
      });
    } finally {
      await closed.close();
    }
  });

  it('certificates of one run that share an account take turns: the second waits until the first is done', async () => {
    const account = endpoint.register();
    const infos: string[] = [];
    const context = contextOf({ logger: { ...silentLogger, info: (m) => void infos.push(m) } });
    const credentials = { 'one.example.test': entry(account), 'two.example.test': entry(account) };
    const [first, second] = [await provider(credentials, context), await provider(credentials, context)];
    const firstRecords = [
      record('one.example.test', account.fulldomain),
      record('*.one.example.test', account.fulldomain),
    ];
    const secondRecords = [record('two.example.test', account.fulldomain)];
    await first.createRecords(firstRecords);
    let secondDone = false;
    const waiting = second.createRecords(secondRecords).then(() => void (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(secondDone, false, 'the second waits while the first holds both values');
    assert.deepEqual(
      endpoint.txt(account.fulldomain),
      firstRecords.map((r) => r.value),
    );
    assert.deepEqual(infos, [
      `acme-dns: another certificate of this run has values on ${account.fulldomain}; waiting for it to finish (acme-dns keeps 2 per account)`,
    ]);
    await first.deleteRecords(firstRecords);
    await waiting;
    assert.deepEqual(endpoint.txt(account.fulldomain), [firstRecords[1]?.value, secondRecords[0]?.value]);
    await second.deleteRecords(secondRecords);
    // Another run (another HTTP client) never waits for this one.
    const other = await provider(credentials, contextOf({ http: createHttpClient({ userAgent: 'certwright-test' }) }));
    await first.createRecords(firstRecords);
    await other.createRecords(secondRecords);
  });
});
