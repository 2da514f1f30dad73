import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { node24 } from '../../src/testing/node24.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** dependency-cruiser (it needs Node >= 22) with the project's rules, in `cwd`. */
function cruise(cwd: string): { code: number | null; output: string } {
  const run = spawnSync(
    node24(),
    [join(root, 'node_modules/.bin/depcruise'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd, encoding: 'utf8' },
  );
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('layering (dependency-cruiser rules in .dependency-cruiser.cjs)', () => {
  it('the tree as it is follows the rules', () => {
    const run = cruise(root);
    assert.equal(run.code, 0, run.output);
  });

  it('each rule fails on a wrong-way import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certwright-layers-'));
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json']) cpSync(join(root, file), join(dir, file));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const files: Record<string, string> = {
      'src/config/inputs.ts': 'export const a = 1;\n',
      'src/cli/main.ts': 'export const b = 1;\n',
      'src/action/main.ts': "import { b } from '../cli/main.js';\nexport const c = b;\n",
      'src/acme/probe.ts':
        "import { a } from '../config/inputs.js';\nimport { renew } from '../renewal/renew.js';\nexport const d = a + renew;\n",
      'src/renewal/renew.ts':
        "import * as core from '@actions/core';\nimport { b } from '../cli/main.js';\nexport const renew = b;\nexport const info = core.info;\n",
      'src/config/file.ts': "import { c } from '../action/main.js';\nexport const e = c;\n",
      // The run's report is engine-level: it reads results, never the inputs.
      'src/notify/send.ts': "import { a } from '../config/inputs.js';\nexport const s = a;\n",
      'src/store/helper.ts':
        "import { f } from '../../test/harness/x.js';\nimport { n } from '../testing/bed.js';\nexport const g = f + n;\n",
      'test/harness/x.ts': 'export const f = 1;\n',
      // The shared test bed: it may drive the engine and stand in for a toolkit client.
      'src/testing/bed.ts':
        "import type { FindOptions } from '@actions/artifact';\nimport { renew } from '../renewal/renew.js';\n" +
        'export const n = renew;\nexport type Find = FindOptions;\n',
      // A test in src/ is no exception: the test bed it needs is in src/testing/, never in test/.
      'src/renewal/renew.test.ts': "import { f } from '../../test/harness/x.js';\nexport const o = f;\n",
      'src/dns/providers/demo/testing/live.test.ts':
        "import { f } from '../../../../../test/harness/x.js';\nexport const p = f;\n",
      'src/dns/names.ts': 'export const h = 1;\n',
      // The state defines where it is kept (StateStore); it never reaches for a store kind, nor the option floor up.
      'src/store/file/index.ts': 'export const q = 1;\n',
      'src/state/session.ts': "import { q } from '../store/file/index.js';\nexport const r = q;\n",
      'src/options/parse.ts': "import { r } from '../state/session.js';\nexport const s = r;\n",
      'src/vendor/request.ts':
        "import { h } from '../dns/names.js';\nimport { renew } from '../renewal/renew.js';\nexport const i = h + renew;\n",
      'src/dns/providers/demo/provider.ts':
        "import { j } from './testing/fake-api.js';\nimport { k } from './provider.test.js';\nexport const l = j + k;\n",
      'src/dns/providers/demo/testing/fake-api.ts':
        "import { f } from '../../../../../test/harness/x.js';\nexport const j = f;\n",
      'src/dns/providers/demo/provider.test.ts': 'export const k = 1;\n',
      // What is allowed: a test of a plug-in drives its fake and the shared test bed.
      'src/dns/providers/demo/testing/provider.test.ts':
        "import { j } from './fake-api.js';\nimport { n } from '../../../../testing/bed.js';\nexport const m = j + n;\n",
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const run = cruise(dir);
    assert.notEqual(run.code, 0, 'wrong-way imports fail the check');
    const expected: [string, string][] = [
      ['floors-import-no-higher-folder', 'src/acme/probe.ts → src/config/inputs.ts'],
      ['floors-import-no-higher-folder', 'src/acme/probe.ts → src/renewal/renew.ts'],
      ['engine-imports-no-config-or-front-end', 'src/renewal/renew.ts → src/cli/main.ts'],
      ['actions-toolkit-only-in-action', 'src/renewal/renew.ts → '],
      ['config-imports-no-front-end', 'src/config/file.ts → src/action/main.ts'],
      ['engine-imports-no-config-or-front-end', 'src/notify/send.ts → src/config/inputs.ts'],
      ['front-ends-stay-apart', 'src/action/main.ts → src/cli/main.ts'],
      ['src-imports-no-test-folder', 'src/store/helper.ts → test/harness/x.ts'],
      ['src-imports-no-test-folder', 'src/dns/providers/demo/testing/fake-api.ts → test/harness/x.ts'],
      ['src-imports-no-test-folder', 'src/renewal/renew.test.ts → test/harness/x.ts'],
      ['src-imports-no-test-folder', 'src/dns/providers/demo/testing/live.test.ts → test/harness/x.ts'],
      ['product-imports-no-testing', 'src/store/helper.ts → src/testing/bed.ts'],
      ['src-imports-no-tests', 'src/dns/providers/demo/provider.ts → src/dns/providers/demo/provider.test.ts'],
      ['product-imports-no-testing', 'src/dns/providers/demo/provider.ts → src/dns/providers/demo/testing/fake-api.ts'],
      ['vendor-kit-imports-no-plug-in', 'src/vendor/request.ts → src/dns/names.ts'],
      ['floors-import-no-higher-folder', 'src/vendor/request.ts → src/renewal/renew.ts'],
      ['state-imports-no-store', 'src/state/session.ts → src/store/file/index.ts'],
      ['floors-import-no-higher-folder', 'src/options/parse.ts → src/state/session.ts'],
    ];
    for (const [rule, edge] of expected) {
      assert.ok(
        run.output.split('\n').some((line) => line.includes(rule) && line.includes(edge)),
        `${rule} reports ${edge}\n${run.output}`,
      );
    }
    assert.ok(
      !run.output.includes('src/dns/providers/demo/testing/provider.test.ts →'),
      `a test in testing/ may import its fake and the test bed\n${run.output}`,
    );
    assert.ok(
      !run.output.includes('src/testing/bed.ts →'),
      `the test bed may drive the engine and use a toolkit client's types\n${run.output}`,
    );
  });
});
