/**
 * Mirrors a fake DNS API's TXT writes into the test bed's BIND with `nsupdate` and a TSIG key, so
 * Pebble validates through real DNS what the fake accepted.
 */
import { spawn } from 'node:child_process';
import type { ServerAddress } from '../../address.js';

/** A TSIG key BIND accepts updates with (the test bed's). */
export interface TsigCredentials {
  readonly name: string;
  readonly algorithm: 'hmac-sha256' | 'hmac-sha512';
  readonly secret: string;
}

export interface TxtChange {
  readonly add?: readonly { readonly fqdn: string; readonly value: string; readonly ttl?: number }[];
  /** Without a value, every TXT record at the name goes. */
  readonly remove?: readonly { readonly fqdn: string; readonly value?: string }[];
}

/** TXT rdata in zone-file syntax: quoted, escaped, split into strings of at most 255 bytes. */
function txtRdata(value: string): string {
  const strings = value.match(/[^]{1,255}/g) ?? [''];
  return strings.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
}

/**
 * Applies TXT changes to a BIND server with `nsupdate` and a TSIG key, one update message per
 * name (removals before additions), so a vendor endpoint's writes reach real DNS. One message
 * per name because an update message covers a single zone, which nsupdate finds by itself.
 */
export async function applyTxtToBind(server: ServerAddress, tsig: TsigCredentials, change: TxtChange): Promise<void> {
  const byName = new Map<string, string[]>();
  const add = (fqdn: string, command: (name: string) => string): void => {
    const name = fqdn.endsWith('.') ? fqdn : `${fqdn}.`;
    byName.set(name, [...(byName.get(name) ?? []), command(name)]);
  };
  for (const { fqdn, value } of change.remove ?? [])
    add(fqdn, (name) => `update delete ${name} TXT${value === undefined ? '' : ` ${txtRdata(value)}`}`);
  for (const { fqdn, value, ttl = 60 } of change.add ?? [])
    add(fqdn, (name) => `update add ${name} ${ttl} IN TXT ${txtRdata(value)}`);
  if (byName.size === 0) return;
  const script = [
    `server ${server.host} ${server.port}`,
    ...[...byName.values()].flatMap((lines) => [...lines, 'send']),
    '',
  ].join('\n');
  const child = spawn('nsupdate', ['-t', '5', '-y', `${tsig.algorithm}:${tsig.name}:${tsig.secret}`], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (cause) =>
      reject(new Error('applyTxtToBind: cannot run nsupdate (scripts/setup.sh installs bind9-dnsutils)', { cause })),
    );
    child.once('close', resolve);
  });
  child.stdin.end(script);
  const code = await exited;
  if (code !== 0) throw new Error(`applyTxtToBind: nsupdate exited with ${code}: ${output.trim()}\nscript:\n${script}`);
}
