/**
 * A thin proxy in front of the real PowerDNS API (src/testing/powerdns.ts): it forwards the calls
 * the provider makes, unchanged, to pdns_server, which checks the key, applies the change and
 * serves it in DNS. The proxy only adds what a real deployment's front (nginx, a load balancer)
 * can add and the scenarios need: scripted 429 answers with Retry-After, a record of every
 * request, and `hidden` mode, in which the records a write adds are stored disabled (held by
 * PowerDNS, not served), the way a validation that must fail needs a value the vendor holds and
 * DNS does not serve. Any other path is answered as pdns answers an unknown one, and recorded.
 */
import http from 'node:http';
import {
  route,
  startFakeApi,
  text,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import type { PowerDns } from '../../../../testing/powerdns.js';

export const ROUTES = {
  zones: 'GET /api/v1/servers/:server/zones',
  zone: 'GET /api/v1/servers/:server/zones/:zone',
  patch: 'PATCH /api/v1/servers/:server/zones/:zone',
} as const;

export interface PowerDnsProxy {
  /** The origin to give as powerdns-api-url. */
  readonly url: string;
  readonly vendor: FakeApi;
  /** Requests pdns refused (4xx), besides the scripted failures: none is expected in the scenarios. */
  readonly refused: { method: string; path: string; status: number; body: string }[];
  /** Writes add their new records disabled (held at PowerDNS, not in DNS) while on. */
  setHidden(on: boolean): void;
  /** The next `times` PATCHes get 429 with `retry-after: seconds`, as a rate-limiting front answers. */
  throttleWrites(times: number, seconds?: number): { readonly served: number };
  /** Runs `work` (another writer) right after the next PATCH pdns accepted, before its answer goes back. */
  afterNextWrite(work: () => Promise<void>): void;
  /** PATCHes pdns answered 204. */
  writes(): number;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

function forward(pdns: PowerDns, request: FakeApiRequest, body: string): Promise<FakeApiReply> {
  const query = request.query.toString();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const name of ['x-api-key', 'content-type', 'accept']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const outgoing = http.request(
      `${pdns.apiUrl}${request.path}${query ? `?${query}` : ''}`,
      { method: request.method, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const type = response.headers['content-type'];
          resolve({
            status: response.statusCode ?? 502,
            headers: typeof type === 'string' ? { 'content-type': type } : {},
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body || undefined);
  });
}

interface PatchBody {
  rrsets?: { name?: string; changetype?: string; records?: { content: string; disabled?: boolean }[] }[];
}

/** The PATCH with every record that pdns does not hold yet at its name made disabled. */
function hideNewRecords(pdns: PowerDns, body: string): string {
  let parsed: PatchBody;
  try {
    parsed = JSON.parse(body) as PatchBody;
  } catch {
    return body; // pdns answers it
  }
  for (const set of parsed.rrsets ?? []) {
    if (set.changetype !== 'REPLACE' || !set.name) continue;
    const held = new Set(pdns.records(set.name).map((record) => record.content));
    for (const record of set.records ?? []) if (!held.has(record.content)) record.disabled = true;
  }
  return JSON.stringify(parsed);
}

export async function startPowerDnsProxy(pdns: PowerDns): Promise<PowerDnsProxy> {
  let hidden = false;
  let afterWrite: (() => Promise<void>) | undefined;
  const refused: { method: string; path: string; status: number; body: string }[] = [];
  const relay = async (request: FakeApiRequest, body = request.body): Promise<FakeApiReply> => {
    const reply = await forward(pdns, request, body);
    if (reply.status >= 400)
      refused.push({ method: request.method, path: request.path, status: reply.status, body: reply.body ?? '' });
    return reply;
  };
  const vendor = await startFakeApi({
    name: 'powerdns proxy',
    routes: [
      route(ROUTES.zones, (request) => relay(request)),
      route(ROUTES.zone, (request) => relay(request)),
      route(ROUTES.patch, async (request) => {
        const reply = await relay(request, hidden ? hideNewRecords(pdns, request.body) : request.body);
        const work = reply.status === 204 ? afterWrite : undefined;
        if (work) afterWrite = undefined;
        await work?.();
        return reply;
      }),
    ],
    // pdns_server's own answer to a path it does not have.
    unknownRoute: () => text(404, 'Not Found'),
  });
  return {
    url: vendor.url,
    vendor,
    refused,
    setHidden: (on) => void (hidden = on),
    afterNextWrite: (work) => void (afterWrite = work),
    throttleWrites: (times, seconds = 1) =>
      vendor.failNext(
        ROUTES.patch,
        {
          status: 429,
          headers: { 'content-type': 'text/html', 'retry-after': String(seconds) },
          body: '<html><head><title>429 Too Many Requests</title></head><body>429 Too Many Requests</body></html>',
        },
        times,
      ),
    writes: () => vendor.requests.filter((r) => r.route === ROUTES.patch && r.status === 204).length,
    assertNoUnexpectedRequests() {
      vendor.assertNoUnexpectedRequests();
      if (refused.length > 0)
        throw new Error(
          `powerdns: pdns_server refused requests:\n  ${refused.map((r) => `${r.method} ${r.path}: ${r.status} ${r.body}`).join('\n  ')}`,
        );
    },
    close: () => vendor.close(),
  };
}
