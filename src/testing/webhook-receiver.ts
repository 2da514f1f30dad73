import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A webhook and heartbeat receiver on 127.0.0.1 (plain http, as the option model allows on
 * loopback): records every request and answers with the next status of `statuses`, then 200. A
 * 429 says `Retry-After: 0`, so retries take no time.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  statuses: number[] = [];
  readonly #server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const status = this.statuses.shift() ?? 200;
      res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end(status < 300 ? 'ok' : 'no');
    });
  });

  /** Starts listening; returns `http://127.0.0.1:PORT`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The requests whose path contains `part`. */
  to(part: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.url.includes(part));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
