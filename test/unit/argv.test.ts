import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from 'node:util';
import { scanArgv, type ArgvOption } from '../../src/cli/argv.js';
import { parseCommandLine } from '../../src/cli/options.js';

/** The kinds of option the CLI has: repeatable text options and switches, some with a one-letter alias. */
const OPTIONS: Record<string, ArgvOption> = {
  domain: { type: 'string', multiple: true, short: 'd' },
  email: { type: 'string', multiple: true, short: 'm' },
  server: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'agree-tos': { type: 'boolean' },
  // an alias kept under its own name, as argsOptions does for long aliases
  'test-cert': { type: 'boolean' },
};

/** Arguments a careless or a hostile command line is made of: every shape parseArgs tells apart. */
const WORDS = [
  '--domain',
  '--domain=a.test',
  '--domain=',
  '--domain=-x',
  '--domain=a=b',
  '-d',
  '-da.test',
  '-d-x',
  '-dq',
  '-qd',
  '-qdb.test',
  '-qv',
  '-qz',
  '-zq',
  '-q',
  '-v',
  '-m',
  '--email',
  '--server',
  '--quiet',
  '--quiet=yes',
  '--agree-tos',
  '--test-cert',
  '--unknown',
  '--unknown=1',
  '---domain',
  '--=x',
  '--__proto__',
  '--constructor',
  '-',
  '--',
  '-5',
  '-x',
  'a.test',
  'certonly',
  '__proto__',
  '',
];

/** A small seeded generator, so a failure names a case that can be run again. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** What strict parseArgs makes of argv: its values and positionals, or undefined where it throws. */
function byParseArgs(argv: string[], allowPositionals: boolean) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals, strict: true });
    return { values: { ...values }, positionals };
  } catch {
    return undefined;
  }
}

describe('argv, read as strict util.parseArgs reads it', () => {
  it('gives the same values and positionals as parseArgs, and refuses exactly what it refuses', () => {
    const random = generator(20_261_206);
    let accepted = 0;
    for (let n = 0; n < 6_000; n++) {
      const argv = Array.from(
        { length: Math.floor(random() * 6) },
        () => WORDS[Math.floor(random() * WORDS.length)] as string,
      );
      const allowPositionals = random() < 0.5;
      const expected = byParseArgs(argv, allowPositionals);
      assert.deepEqual(
        scanArgv(argv, OPTIONS, allowPositionals),
        expected,
        `${JSON.stringify(argv)} ${allowPositionals}`,
      );
      if (expected) accepted++;
    }
    // Both outcomes are well covered.
    assert.ok(accepted > 1_000 && accepted < 5_000, `${accepted} of 6000 accepted`);
  });

  it('keeps the order options were first given in, and every value of a repeated one', () => {
    assert.deepEqual(scanArgv(['-q', '-d', 'a.test', '--email', 'x@y.test', '-db.test', '-q'], OPTIONS, true), {
      values: { quiet: true, domain: ['a.test', 'b.test'], email: ['x@y.test'] },
      positionals: [],
    });
  });

  it("the CLI's own command lines, good and bad, read and refused as before", () => {
    const env = {};
    const read = parseCommandLine(
      ['certonly', '-d', 'a.test', '--domain=b.test', '-qm', 'ops@a.test', '--agree-tos', '--dns', 'rfc2136'],
      env,
    );
    assert.equal(read.command, 'certonly');
    assert.equal(read.raw.domains, 'a.test,b.test');
    assert.equal(read.raw.email, 'ops@a.test');
    assert.throws(
      () => parseCommandLine(['certonly', '-d'], env),
      /option -d needs a value \(certwright help certonly\)/,
    );
    assert.throws(
      () => parseCommandLine(['certonly', '-d', '--quiet'], env),
      /option -d needs a value \(certwright help certonly\)/,
    );
    assert.throws(
      () => parseCommandLine(['certonly', '--domian', 'a.test'], env),
      /unknown option --domian; did you mean --domain\?/,
    );
    assert.throws(() => parseCommandLine(['certonly', '--quiet=1'], env), /option --quiet takes no value/);
  });
});
