import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountState } from '../../src/state/bundle.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { loadState } from '../../src/state/persist.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli } from '../../src/testing/cli.js';
import { bedInputs } from '../../src/testing/engine.js';
import { keyMaterialLines, runActionStep, visibleLog } from '../../src/testing/runner.js';
import { fileURLToPath } from 'node:url';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const STATE_KEY = 'a passphrase for the account tests';
const publicDer = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('certwright account (node dist/cli.js against Pebble)', () => {
  let bed: Testbed;
  let home: string;
  before(async () => {
    bed = await startTestbed();
    home = await mkdtemp(join(tmpdir(), 'certwright-account-'));
  });
  after(async () => {
    await bed?.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_STATE_KEY: STATE_KEY,
    XDG_CONFIG_HOME: join(home, 'config'),
    ...extra,
  });
  const caFlags = (state: string) => [
    '--server',
    bed.directoryUrl,
    '--server-ca-file',
    bed.serverCaFile,
    '--store',
    `file:${state}`,
  ];
  const renewFlags = (state: string, email = 'ops@example.test') => [
    ...caFlags(state),
    '--agree-tos',
    '-m',
    email,
    '--dns',
    'rfc2136',
    '--rfc2136-server',
    `127.0.0.1:${bed.dns.port}`,
    '--rfc2136-tsig-key',
    bed.tsig.name,
    '--nameservers',
    `127.0.0.1:${bed.dns.port}`,
    '--output-dir',
    join(home, 'out'),
  ];
  const account = async (state: string): Promise<AccountState | undefined> => {
    const bundle = await loadState(new FileStore(state), parseStateKey(STATE_KEY));
    return bundle.accounts[bed.directoryUrl];
  };
  const renew = async (state: string, name: string, email?: string) => {
    const run = await runCli(['renew', '-d', name, '--force-renewal', ...renewFlags(state, email)], env());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Successfully (received|renewed) certificate\.$/m);
    return run;
  };

  for (const step of ['pending-saved', 'key-changed', 'promoted'] as const) {
    it(`a rollover killed at ${step} leaves a state whose account still issues`, async () => {
      const state = join(home, `kill-${step}.jwe`);
      const name = `kill-${step}.example.test`;
      await renew(state, name);
      const before = await account(state);
      assert.ok(before);
      const killed = await runCli(['account', 'rollover', ...caFlags(state)], env({ CERTWRIGHT_TEST_KILL_AT: step }));
      assert.equal(killed.code, null, `killed at ${step}: ${killed.stderr}`);
      const left = await account(state);
      assert.equal(left?.url, before.url);
      if (step === 'promoted') assert.equal(left?.pendingKeyPem, undefined);
      else assert.ok(left?.pendingKeyPem, 'the new key is in the state before the CA is asked');
      const next = await renew(state, name);
      const settled = await account(state);
      assert.equal(settled?.url, before.url, 'the same account, not a new registration');
      assert.equal(settled?.pendingKeyPem, undefined, 'the rollover is settled');
      const kept = step === 'pending-saved' ? before.keyPem : (left?.pendingKeyPem ?? left?.keyPem ?? '');
      assert.equal(publicDer(settled?.keyPem ?? ''), publicDer(kept), `the key the CA holds after ${step}`);
      if (step === 'key-changed') assert.match(next.stderr, /finished the account key rollover/);
    });
  }

  it('rolls the key over, updates the contact once, and deactivates only when confirmed', async () => {
    const state = join(home, 'full.jwe');
    await renew(state, 'full.example.test');
    const before = await account(state);
    const rolled = await runCli(['account', 'rollover', ...caFlags(state)], env());
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(rolled.stdout, /^Rolled over the account key of https:\/\/127\.0\.0\.1:\d+\/.+\.$/m);
    const after = await account(state);
    assert.equal(after?.url, before?.url);
    assert.notEqual(publicDer(after?.keyPem ?? ''), publicDer(before?.keyPem ?? ''));
    await renew(state, 'full.example.test');

    const updated = await runCli(['account', 'update', '-m', 'new@example.test', ...caFlags(state)], env());
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /contact: mailto:new@example\.test$/m);
    const changed = await renew(state, 'full.example.test', 'changed@example.test');
    assert.match(changed.stderr, /account contact of .* is now changed@example\.test/);
    const same = await renew(state, 'full.example.test', 'changed@example.test');
    assert.doesNotMatch(same.stderr, /account contact/, 'the contact is updated once');

    const refused = await runCli(['account', 'deactivate', ...caFlags(state)], env());
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /was not deactivated; answer yes, or pass --yes/);
    const deactivated = await runCli(['account', 'deactivate', '--yes', ...caFlags(state)], env());
    assert.equal(deactivated.code, 0, deactivated.stderr);
    assert.match(deactivated.stdout, /^Deactivated the account .*; the next run registers a new one\.$/m);
    assert.equal(await account(state), undefined);
    await renew(state, 'full.example.test');
    const fresh = await account(state);
    assert.ok(fresh && fresh.url !== before?.url, 'a new account after deactivation');
  });

  it('refuses an unknown account action in one line', async () => {
    const run = await runCli(['account', 'rotate', ...caFlags(join(home, 'none.jwe'))], env());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^certwright: account: expected one of rollover, deactivate, update/);
  });
  it('the Action with account-rollover: true rolls the key over before it orders, keeps the account, and issues with the new key', async () => {
    const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
    const state = join(home, 'action-rollover.jwe');
    const inputs = (extra: Record<string, string> = {}) =>
      bedInputs(bed, ['action-rollover.example.test'], {
        store: `file:${state}`,
        'state-key': STATE_KEY,
        'output-dir': join(home, 'action-out'),
        ...extra,
      });
    const first = await runActionStep(main, inputs());
    assert.equal(first.code, 0, first.output);
    const before = await account(state);
    assert.ok(before, 'the first run registered an account');
    const rolled = await runActionStep(main, inputs({ 'account-rollover': 'true', 'force-renewal': 'true' }));
    assert.equal(rolled.code, 0, rolled.output);
    assert.match(rolled.output, /account-rollover: the account \S+ at \S+ has a new key/);
    assert.equal(rolled.outputs.renewed, 'true', 'the renewal after the rollover was signed with the new key');
    const after = await account(state);
    assert.equal(after?.url, before.url, 'the same account');
    assert.notEqual(publicDer(after.keyPem), publicDer(before.keyPem), 'with a new key');
    assert.equal(after.pendingKeyPem, undefined, 'nothing left pending');
    const shown = visibleLog(rolled.output);
    for (const line of [...keyMaterialLines(before.keyPem), ...keyMaterialLines(after.keyPem)]) {
      assert.ok(!shown.includes(line), 'no account key in the log');
    }
    const refused = await runActionStep(main, {
      ...bedInputs(bed, ['no-store.example.test']),
      'account-rollover': 'true',
    });
    assert.equal(refused.code, 1);
    assert.match(refused.output, /account-rollover: needs a store, or the new account key would be lost with the run/);
  });
});
