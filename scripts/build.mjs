// Bundles the Action entry points and the CLI into dist/ (committed; the tests rebuild into a
// temporary folder and fail on any difference). `--outdir DIR` builds elsewhere.
const at = process.argv.indexOf('--outdir');
const outdir = at >= 0 ? process.argv[at + 1] : 'dist';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (dns-packet, tsyringe) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __certwrightCreateRequire } from 'node:module';\nconst require = __certwrightCreateRequire(import.meta.url);" },
};

// Start empty, so a chunk whose content hash changed does not linger.
await rm(outdir, { recursive: true, force: true });

await Promise.all([
  // main and post share one chunk of code instead of carrying two copies of it.
  build({
    ...shared,
    entryPoints: { main: 'src/action/main.ts', post: 'src/action/post.ts', 'verify-release': 'src/action/verify-release.ts' },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir,
    banner: { js: `#!/usr/bin/env node\n${shared.banner.js}` },
  }),
]);
await chmod(join(outdir, 'cli.js'), 0o755);
