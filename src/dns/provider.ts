import type { HttpClient } from '../net/http.js';
import type { OptionSpec } from '../options/option.js';
import type { Clock, Logger } from '../runtime.js';

/** One TXT value to publish for one challenge. The DNS core works out `fqdn` and `zone`. */
export interface ChallengeRecord {
  /** The certificate name the challenge proves, as in the order (`*.example.com` kept). */
  readonly domain: string;
  /** Where the TXT record goes, after following CNAMEs from `_acme-challenge.<domain>`. */
  readonly fqdn: string;
  /** The zone holding `fqdn`, found by SOA. */
  readonly zone: string;
  /** The TXT value (RFC 8555 §8.4). */
  readonly value: string;
  /**
   * The provider's own handle for the record it created (a Cloudflare record ID), set by
   * `createRecords`. It is journaled with the record, so cleanup after a crash deletes exactly
   * that record; a provider must still clean up a record that has none (the crash came first).
   */
  readonly ref?: string;
}

/**
 * A DNS provider only creates and deletes TXT records; everything else lives in the DNS core.
 * Each call gets all records of an order, each with its zone, so a provider can send one
 * change per zone (see groupByZone) and run them in parallel. Deleting a record that is not
 * there must succeed: cleanup runs for every record a run tried to create. A provider never
 * changes or removes a TXT value it did not write.
 */
export interface DnsProvider {
  readonly name: string;
  /**
   * Publishes the records. A provider that has its own handles for what it created returns
   * the records with `ref` set, in the order given; the engine journals those instead.
   */
  createRecords(records: readonly ChallengeRecord[]): Promise<readonly ChallengeRecord[] | void>;
  /**
   * Removes exactly these values at these names, never anything else there. After a crash the
   * records come back from a crash record (the engine has checked they are shaped like its own:
   * a digest at a challenge name of the certificate); a `ref` among them is as trustworthy as
   * that record, so a provider that deletes by ref first checks the record there is a TXT at
   * `fqdn` holding `value`.
   */
  deleteRecords(records: readonly ChallengeRecord[]): Promise<void>;
}

export interface ProviderContext {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The environment: hook commands inherit it, SDK credential chains read it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's HTTP client (system trust, proxy settings, user agent): vendor APIs go through it. */
  readonly http: HttpClient;
}

/**
 * What a provider folder declares about itself: the registry, action.yml, the CLI and the input
 * tables come from it. Its long-form docs are the folder's README.md (credentials, least
 * privilege, an example, what it is tested against), which scripts/generate.ts puts into
 * docs/providers.md: prose stays out of the product code.
 */
export interface ProviderMetadata {
  readonly name: string;
  /** One line. */
  readonly description: string;
  /** Its settings, in the option model every plug-in kind shares (src/options). */
  readonly options: readonly OptionSpec[];
}

/** A provider's metadata and its settings parser, one per folder under providers/. */
export interface ProviderDefinition extends ProviderMetadata {
  /** Validates the option values (throwing errors that name the option) and returns a factory. */
  configure(values: Readonly<Record<string, string | undefined>>): ConfiguredProvider;
}

export interface ConfiguredProvider {
  readonly name: string;
  /** One line for logs; never a secret. */
  readonly description: string;
  /** Builds the provider; async so a vendor SDK is loaded only when its provider is used. */
  create(context: ProviderContext): Promise<DnsProvider>;
}

/** The environment variable that can carry an option (the option model's rule). */
export { optionEnvName } from '../options/option.js';
