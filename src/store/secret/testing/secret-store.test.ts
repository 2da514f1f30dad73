import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ACTION_STORE_KINDS } from '../../../action/main.js';
import { parseBundle } from '../../../state/bundle.js';
import { parseStoreSpec } from '../../store.js';
import { decryptState, parseStateKey } from '../../../state/encryption.js';
import { bedInputs, only, runInputs, STATE_KEY } from '../../../testing/engine.js';
import { startGithubApi, type GithubApi } from '../../../testing/github-api.js';
import { actionNodeVersion } from '../../../testing/node24.js';
import { runActionStep, visibleLog } from '../../../testing/runner.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';

const main = fileURLToPath(new URL('../../../../dist/main.js', import.meta.url));
const TOKEN = 'github_pat_11ABCDEFG0123456789_secretwriter';
const READ_ONLY = 'ghs_runnerGITHUBTOKENlookalike000000';

describe('state in a GitHub Actions secret (real Octokit, real libsodium)', () => {
  let bed: Testbed;
  let api: GithubApi;
  before(async () => {
    [bed, api] = await Promise.all([startTestbed(), startGithubApi({ token: TOKEN, readOnlyToken: READ_ONLY })]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), api?.close()]);
  });

  async function renewWithSecret(
    domains: string[],
    store: string,
    state: string | undefined,
    extra: Record<string, string> = {},
  ) {
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-secret-'));
    const raw = bedInputs(bed, domains, {
      'output-dir': outputDir,
      store,
      'github-token': TOKEN,
      'github-repository': 'acme/site',
      'github-api-url': api.url,
      ...(state ? { state } : {}),
      ...extra,
    });
    return only(await runInputs({ ...raw, 'state-key': STATE_KEY }));
  }

  it('writes the sealed bundle to a repository secret, and the next run reads it back from the state input', async () => {
    const first = await renewWithSecret(['secret.example.test'], 'secret:CERTWRIGHT_STATE', undefined);
    assert.equal(first.action, 'issued');
    const stored = api.secrets.get('/repos/acme/site/actions/secrets/CERTWRIGHT_STATE');
    assert.ok(stored, 'the secret was PUT');
    const bundle = parseBundle(await decryptState(stored, parseStateKey(STATE_KEY)));
    assert.equal(
      bundle.lineages['secret.example.test']?.history[0]?.serial,
      first.summary.serial,
      'what GitHub decrypts is the bundle that was issued',
    );
    const puts = api.requests.filter((r) => r.startsWith('PUT')).length;
    const second = await renewWithSecret(['secret.example.test'], 'secret:CERTWRIGHT_STATE', stored);
    assert.equal(second.action, 'not-due');
    assert.equal(api.requests.filter((r) => r.startsWith('PUT')).length, puts, 'a run with nothing due writes nothing');
  });

  it('writes environment and organisation secrets', async () => {
    await renewWithSecret(['env.example.test'], 'secret:environments/production/CERT_STATE', undefined);
    assert.ok(api.secrets.has('/repos/acme/site/environments/production/secrets/CERT_STATE'));
    await renewWithSecret(['org.example.test'], 'secret:orgs/acme/CERT_STATE', undefined);
    assert.ok(api.secrets.has('/orgs/acme/actions/secrets/CERT_STATE'));
  });

  it('explains that GITHUB_TOKEN cannot write secrets', async () => {
    await assert.rejects(
      renewWithSecret(['readonly.example.test'], 'secret:CERTWRIGHT_STATE2', undefined, { 'github-token': READ_ONLY }),
      /^Error: store: cannot write the repository secret CERTWRIGHT_STATE2 of acme\/site \(HTTP 403: Resource not accessible by integration.*\); GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token/,
    );
  });

  it('refuses bad store specs with one line naming the input', () => {
    const base = { store: 'secret:CERTWRIGHT_STATE', 'github-token': TOKEN, 'github-repository': 'acme/site' };
    const parseStore = (raw: Record<string, string>) => parseStoreSpec(raw.store, raw, ACTION_STORE_KINDS);
    assert.throws(
      () => parseStore({ ...base, store: 'secret:GITHUB_STATE' }),
      /^Error: store: "GITHUB_STATE" is not a usable secret name/,
    );
    assert.throws(
      () => parseStore({ ...base, 'github-token': '' }),
      /^Error: github-token: missing; writing a secret needs a token that may write secrets \(GITHUB_TOKEN cannot\)/,
    );
    assert.throws(() => parseStore({ ...base, 'github-repository': 'site' }), {
      message: 'github-repository: "site" is not owner/repo; it names the repository whose secret certwright writes',
    });
    assert.throws(() => parseStore({ ...base, store: 'vault:x' }), {
      message:
        'store: "vault:x" is not a store; expected file:PATH, secret:NAME, secret:environments/ENV/NAME, secret:orgs/ORG/NAME or artifact:NAME',
    });
  });

  it('the Action writes the secret through dist/main.js and masks token and state', async () => {
    const inputs = bedInputs(bed, ['action-secret.example.test'], {
      store: 'secret:ACTION_STATE',
      'state-key': STATE_KEY,
      'github-token': TOKEN,
    });
    api.userAgents.clear();
    const run = await runActionStep(main, { ...inputs, 'github-api-url': api.url, 'github-repository': 'acme/site' });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.outputs.renewed, 'true');
    const stored = api.secrets.get('/repos/acme/site/actions/secrets/ACTION_STATE') ?? '';
    assert.ok(stored.length > 0);
    assert.ok(!visibleLog(run.output).includes(TOKEN), 'the token is not visible');
    const again = await runActionStep(main, {
      ...inputs,
      'github-api-url': api.url,
      'github-repository': 'acme/site',
      state: stored,
    });
    assert.equal(again.code, 0, again.output);
    assert.equal(again.outputs.renewed, 'false');
    assert.ok(again.output.includes(`::add-mask::${stored}`), 'the state input is registered as a secret');
    // Octokit's user agent names the Node that ran the bundle: `Node.js/20.20.2 (linux; x64)`, or `Node.js/24` (navigator.userAgent).
    const major = actionNodeVersion().split('.')[0];
    assert.ok(
      [...api.userAgents].some((agent) => new RegExp(`(^| )Node\\.js/${major}([. ]|$)`).test(agent)),
      `a request from Node ${major}: ${[...api.userAgents].join('; ')}`,
    );
  });
  /** Runs `renewWithSecret` while, after the run's second write, "another run" writes the secret too. */
  async function renewWhileAnotherRunWrites(
    name: string,
    outputDir: string,
    meanwhile: () => Promise<void> = () => Promise.resolve(),
  ) {
    const path = `/repos/acme/site/actions/secrets/${name}`;
    const writes = () => api.requests.filter((r) => r === `PUT ${path}`).length;
    let other: Promise<void> | undefined;
    api.onSecretRead = (read) => {
      if (read !== path || writes() !== 2 || other) return;
      // The records of this run are gone (its second write); the next write would be the new certificate.
      api.updatedAt.set(path, new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'));
      other = meanwhile();
    };
    try {
      const raw = bedInputs(bed, [`${name.toLowerCase().replace(/_/g, '-')}.example.test`], {
        'output-dir': outputDir,
        store: `secret:${name}`,
        'github-token': TOKEN,
        'github-repository': 'acme/site',
        'github-api-url': api.url,
      });
      const results = await runInputs({ ...raw, 'state-key': STATE_KEY });
      await other;
      return { results, writes: writes() };
    } finally {
      delete api.onSecretRead;
    }
  }

  it('refuses to overwrite a secret that another run wrote meanwhile, names concurrency:, and keeps the new certificate in its files', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-secret-'));
    const { results, writes } = await renewWhileAnotherRunWrites('RACE_STATE', outputDir);
    const error = results[0]?.error;
    assert.match(
      error?.message ?? '',
      /^store: the repository secret RACE_STATE of acme\/site was written at \S+ by another run after this run read it; not overwriting it, .*`concurrency:` group .*; the new certificate was not saved in the state, but its files are in /,
    );
    assert.equal(writes, 2, "the lineage was not written over the other run's state");
    const leaf = new X509Certificate(await readFile(join(outputDir, 'race-state.example.test', 'cert.pem')));
    assert.match(
      leaf.subjectAltName ?? '',
      /race-state\.example\.test/,
      'the certificate the CA issued is in output-dir',
    );
  });

  it('keeps the new certificate in a named rescue folder when neither the state nor output-dir can take it', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-secret-'));
    const certDir = join(outputDir, 'rescue-state.example.test');
    const { results } = await renewWhileAnotherRunWrites('RESCUE_STATE', outputDir, () => {
      // output-dir/<name> turns into a file before the certificate is written: at once, within the state's read, so
      // the run cannot make the folder again between the two steps (it writes its files in synchronous calls).
      rmSync(certDir, { recursive: true, force: true });
      writeFileSync(certDir, 'not a folder');
      return Promise.resolve();
    });
    const message = results[0]?.error?.message ?? '';
    const rescue = /it is kept in (\S+) \(0700\)/.exec(message)?.[1];
    assert.ok(rescue, message);
    assert.match(
      message,
      /^output-dir: the new certificate could not be written to .* nor saved in the state \(store: the repository secret RESCUE_STATE/,
    );
    assert.equal((await stat(rescue)).mode & 0o777, 0o700);
    const leaf = new X509Certificate(await readFile(join(rescue, 'cert.pem')));
    assert.match(leaf.subjectAltName ?? '', /rescue-state\.example\.test/);
    assert.equal((await stat(join(rescue, 'privkey.pem'))).mode & 0o777, 0o600);
  });
});
