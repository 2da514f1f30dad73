/**
 * Issue 18, points 1 and 2, attacked through the bundles (`node dist/cli.js`, `dist/main.js`):
 * a hostile delegated zone answers the `_acme-challenge` CNAME (or its NS set) with names that
 * carry newlines, shell and nsupdate syntax; a CA and a hook print workflow commands. The run
 * stops in one line naming the chain, no hook gets the bad name, nothing is injected.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/testing/cli.js';
import { cname, encodeReply, soa, startFakeDns, type FakeDnsServer } from '../harness/fake-dns.js';
import { runActionStep } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The commands certwright itself issues; any other, or one carrying injected text in its name or mask, is an injection. */
const OWN_COMMANDS = new Set(['add-mask', 'group', 'endgroup', 'debug', 'error', 'warning', 'notice']);

/**
 * The lines of `output` the Actions runner would take as workflow commands it did not get from
 * certwright: it splits on CR and LF, trims leading white space, and finds `::cmd::` at the
 * start or the old `##[cmd]` anywhere.
 */
function injectedCommands(output: string, marker: string): string[] {
  return output.split(/\r\n|\r|\n/).filter((line) => {
    if (line.includes('##[')) return true;
    const text = line.trimStart();
    if (!text.startsWith('::')) return false;
    const end = text.indexOf('::', 2);
    const head = text.slice(2, end < 0 ? undefined : end);
    const command = head.split(' ')[0] ?? '';
    const data = end < 0 ? '' : text.slice(end + 2);
    return !OWN_COMMANDS.has(command) || head.includes(marker) || (command === 'add-mask' && data.includes(marker));
  });
}

/** A hook that records what it was given, one line per run. */
async function recordingHook(dir: string): Promise<{ command: string; log: string }> {
  const log = join(dir, 'hook.log');
  const script = join(dir, 'hook.sh');
  await writeFile(
    script,
    `#!/bin/sh\nprintf '%s fqdn=[%s] zone=[%s]\\n' "$1" "$CERTWRIGHT_FQDN" "$CERTWRIGHT_ZONE" >> '${log}'\n`,
  );
  await chmod(script, 0o755);
  return { command: script, log };
}

describe('DNS answers are untrusted data (node dist/cli.js against a hostile delegated zone)', () => {
  let bed: Testbed;
  let zone: FakeDnsServer;
  let dir: string;
  let pwned: string;
  /** `_acme-challenge.<label>.evil.test` answers a CNAME to this target. */
  const targets = new Map<string, string>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cw-dt-'));
    // The whole command is one DNS label (63 bytes at most): no dot in the path, and short names.
    pwned = join(dir, 'pwned');
    assert.ok(`$(touch ${pwned})`.length <= 63, `the temporary folder ${dir} is too long a path for this test`);
    targets.set('newline', 'x\n::error::pwned-dns\n::add-mask::pwned-dns');
    targets.set('shell', `$(touch ${pwned})`);
    targets.set('nsupdate', 'x\nupdate add evil 60 TXT pwned\nsend');
    targets.set('overlong', 'a'.repeat(64));
    [bed, zone] = await Promise.all([
      startTestbed(),
      startFakeDns(({ name, type }) => {
        const lower = name.toLowerCase();
        const label = /^_acme-challenge\.([a-z]+)\.evil\.test$/.exec(lower)?.[1] ?? '';
        if (type === 'CNAME' && targets.has(label)) return { answers: [cname(name, targets.get(label) as string)] };
        if (type === 'SOA' && lower === 'evil.test') return { answers: [soa('evil.test')] };
        if (type === 'SOA') return { rcode: 'NXDOMAIN', authorities: [soa('evil.test')] };
        if (type === 'NS' && lower === 'evil.test') {
          return {
            answers: [
              {
                type: 'NS',
                name,
                ttl: 60,
                class: 'IN',
                data: `ns1.evil.test\n::error::pwned-ns.$(touch ${pwned})`,
              },
            ],
          };
        }
        return {};
      }),
    ]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), zone?.close()]);
  });

  const certonly = async (domain: string, discovery: string[], extra: string[] = []) => {
    const hook = await recordingHook(await mkdtemp(join(dir, 'hook-')));
    const run = await runCli(
      [
        'certonly',
        '-d',
        domain,
        '--server',
        bed.directoryUrl,
        '--server-ca-file',
        bed.serverCaFile,
        '--agree-tos',
        '-m',
        'ops@example.test',
        '--dns',
        'exec',
        '--exec-auth-hook',
        `${hook.command} auth`,
        '--exec-cleanup-hook',
        `${hook.command} cleanup`,
        '--output-dir',
        join(dir, 'out'),
        ...discovery,
        ...extra,
      ],
      { XDG_CONFIG_HOME: join(dir, 'config') },
    );
    const hookLog = await readFile(hook.log, 'utf8').catch(() => undefined);
    return { ...run, hookLog };
  };

  for (const [label, shown] of [
    ['newline', String.raw`"x\n::error::pwned-dns\n::add-mask::pwned-dns"`],
    ['shell', undefined],
    ['nsupdate', String.raw`"x\nupdate add evil 60 TXT pwned\nsend"`],
  ] as const) {
    it(`a CNAME target with ${label} syntax stops the run in one line naming the chain; no hook runs`, async () => {
      const domain = `${label}.evil.test`;
      const run = await certonly(domain, ['--nameservers', `127.0.0.1:${zone.address.port}`]);
      assert.equal(run.code, 1, run.stderr);
      const last = run.stderr.trimEnd().split('\n').at(-1);
      assert.equal(
        last,
        `certwright: dns: _acme-challenge.${domain} → ${shown ?? JSON.stringify(targets.get(label))}: not a host name (a label has characters other than letters, digits, '-' and '_'); fix the CNAME record of _acme-challenge.${domain}`,
      );
      assert.equal(run.hookLog, undefined, 'no hook ran');
      assert.equal(existsSync(pwned), false, 'nothing was run from the answer');
      assert.deepEqual(injectedCommands(run.stderr + run.stdout, 'pwned'), []);
    });
  }

  it('a label longer than 63 octets cannot even be read: the run stops naming the question', async () => {
    const run = await certonly('overlong.evil.test', ['--nameservers', `127.0.0.1:${zone.address.port}`]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr.trimEnd().split('\n').at(-1) ?? '',
      /^certwright: dns: no server could answer CNAME _acme-challenge\.overlong\.evil\.test \(asked 127\.0\.0\.1:\d+: .*Cannot decode name \(bad label\)\)/,
    );
    assert.equal(run.hookLog, undefined, 'no hook ran');
  });

  it('an NS target with a newline and shell syntax stops the propagation check; hooks only ever saw host names', async () => {
    const run = await certonly(
      'nsbad.evil.test',
      ['--resolvers', `127.0.0.1:${zone.address.port}`],
      ['--propagation', 'check'],
    );
    assert.equal(run.code, 1, run.stderr);
    const last = run.stderr.trimEnd().split('\n').at(-1);
    assert.equal(
      last,
      `certwright: dns: NS of evil.test → "ns1.evil.test\\n::error::pwned-ns.$(touch ${pwned})": not a host name (a label has characters other than letters, digits, '-' and '_'); fix the NS records of evil.test`,
    );
    assert.equal(
      run.hookLog,
      'auth fqdn=[_acme-challenge.nsbad.evil.test] zone=[evil.test]\ncleanup fqdn=[_acme-challenge.nsbad.evil.test] zone=[evil.test]\n',
    );
    assert.equal(existsSync(pwned), false);
    assert.deepEqual(injectedCommands(run.stderr + run.stdout, 'pwned'), []);
  });
});

describe('DNS replies count only from the server asked, for the question asked (node dist/cli.js)', () => {
  let bed: Testbed;
  let zone: FakeDnsServer;
  let dir: string;
  const HIJACK = 'hijacked.attacker.test';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-dnsspoof-'));
    [bed, zone] = await Promise.all([
      startTestbed(),
      startFakeDns(
        ({ name, type }) => {
          const lower = name.toLowerCase();
          // The honest answer only fits over TCP: the UDP reply is truncated.
          if (type === 'CNAME' && lower === '_acme-challenge.spoofed.evil.test')
            return { truncated: true, answers: [cname(name, 'target.evil.test')] };
          if (type === 'SOA' && lower === 'evil.test') return { answers: [soa('evil.test')] };
          if (type === 'SOA') return { rcode: 'NXDOMAIN', authorities: [soa('evil.test')] };
          return {};
        },
        {
          replyDelayMs: 50,
          // An off-path attacker racing the server: the same answer shape pointing elsewhere, from
          // another port, and from the right port for another question.
          spoof: (asked, send) => {
            const question = asked.questions?.[0];
            if (question?.type !== 'CNAME') return;
            send(encodeReply(asked, { answers: [cname(question.name, HIJACK)] }), 'other');
            send(
              encodeReply(
                { ...asked, questions: [{ ...question, name: 'other.evil.test' }] },
                { answers: [cname('other.evil.test', HIJACK)] },
              ),
              'same',
            );
          },
        },
      ),
    ]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), zone?.close()]);
  });

  it('a spoofed CNAME from another port or for another question is ignored; a truncated reply is asked again over TCP', async () => {
    const hook = await recordingHook(await mkdtemp(join(dir, 'hook-')));
    const run = await runCli(
      [
        'certonly',
        '-d',
        'spoofed.evil.test',
        '--server',
        bed.directoryUrl,
        '--server-ca-file',
        bed.serverCaFile,
        '--agree-tos',
        '-m',
        'ops@example.test',
        '--dns',
        'exec',
        '--exec-auth-hook',
        `${hook.command} auth`,
        '--exec-cleanup-hook',
        `${hook.command} cleanup`,
        '--nameservers',
        `127.0.0.1:${zone.address.port}`,
        '--propagation',
        'skip',
        '--output-dir',
        join(dir, 'out'),
      ],
      { XDG_CONFIG_HOME: join(dir, 'config') },
    );
    // Pebble cannot see the fake zone, so the order fails; what matters is where the record went.
    assert.equal(run.code, 1, run.stderr);
    const hookLog = await readFile(hook.log, 'utf8');
    assert.equal(
      hookLog,
      'auth fqdn=[target.evil.test] zone=[evil.test]\ncleanup fqdn=[target.evil.test] zone=[evil.test]\n',
      run.stderr,
    );
    assert.ok(!`${run.stdout}${run.stderr}`.includes(HIJACK), 'the spoofed target appears nowhere');
    assert.ok(
      zone.asked.includes('tcp _acme-challenge.spoofed.evil.test CNAME'),
      `asked again over TCP: ${zone.asked.join(', ')}`,
    );
  });
});

/**
 * A CA that serves a directory and a nonce, then refuses the account with a problem whose
 * detail carries workflow commands after newlines.
 */
async function startHostileCa(): Promise<{ url: string; close(): Promise<void> }> {
  let nonce = 0;
  const server = http.createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    response.setHeader('Replay-Nonce', `nonce-${++nonce}`);
    response.setHeader('Cache-Control', 'no-store');
    if (request.url === '/dir') {
      response.setHeader('Content-Type', 'application/json');
      return void response.end(
        JSON.stringify({ newNonce: `${base}/nonce`, newAccount: `${base}/account`, newOrder: `${base}/order` }),
      );
    }
    if (request.url === '/nonce') return void response.writeHead(request.method === 'HEAD' ? 200 : 204).end();
    request.resume();
    response.writeHead(400, { 'Content-Type': 'application/problem+json' });
    response.end(
      JSON.stringify({
        type: 'urn:ietf:params:acme:error:malformed',
        detail: 'refused\n::error::pwned-ca\r::add-mask::pwned-ca\n::stop-commands::pwned-ca',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dir`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The pre-hook's output reached the log a line each, behind the certificate's name and the hook's kind, visibly escaped. */
function assertHookLines(log: string): void {
  for (const line of [
    'hook says',
    '::error::pwned-hook',
    '::add-mask::pwned-hook',
    '  ::stop-commands::pwned-hook\\r::warning::pwned-hook',
    '%23#[error]pwned-hook',
  ]) {
    assert.ok(log.split('\n').includes(`inject.example.test: pre-hook: ${line}`), `${line} in\n${log}`);
  }
}

describe('log lines from outside cannot become workflow commands', () => {
  let ca: Awaited<ReturnType<typeof startHostileCa>>;
  /** A pre-hook printing every way into the runner's command parser. */
  const preHook = String.raw`printf 'hook says\n::error::pwned-hook\n::add-mask::pwned-hook\n  ::stop-commands::pwned-hook\r::warning::pwned-hook\n##[error]pwned-hook\n'`;
  before(async () => {
    ca = await startHostileCa();
  });
  after(() => ca?.close());

  const inputs = () => ({
    domains: 'inject.example.test',
    server: ca.url,
    'agree-tos': 'true',
    email: 'ops@example.test',
    'dns-provider': 'exec',
    'exec-auth-hook': 'true',
    'pre-hook': preHook,
  });

  it('the Action (dist/main.js): hook output and a CA problem detail reach the log escaped, never as commands', async () => {
    const run = await runActionStep(main, inputs());
    assert.equal(run.code, 1, run.output);
    assert.deepEqual(injectedCommands(run.output, 'pwned'), []);
    // Both reached the log, on one line each, visibly escaped.
    assertHookLines(run.output);
    assert.match(
      run.output,
      /^::error title=certwright%3A inject\.example\.test failed::.*refused\\n::error::pwned-ca\\r::add-mask::pwned-ca\\n::stop-commands::pwned-ca/m,
    );
    // The product's own commands still work.
    assert.match(run.output, /^::group::inject\.example\.test: /m);
    assert.match(run.output, /^::endgroup::$/m);
  });

  it('the CLI (dist/cli.js): the same reaches stderr on one line each', async () => {
    const home = await mkdtemp(join(tmpdir(), 'certwright-dnstrust-cli-'));
    const run = await runCli(
      [
        'certonly',
        '-d',
        'inject.example.test',
        '--server',
        ca.url,
        '--agree-tos',
        '-m',
        'ops@example.test',
        '--dns',
        'exec',
        '--exec-auth-hook',
        'true',
        '--pre-hook',
        preHook,
        '--output-dir',
        join(home, 'out'),
      ],
      { XDG_CONFIG_HOME: join(home, 'config') },
    );
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(injectedCommands(run.stderr + run.stdout, 'pwned'), []);
    assertHookLines(run.stderr);
    assert.match(
      run.stderr.trimEnd().split('\n').at(-1) ?? '',
      /^certwright: .*refused\\n::error::pwned-ca\\r::add-mask::pwned-ca\\n::stop-commands::pwned-ca/,
    );
  });
});
