/**
 * Start-up of the Action: time from `node dist/main.js` to its first line in the log (workflow
 * commands the runner consumes without showing, ::add-mask:: and ::debug::, do not count), median of `--runs`
 * (10) runs, started as the runner starts it (INPUT_* variables, command files). The inputs
 * describe a real certificate whose CA is unreachable, so the first line is the engine's own
 * ("<name>: issuing: ...") and nothing waits on the network before it.
 *
 * Bare Node printing one line is timed the same way, for the figure that matters: the Action's
 * own cost over Node's.
 *
 *   npx tsx bench/startup.ts [--runs 10] [--node /path/to/node] [--main dist/main.js]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const runs = Number(arg('runs', '10'));
const node = arg('node', process.execPath);
const main = arg('main', fileURLToPath(new URL('../dist/main.js', import.meta.url)));

async function firstLineMs(script = [main]): Promise<{ ms: number; line: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-startup-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const inputs: Record<string, string> = {
    domains: 'startup.example.test',
    'agree-tos': 'true',
    server: 'https://127.0.0.1:9/dir',
    'dns-provider': 'rfc2136',
    'rfc2136-server': '127.0.0.1:9',
    'rfc2136-tsig-key': 'k',
    'rfc2136-tsig-secret': 'c2VjcmV0',
  };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, RUNNER_TEMP: dir, ...files };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const started = process.hrtime.bigint();
  const child = spawn(node, script, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const visible = buffered
        .split('\n')
        .slice(0, -1)
        .find((l) => !/^::(add-mask|debug)::/.test(l));
      if (visible !== undefined) resolve(visible);
    });
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill();
  return { ms, line };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const samples: number[] = [];
const bare: number[] = [];
let line = '';
// Alternating with bare Node, so both see the same load on a shared machine.
for (let i = 0; i < runs; i++) {
  const result = await firstLineMs();
  samples.push(result.ms);
  line = result.line;
  bare.push((await firstLineMs(['-e', "console.log('bare')"])).ms);
}
samples.sort((a, b) => a - b);
console.log(
  `${node}: first line after ${median(samples).toFixed(0)} ms (median of ${runs}; min ${samples[0]?.toFixed(0)}, max ${samples.at(-1)?.toFixed(0)}); ` +
    `bare Node ${median(bare).toFixed(0)} ms: ${(median(samples) - median(bare)).toFixed(0)} ms over bare Node`,
);
console.log(`first line: ${line}`);
