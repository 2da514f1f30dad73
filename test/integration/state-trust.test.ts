/**
 * Issue 18, points 3, 4, 7 and 11, through the bundles a user runs (dist/main.js as the runner
 * runs it, dist/cli.js): a state that exists is never replaced by accident, an organisation
 * secret keeps its audience, a passphrase is always stretched, and an artifact of a run for a
 * tag named like the trusted branch is not loaded.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeProtectedHeader } from 'jose';
import { parseBundle } from '../../src/state/bundle.js';
import { decryptState, parseStateKey } from '../../src/state/encryption.js';
import { runCli, bedFlags } from '../../src/testing/cli.js';
import { bedInputs, STATE_KEY } from '../../src/testing/engine.js';
import { startGithubApi, type GithubApi } from '../../src/testing/github-api.js';
import { runActionStep, visibleLog } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const TOKEN = 'github_pat_11TRUST0123456789_secretwriter';

/** A stand-in ACME server that answers nothing useful and counts what reaches it: a run that refuses first asks it nothing. */
async function startAcmeTrap(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The lines the runner shows as errors (`::error::...`). */
const errorLines = (output: string) => output.split('\n').filter((line) => line.startsWith('::error::'));

/** The PBKDF2 parameters in a bundle's header, if its key was derived from a passphrase. */
const kdfOf = (jwe: string) => (decodeProtectedHeader(jwe.trim()) as { cwf?: { s?: string; c?: number } }).cwf?.c;

describe('the state and where it is kept, attacked through the bundles', () => {
  let bed: Testbed;
  let api: GithubApi;
  let trap: Awaited<ReturnType<typeof startAcmeTrap>>;
  before(async () => {
    [bed, api, trap] = await Promise.all([startTestbed(), startGithubApi({ token: TOKEN }), startAcmeTrap()]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), api?.close(), trap?.close()]);
  });

  const secretInputs = (domain: string, store: string, extra: Record<string, string | undefined> = {}) =>
    bedInputs(bed, [domain], {
      store,
      'state-key': STATE_KEY,
      'github-token': TOKEN,
      'github-api-url': api.url,
      'github-repository': 'acme/site',
      ...extra,
    });

  const puts = (path: string) => api.requests.filter((r) => r === `PUT ${path}`).length;

  it('refuses an empty state input while the secret exists, before any ACME request, and starts over only with state-reset', async () => {
    const path = '/repos/acme/site/actions/secrets/TRUST_STATE';
    const first = await runActionStep(main, secretInputs('trust.example.test', 'secret:TRUST_STATE'));
    assert.equal(first.code, 0, first.output);
    const stored = api.secrets.get(path) ?? '';
    assert.ok(stored.length > 0);
    const writes = puts(path);

    // A mistyped `${{ secrets.TRUST_STAET }}` (or a job the secret does not reach) gives an empty state input.
    const mistyped = await runActionStep(
      main,
      secretInputs('trust.example.test', 'secret:TRUST_STATE', { server: trap.url, 'server-ca-file': undefined }),
    );
    assert.equal(mistyped.code, 1, mistyped.output);
    const errors = errorLines(mistyped.output);
    assert.equal(errors.length, 1, mistyped.output);
    assert.match(
      errors[0] ?? '',
      /^::error::state: empty, but the repository secret TRUST_STATE of acme\/site exists \(written \S+\); stopping before anything else rather than replace it with a new state\. The state input probably does not reach this job: a mistyped secrets\.TRUST_STATE, a job or reusable workflow the secret is not passed to, or an environment secret this job cannot see\. Pass state: \$\{\{ secrets\.TRUST_STATE \}\}, or set state-reset: true to start over$/,
    );
    assert.deepEqual(trap.requests, [], 'nothing was asked of the CA');
    assert.equal(api.secrets.get(path), stored, 'the secret is unchanged');
    assert.equal(puts(path), writes, 'nothing was written');

    const reset = await runActionStep(
      main,
      secretInputs('trust.example.test', 'secret:TRUST_STATE', { 'state-reset': 'true' }),
    );
    assert.equal(reset.code, 0, reset.output);
    assert.equal(reset.outputs.renewed, 'true', 'an empty state: the certificate is issued again');
    assert.match(
      visibleLog(reset.output),
      /^::warning::state-reset: starting over with an empty state; this run's first write replaces what the repository secret TRUST_STATE of acme\/site holds$/m,
    );
    assert.notEqual(api.secrets.get(path), stored, 'the secret was replaced, as asked');
  });

  it('refuses the same for an environment secret the job cannot see', async () => {
    const path = '/repos/acme/site/environments/production/secrets/ENV_TRUST_STATE';
    const first = await runActionStep(
      main,
      secretInputs('env-trust.example.test', 'secret:environments/production/ENV_TRUST_STATE'),
    );
    assert.equal(first.code, 0, first.output);
    const stored = api.secrets.get(path);
    const hidden = await runActionStep(
      main,
      secretInputs('env-trust.example.test', 'secret:environments/production/ENV_TRUST_STATE', { server: trap.url }),
    );
    assert.equal(hidden.code, 1);
    assert.match(
      errorLines(hidden.output).join('\n'),
      /^::error::state: empty, but the secret ENV_TRUST_STATE of environment production in acme\/site exists \(written \S+\); stopping before anything else/,
    );
    assert.deepEqual(trap.requests, []);
    assert.equal(api.secrets.get(path), stored);
  });

  it('keeps the audience of an organisation secret on every write; a new one is readable by this repository alone', async () => {
    const path = '/orgs/acme/actions/secrets/ORG_TRUST_STATE';
    const first = await runActionStep(main, secretInputs('org-trust.example.test', 'secret:orgs/acme/ORG_TRUST_STATE'));
    assert.equal(first.code, 0, first.output);
    assert.deepEqual(
      api.audiences.get(path),
      { visibility: 'selected', selectedRepositoryIds: [api.repositoryId] },
      'a new secret: this repository only',
    );
    assert.match(
      first.output,
      /^Creating the organisation secret ORG_TRUST_STATE of acme readable by acme\/site only \(visibility selected\)/m,
    );

    // The organisation shares it with 150 repositories (two pages of the listing), then a renewal writes it.
    const selected = Array.from({ length: 150 }, (_, i) => 5000 + i);
    api.audiences.set(path, { visibility: 'selected', selectedRepositoryIds: [...selected] });
    const before = api.secrets.get(path);
    const renewed = await runActionStep(
      main,
      secretInputs('org-trust.example.test', 'secret:orgs/acme/ORG_TRUST_STATE', {
        state: before,
        'force-renewal': 'true',
      }),
    );
    assert.equal(renewed.code, 0, renewed.output);
    assert.equal(renewed.outputs.renewed, 'true');
    assert.notEqual(api.secrets.get(path), before, 'the secret was written');
    assert.deepEqual(
      api.audiences.get(path),
      { visibility: 'selected', selectedRepositoryIds: selected },
      'the same 150 repositories, not every private one',
    );
    assert.ok(
      api.requests.includes('GET /orgs/acme/actions/secrets/ORG_TRUST_STATE/repositories'),
      'the selection was read',
    );

    api.audiences.set(path, { visibility: 'all', selectedRepositoryIds: [] });
    const again = await runActionStep(
      main,
      secretInputs('org-trust.example.test', 'secret:orgs/acme/ORG_TRUST_STATE', {
        state: api.secrets.get(path),
        'force-renewal': 'true',
      }),
    );
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(
      api.audiences.get(path),
      { visibility: 'all', selectedRepositoryIds: [] },
      'an audience the owner chose is kept as it is',
    );

    const unknown = await runActionStep(
      main,
      secretInputs('org-norepo.example.test', 'secret:orgs/acme/ORG_NOREPO_STATE', { 'github-repository': undefined }),
    );
    assert.equal(unknown.code, 0, unknown.output);
    assert.deepEqual(api.audiences.get('/orgs/acme/actions/secrets/ORG_NOREPO_STATE'), {
      visibility: 'private',
      selectedRepositoryIds: [],
    });
    assert.match(
      unknown.output,
      /^::warning::Creating the organisation secret ORG_NOREPO_STATE of acme readable by every private repository of acme \(visibility private\), as github-repository is not known; narrow it/m,
    );
  });

  describe('a state file (node dist/cli.js)', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'certwright-trust-'));
    });
    const renew = (
      domain: string,
      statePath: string,
      stateKey: string,
      extra: string[] = [],
      server = bed.directoryUrl,
    ) =>
      runCli(
        [
          'renew',
          '-d',
          domain,
          ...bedFlags(bed, server),
          '--propagation-interval',
          '0.1',
          '--store',
          `file:${statePath}`,
          '--output-dir',
          join(dir, 'out'),
          ...extra,
        ],
        {
          CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
          CERTWRIGHT_STATE_KEY: stateKey,
          XDG_CONFIG_HOME: join(dir, 'config'),
        },
      );

    it('refuses a file that is empty, not a bundle, or for another key, asks the CA nothing and leaves it as it was; --state-reset starts over', async () => {
      const statePath = join(dir, 'file-trust.jwe');
      const issued = await renew('file-trust.example.test', statePath, STATE_KEY);
      assert.equal(issued.code, 0, issued.stderr);
      const written = await readFile(statePath, 'utf8');
      const cases: [string, string, string, RegExp][] = [
        [
          'empty',
          '',
          STATE_KEY,
          /^certwright: state: the file \S+ exists but is empty, so it cannot be loaded, and a new state is not written over it; restore it from a backup, or set state-reset: true to start over with an empty state\n$/,
        ],
        [
          'not a bundle',
          '{"version": 2}',
          STATE_KEY,
          /^certwright: state: not an encrypted certwright bundle \(no JWE header\); .*set state-reset: true to start over with an empty state\n$/,
        ],
        [
          'another key',
          written,
          'another passphrase entirely',
          /^certwright: state-key: cannot decrypt the bundle: the state-key is not the one that wrote it \(or the bundle was altered\); use the state-key that wrote it, or set state-reset: true to start over with an empty state\n$/,
        ],
      ];
      for (const [what, content, key, message] of cases) {
        await writeFile(statePath, content);
        const refused = await renew('file-trust.example.test', statePath, key, [], trap.url);
        assert.equal(refused.code, 1, what);
        assert.match(refused.stderr, message, what);
        assert.equal(await readFile(statePath, 'utf8'), content, `${what}: the file is unchanged`);
      }
      assert.deepEqual(trap.requests, [], 'nothing was asked of the CA');

      const reset = await renew('file-trust.example.test', statePath, 'another passphrase entirely', ['--state-reset']);
      assert.equal(reset.code, 0, reset.stderr);
      const bundle = parseBundle(
        await decryptState(await readFile(statePath, 'utf8'), parseStateKey('another passphrase entirely')),
      );
      assert.ok(bundle.lineages['file-trust.example.test'], 'a new state, with the new key');
    });

    it('stretches any passphrase, opens a state written with an old raw key and writes it again stretched, and takes cwk1: raw keys', async () => {
      // 43 letters and digits: the old rule used them as the AES key itself.
      const looksRaw = 'Tr0ub4dorAndThreeMoreWordsThatMakeFortyThre';
      const fresh = join(dir, 'fresh.jwe');
      assert.equal((await renew('kdf.example.test', fresh, looksRaw)).code, 0);
      assert.equal(kdfOf(await readFile(fresh, 'utf8')), 210_000, 'the 43-character passphrase went through PBKDF2');

      // A state written by an earlier certwright with a raw key: `dir` with the 32 bytes the base64 stands for, as cwk1: of it writes now.
      const oldKey = randomBytes(32).toString('base64url');
      const legacy = join(dir, 'legacy.jwe');
      assert.equal((await renew('legacy.example.test', legacy, `cwk1:${oldKey}`)).code, 0);
      const oldText = await readFile(legacy, 'utf8');
      assert.equal(kdfOf(oldText), undefined, 'a raw key: no key derivation');
      const reopened = await renew('legacy.example.test', legacy, oldKey);
      assert.equal(reopened.code, 0, reopened.stderr);
      assert.match(reopened.stdout, /^Not due for renewal/m, 'the old state was loaded with the same state-key value');
      const rewritten = await readFile(legacy, 'utf8');
      assert.equal(kdfOf(rewritten), 210_000, 'written again with the state-key stretched');
      const third = await renew('legacy.example.test', legacy, oldKey);
      assert.equal(third.code, 0, third.stderr);
      assert.match(third.stdout, /^Not due for renewal/m);
      assert.deepEqual(trap.requests, []);
    });
  });

  it('an artifact of a run for a tag named main is not loaded (dist/main.js, dry run)', async () => {
    const onMain = 'a1'.padEnd(40, '0');
    const tagCommit = 'badc0ffee'.padEnd(40, '7');
    api.branches.set('main', [onMain]);
    api.tags.set('main', tagCommit);
    const repository = { id: api.repositoryId, full_name: 'acme/site' };
    api.runs.set(9001, {
      path: '.github/workflows/renew.yml',
      event: 'push',
      head_branch: 'main',
      head_sha: tagCommit,
      head_repository: repository,
      repository,
    });
    api.artifacts.push({
      id: 77,
      name: 'tag-trust-state',
      expired: false,
      created_at: new Date().toISOString(),
      workflow_run: {
        id: 9001,
        repository_id: api.repositoryId,
        head_repository_id: api.repositoryId,
        head_branch: 'main',
        head_sha: tagCommit,
      },
    });
    const inputs = bedInputs(bed, ['tag-trust.example.test'], {
      store: 'artifact:tag-trust-state',
      'state-key': STATE_KEY,
      'github-token': TOKEN,
      'github-api-url': api.url,
      'github-repository': 'acme/site',
      'dry-run': 'true',
      'dry-run-server': bed.directoryUrl,
    });
    const run = await runActionStep(main, inputs, {}, undefined, {
      GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/renew.yml@refs/heads/main',
    });
    assert.equal(run.code, 0, run.output);
    const log = visibleLog(run.output);
    assert.match(
      log,
      /^Ignoring artifact tag-trust-state \(id 77\) of run 9001: made for a tag or other ref named main \(event push\), not the branch: its commit badc0ffee777 is not on branch main$/m,
    );
    assert.match(log, /^No trusted artifact tag-trust-state: this run starts without state$/m);
    assert.ok(
      api.requests.includes(`GET /repos/acme/site/compare/${onMain}...${tagCommit}`),
      'the commits were compared by SHA, not by the ambiguous name',
    );
  });
});
