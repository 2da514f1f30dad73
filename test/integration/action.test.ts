import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { bedInputs } from '../../src/testing/engine.js';
import { execHookInputs } from '../../src/dns/providers/exec/testing/nsupdate-hooks.js';
import { actionNodeVersion } from '../../src/testing/node24.js';
import { keyMaterialLines, runActionStep, visibleLog } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { assertNoChallengeRecords, challengeNames, verifyIssued } from '../../src/testing/verify.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const post = fileURLToPath(new URL('../../dist/post.js', import.meta.url));

/** The Node the bundles run on here: scripts/test.sh runs this file on its own Node, then with CERTWRIGHT_ACTION_NODE set to Node 24. */
const nodeMajor = actionNodeVersion().split('.')[0];

describe(`the Action as the runner runs it (node ${nodeMajor} dist/main.js)`, () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it("runs on the Node of action.yml's runs.using when CERTWRIGHT_ACTION_NODE names one, else on this process's", async () => {
    if (!process.env.CERTWRIGHT_ACTION_NODE) return assert.equal(nodeMajor, process.versions.node.split('.')[0]);
    for (const file of ['action.yml', 'verify-release/action.yml']) {
      const { runs } = parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')) as {
        runs: { using: string };
      };
      assert.equal(
        runs.using,
        `node${nodeMajor}`,
        `${file} runs on ${runs.using}; the bundles ran on Node ${nodeMajor}`,
      );
    }
  });

  it('issues, sets outputs, writes the job summary and never shows the key', async () => {
    const domains = ['*.action.example.test', 'action.example.test', 'action.other.test'];
    const run = await runActionStep(main, bedInputs(bed, domains));
    assert.equal(run.code, 0, run.output);
    const { outputs } = run;
    assert.equal(outputs['cert-name'], 'action.example.test');
    assert.equal(outputs.domains?.split(',').sort().join(','), [...domains].sort().join(','));
    assert.match(outputs['not-after'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(outputs.serial ?? '', /^[0-9a-f]+$/);
    const paths = {
      dir: '',
      cert: outputs['cert-path'] ?? '',
      chain: outputs['chain-path'] ?? '',
      fullchain: outputs['fullchain-path'] ?? '',
      privkey: outputs['key-path'] ?? '',
    };
    assert.ok(
      paths.privkey.includes('/certwright/action.example.test/'),
      'defaults to $RUNNER_TEMP/certwright/<cert-name>',
    );
    const leaf = await verifyIssued(bed, paths, domains);
    assert.equal(leaf.serialNumber.toLowerCase(), outputs.serial);
    assert.match(run.summary, /<table>/);
    assert.ok(run.summary.includes(outputs.serial ?? 'missing'), 'the summary names the serial');
    assert.ok(run.summary.includes('*.action.example.test'), 'the summary names the domains');
    const key = await readFile(paths.privkey, 'utf8');
    const lines = keyMaterialLines(key);
    const masked = run.output
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'))
      .map((l) => l.slice('::add-mask::'.length));
    for (const line of lines) {
      assert.ok(!visibleLog(run.output).includes(line), 'no line of the private key is visible in the log');
      assert.ok(masked.includes(line), 'every line of the private key is registered as a secret');
    }
    assert.ok(!visibleLog(run.output).includes(bed.tsig.secret), 'the TSIG secret is not visible');
    assert.ok(masked.includes(bed.tsig.secret), 'the TSIG secret is registered as a secret');
    assert.equal(run.state['pending-records'], '[]', 'no records left for the post step');
  });

  it('reads secret inputs left empty from CERTWRIGHT_* variables, as action.yml says, and masks them', async () => {
    const stateKey = 'a state key that only the environment holds';
    const inputs = {
      ...bedInputs(bed, ['envsecrets.example.test'], { store: `file:${bed.dir}/env-state.jwe` }),
      'rfc2136-tsig-secret': undefined,
    };
    const run = await runActionStep(main, inputs, {}, undefined, {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      CERTWRIGHT_STATE_KEY: stateKey,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    for (const secret of [bed.tsig.secret, stateKey]) {
      assert.ok(run.output.includes(`::add-mask::${secret}`), 'registered as a secret');
      assert.ok(!visibleLog(run.output).includes(secret), 'not visible in the log');
    }
  });

  it('fails with one line naming the input for bad input', async () => {
    const run = await runActionStep(main, bedInputs(bed, ['ok.example.test', 'foo.*.example.test']));
    assert.equal(run.code, 1);
    assert.match(
      run.output,
      /^::error::domains: "foo\.\*\.example\.test" is not a valid certificate name: a wildcard must be the whole left-most label, as in \*\.example\.com$/m,
    );
    const missingSecret = await runActionStep(main, {
      ...bedInputs(bed, ['ok.example.test']),
      'rfc2136-tsig-secret': undefined,
    });
    assert.equal(missingSecret.code, 1);
    assert.match(
      missingSecret.output,
      /^::error::rfc2136-tsig-secret: missing; expected the base64 TSIG secret \(or set CERTWRIGHT_RFC2136_TSIG_SECRET\)$/m,
    );
  });

  it('with a store: issues once, then reports renewed=false and still writes the files', async () => {
    const statePath = `${bed.dir}/action-state.jwe`;
    const stateKey = 'an action passphrase for the state';
    const inputs = bedInputs(bed, ['stored.example.test'], { store: `file:${statePath}`, 'state-key': stateKey });
    const first = await runActionStep(main, inputs);
    assert.equal(first.code, 0, first.output);
    assert.equal(first.outputs.renewed, 'true');
    const second = await runActionStep(main, inputs);
    assert.equal(second.code, 0, second.output);
    assert.equal(second.outputs.renewed, 'false');
    assert.equal(second.outputs.serial, first.outputs.serial);
    assert.match(second.summary, /✔️ not due/);
    assert.match(
      second.outputs['renew-at'] ?? '',
      /^\d{4}-\d\d-\d\dT/,
      'renew-at says when the kept certificate is due',
    );
    assert.ok(Number(second.outputs['expires-in-days']) > 0, 'expires-in-days is a count of days');
    assert.equal(
      await readFile(second.outputs['cert-path'] ?? '', 'utf8'),
      await readFile(first.outputs['cert-path'] ?? '', 'utf8'),
    );
    for (const run of [first, second]) {
      assert.ok(!visibleLog(run.output).includes(stateKey), 'the state key is not visible');
      assert.ok(run.output.includes(`::add-mask::${stateKey}`), 'the state key is registered as a secret');
      const key = await readFile(run.outputs['key-path'] ?? '', 'utf8');
      for (const line of keyMaterialLines(key)) assert.ok(!visibleLog(run.output).includes(line));
    }
    const wrongKey = await runActionStep(main, { ...inputs, 'state-key': 'not the passphrase that wrote it' });
    assert.equal(wrongKey.code, 1);
    assert.match(
      wrongKey.output,
      /^::error::state-key: cannot decrypt the bundle: the state-key is not the one that wrote it/m,
    );
  });

  it('with a config file: renews every certificate, one summary, a certificates output', async () => {
    const configPath = `${bed.dir}/certwright.yml`;
    await writeFile(
      configPath,
      'certificates:\n  - domains: [one.config.example.test]\n  - cert-name: two\n    domains: [two.config.other.test, "*.two.config.other.test"]\n',
    );
    const inputs = {
      ...bedInputs(bed, []),
      domains: undefined,
      config: configPath,
      store: `file:${bed.dir}/config-state.jwe`,
      'state-key': 'a passphrase for the config state',
    };
    const run = await runActionStep(main, inputs);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    const results = JSON.parse(run.outputs.certificates ?? '[]') as {
      name: string;
      action: string;
      'fullchain-path': string;
    }[];
    assert.deepEqual(
      results.map((r) => [r.name, r.action]),
      [
        ['one.config.example.test', 'issued'],
        ['two', 'issued'],
      ],
    );
    for (const name of ['one.config.example.test', 'two'])
      assert.ok(run.summary.includes(`<td><code>${name}</code></td>`), `the summary has a row for ${name}`);
    const again = await runActionStep(main, inputs);
    assert.equal(again.outputs.renewed, 'false');
    assert.deepEqual(
      (JSON.parse(again.outputs.certificates ?? '[]') as { action: string }[]).map((r) => r.action),
      ['not-due', 'not-due'],
    );
  });

  it('the post step removes records a crashed main step left behind', async () => {
    const domains = ['crash1.example.test', 'crash2.other.test'];
    const log = `${bed.dir}/crash-hooks.log`;
    const hooks = execHookInputs(bed, log);
    // The last auth hook kills the Action's node process: a crash after the records exist.
    const crashing = {
      ...hooks,
      'exec-auth-hook': `${hooks['exec-auth-hook']} && if [ "$CERTBOT_REMAINING_CHALLENGES" = 0 ]; then kill -9 $PPID; fi`,
    };
    const crashed = await runActionStep(main, bedInputs(bed, domains, crashing));
    assert.equal(crashed.signal, 'SIGKILL');
    for (const name of challengeNames(domains))
      assert.equal((await bed.txt(name)).length, 1, `${name} is left behind by the crash`);
    const pending = crashed.state['pending-records'] ?? '';
    assert.deepEqual(
      (JSON.parse(pending) as { certName: string; records: unknown[] }[]).map((e) => [e.certName, e.records.length]),
      [['crash1.example.test', 2]],
      'main saved the records before creating them',
    );
    const cleaned = await runActionStep(post, bedInputs(bed, domains, hooks), { 'pending-records': pending });
    assert.equal(cleaned.code, 0, cleaned.output);
    assert.match(cleaned.output, /Removing 2 TXT record\(s\) of crash1\.example\.test left by the main step/);
    await assertNoChallengeRecords(bed, domains);
  });

  it('config mode: two certificates in flight with providers per zone, killed; the post step removes every record of both', async () => {
    const log = `${bed.dir}/config-crash-hooks.log`;
    const counter = `${bed.dir}/config-crash-count`;
    const certificates = {
      'crash-a': ['a.cfgcrash.example.test', 'a.cfgcrash.other.test'],
      'crash-b': ['b.cfgcrash.example.test', 'b.cfgcrash.other.test'],
    };
    const all = Object.values(certificates).flat();
    const hooks = execHookInputs(bed, log);
    // Every auth hook waits until both certificates have all their records (exec in example.test,
    // rfc2136 in other.test), so both are in flight; then the Action is killed.
    const present = challengeNames(all)
      .map((name) => `[ -n "$(dig +short -p ${bed.dns.port} @127.0.0.1 TXT ${name})" ]`)
      .join(' && ');
    const waitAndKill = `echo x >> ${counter}; i=0; while [ $i -lt 300 ]; do if [ "$(wc -l < ${counter})" -ge 2 ] && ${present}; then break; fi; sleep 0.1; i=$((i+1)); done; kill -9 $PPID`;
    const zones = { 'example.test': { ...hooks, 'exec-auth-hook': `${hooks['exec-auth-hook']} && ${waitAndKill}` } };
    const configPath = `${bed.dir}/crash.yml`;
    const entries = Object.entries(certificates).map(([name, domains]) => ({ 'cert-name': name, domains, zones }));
    await writeFile(configPath, JSON.stringify({ concurrency: 2, certificates: entries }));
    const inputs = { ...bedInputs(bed, []), domains: undefined, config: configPath };

    const crashed = await runActionStep(main, inputs);
    assert.equal(crashed.signal, 'SIGKILL', crashed.output);
    for (const name of challengeNames(all))
      assert.equal((await bed.txt(name)).length, 1, `${name} is left behind by the crash`);
    const pending = JSON.parse(crashed.state['pending-records'] ?? '[]') as {
      certName: string;
      config?: string;
      records: { fqdn: string }[];
    }[];
    assert.deepEqual(
      pending.map((e) => [e.certName, e.config, e.records.length]).sort(),
      [
        ['crash-a', configPath, 2],
        ['crash-b', configPath, 2],
      ],
      'one crash record per certificate, with its config file',
    );

    const cleaned = await runActionStep(post, inputs, { 'pending-records': crashed.state['pending-records'] ?? '' });
    assert.equal(cleaned.code, 0, cleaned.output);
    assert.match(cleaned.output, /Removing 2 TXT record\(s\) of crash-a left by the main step/);
    assert.match(cleaned.output, /Removing 2 TXT record\(s\) of crash-b left by the main step/);
    assert.doesNotMatch(cleaned.output, /::warning::/);
    await assertNoChallengeRecords(bed, all);
  });
});
