import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ariCertificateId } from '../../src/acme/ari.js';
import type { Lineage } from '../../src/state/bundle.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { loadState, saveState } from '../../src/state/persist.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli, bedFlags } from '../../src/testing/cli.js';
import { bedInputs } from '../../src/testing/engine.js';
import { runActionStep } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { startAriFront, type AriFront } from '../harness/ari-front.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSPHRASE = 'a passphrase for the ari-profiles state';
const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

describe("ARI on the CA's clock and profiles over a lifetime (dist/cli.js and dist/main.js, Pebble + ARI front)", () => {
  let bed: Testbed;
  let front: AriFront;
  let home: string;
  before(async () => {
    bed = await startTestbed({ pebbleEnv: { PEBBLE_AUTHZREUSE: '0' } });
    front = await startAriFront(bed);
    home = await mkdtemp(join(tmpdir(), 'certwright-ari-profiles-'));
  });
  after(async () => {
    await front?.close();
    await bed?.stop();
  });

  const env = () => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_STATE_KEY: PASSPHRASE,
    XDG_CONFIG_HOME: join(home, 'config'),
  });

  /** `certwright renew` for one name through the front, with its own state file and output folder. */
  function renew(name: string, ...extra: string[]) {
    const args = [
      'renew',
      '-d',
      name,
      ...bedFlags(bed, front.directoryUrl),
      '--store',
      `file:${statePath(name)}`,
      '--output-dir',
      join(home, 'out'),
      ...extra,
    ];
    return runCli(args, env());
  }

  const statePath = (name: string) => join(home, `${name}.jwe`);

  /** Rewrites a lineage in the state file, as time passing (or another CA answer) would leave it. */
  async function editLineage(name: string, edit: (lineage: Lineage) => Lineage): Promise<void> {
    const store = new FileStore(statePath(name));
    const key = parseStateKey(PASSPHRASE);
    const bundle = await loadState(store, key);
    const lineage = bundle.lineages[name];
    assert.ok(lineage, `${name} is in the state`);
    await saveState(store, key, { ...bundle, lineages: { ...bundle.lineages, [name]: edit(lineage) } });
  }

  async function certificateId(name: string): Promise<string> {
    return ariCertificateId(await readFile(join(home, 'out', name, 'fullchain.pem'), 'utf8'));
  }

  /** The stored ARI answer's Retry-After passed (as 6 hours later), nothing else changed. */
  const answerExpired = (lineage: Lineage): Lineage => ({
    ...lineage,
    ...(lineage.renewalInfo
      ? { renewalInfo: { ...lineage.renewalInfo, retryAfter: new Date(Date.now() - 1000).toISOString() } }
      : {}),
  });

  it('a fresh ARI answer: a no-op run never contacts the CA; once it is stale and the CA moved the window into the past, the run renews with replaces and says the CA asked', async () => {
    const name = 'moved.example.test';
    const issued = await renew(name);
    assert.equal(issued.code, 0, issued.stderr);
    const id = await certificateId(name);
    const now = Date.now();
    front.setWindow(id, { start: new Date(now + 30 * DAY), end: new Date(now + 31 * DAY), retryAfter: 6 * 3600 });

    const asked = await renew(name);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stdout, /^Not due for renewal: not due until .* \(the CA's renewal window /m);
    const before = front.requestCount();
    const fresh = await renew(name);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /^Not due for renewal:/m);
    assert.equal(front.requestCount(), before, 'no request of any kind reached the CA while the ARI answer is fresh');

    front.setWindow(id, { start: new Date(now - 2 * HOUR), end: new Date(now + 2 * HOUR) });
    await editLineage(name, answerExpired);
    const orders = front.newOrders.length;
    const renewed = await renew(name);
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.match(renewed.stdout, /^Successfully renewed certificate\.$/m);
    assert.match(
      renewed.stderr,
      /^warning: moved\.example\.test: due since \S+ \(the CA's renewal window \S+ – \S+\); the CA asked for early renewal \(it moved its window into the past\)$/m,
    );
    assert.equal(front.newOrders.length, orders + 1);
    assert.equal(front.newOrders.at(-1)?.replaces, id, 'the new order names the certificate it replaces');
    assert.notEqual(await certificateId(name), id, 'a new certificate is in the files');
  });

  it('the Action: the job summary and a warning say the CA asked for the renewal', async () => {
    const name = 'moved-action.example.test';
    const inputs = {
      ...bedInputs(bed, [name], {}),
      server: front.directoryUrl,
      store: `file:${statePath(name)}`,
      'state-key': PASSPHRASE,
      'output-dir': join(home, 'out'),
    };
    const first = await runActionStep(main, inputs);
    assert.equal(first.code, 0, first.output);
    const id = await certificateId(name);
    const now = Date.now();
    front.setWindow(id, { start: new Date(now - 3 * DAY), end: new Date(now - DAY) });
    const second = await runActionStep(main, inputs);
    assert.equal(second.code, 0, second.output);
    assert.equal(second.outputs.renewed, 'true');
    assert.equal(front.newOrders.at(-1)?.replaces, id);
    assert.match(
      second.output,
      /^::warning::moved-action\.example\.test: due since .*the CA asked for early renewal \(its window is in the past\)$/m,
    );
    assert.match(
      second.summary,
      /Renewed early, because the CA asked for it: due since \S+ \(the CA&#39;s renewal window \S+ – \S+\); the CA asked for early renewal \(its window is in the past\)/,
    );
  });

  it('a changed profile renews; a preferred profile the CA lacks falls back with a warning', async () => {
    const name = 'profiles.example.test';
    const classic = await renew(name, '--profile', 'classic');
    assert.equal(classic.code, 0, classic.stderr);
    assert.equal(front.newOrders.at(-1)?.profile, 'classic');
    const same = await renew(name, '--profile', 'classic');
    assert.match(same.stdout, /^Not due for renewal:/m, 'the same profile is no reason to renew');

    const changed = await renew(name, '--profile', 'shortlived');
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /^Successfully renewed certificate\.$/m);
    assert.match(changed.stderr, /renewing: the profile changed \(classic -> shortlived\)/);
    assert.equal(front.newOrders.at(-1)?.profile, 'shortlived');

    front.setProfiles({ classic: 'the default profile' });
    try {
      const fallback = await renew('preferred.example.test', '--preferred-profile', 'shortlived');
      assert.equal(fallback.code, 0, fallback.stderr);
      assert.match(
        fallback.stderr,
        /^warning: preferred\.example\.test: preferred-profile: "shortlived" is not offered by \S+ \(offered: classic\); preferred\.example\.test is ordered with the CA's default profile$/m,
      );
      assert.equal(front.newOrders.at(-1)?.profile, undefined, "ordered with the CA's default");
    } finally {
      front.setProfiles({ classic: 'the default profile', shortlived: 'six-day certificates' });
    }
  });

  it('a profile the CA dropped fails in one line before any order; an overdue 6-day certificate warns in that run (CLI and Action)', async () => {
    const name = 'dropped.example.test';
    const issued = await renew(name, '--profile', 'shortlived');
    assert.equal(issued.code, 0, issued.stderr);
    // Its stored facts now say a 6-day certificate 4 days old: past its renewal point (half its lifetime), still valid.
    const now = Date.now();
    const notAfter = new Date(now + 2 * DAY);
    await editLineage(name, (lineage) => {
      const { renewalInfo: _stale, ...rest } = lineage;
      const newest = lineage.history.at(-1)!;
      return {
        ...rest,
        history: [
          ...lineage.history.slice(0, -1),
          { ...newest, notBefore: new Date(now - 4 * DAY).toISOString(), notAfter: notAfter.toISOString() },
        ],
      };
    });
    front.setProfiles({ classic: 'the default profile' });
    try {
      const orders = front.newOrders.length;
      const failed = await renew(name, '-q');
      assert.equal(failed.code, 1);
      const lines = failed.stderr.trimEnd().split('\n');
      const expected =
        `profile: "shortlived" is not offered by ${front.directoryUrl} (offered: classic); ` +
        "set profile to one of those, or preferred-profile to fall back to the CA's default";
      const errors = lines.filter((l) => l.includes('profile: "shortlived"'));
      assert.equal(errors.length, 1, failed.stderr);
      assert.ok(errors[0]!.endsWith(expected), errors[0]);
      assert.ok(!failed.stderr.includes('urn:ietf:params:acme:error'), 'no raw ACME problem');
      assert.equal(front.newOrders.length, orders, 'no order was placed');
      assert.match(
        failed.stderr,
        new RegExp(
          `^warning: ${name.replace(/\./g, '\\.')} expires in 4[78] h \\(${notAfter.toISOString().slice(0, 10)}T\\S+\\): its renewal is overdue since \\S+ \\(a 144 h certificate\\); its renewal failed this run$`,
          'm',
        ),
      );

      const action = await runActionStep(main, {
        ...bedInputs(bed, [name], {}),
        server: front.directoryUrl,
        store: `file:${statePath(name)}`,
        'state-key': PASSPHRASE,
        'output-dir': join(home, 'out'),
      });
      assert.equal(action.code, 1);
      assert.match(
        action.output,
        new RegExp(
          `^::warning title=certwright%3A ${name.replace(/\./g, '\\.')} expires soon::${name.replace(/\./g, '\\.')} expires in 4[78] h .*its renewal is overdue since`,
          'm',
        ),
      );
    } finally {
      front.setProfiles({ classic: 'the default profile', shortlived: 'six-day certificates' });
    }
  });
});
