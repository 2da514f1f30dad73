// The start chunk as a script, so V8 can cache its compiled code between runs (see
// src/process/start-script.ts, which loads it). After merge-start-chunks.mjs, `chunks/start.js`
// is one ES module; this step moves its code to `chunks/start-body.cjs`, a CommonJS-style
// function (builtins through `require`, import() of later chunks through a loader it is given).
// `chunks/start.cjs`, a CommonJS module, runs the script and exports what the module exported:
// the CLI and the Action's main step require it (no ES module at start). `chunks/start.js`
// becomes an ES module that gives the same exports to the chunks that import it, so each module
// still exists once per process.
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Turns `outdir`/chunks/start.js into the script and its loader. `sources`: the source files of
 * the modules in it (from the build's metafile), checked for a binding the loader could not
 * keep live.
 */
export async function scriptStartChunk(outdir, sources) {
  await refuseReassignedExports(sources);
  const startFile = join(outdir, 'chunks', 'start.js');
  const module = await readFile(startFile, 'utf8');
  const exportList = /\nexport \{([^}]*)\};\s*$/.exec(module);
  if (!exportList) throw new Error('build: chunks/start.js does not end with its export list');
  const exported = exportList[1]
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => item.split(/\s+as\s+/).at(-1));
  // Each module's `// path` heading survives the transform as a legal comment, and is turned back below.
  const { code } = await transform(module.replace(/^\/\/ (node_modules\/\S+|src\/\S+)$/gm, '//! $1'), {
    format: 'cjs',
    legalComments: 'inline',
    loader: 'js',
    platform: 'node',
    target: 'node20.19',
    define: { 'import.meta.url': '__certwrightUrl' },
    supported: { 'dynamic-import': true },
    logLevel: 'error',
  });
  const body = builtinNamespaces(plainExports(code))
    .replace(/\bimport\((["'])(\.\/[^"']+)\1\)/g, '__certwrightLoad($1$2$1)')
    .replace(/^\/\/! (node_modules\/\S+|src\/\S+)$/gm, '// $1');
  if (/\bimport\s*\(|\bimport\.meta\b/.test(body))
    throw new Error('build: chunks/start.js has an import() or import.meta the start script cannot carry');
  // ASCII only, so the loader reads it as Latin-1, a plain copy, where UTF-8 would be decoded: esbuild escapes
  // what is not ASCII in strings and regular expressions; what is left is in comments (a section sign).
  const ascii = body.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const script = `(function (exports, require, module, __certwrightUrl, __certwrightLoad) {\n${ascii}})\n`;
  await writeFile(join(outdir, 'chunks', 'start-body.cjs'), script);
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16);
  // The loader, CommonJS: the CLI and the Action's main step require it, with no ES module loaded at start.
  const loader = [
    `const { runStartScript } = require(${JSON.stringify(join(root, 'src/process/start-script.ts'))});`,
    // First, before the script loads: the state's passphrase key, on the thread pool meanwhile.
    `const { deriveStateKeyEarly } = require(${JSON.stringify(join(root, 'src/state/early-key.ts'))});`,
    'deriveStateKeyEarly();',
    `module.exports = runStartScript(new URL('./start-body.cjs', __certwrightLoaderUrl), ${JSON.stringify(hash)}).exports;`,
  ].join('\n');
  await build({
    stdin: { contents: loader, resolveDir: root, sourcefile: 'start-loader.cjs', loader: 'js' },
    outfile: join(outdir, 'chunks', 'start.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: 'var __certwrightLoaderUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__certwrightLoaderUrl' },
    // The later chunks are ES modules, loaded with import() from the loader (start-script.ts).
    supported: { 'dynamic-import': true },
  });
  // The ES module the other chunks import it through: the same exports object, so each module exists once per process.
  const reexports = exported.map((name) => `export const ${name} = started[${JSON.stringify(name)}];`);
  await writeFile(startFile, [`import started from './start.cjs';`, ...reexports, ''].join('\n'));
  return { exports: exported.length, hash };
}

/**
 * esbuild's CommonJS form of a module's exports is an object of getters, copied onto another
 * object of getters (`__export`, then `__toCommonJS`): two property definitions and a closure
 * per name, 700 names at every start, and a getter call for each when the loader reads them.
 * Every value is final once the script has run (refuseReassignedExports), so the script ends
 * with one plain object instead, built from esbuild's own name-to-binding list.
 */
function plainExports(code) {
  const block = /^var (\w+) = \{\};\n__export\(\1, \{\n([^]*?)\n\}\);\nmodule\.exports = __toCommonJS\(\1\);\n/m.exec(
    code,
  );
  if (!block) throw new Error("build: the start chunk's CommonJS form has no export block where expected");
  const entries = block[2].split(',\n').map((line) => {
    const entry = /^ {2}("[^"]+"|[\w$]+): \(\) => ([\w$]+)$/.exec(line);
    if (!entry) throw new Error(`build: unexpected export in the start chunk's CommonJS form: ${line.trim()}`);
    return `  ${entry[1]}: ${entry[2]},`;
  });
  const annotation = /\n0 && \(module\.exports = \{[^}]*\}\);\n*$/.exec(code);
  if (!annotation) throw new Error("build: the start chunk's CommonJS form does not end with its export annotation");
  const withoutBlock = code.slice(0, block.index) + code.slice(block.index + block[0].length, annotation.index);
  return `${withoutBlock}\nmodule.exports = {\n${entries.join('\n')}\n};\n`;
}

/**
 * A Node built-in imported whole (`import tls from 'node:tls'`, `import * as fs from 'fs'`):
 * esbuild's `__toESM` copies each of the module's properties into a getter on a new object, a
 * hundred each for fs and crypto, at every start. Read through the prototype instead, the object
 * answers the same reads (`ns.default` is the module, `ns.name` its property, live) at no cost.
 */
function builtinNamespaces(code) {
  const builtins = new Set(builtinModules);
  const wrapped = code.replace(/\b__toESM\(require\("((?:node:)?[\w/]+)"\)\)/g, (call, name) =>
    builtins.has(name.replace(/^node:/, '')) ? `__certwrightBuiltin(require("${name}"))` : call,
  );
  if (wrapped === code) return code;
  return `var __certwrightBuiltin = (mod) => Object.create(mod, { default: { value: mod, enumerable: true } });\n${wrapped}`;
}

/**
 * The loader exports each value once, after the script ran, where an ES module exports live
 * bindings: a module that exports a `let` or `var` (and could assign it later) cannot be in the
 * start script. certwright's own code exports constants, functions and classes only; this keeps
 * it so, for dependencies too.
 */
async function refuseReassignedExports(sources) {
  for (const source of sources) {
    if (!/\.(ts|mjs|js)$/.test(source)) continue;
    const text = await readFile(join(root, source), 'utf8');
    if (!/^\s*export\b/m.test(text)) continue; // CommonJS: its exports object is shared, properties and all
    const lets = new Set([...text.matchAll(/\b(?:let|var)\s+([\w$]+)/g)].map((m) => m[1]));
    const exported = [
      ...[...text.matchAll(/^\s*export\s+(?:let|var)\s+([\w$]+)/gm)].map((m) => m[1]),
      ...[...text.matchAll(/^\s*export\s*\{([^}]*)\}(?!\s*from)/gm)]
        .flatMap((m) => m[1].split(','))
        .map((item) => item.trim().split(/\s+as\s+/)[0])
        .filter((name) => lets.has(name)),
    ];
    for (const name of exported) {
      const id = name.replace(/\$/g, '\\$');
      // Assignments besides its declaration and the enum idiom TypeScript compiles to, `(Name || (Name = {}))`,
      // which run while the module is evaluated, before the loader reads the value.
      const assigned = [...text.matchAll(new RegExp(`(^|[^.\\w$])${id}\\s*(=(?!=)|\\+=|-=|\\+\\+|--)`, 'gm'))].filter(
        (m) => !/(let|var)\s+$/.test(text.slice(Math.max(0, m.index - 8), m.index + m[1].length)),
      );
      const enumIdiom = text.includes(`(${name} || (${name} = {}))`) ? 1 : 0;
      if (assigned.length > enumIdiom)
        throw new Error(
          `build: ${source} exports \`${name}\` and assigns it again; the start script exports values, not live ` +
            'bindings: export a const, function or class instead',
        );
    }
  }
}
