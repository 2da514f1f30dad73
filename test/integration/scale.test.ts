import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/testing/cli.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const COUNT = 40;

describe('one ACME session per run (renew --config, node dist/cli.js)', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it(`${COUNT} certificates share one TLS context and one account lookup; the no-op run builds one TLS context`, async () => {
    const home = await mkdtemp(join(tmpdir(), 'certwright-scale-'));
    const config = join(home, 'certwright.yml');
    const names = Array.from({ length: COUNT }, (_, i) => `s${i}.scale.example.test`);
    await writeFile(config, `concurrency: 8\ncertificates:\n${names.map((n) => `  - domains: [${n}]\n`).join('')}`);
    const args = [
      'renew',
      '--config',
      config,
      '-v',
      '--server',
      bed.directoryUrl,
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
      '--store',
      `file:${join(home, 'state.jwe')}`,
      '--output-dir',
      join(home, 'out'),
    ];
    const env = {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      CERTWRIGHT_STATE_KEY: 'a passphrase for the scale state',
      XDG_CONFIG_HOME: join(home, 'config'),
    };
    const count = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;

    const first = await runCli(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(count(first.stdout, /^s\d+\.scale\.example\.test +issued /), COUNT, first.stdout);
    assert.equal(count(first.stderr, /^net: TLS context built/), 1, 'one TLS context for the whole run');
    assert.equal(count(first.stderr, /^acme: account /), 1, 'one account lookup for the whole run');

    const noop = await runCli(args, env);
    assert.equal(noop.code, 0, noop.stderr);
    assert.equal(count(noop.stdout, /^s\d+\.scale\.example\.test +not-due /), COUNT, noop.stdout);
    assert.equal(
      count(noop.stderr, /^net: TLS context built/),
      1,
      'the no-op check builds one TLS context, not one per certificate',
    );
    assert.equal(count(noop.stderr, /^acme: account /), 0, 'a no-op check needs no account');
  });
});
