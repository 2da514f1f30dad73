/**
 * Pebble 2.4 has no ARI and no profiles. This HTTPS front adds `renewalInfo` and
 * `meta.profiles` to Pebble's directory (Pebble ignores the profile field of an order), answers
 * renewalInfo from a table the test controls; every other request goes to Pebble untouched (Host kept,
 * so Pebble's URLs, and the JWS `url` it checks, name the front). It records newOrder payloads
 * so tests can see `replaces`.
 */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Testbed } from '../../src/testing/testbed.js';

export interface AriWindow {
  readonly start: Date;
  readonly end: Date;
  /** Seconds, sent as Retry-After. */
  readonly retryAfter?: number;
}

export interface AriFront {
  readonly directoryUrl: string;
  /** The suggested window for a certificate ID (RFC 9773 §4.1). */
  setWindow(certificateId: string, window: AriWindow): void;
  /** Certificate IDs asked for, in order. */
  readonly renewalInfoRequests: string[];
  /** Decoded payloads of the orders Pebble created (201), in order: a newOrder retried after badNonce counts once. */
  readonly newOrders: Record<string, unknown>[];
  /** Replaces what Pebble serves as an issued certificate chain (a lying CA, or someone in between); undefined passes it on. */
  setCertificateRewrite(rewrite: ((chainPem: string) => string) | undefined): void;
  /** Replaces the directory's `meta.profiles` (a CA that drops or adds a profile). */
  setProfiles(profiles: Record<string, string>): void;
  /** Every request the front received, of any kind: a run that contacts the CA at all adds to it. */
  requestCount(): number;
  close(): Promise<void>;
}

export interface AriFrontOptions {
  /** The window of a certificate the test set none for (without it: 404, as for an unknown certificate). */
  readonly defaultWindow?: () => AriWindow;
}

export async function startAriFront(bed: Testbed, options: AriFrontOptions = {}): Promise<AriFront> {
  const windows = new Map<string, AriWindow>();
  const renewalInfoRequests: string[] = [];
  const newOrders: Record<string, unknown>[] = [];
  let rewriteCertificate: ((chainPem: string) => string) | undefined;
  let profiles: Record<string, string> = { classic: 'the default profile', shortlived: 'six-day certificates' };
  let requests = 0;
  const pebble = new URL(bed.directoryUrl);
  const [cert, key] = await Promise.all([
    readFile(join(bed.dir, 'tls-cert.pem')),
    readFile(join(bed.dir, 'tls-key.pem')),
  ]);
  const server = https.createServer({ cert, key }, (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const front = `https://${req.headers.host}`;
      if (req.method === 'GET' && path.startsWith('/renewal-info/')) {
        const id = decodeURIComponent(path.slice('/renewal-info/'.length));
        renewalInfoRequests.push(id);
        const window = windows.get(id) ?? options.defaultWindow?.();
        if (!window) {
          res
            .writeHead(404, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ type: 'urn:ietf:params:acme:error:malformed', detail: 'unknown certificate' }));
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (window.retryAfter !== undefined) headers['retry-after'] = String(window.retryAfter);
        res
          .writeHead(200, headers)
          .end(
            JSON.stringify({ suggestedWindow: { start: window.start.toISOString(), end: window.end.toISOString() } }),
          );
        return;
      }
      const isNewOrder = req.method === 'POST' && path === '/order-plz';
      const upstream = https.request(
        {
          host: pebble.hostname,
          port: pebble.port,
          path,
          method: req.method,
          headers: req.headers,
          ca: bed.serverCaPem,
          servername: 'localhost',
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            let out = Buffer.concat(parts);
            if (isNewOrder && answer.statusCode === 201) {
              const jws = JSON.parse(body.toString()) as { payload: string };
              newOrders.push(JSON.parse(Buffer.from(jws.payload, 'base64url').toString()) as Record<string, unknown>);
            }
            if (req.method === 'GET' && path === '/dir') {
              const directory = JSON.parse(out.toString()) as Record<string, unknown>;
              const meta = { ...(directory.meta as object), profiles };
              out = Buffer.from(JSON.stringify({ ...directory, meta, renewalInfo: `${front}/renewal-info` }));
            }
            if (rewriteCertificate && answer.headers['content-type']?.startsWith('application/pem-certificate-chain')) {
              out = Buffer.from(rewriteCertificate(out.toString()));
            }
            const { 'transfer-encoding': _chunked, ...passed } = answer.headers;
            const headers = { ...passed, 'content-length': String(out.length) };
            res.writeHead(answer.statusCode ?? 502, headers).end(out);
          });
        },
      );
      upstream.on('error', (error) => res.writeHead(502).end(error.message));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    directoryUrl: `https://127.0.0.1:${port}/dir`,
    setWindow: (id, window) => void windows.set(id, window),
    renewalInfoRequests,
    newOrders,
    setCertificateRewrite: (rewrite) => void (rewriteCertificate = rewrite),
    setProfiles: (offered) => void (profiles = offered),
    requestCount: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
