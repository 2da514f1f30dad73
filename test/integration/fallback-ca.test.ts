import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ariCertificateId } from '../../src/acme/ari.js';
import { summarizeCertificate } from '../../src/crypto/certificate.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { loadState } from '../../src/state/persist.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli } from '../../src/testing/cli.js';
import { bedInputs } from '../../src/testing/engine.js';
import { runActionStep } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { startAriFront, type AriFront } from '../harness/ari-front.js';
import { startRefusingFront, startSecondPebble, type RefusingFront, type SecondPebble } from '../harness/second-ca.js';

const DAY = 86_400_000;
const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

describe('a second CA (server as a list), through dist/cli.js', () => {
  let bed: Testbed;
  let pebble2: SecondPebble;
  /** The second CA: Pebble 2, which requires EAB, behind a front that adds ARI and records orders. */
  let second: AriFront;
  let rateLimited: RefusingFront;
  let unauthorized: RefusingFront;
  let home: string;
  /** A CA that was there and stopped: a Pebble started and stopped again. */
  let stopped: string;
  const eabKid = 'kid-2';
  const eabHmacKey = randomBytes(32).toString('base64url');

  before(async () => {
    bed = await startTestbed();
    pebble2 = await startSecondPebble(bed, { [eabKid]: eabHmacKey });
    second = await startAriFront(pebble2.asBed);
    rateLimited = await startRefusingFront(bed, {
      status: 429,
      type: 'rateLimited',
      detail: 'too many new orders recently',
    });
    unauthorized = await startRefusingFront(bed, {
      status: 403,
      type: 'unauthorized',
      detail: 'this account may not issue for these names',
    });
    const gone = await startSecondPebble(bed);
    stopped = gone.directoryUrl;
    await gone.stop();
    home = await mkdtemp(join(tmpdir(), 'certwright-fallback-'));
  });
  after(async () => {
    await Promise.all([second?.close(), rateLimited?.close(), unauthorized?.close()]);
    await pebble2?.stop();
    await bed?.stop();
  });

  /** Everything but the servers; EAB given once, for whichever CA requires it. */
  const flags = () => [
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
    '--eab-kid',
    eabKid,
  ];
  const env = () => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_EAB_HMAC_KEY: eabHmacKey,
    CERTWRIGHT_STATE_KEY: 'a passphrase for the fallback state',
    XDG_CONFIG_HOME: join(home, 'config'),
  });
  const lineageOf = async (statePath: string, name: string) => {
    const bundle = await loadState(new FileStore(statePath), parseStateKey(env().CERTWRIGHT_STATE_KEY));
    return bundle.lineages[name];
  };

  it('the first CA answers rateLimited: the second issues in the same run, and the output says why', async () => {
    const out = join(home, 'limited');
    const orders = second.newOrders.length;
    const run = await runCli(
      [
        'certonly',
        '-d',
        'limited.example.test',
        '--server',
        rateLimited.directoryUrl,
        '--server',
        second.directoryUrl,
        '--output-dir',
        out,
        ...flags(),
      ],
      env(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(rateLimited.refused, 1, 'the first CA was asked once');
    assert.equal(second.newOrders.length, orders + 1, 'the second CA took the order');
    assert.match(
      run.stdout,
      new RegExp(
        `^Issued by fallback CA ${second.directoryUrl} \\(skipped ${rateLimited.directoryUrl}: ` +
          'rate limited \\(too many new orders recently\\)\\)$',
        'm',
      ),
    );
    assert.match(run.stderr, /is rate limited .*; trying the next CA/);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(eabHmacKey), 'the EAB key is never printed');
    const chain = await readFile(join(out, 'limited.example.test', 'fullchain.pem'), 'utf8');
    assert.deepEqual(summarizeCertificate(chain).domains, ['limited.example.test']);
  });

  it('the first CA answers unauthorized: no fallback, one error line', async () => {
    const orders = second.newOrders.length;
    const run = await runCli(
      [
        'certonly',
        '-d',
        'refused.example.test',
        '--server',
        unauthorized.directoryUrl,
        '--server',
        second.directoryUrl,
        '--output-dir',
        join(home, 'refused'),
        ...flags(),
      ],
      env(),
    );
    assert.equal(run.code, 1);
    assert.equal(unauthorized.refused, 1);
    assert.equal(second.newOrders.length, orders, 'the second CA was not asked');
    // Progress lines name the certificate; the error is the one line of certwright's own.
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('certwright:'));
    assert.deepEqual(errors, ['certwright: acme: newOrder: unauthorized: this account may not issue for these names']);
    assert.doesNotMatch(run.stderr, /trying the next CA/);
  });

  it('a config file lists the CAs, the second with its own EAB, as a YAML list', async () => {
    const dir = await mkdtemp(join(home, 'config-'));
    const config = join(dir, 'certwright.yml');
    await writeFile(
      config,
      `server:
  - ${rateLimited.directoryUrl}
  - url: ${second.directoryUrl}
    eab-kid: ${eabKid}
    eab-hmac-key: ${eabHmacKey}
certificates:
  - domains: [yaml.example.test]
`,
    );
    const state = join(dir, 'state.jwe');
    const { CERTWRIGHT_EAB_HMAC_KEY: _shared, ...noSharedEab } = env();
    const withoutSharedEab = flags().slice(0, -2); // no --eab-kid: the file's item carries it
    const run = await runCli(
      ['renew', '--config', config, '--store', `file:${state}`, '--output-dir', join(dir, 'out'), ...withoutSharedEab],
      noSharedEab,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^yaml\.example\.test\s+issued .*; fallback CA https:\/\/127\.0\.0\.1:\d+\/dir \(skipped /m,
    );
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(eabHmacKey), 'the EAB key is never printed');
    assert.equal((await lineageOf(state, 'yaml.example.test'))?.server, second.directoryUrl);
  });

  it("the first CA stopped: the second issues, the lineage records it, and the next renewal's ARI and order go to it", async () => {
    const state = join(home, 'stopped.jwe');
    const out = join(home, 'stopped');
    const args = [
      'renew',
      '-d',
      'stopped.example.test',
      '--server',
      stopped,
      '--server',
      second.directoryUrl,
      '--store',
      `file:${state}`,
      '--output-dir',
      out,
      ...flags(),
    ];
    const first = await runCli(args, env());
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`^Issued by fallback CA ${second.directoryUrl} \\(skipped ${stopped}: unreachable`, 'm'),
    );
    const lineage = await lineageOf(state, 'stopped.example.test');
    assert.equal(lineage?.server, second.directoryUrl, 'the lineage records the CA that issued it');

    const id = await ariCertificateId(await readFile(join(out, 'stopped.example.test', 'fullchain.pem'), 'utf8'));
    const now = Date.now();
    second.setWindow(id, { start: new Date(now - 2 * DAY), end: new Date(now - DAY) });
    const asked = second.renewalInfoRequests.length;
    const renewed = await runCli(args, env());
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.match(renewed.stdout, /^Successfully renewed certificate\.$/m);
    assert.deepEqual(second.renewalInfoRequests.slice(asked), [id], 'ARI asked of the CA that issued it');
    assert.equal(second.newOrders.at(-1)?.replaces, id, 'the renewal names the certificate it replaces, at its CA');
    assert.doesNotMatch(renewed.stderr, /ari:/, 'no ARI warning: the first CA was never asked for the window');
  });

  it('the Action bundle takes a newline-separated list and says in the summary that a fallback CA was used', async () => {
    const dir = await mkdtemp(join(home, 'action-'));
    const run = await runActionStep(main, {
      ...bedInputs(bed, ['action.example.test']),
      server: `${stopped}\n${second.directoryUrl}`,
      'eab-kid': eabKid,
      'eab-hmac-key': eabHmacKey,
      'output-dir': join(dir, 'out'),
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    assert.match(
      run.summary,
      new RegExp(`Issued by fallback CA ${second.directoryUrl} \\(skipped ${stopped}: unreachable`),
    );
    assert.doesNotMatch(
      run.output
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
      new RegExp(eabHmacKey),
    );
  });
});
