/**
 * A second CA for fallback tests: another Pebble on the same test bed (its own ports, the bed's
 * TLS certificate so `server-ca-file` trusts both, the bed's resolver so it validates the TXT
 * records the bed's BIND serves), and a front that stands in for a first CA which refuses every
 * newOrder with a chosen problem (rate limited, unauthorized) and passes the rest to Pebble.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpsGet, type Testbed } from '../../src/testing/testbed.js';

export interface SecondPebble {
  readonly directoryUrl: string;
  /** The bed as seen through this Pebble: for helpers (startAriFront) that front a bed's Pebble. */
  readonly asBed: Testbed;
  stop(): Promise<void>;
}

/** Starts a second Pebble beside the bed's, with External Account Binding required when `eabKeys` is given. */
export async function startSecondPebble(bed: Testbed, eabKeys?: Record<string, string>): Promise<SecondPebble> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-pebble2-'));
  const [acmePort, managementPort] = [await freePort(), await freePort()];
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: join(bed.dir, 'tls-cert.pem'),
      privateKey: join(bed.dir, 'tls-key.pem'),
      httpPort: 5002,
      tlsPort: 5001,
      ocspResponderURL: '',
      externalAccountBindingRequired: eabKeys !== undefined,
      ...(eabKeys ? { externalAccountMACKeys: eabKeys } : {}),
    },
  };
  await writeFile(join(dir, 'pebble.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    'pebble',
    ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${bed.resolver.port}`],
    { env: { ...process.env, PEBBLE_VA_NOSLEEP: '1' }, stdio: 'ignore' },
  );
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 20_000; ;) {
    if (
      await httpsGet(directoryUrl, bed.serverCaPem).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`second pebble: not ready at ${directoryUrl}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { directoryUrl, asBed: { ...bed, directoryUrl }, stop };
}

export interface RefusingFront {
  readonly directoryUrl: string;
  /** newOrder requests it refused. */
  readonly refused: number;
  close(): Promise<void>;
}

/** An HTTPS front before the bed's Pebble that answers every newOrder with `problem` (status, type, detail). */
export async function startRefusingFront(
  bed: Testbed,
  problem: { status: number; type: string; detail: string },
): Promise<RefusingFront> {
  const pebble = new URL(bed.directoryUrl);
  const [cert, key] = await Promise.all([
    readFile(join(bed.dir, 'tls-cert.pem')),
    readFile(join(bed.dir, 'tls-key.pem')),
  ]);
  let refused = 0;
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = (nonce?: string) => {
        const upstream = https.request(
          {
            host: pebble.hostname,
            port: pebble.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
            ca: bed.serverCaPem,
            servername: 'localhost',
          },
          (answer) => {
            if (nonce !== undefined) {
              // The refusal carries a fresh nonce from Pebble, as a CA's would.
              answer.resume();
              res
                .writeHead(problem.status, {
                  'content-type': 'application/problem+json',
                  'replay-nonce': String(answer.headers['replay-nonce'] ?? ''),
                })
                .end(JSON.stringify({ type: `urn:ietf:params:acme:error:${problem.type}`, detail: problem.detail }));
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error) => res.writeHead(502).end(error.message));
        upstream.end(nonce !== undefined ? undefined : body);
      };
      if (req.method === 'POST' && req.url === '/order-plz') {
        refused++;
        // Ask Pebble for a nonce instead of the order.
        req.url = '/nonce-plz';
        req.method = 'HEAD';
        delete req.headers['content-length'];
        forward('');
        return;
      }
      forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    directoryUrl: `https://127.0.0.1:${port}/dir`,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
