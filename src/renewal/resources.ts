import type * as Dns from 'node:dns';
import { parseServerAddress, type ServerAddress } from '../dns/address.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { DnsResolver } from '../dns/resolver.js';
import type { AcmeSession } from '../issue/session.js';
import type { DnsSettings } from '../issue/request.js';
import type { HttpClient } from '../net/http.js';
import { lazyBuiltin, type Clock, type Logger } from '../runtime.js';
import type { RecordJournal } from '../state/journal.js';
import type { StateSession } from '../state/session.js';

const dns = lazyBuiltin<typeof Dns>('node:dns');

/** What the engine takes from its front end instead of reaching for globals. */
export interface EngineContext {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The environment: hooks inherit it, proxies and SDK credential chains are read from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The job's OIDC token request (the runner's ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN): kept out
   * of `env`, which hooks inherit, and given only to deploy targets that log in with it (Vault).
   */
  readonly idTokenRequest?: { readonly url: string; readonly token: string } | undefined;
  /** Told every private key and encrypted bundle before anything could print it (the Action masks them). */
  readonly onSecret?: (secret: string) => void;
  /** Told a certificate's TXT records before any is created, so a crash can be cleaned up (the Action's post step). */
  readonly onRecordsPlanned?: (certName: string, records: readonly ChallengeRecord[]) => void | Promise<void>;
  /** Told when that certificate's records are gone again. */
  readonly onRecordsRemoved?: (certName: string) => void | Promise<void>;
  /**
   * Where the front end keeps records in flight outside the state (the CLI's journal next to
   * its account keys), so a run killed without a state to note them in is cleaned up later.
   */
  readonly journal?: RecordJournal;
  /**
   * The log of one certificate's order, from the proof to the files (the Action shows it as a
   * group); `end` is called when that certificate is done. Without it, lines carry the name.
   */
  readonly certificateLog?: (name: string, title: string) => CertificateLog;
}

/** One certificate's log while it is ordered. */
export interface CertificateLog extends Logger {
  end(): void;
}

/** What every certificate of one run shares: the state, the ACME session, HTTP and DNS clients. */
export interface RunResources {
  readonly context: EngineContext;
  readonly state: StateSession;
  readonly acme: AcmeSession;
  /** The HTTP client with the system's trust, for DNS vendor APIs. */
  readonly http: HttpClient;
  /** One resolver per set of nameservers and resolvers, so lookups are shared across certificates. */
  resolverFor(dns: DnsSettings): DnsResolver;
}

/** The system's recursive resolvers, for zone discovery when none are configured. */
function systemResolvers(): ServerAddress[] {
  return dns()
    .getServers()
    .map((server) => parseServerAddress(server, 'system resolver'));
}

/** A `resolverFor` that builds each distinct resolver once. */
export function sharedResolvers(): (dns: DnsSettings) => DnsResolver {
  const resolvers = new Map<string, DnsResolver>();
  return (dns) => {
    const key = JSON.stringify([dns.resolvers ?? null, dns.nameservers ?? null]);
    let resolver = resolvers.get(key);
    if (!resolver) {
      const configured = dns.resolvers;
      let system: ServerAddress[] | undefined;
      resolver = new DnsResolver({
        // The system's resolvers are read when discovery first asks them: with nameservers set,
        // it never does.
        get resolvers() {
          return configured ?? (system ??= systemResolvers());
        },
        ...(dns.nameservers ? { nameservers: dns.nameservers } : {}),
      });
      resolvers.set(key, resolver);
    }
    return resolver;
  };
}
