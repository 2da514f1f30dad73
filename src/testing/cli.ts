import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Testbed } from './testbed.js';

/** CERTWRIGHT_CLI=src/cli/entry.ts runs the sources (through tsx) before dist/ is rebuilt. */
const cli = process.env.CERTWRIGHT_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const nodeArgs = cli.endsWith('.ts') ? ['--import', 'tsx', cli] : [cli];

/** Runs the bundled CLI (`node dist/cli.js`) with only PATH and `env` in its environment. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The flags that point the CLI at the test bed: its CA (or `server`, a front before it), trusted
 * by its own CA file, terms agreed, and rfc2136 against the bed's BIND, whose records it checks.
 */
export function bedFlags(bed: Testbed, server = bed.directoryUrl): string[] {
  const dns = `127.0.0.1:${bed.dns.port}`;
  return [
    ...['--server', server, '--server-ca-file', bed.serverCaFile, '--agree-tos', '-m', 'ops@example.test'],
    ...['--dns', 'rfc2136', '--rfc2136-server', dns, '--rfc2136-tsig-key', bed.tsig.name, '--nameservers', dns],
  ];
}
