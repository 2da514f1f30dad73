import { isIP } from 'node:net';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { HttpreqClient, shownUrl, type HttpreqAction, type HttpreqSettings } from './api.js';

/** Requests in flight at once: a small custom backend should not be flooded. */
const PARALLEL = 4;

/**
 * Each TXT value is one `present`, and later one `cleanup` with the same `{fqdn, value}`: the
 * backend adds and removes exactly that value, so a value someone else keeps at the name is
 * theirs to keep. A wildcard and its apex send two values for one name. No record handle
 * exists in the protocol, so nothing is journaled beyond the record itself: a cleanup after a
 * crash sends the same cleanup.
 */
export class HttpreqProvider implements DnsProvider {
  readonly name = 'httpreq';
  readonly #client: HttpreqClient;

  constructor(settings: HttpreqSettings, context: ProviderContext) {
    this.#client = new HttpreqClient(settings, context);
    const { hostname, protocol } = settings.endpoint;
    if (settings.auth && protocol === 'http:' && !isLoopback(hostname)) {
      context.logger.warn(`httpreq: ${shownUrl(settings.endpoint)} is plain http: the basic authentication password crosses the network readable; use https`);
    }
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#sendAll('present', records);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#sendAll('cleanup', records);
  }

  /** One request per distinct value and name, a few at a time; all are sent, the first failure is thrown. */
  async #sendAll(action: HttpreqAction, records: readonly ChallengeRecord[]): Promise<void> {
    const unique = [...new Map(records.map((r) => [`${r.fqdn.toLowerCase().replace(/\.$/, '')} ${r.value}`, r])).values()];
    const errors: unknown[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < unique.length; i = next++) {
        const record = unique[i] as ChallengeRecord;
        await this.#client.send(action, record.fqdn, record.value, record.domain).catch((error: unknown) => void errors.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, unique.length) }, worker));
    if (errors.length > 0) throw errors[0];
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}
