// The start of a run in one file. esbuild's code splitting gives the CLI and the Action's main
// step about 30 chunk files each to load before the first line of certwright runs, and Node's
// ESM loader resolves, reads and links each one: 30 modules cost 10 to 20 ms more than one
// module of the same code. This step bundles every chunk that `node dist/cli.js` or
// `node dist/main.js` loads at start, and their own entry modules (chunks/entry-cli.js and
// entry-main.js, whose functions those files call), into one chunk, `chunks/start.js`, and points every import
// of those chunks (from the entries, from the chunks loaded later with import(), static or
// dynamic) at it, so each module still exists once per process. The other entries (post,
// verify-release, release) load it too for what they share with those two.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const START = 'chunks/start.js';

/** The comment esbuild heads each module of a bundle with. */
const MODULE_COMMENT = /^\/\/ (node_modules\/\S+|src\/\S+)$/gm;

/** `import { a, b as c } from "./x.js"`, as esbuild writes it. */
const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*(["'])(\.{1,2}\/[^"']+)\2/g;

/** `from "./x.js"`, `import "./x.js"` and `import("./x.js")` specifiers of a module's text. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\2/g;

/**
 * Merges the start chunks of `starters` (entry names such as `cli`, `main`) in `outdir`, given
 * esbuild's metafile of the build that wrote it. Fails when two start chunks export the same name
 * (the merged module could not give both).
 */
export async function mergeStartChunks(outdir, metafile, starters) {
  // Absolute paths from here on; the metafile names outputs relative to the working folder.
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([path, output]) => [
      resolve(path),
      { ...output, imports: output.imports.map((i) => ({ ...i, path: resolve(i.path) })) },
    ]),
  );
  const key = (name) => resolve(outdir, `${name}.js`);
  // In the order Node evaluates them: the facade below lists them so, and the merged module keeps it. The starters'
  // own modules come last, after what they import: their code is in the start chunk too, and their entry files call it.
  const order = [...loadOrder(outputs, starters.map(key)), ...starters.map(key)];
  const start = new Set(order);
  // Chunks may export the same name (two modules' `metadata`): the merged module exports such a name once per chunk,
  // as NAME$N, and the imports of it are renamed.
  const owners = new Map();
  for (const chunk of start)
    for (const name of outputs[chunk].exports) owners.set(name, [...(owners.get(name) ?? []), chunk]);
  const ids = new Map([...start].map((chunk, index) => [chunk, index]));
  const exportedAs = (chunk, name) => ((owners.get(name)?.length ?? 0) > 1 ? `${name}$${ids.get(chunk)}` : name);
  // The facade lists the chunks in the order the starters load them: the merged module evaluates them in that order.
  const facade = resolve(outdir, 'chunks', '__start-facade.js');
  await writeFile(
    facade,
    order
      .map((chunk) => {
        const names = outputs[chunk].exports.map((name) => {
          const as = exportedAs(chunk, name);
          return as === name ? name : `${name} as ${as}`;
        });
        const from = `'./${relative(dirname(facade), chunk)}'`;
        return names.length > 0 ? `export { ${names.join(', ')} } from ${from};\n` : `import ${from};\n`;
      })
      .join(''),
  );
  // esbuild heads each module with `// path`; bundling again drops such comments unless they are legal ones, so they
  // travel as `//!` and are turned back below: start.js still says which module each part comes from.
  for (const chunk of start) {
    const text = await readFile(chunk, 'utf8');
    await writeFile(chunk, text.replace(MODULE_COMMENT, '//! $1'));
  }
  const startFile = resolve(outdir, START);
  const inStart = start;
  await build({
    // Paths in the bundle's comments relative to the chunks folder, so the output does not depend on outdir.
    absWorkingDir: dirname(facade),
    entryPoints: [facade],
    outfile: startFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    legalComments: 'inline',
    logLevel: 'warning',
    plugins: [
      {
        name: 'only-start-chunks',
        setup(b) {
          // Everything but the start chunks stays an import of its own: chunks loaded later, dynamic imports.
          b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const path = join(args.resolveDir, args.path);
            if (args.kind !== 'dynamic-import' && inStart.has(path)) return undefined;
            return { path: `./${relative(dirname(startFile), path)}`, external: true };
          });
        },
      },
    ],
  });
  await rm(facade);
  // Every other output imports the merged module where it imported a start chunk, under the names it exports them by.
  const startAbsolute = startFile;
  for (const path of Object.keys(outputs)) {
    if (start.has(path) || !path.endsWith('.js')) continue;
    const text = await readFile(path, 'utf8');
    const to = relative(dirname(path), startAbsolute);
    const specifier = to.startsWith('.') ? to : `./${to}`;
    const rewritten = text
      .replace(NAMED_IMPORT, (match, names, quote, from) => {
        const chunk = join(dirname(path), from);
        if (!inStart.has(chunk)) return match;
        const renamed = names
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
          .map((item) => {
            const [name, local = name] = item.split(/\s+as\s+/);
            const as = exportedAs(chunk, name);
            return as === local ? as : `${as} as ${local}`;
          });
        return `import { ${renamed.join(', ')} } from ${quote}${specifier}${quote}`;
      })
      .replace(SPECIFIER, (match, before, quote, from) => {
        const chunk = join(dirname(path), from);
        if (!inStart.has(chunk)) return match;
        if (/\(\s*$/.test(before) || !/^import\s*$/.test(before))
          throw new Error(`build: ${path} imports ${from} in a way this step cannot merge: ${match}`);
        return `${before}${quote}${specifier}${quote}`;
      });
    if (rewritten !== text) await writeFile(path, rewritten);
  }
  // The merged chunk's own dynamic imports of start chunks (import() of code loaded at start anyway) point at itself,
  // and its chunks share the first one's require (each chunk made its own, from the build's banner).
  let firstRequire;
  const merged = (await readFile(startFile, 'utf8'))
    .replace(SPECIFIER, (match, before, quote, specifier) =>
      inStart.has(join(dirname(startAbsolute), specifier)) ? `${before}${quote}./start.js${quote}` : match,
    )
    .replace(/^\/\/! (node_modules\/\S+|src\/\S+)$/gm, '// $1')
    .replace(/var (require\d*) = __certwrightCreateRequire\d*\(import\.meta\.url\);/g, (match, name) => {
      if (firstRequire === undefined) firstRequire = name;
      return name === firstRequire ? match : `var ${name} = ${firstRequire};`;
    });
  await writeFile(startFile, merged);
  await Promise.all([...start].map((chunk) => rm(chunk)));
  const sources = [...new Set([...start].flatMap((chunk) => Object.keys(outputs[chunk].inputs ?? {})))];
  /** The name the merged module exports `name` of the start chunk or starter `chunk` (outdir-relative, no .js) by. */
  const exportedName = (chunk, name) => {
    if (!start.has(key(chunk))) throw new Error(`build: ${chunk} is not in the start chunk`);
    return exportedAs(key(chunk), name);
  };
  return { merged: start.size, file: startFile, sources, exportedName };
}

/** The chunks the starters load with static imports, in the order Node evaluates them (depth first, first starter first). */
function loadOrder(outputs, entries) {
  const order = [];
  const seen = new Set();
  const visit = (path) => {
    for (const imported of outputs[path].imports) {
      if (imported.kind !== 'import-statement' || !outputs[imported.path] || seen.has(imported.path)) continue;
      seen.add(imported.path);
      visit(imported.path);
      order.push(imported.path);
    }
  };
  for (const entry of entries) visit(entry);
  return order;
}
