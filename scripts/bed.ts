/**
 * `up`: starts Pebble and BIND (the test bed) in the background for a workflow step, writes
 * their PIDs to .bed/bed.json and the addresses to $GITHUB_ENV (or prints them as exports).
 * `down`: stops them by PID and removes their folder.
 */
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { startTestbed } from '../src/testing/testbed.js';

const STATE = '.bed/bed.json';

async function up(): Promise<void> {
  const bed = await startTestbed({ detached: true });
  const env = {
    BED_DIRECTORY_URL: bed.directoryUrl,
    BED_SERVER_CA_FILE: bed.serverCaFile,
    BED_DNS: `127.0.0.1:${bed.dns.port}`,
    BED_TSIG_KEY: bed.tsig.name,
    BED_TSIG_SECRET: bed.tsig.secret,
  };
  await mkdir('.bed', { recursive: true });
  await writeFile(STATE, JSON.stringify({ pids: bed.pids, dir: bed.dir, env }, null, 2));
  const lines = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  if (process.env.GITHUB_ENV) {
    console.log(`::add-mask::${bed.tsig.secret}`);
    await appendFile(process.env.GITHUB_ENV, `${lines}\n`);
  } else {
    console.log(lines.replace(/^/gm, 'export '));
  }
  console.error(`bed up: Pebble ${bed.directoryUrl}, BIND ${env.BED_DNS} (pids ${Object.values(bed.pids).join(', ')})`);
}

async function down(): Promise<void> {
  const state = JSON.parse(await readFile(STATE, 'utf8')) as { pids: Record<string, number>; dir: string };
  for (const pid of Object.values(state.pids)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await rm(state.dir, { recursive: true, force: true });
  await rm(STATE, { force: true });
  console.error(`bed down: stopped ${Object.values(state.pids).join(', ')}`);
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else {
  console.error('usage: node --import tsx scripts/bed.ts up|down');
  process.exit(2);
}
