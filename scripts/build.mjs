// Bundles the Action entry points and the CLI into dist/ (committed; the tests rebuild into a
// temporary folder and fail on any difference). `--outdir DIR` builds elsewhere.
const at = process.argv.indexOf('--outdir');
const outdir = at >= 0 ? process.argv[at + 1] : 'dist';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { mergeStartChunks } from './merge-start-chunks.mjs';
import { scriptStartChunk } from './start-script.mjs';

// Start empty, so a chunk whose content hash changed does not linger.
await rm(outdir, { recursive: true, force: true });

// @actions/core imports its OIDC client, and through it @actions/http-client and undici (about
// 800 KB, evaluated at once), at the top of every Action run, though only getIDToken uses them
// and certwright never calls it. None of these modules does anything on import worth keeping:
// saying so lets esbuild leave them out where nothing uses them (the Action's start) and keep
// them where something does (the lazy Octokit and artifact chunks).
// The same holds for @actions/core's `platform` (it asks the OS at import and loads @actions/exec
// and @actions/io, 22 KB, for a Windows version check certwright never makes).
const SIDE_EFFECT_FREE = [/^(@actions\/http-client|undici|tunnel)(\/|$)/, /^\.\/(oidc-utils|platform)\.js$/];
const sideEffectFree = {
  name: 'side-effect-free',
  setup(build) {
    for (const filter of SIDE_EFFECT_FREE) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.resolving) return undefined;
        if (filter.source.startsWith('^\\.') && !args.importer.includes('/@actions/core/')) return undefined;
        const { path, errors } = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolving: true },
        });
        return errors.length > 0 ? { errors } : { path, sideEffects: false };
      });
    }
  },
};

// What dist/ runs, and the exported function each file calls. The code is built as ES modules
// into chunks/ (chunks/entry-<name>.js); dist/<name>.js is a small CommonJS file that calls it.
// The CLI and the Action's main step load no ES module at start (Node's ES module loader costs
// a run about 5 ms before its first line): their code is in the start script, which a CommonJS
// loader runs (see start-script.mjs); the other entries import their chunk.
const ENTRIES = [
  { name: 'main', source: 'src/action/main.ts', run: 'run()', start: true },
  { name: 'cli', source: 'src/cli/main.ts', run: 'runCli(process.argv.slice(2))', start: true, bin: true },
  { name: 'post', source: 'src/action/post.ts', run: 'runPost()' },
  { name: 'verify-release', source: 'src/action/verify-release.ts', run: 'runVerifyAction()' },
  { name: 'release', source: 'src/action/release.ts', run: 'runReleaseAction()' },
];

// One build for every entry point: they share chunks instead of carrying copies, and what is
// loaded with import() (@actions/artifact, Octokit, libsodium, vendor SDKs) gets chunks of its
// own that only the runs that use it read.
const result = await build({
  metafile: true,
  entryPoints: Object.fromEntries(ENTRIES.map((e) => [`chunks/entry-${e.name}`, e.source])),
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [sideEffectFree],
  // CommonJS dependencies (dns-packet, tsyringe) call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __certwrightCreateRequire } from 'node:module';\nconst require = __certwrightCreateRequire(import.meta.url);",
  },
});
// Fakes, their kit and tests (testing/ folders, test/) never ship: the layering rules keep product
// code from importing them, and this fails the build should one reach a bundle anyway.
const testCode = Object.keys(result.metafile.inputs).filter((input) =>
  /(^|\/)testing\/|^test\/|\.test\.ts$/.test(input),
);
if (testCode.length > 0) throw new Error(`build: test code reached the bundles: ${testCode.join(', ')}`);
// What the CLI and the Action's main step load at start, their own code included, in one chunk
// (see merge-start-chunks.mjs), run as a script with V8's code cache (see start-script.mjs).
const starters = ENTRIES.filter((e) => e.start).map((e) => `chunks/entry-${e.name}`);
const { sources, exportedName } = await mergeStartChunks(outdir, result.metafile, starters);
await scriptStartChunk(outdir, sources);
// Within dist/, .js files are CommonJS (the entries) and within chunks/ ES modules (esbuild's chunks).
await writeFile(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
await writeFile(join(outdir, 'chunks', 'package.json'), '{ "type": "module" }\n');
for (const entry of ENTRIES) {
  const [fn, args] = /^(\w+)(\(.*\))$/.exec(entry.run).slice(1);
  const output = Object.entries(result.metafile.outputs).find(([path]) =>
    path.endsWith(`/chunks/entry-${entry.name}.js`),
  )?.[1];
  if (!output?.exports.includes(fn))
    throw new Error(`build: ${entry.source} exports no ${fn} for dist/${entry.name}.js`);
  const call = entry.start
    ? `require("./chunks/start.cjs")[${JSON.stringify(exportedName(`chunks/entry-${entry.name}`, fn))}]${args};`
    : `import("./chunks/entry-${entry.name}.js").then((entry) => entry[${JSON.stringify(fn)}]${args});`;
  const file = join(outdir, `${entry.name}.js`);
  await writeFile(
    file,
    `${entry.bin ? '#!/usr/bin/env node\n' : ''}"use strict";\n// Built by scripts/build.mjs: calls ${fn} of ${entry.source}.\n${call}\n`,
  );
  if (entry.bin) await chmod(file, 0o755);
}

// The licences of the packages inside the bundles (legalComments: 'none' drops their notices
// from the code): one file, sorted by package, written with the bundles.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match && !packages.has(match[1])) packages.set(match[1], undefined);
}
const sections = [];
for (const root of [...packages.keys()].sort()) {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const licenceFile = (await readdir(root)).find((name) => /^(licen[sc]e|copying)(\.(md|txt))?$/i.test(name));
  const text = licenceFile
    ? (await readFile(join(root, licenceFile), 'utf8')).trim()
    : `${manifest.license ?? 'UNKNOWN'} (no licence file in the package)`;
  sections.push(`${manifest.name}@${manifest.version} (${manifest.license ?? 'unknown'})\n\n${text}`);
}
const unique = [...new Set(sections)];
await writeFile(
  join(outdir, 'licenses.txt'),
  `Packages bundled in certwright's dist/, with their licences.\n\n${unique.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`,
);
