import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { HttpreqClient, type HttpreqAction, type HttpreqSettings } from './api.js';
import { inParallel } from '../../../vendor/parallel.js';
import { distinctRecords } from '../records.js';

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
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#sendAll('present', records);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#sendAll('cleanup', records);
  }

  /** One request per distinct value and name, a few at a time; all are sent, the first failure is thrown. */
  async #sendAll(action: HttpreqAction, records: readonly ChallengeRecord[]): Promise<void> {
    await inParallel(distinctRecords(records), PARALLEL, (record) =>
      this.#client.send(action, record.fqdn, record.value, record.domain),
    );
  }
}
