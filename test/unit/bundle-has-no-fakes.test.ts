import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * A bundle's text without the packages it carries: esbuild heads each module with a `// path`
 * comment, and a package's own function may share a name with a test helper (@sigstore/verify
 * exports `verifyCertificate`), so only what comes from src/ and the bundle's glue is searched.
 */
function withoutPackages(bundle: string): string {
  let fromPackage = false;
  return bundle
    .split('\n')
    .filter((line) => {
      const header = /^\/\/ (\S+)$/.exec(line);
      if (header) fromPackage = (header[1] as string).startsWith('node_modules/');
      return !fromPackage;
    })
    .join('\n');
}

describe('dist/ carries no test code', () => {
  it('no function of a fake, its kit or the BIND mirror (every file in a testing/ folder) is in a bundle', () => {
    const testingFiles = filesUnder(join(root, 'src')).filter(
      (file) => /\/testing\/[^/]+\.ts$/.test(file) && !file.endsWith('.test.ts'),
    );
    assert.ok(testingFiles.length >= 9, `the fakes are in testing/ folders: ${testingFiles.length}`);
    const names = testingFiles
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => ({
          file,
          name: m[1] as string,
        })),
      )
      // Short names (json, text, route) are words any bundle may hold; the long ones say where they come from.
      .filter(({ name }) => name.length >= 12);
    assert.ok(
      names.some((n) => n.name === 'startFakeCloudflareApi') && names.some((n) => n.name === 'startFakeApi'),
      'the start functions are among the names looked for',
    );
    // The ES module chunks, the CommonJS entries and loader, and the start script (chunks/start-body.cjs).
    const bundles = filesUnder(join(root, 'dist')).filter((file) => /\.c?js$/.test(file));
    assert.ok(bundles.length > 5, 'dist/ is built');
    const text = bundles.map((file) => withoutPackages(readFileSync(file, 'utf8'))).join('\n');
    assert.ok(text.includes('// src/action/main.ts'), 'the product code is searched');
    const testModules = [...text.matchAll(/^\/\/ ((?:test\/|\S*\/testing\/)\S*)$/gm)].map((m) => m[1]);
    assert.deepEqual(testModules, [], 'no module of a testing/ folder or test/ is in a bundle');
    const found = names
      .filter(({ name }) => new RegExp(`\\b${name}\\b`).test(text))
      .map(({ file, name }) => `${name} (${relative(root, file)})`);
    assert.deepEqual(found, []);
  });
});
