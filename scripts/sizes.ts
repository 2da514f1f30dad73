/**
 * Size figures for the docs, product code and test code counted apart (lines of TypeScript, as
 * `wc -l` counts them):
 * - `sizes` (docs/development.md): the whole tree;
 * - `provider-copy` (CONTRIBUTING.md): what a copy of the typical provider folder holds.
 * Sizes move with every change and the docs need not: a section whose figures are all within
 * `TOLERANCE` of the tree's is left as it is, so `generate --check` fails only once one is off by more.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The folder CONTRIBUTING.md tells a newcomer to copy for a new DNS provider. */
export const TYPICAL_PROVIDER = 'src/dns/providers/cloudflare';

/** How far (a fraction) a figure in the docs may be from the tree's before the section is written again. */
export const TOLERANCE = 0.05;

/** What code is, by where it lives. */
type Kind = 'product' | 'fake' | 'test';

/** `product`: shipped; `fake`: a `testing/` folder's fakes and kits; `test`: a `*.test.ts` file. */
export function kindOf(path: string): Kind {
  if (path.endsWith('.test.ts')) return 'test';
  return path.split(/[\\/]/).includes('testing') ? 'fake' : 'product';
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative('.', join(e.parentPath, e.name)));
}

async function lineCount(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Lines of the `.ts` files under `dir`, by kind, and how many files of each. */
async function measure(dir: string): Promise<Record<Kind, { files: number; lines: number }>> {
  const sizes = { product: { files: 0, lines: 0 }, fake: { files: 0, lines: 0 }, test: { files: 0, lines: 0 } };
  for (const path of await filesUnder(dir)) {
    if (!path.endsWith('.ts')) continue;
    const size = sizes[kindOf(path)];
    size.files += 1;
    size.lines += await lineCount(path);
  }
  return sizes;
}

/** `about 15,800`: rounded to `step`. */
function about(lines: number, step: number): string {
  return `about ${(Math.round(lines / step) * step).toLocaleString('en-US')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `text` as lines of at most `width` columns, broken between words. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

/** The `about N` figures of a text, and the text with each replaced by `#`. */
function figures(text: string): { shape: string; values: number[] } {
  const values: number[] = [];
  const shape = text.replace(/about ([\d,]+)/g, (_, n: string) => {
    values.push(Number(n.replace(/,/g, '')));
    return 'about #';
  });
  return { shape, values };
}

/**
 * `current` when it says what `fresh` says with every figure within `TOLERANCE` of fresh's, else
 * `fresh`: the docs are rewritten only when a figure has drifted.
 */
export function steady(fresh: string, current: string | undefined): string {
  if (current === undefined) return fresh;
  const now = figures(fresh);
  const shown = figures(current);
  const close = shown.values.every((v, i) => Math.abs(v - (now.values[i] ?? 0)) <= TOLERANCE * (now.values[i] ?? 0));
  return now.shape === shown.shape && shown.values.length === now.values.length && close ? current : fresh;
}

/** The body of `<!-- generated:NAME -->` in whichever of `files` holds it. */
function currentSection(files: readonly string[], name: string): string | undefined {
  for (const file of files) {
    const match = new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)\\n<!-- /generated:${name} -->`).exec(
      readFileSync(file, 'utf8'),
    );
    if (match) return match[1];
  }
  return undefined;
}

/** The size sections, each left as it is in `files` while its figures hold (see `steady`). */
export async function sizeSections(files: readonly string[]): Promise<Record<string, string>> {
  const fresh = await freshSizeSections();
  return Object.fromEntries(
    Object.entries(fresh).map(([name, text]) => [name, steady(text, currentSection(files, name))]),
  );
}

async function freshSizeSections(): Promise<Record<string, string>> {
  const src = await measure('src');
  const test = await measure('test');
  const folder = await measure(TYPICAL_PROVIDER);
  const docsLines = await lineCount(join(TYPICAL_PROVIDER, 'README.md'));
  const testFolder = test.product.lines + test.fake.lines + test.test.lines;
  return {
    sizes: wrap(
      `Sizes, counted apart (lines of TypeScript): product code ${about(src.product.lines, 100)} ` +
        '(`src/` outside `testing/` folders and tests: all that reaches `dist/`); test code ' +
        `${about(src.fake.lines + src.test.lines + testFolder, 100)}: the vendor fakes, the fake-API kit and the ` +
        `harness ${about(src.fake.lines, 100)} (\`testing/\` folders in \`src/\`), the tests beside them in \`src/\` ` +
        `${about(src.test.lines, 100)}, and the unit and integration tests in \`test/\` ${about(testFolder, 100)}.`,
    ),
    'provider-copy': wrap(
      `A copy of \`${TYPICAL_PROVIDER.split('/').pop() ?? ''}/\` is ${plural(folder.product.files, 'file')} of ` +
        `product code (${about(folder.product.lines, 10)} lines), ` +
        `${plural(folder.fake.files + folder.test.files, 'file')} of test code in \`testing/\` ` +
        `(${about(folder.fake.lines + folder.test.lines, 10)} lines: the fake API, its tests and the provider's ` +
        `tests) and its \`README.md\` (${about(docsLines, 10)} lines of docs).`,
    ),
  };
}
