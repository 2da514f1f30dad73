import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText, helpWidth, wrap } from '../../src/cli/help.js';
import { COMMANDS, parseCommandLine, secretsInArgv, UsageError } from '../../src/cli/options.js';
import type { InputSpec } from '../../src/config/inputs.js';
import { editDistance, nearest } from '../../src/config/nearest.js';

const parse = (...argv: string[]) => parseCommandLine(argv, {});

describe('CLI flags as in certbot', () => {
  it('--domain, --domains and -d are one input; -n and --non-interactive are accepted', () => {
    const invocation = parse(
      'certonly',
      '--domain',
      'a.example.test',
      '-d',
      'b.example.test',
      '--domains',
      'c.example.test',
      '-n',
      '--non-interactive',
    );
    assert.equal(invocation.command, 'certonly');
    assert.equal(invocation.raw.domains, 'a.example.test,b.example.test,c.example.test');
    assert.ok(!('non-interactive' in invocation.raw), 'a CLI switch is no input');
  });

  const staging = 'https://acme-staging-v02.api.letsencrypt.org/directory';
  for (const flag of ['--staging', '--test-cert']) {
    it(`${flag} means letsencrypt-staging, also next to a --server that names it`, () => {
      assert.equal(parse('renew', flag).raw.server, 'letsencrypt-staging');
      assert.equal(parse('renew', flag, '--server', 'letsencrypt-staging').raw.server, 'letsencrypt-staging');
      assert.equal(parse('renew', flag, '--server', staging).raw.server, 'letsencrypt-staging');
    });
  }

  it('--staging with --server of another CA is a usage error', () => {
    assert.throws(() => parse('certonly', '--test-cert', '--server', 'https://ca.example.test/dir'), {
      name: 'UsageError',
      message:
        "--staging (--test-cert) means Let's Encrypt's staging server, but --server names https://ca.example.test/dir; give one of them (certwright help certonly)",
    });
    assert.throws(() => parse('certonly', '--staging', '--server', 'letsencrypt'), UsageError);
  });

  it('revoke --delete-after-revoke and --reason', () => {
    const invocation = parse('revoke', '--cert-name', 'a', '--reason', 'superseded', '--delete-after-revoke');
    assert.deepEqual(
      [invocation.reason, invocation.deleteAfterRevoke, invocation.raw['cert-name']],
      ['superseded', true, 'a'],
    );
    assert.equal(invocation.raw.reason, undefined, 'CLI-only flags stay out of the inputs');
  });

  it('help COMMAND and COMMAND --help', () => {
    assert.deepEqual([parse('help', 'renew').command, parse('help', 'renew').topic], ['help', 'renew']);
    assert.deepEqual([parse('renew', '--help').command, parse('renew', '-h').help], ['renew', true]);
  });
});

describe('CLI usage errors: one line, a suggestion when one is close, the help to read', () => {
  const cases: [string, string[], string][] = [
    [
      'a misspelt flag',
      ['certonly', '--domian', 'x.example.test'],
      'unknown option --domian; did you mean --domain? (certwright help certonly)',
    ],
    [
      'a misspelt provider flag',
      ['renew', '--rfc2136-tsig-kye', 'k'],
      'unknown option --rfc2136-tsig-kye; did you mean --rfc2136-tsig-key? (certwright help renew)',
    ],
    ['a flag nothing is near', ['renew', '--frobnicate'], 'unknown option --frobnicate (certwright help renew)'],
    ['an unknown short flag', ['renew', '-x'], 'unknown option -x (certwright help renew)'],
    [
      'a flag before the command',
      ['--domian', 'x', 'renew'],
      'unknown option --domian; did you mean --domain? (certwright help renew)',
    ],
    ['a misspelt command', ['renwe'], 'unknown command renwe; did you mean renew? (certwright help)'],
    ['a command nothing is near', ['obtain'], 'unknown command obtain (certwright help)'],
    [
      'help of a misspelt command',
      ['help', 'certificats'],
      'unknown command certificats; did you mean certificates? (certwright help)',
    ],
    ['a missing value', ['renew', '--server'], 'option --server needs a value (certwright help renew)'],
    [
      'an option where a value belongs',
      ['renew', '--server', '--agree-tos'],
      'option --server needs a value (certwright help renew)',
    ],
    ['a value for a switch', ['renew', '--agree-tos=yes'], 'option --agree-tos takes no value (certwright help renew)'],
    ['an extra argument', ['renew', 'example.com'], 'unexpected argument example.com (certwright help renew)'],
  ];
  for (const [what, argv, message] of cases) {
    it(what, () => assert.throws(() => parse(...argv), { name: 'UsageError', message }));
  }

  it('edit distance counts a swap of neighbours once', () => {
    assert.equal(editDistance('domian', 'domain'), 1);
    assert.equal(editDistance('renwe', 'renew'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(nearest('domian', ['domains', 'domain', 'dns']), 'domain');
    assert.equal(nearest('xyz', ['renew', 'revoke']), undefined);
  });
});

describe('secrets on the command line, found before it is parsed', () => {
  const specs = [
    { name: 'state-key', secret: true },
    { name: 'token', secret: true, cliAliases: ['t', 'api-token'] },
    { name: 'domains', cliAliases: ['d'] },
  ] as unknown as InputSpec[];

  it('takes the value of every spelling of a secret option, and nothing else', () => {
    const argv = [
      'certonly',
      '-d',
      'not-a-secret.example',
      '--state-key',
      'key-one',
      '--token=token-two',
      '--api-token',
      'token-three',
      '-t',
      'token-four',
      '-ttoken-five',
      '--state-key',
      '--looks-like-an-option',
      '--',
      '--token',
      'after-the-end',
    ];
    assert.deepEqual(secretsInArgv(argv, specs), [
      'key-one',
      'token-two',
      'token-three',
      'token-four',
      'token-five',
      '--looks-like-an-option',
    ]);
  });

  it('finds a secret in a command line that does not parse, and tolerates one at the end without a value', () => {
    assert.deepEqual(secretsInArgv(['--no-such-option', '--token', 'still-found', '--state-key'], specs), [
      'still-found',
    ]);
  });
});

describe('CLI help', () => {
  it('is as wide as the terminal, else COLUMNS, else 80, and at least 40', () => {
    assert.equal(helpWidth(120, { COLUMNS: '50' }), 120);
    assert.equal(helpWidth(undefined, { COLUMNS: '50' }), 50);
    assert.equal(helpWidth(undefined, {}), 80);
    assert.equal(helpWidth(undefined, { COLUMNS: 'wide' }), 80);
    assert.equal(helpWidth(20, {}), 40);
  });

  it('wraps with a hanging indent and cuts a word longer than a line', () => {
    assert.deepEqual(wrap('aaa bbb ccc ddd', 10, '- ', '  '), ['- aaa bbb', '  ccc ddd']);
    assert.deepEqual(wrap('abcdefghijkl', 8, '  '), ['  abcdef', '  ghijkl']);
  });

  for (const width of [40, 57, 80, 132]) {
    it(`keeps every line of every page within ${width} columns`, () => {
      for (const command of [undefined, ...COMMANDS]) {
        const long = helpText(command, width)
          .split('\n')
          .filter((line) => line.length > width);
        assert.deepEqual(long, [], `certwright help ${command ?? ''}`);
      }
    });
  }

  it('the overview lists the commands and points at help COMMAND', () => {
    const text = helpText(undefined, 80);
    for (const command of COMMANDS) assert.match(text, new RegExp(`^  ${command} +\\S`, 'm'));
    assert.match(text, /"certwright help COMMAND"/);
    assert.ok(text.split('\n').length < 40, 'short: no options of the commands');
    assert.equal(helpText('help', 80), text);
  });

  it('a command shows only the options it uses', () => {
    const renew = helpText('renew', 80);
    assert.match(renew, /^Usage:\n {2}certwright renew -d NAME/m);
    assert.match(renew, /^ {2}-d, --domains, --domain VALUE$/m);
    assert.match(renew, /^Renewal options:$/m);
    assert.match(renew, /^Provider rfc2136: /m);
    assert.match(renew, /^ {2}--staging, --test-cert$/m);
    assert.doesNotMatch(renew, /--tarball|--delete-after-revoke/);
    const verify = helpText('verify-release', 80);
    assert.match(verify, /^ {2}--tarball VALUE$/m);
    assert.doesNotMatch(verify, /Provider|--domains|--verbose|--store/);
    const revoke = helpText('revoke', 80);
    assert.match(revoke, /^ {2}--reason VALUE\n.*\n.*\[default: unspecified\]$/m);
    assert.match(revoke, /^ {2}--delete-after-revoke$/m);
    assert.doesNotMatch(revoke, /Provider|--domains|--json/);
  });
});
