import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { LARGE_CONFIG_BYTES } from '../../src/process/young-generation.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const plan = new URL('../../src/config/plan.ts', import.meta.url).href;
const youngGeneration = new URL('../../src/process/young-generation.ts', import.meta.url).href;

/**
 * Records every V8 flag a process sets (node:v8's setFlagsFromString, which certwright reaches
 * through require), printed as JSON on stderr at exit.
 */
const FLAG_SPY =
  // The default export is the object require() returns.
  "import v8 from 'node:v8'; const set = v8.setFlagsFromString; const flags = [];" +
  'v8.setFlagsFromString = (flag) => { flags.push(flag); return set(flag); };' +
  "process.on('exit', () => process.stderr.write('FLAGS ' + JSON.stringify(flags) + '\\n'));";

function flagsOf(stderr: string): string[] {
  const line = /^FLAGS (.*)$/m.exec(stderr);
  assert.ok(line, stderr);
  return JSON.parse(line[1] ?? '[]') as string[];
}

/** A config file of `count` certificates, each with the deploy target the no-op bench gives them. */
function config(count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) =>
      `  - domains: [n${i}.example.test]\n    deploy: [{ target: github-secret, name: N${i}, repository: acme/site }]\n`,
  );
  return `certificates:\n${entries.join('')}`;
}

/** Plans the certificates of `file` in a new process: which flags it set, and whether it holds the young generation. */
function planIn(file: string): { flags: string[]; held: boolean } {
  const script =
    `import { planCertificates } from ${JSON.stringify(plan)};\n` +
    `import { youngGenerationHeld } from ${JSON.stringify(youngGeneration)};\n` +
    `await planCertificates({ config: ${JSON.stringify(file)}, 'dns-provider': 'rfc2136', 'rfc2136-server': '127.0.0.1:53',` +
    ` 'rfc2136-tsig-key': 'k', 'rfc2136-tsig-secret': 'c2VjcmV0', 'github-token': 'a-token' });\n` +
    'console.log(JSON.stringify(youngGenerationHeld()));\n';
  const child = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(FLAG_SPY)}`, '--import', 'tsx', '--input-type=module'],
    { input: script, cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } },
  );
  assert.equal(child.status, 0, child.stderr);
  return { flags: flagsOf(child.stderr), held: JSON.parse(child.stdout) as boolean };
}

describe("V8's young generation", () => {
  it('is held at its start size for a config file of many certificates, before the file is parsed; not for a few', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-young-'));
    const many = join(dir, 'many.yml');
    const few = join(dir, 'few.yml');
    await writeFile(many, config(200));
    await writeFile(few, config(3));
    assert.ok(config(200).length >= LARGE_CONFIG_BYTES && config(3).length < LARGE_CONFIG_BYTES);
    assert.deepEqual(planIn(many), { flags: ['--semi-space-growth-factor=1'], held: true });
    assert.deepEqual(planIn(few), { flags: [], held: false });
  });

  it("a CLI run changes no V8 flag at start, so Node's built-ins load from the code cache built into Node", () => {
    // Any flag changed before them costs every built-in loaded afterwards a compile from source.
    const child = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(FLAG_SPY)}`, join(root, 'dist/cli.js'), '--version'],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, CERTWRIGHT_CODE_CACHE: 'off' } },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(flagsOf(child.stderr), []);
  });
});
