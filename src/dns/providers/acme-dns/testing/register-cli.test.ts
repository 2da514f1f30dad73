import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../../testing/cli.js';
import { startFakeAcmeDnsApi, type FakeAcmeDnsApi } from './fake-api.js';
import { definition } from '../index.js';

describe('certwright acme-dns register (dist/cli.js)', () => {
  let endpoint: FakeAcmeDnsApi;
  before(async () => {
    endpoint = await startFakeAcmeDnsApi({ domain: 'auth.test' });
  });
  after(async () => endpoint?.close());

  it('registers an account per name: the CNAMEs on stderr, the credentials JSON on stdout, ready for acme-dns-credentials', async () => {
    endpoint.nextSubdomains('one', 'two');
    const run = await runCli([
      'acme-dns',
      'register',
      '-d',
      'example.test',
      '-d',
      '*.example.test',
      '--domain',
      'www.example.test',
      '--acme-dns-server',
      endpoint.url,
      '--acme-dns-allowfrom',
      '127.0.0.0/8',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stderr,
      [
        `Registered 2 acme-dns accounts at ${endpoint.url}, updates only from 127.0.0.0/8.`,
        'Create these records once, in the zone of each name:',
        '  _acme-challenge.example.test. CNAME one.auth.test.',
        '  _acme-challenge.www.example.test. CNAME two.auth.test.',
        'Then store the credentials printed below as a secret (e.g. ... | gh secret set ACME_DNS_CREDENTIALS) and pass it as acme-dns-credentials.',
        '',
      ].join('\n'),
    );
    const credentials = JSON.parse(run.stdout) as Record<
      string,
      { fulldomain: string; allowfrom: string[]; server_url: string }
    >;
    assert.deepEqual(Object.keys(credentials), ['example.test', 'www.example.test']);
    assert.deepEqual(
      [
        credentials['example.test']?.fulldomain,
        credentials['example.test']?.allowfrom,
        credentials['example.test']?.server_url,
      ],
      ['one.auth.test', ['127.0.0.0/8'], endpoint.url],
    );
    const configured = definition.configure({
      domains: 'example.test, *.example.test, www.example.test',
      'acme-dns-credentials': run.stdout,
    });
    assert.equal(configured.description, 'acme-dns (2 account(s))');
    endpoint.assertNoUnexpectedRequests();
  });

  it('shows its help, and refuses a missing server or a bad network with one line', async () => {
    const help = await runCli(['acme-dns', 'register', '--help'], { COLUMNS: '200' });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /certwright acme-dns register -d NAME \[-d NAME\.\.\.\] --acme-dns-server URL/);
    assert.match(help.stdout, /--acme-dns-allowfrom VALUE/);
    assert.doesNotMatch(help.stdout, /Provider|--store/);
    assert.deepEqual(await runCli(['acme-dns', 'register', '-d', 'example.test']), {
      code: 2,
      stdout: '',
      stderr:
        'certwright: --acme-dns-server is missing; give the acme-dns API URL, such as https://auth.acme-dns.io (certwright help acme-dns)\n',
    });
    assert.deepEqual(await runCli(['acme-dns', 'regster']), {
      code: 2,
      stdout: '',
      stderr: 'certwright: unknown acme-dns command regster; expected register (certwright help acme-dns)\n',
    });
    const bad = await runCli([
      'acme-dns',
      'register',
      '-d',
      'example.test',
      '--acme-dns-server',
      endpoint.url,
      '--acme-dns-allowfrom',
      '10.0.0.1',
    ]);
    assert.deepEqual(bad, {
      code: 1,
      stdout: '',
      stderr:
        'certwright: acme-dns-allowfrom: "10.0.0.1" is not a network in CIDR notation; expected such as 192.0.2.0/24 or 2001:db8::/32\n',
    });
  });
});
