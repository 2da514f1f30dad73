/**
 * The Cloud DNS v1 calls the provider makes (managedZones.list, resourceRecordSets.list,
 * changes.create, changes.get), as JSON over the run's HTTP client with a bearer token from
 * Application Default Credentials (src/vendor/google-credentials.ts). 429 and 5xx answers (and Google's
 * rate-limit reasons) are retried with jittered backoff; any other error becomes one line naming
 * the operation, the managed zone and Google's reason, with what to do about it.
 *
 * Why not `@google-cloud/dns`: it brings its own HTTP stack (so requests would bypass the run's
 * proxy settings and trust unless re-plumbed) and a large dependency tree for four REST calls.
 * google-auth-library alone gives the token, the part worth not writing again.
 */
import type { HttpMethod } from '../../../net/http.js';
import type { Clock, Logger } from '../../../runtime.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { pollUntil } from '../../../vendor/poll.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { CLOUD_API_RETRY_POLICY, type RetryPolicy, type RetryVerdict } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, ProviderContext } from '../../provider.js';
import type { ZoneIds } from '../options.js';
import { perRun } from '../run-cache.js';
import { GoogleCredentials } from '../../../vendor/google-credentials.js';
import { GOOGLE_DNS_PERMISSIONS } from './metadata.js';
import { Locks, oncePerKey } from '../locks.js';

export interface GoogleSettings {
  /** The project holding the zones (`google-project`); default: the credentials' project. */
  readonly project?: string;
  /** Managed zones the user named (`google-managed-zone`); preferred over discovery. */
  readonly managedZones: ZoneIds;
  /** Discovery considers private zones too. */
  readonly privateZones: boolean;
  /** TTL of record sets the provider creates. */
  readonly ttl: number;
  /** API base URL, without a trailing slash (`https://dns.googleapis.com/dns/v1`). */
  readonly apiUrl: string;
}

/** A managed zone as the provider uses it. */
export interface ManagedZoneRef {
  readonly project: string;
  /** The managed zone's name (or ID, as the user gave it): the path parameter. */
  readonly name: string;
  /** Its DNS name, normalized (no trailing dot), for messages. */
  readonly dnsName: string;
}

/** A record set as Cloud DNS holds it: name with a trailing dot, TXT rrdatas quoted. */
export interface ResourceRecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly rrdatas: readonly string[];
}

export interface Change {
  readonly additions: readonly ResourceRecordSet[];
  readonly deletions: readonly ResourceRecordSet[];
}

/** A Google API error: the HTTP status, the first error's `reason`, and the message. */
export class CloudDnsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

interface GoogleErrorBody {
  readonly error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: readonly { reason?: string; message?: string }[];
  };
}

const RETRY_POLICY: RetryPolicy = CLOUD_API_RETRY_POLICY;
/** Reasons Google gives throttling under, whatever the status (some APIs answer 403 for them). */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
/** How long createRecords waits for `done`; Cloud DNS usually takes seconds. */
const DONE_TIMEOUT_MS = 120_000;
const PAGE_SIZE = 100;

/** The zone's resource name, `projects/P/managedZones/Z`: a key, and the ref records carry. */
export function zoneKey(zone: ManagedZoneRef): string {
  return `projects/${zone.project}/managedZones/${zone.name}`;
}

/** `managed zone example-com (example.com, project p)`. */
export function describeZone(zone: ManagedZoneRef): string {
  const dns = zone.dnsName && zone.dnsName !== zone.name ? `${zone.dnsName}, ` : '';
  return `managed zone ${zone.name} (${dns}project ${zone.project})`;
}

export class CloudDnsApi {
  readonly #settings: GoogleSettings;
  readonly #caller: VendorCaller;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #credentials: GoogleCredentials;
  #project: Promise<string> | undefined;
  readonly #zones = new Map<string, Promise<ManagedZoneRef>>();
  /** Read-merge-write of one managed zone at a time: certificates of a run may share a name. */
  readonly locks = new Locks();
  /**
   * The TXT sets this run last wrote (undefined: deleted), by zone and name: what is there, unless someone else wrote
   * since.
   */
  readonly written = new Map<string, ResourceRecordSet | undefined>();

  constructor(settings: GoogleSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: RETRY_POLICY };
    this.#clock = context.clock;
    this.#logger = context.logger;
    this.#credentials = new GoogleCredentials({
      ...context,
      component: 'google',
      projectAdvice: 'set google-project to the ID of the project that holds the managed zones',
    });
  }

  /** The project: `google-project`, else the credentials'. */
  project(): Promise<string> {
    if (this.#settings.project) return Promise.resolve(this.#settings.project);
    if (!this.#project) {
      const found = this.#credentials.project();
      this.#project = found.then(({ id }) => id);
      found.then(
        ({ id, source }) => this.#logger.debug(`google: project ${id} (from ${source})`),
        () => (this.#project = undefined),
      );
    }
    return this.#project;
  }

  /**
   * The managed zone of a record: its ref (`projects/P/managedZones/Z`, journaled by the run that created it),
   * else the zone the user named, else the one zone of that DNS name in the project.
   */
  async zoneFor(record: ChallengeRecord): Promise<ManagedZoneRef> {
    const ref = parseRef(record.ref);
    if (ref) return { ...ref, dnsName: record.zone };
    const given = this.#settings.managedZones.idFor(record.fqdn);
    if (given !== undefined)
      return {
        project: await this.project(),
        name: given,
        dnsName: this.#settings.managedZones.zoneFor(record.fqdn) ?? record.zone,
      };
    return oncePerKey(this.#zones, record.zone, () => this.#discover(record.zone));
  }

  async #discover(dnsName: string): Promise<ManagedZoneRef> {
    const project = await this.project();
    const what = { operation: 'managedZones.list', target: `zones named ${dnsName} in project ${project}` };
    type Listed = { name?: string; dnsName?: string; visibility?: string };
    const listed = await allPages<Listed, string>(
      `google: ${what.operation} for ${what.target}`,
      '',
      async (pageToken) => {
        const query: Record<string, string> = {
          dnsName: `${dnsName}.`,
          maxResults: String(PAGE_SIZE),
          ...(pageToken ? { pageToken } : {}),
        };
        const page = await this.#call<{ managedZones?: Listed[]; nextPageToken?: string }>(
          'GET',
          `/projects/${enc(project)}/managedZones`,
          what,
          { query },
        );
        return { items: page.managedZones ?? [], next: page.nextPageToken || undefined };
      },
    );
    const found = listed
      .filter((zone) => normalizeName(zone.dnsName ?? '') === dnsName)
      .map((zone) => ({ name: zone.name ?? '', visibility: zone.visibility ?? 'public' }));
    const candidates = found.filter((z) => z.visibility === 'public' || this.#settings.privateZones);
    const kind = this.#settings.privateZones ? 'managed zone' : 'public managed zone';
    if (candidates.length === 0) {
      const privates = found.filter((z) => z.visibility !== 'public').map((z) => z.name);
      const hint =
        privates.length > 0
          ? `; there is a private one (${privates.join(', ')}): ` +
            'set google-private-zones: true if the CA resolves through it'
          : '; create it, or set google-managed-zone (and google-project)';
      throw new Error(`google: no ${kind} for ${dnsName} in project ${project} is visible to these credentials${hint}`);
    }
    if (candidates.length > 1) {
      const listed = candidates.map((z) => `${z.name} (${z.visibility})`).join(', ');
      throw new Error(
        `google: ${candidates.length} managed zones for ${dnsName} in project ${project} (${listed}); ` +
          `set google-managed-zone: ${dnsName}=<name> to pick the one the domain is delegated to`,
      );
    }
    const zone = { project, name: candidates[0]?.name ?? '', dnsName };
    this.#logger.debug(`google: zone ${dnsName} is ${describeZone(zone)}`);
    return zone;
  }

  /** The TXT record set at `fqdn` (with its trailing dot), if there is one. */
  async readTxt(zone: ManagedZoneRef, fqdn: string): Promise<ResourceRecordSet | undefined> {
    const page = await this.#call<{ rrsets?: (ResourceRecordSet & { routingPolicy?: unknown })[] }>(
      'GET',
      `${zonePath(zone)}/rrsets`,
      { operation: 'resourceRecordSets.list', target: `TXT ${fqdn} in ${describeZone(zone)}` },
      {
        query: { name: fqdn, type: 'TXT' },
      },
    );
    const set = (page.rrsets ?? []).find((s) => s.type === 'TXT' && normalizeName(s.name) === normalizeName(fqdn));
    if (set?.routingPolicy !== undefined) {
      throw new Error(
        `google: the TXT record set at ${fqdn} in ${describeZone(zone)} has a routing policy; ` +
          'certwright writes plain record sets only',
      );
    }
    return set ? { name: set.name, type: 'TXT', ttl: set.ttl, rrdatas: set.rrdatas ?? [] } : undefined;
  }

  /** Sends one change to the zone; returns its ID and status. */
  async createChange(zone: ManagedZoneRef, change: Change): Promise<{ id: string; status: string }> {
    const names = [...new Set([...change.deletions, ...change.additions].map((set) => set.name))];
    const listed = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    const result = await this.#call<{ id?: string; status?: string }>(
      'POST',
      `${zonePath(zone)}/changes`,
      { operation: 'changes.create', target: `${listed} in ${describeZone(zone)}` },
      {
        body: { kind: 'dns#change', additions: change.additions, deletions: change.deletions },
      },
    );
    this.#logger.debug(
      `google: change ${result.id ?? '?'} in ${describeZone(zone)} (${change.deletions.length} deletion(s), ` +
        `${change.additions.length} addition(s)): ${result.status ?? ''}`,
    );
    return { id: result.id ?? '', status: result.status ?? 'pending' };
  }

  /** Polls every pending change until Cloud DNS reports it `done`, together, within DONE_TIMEOUT_MS. */
  async waitDone(changes: readonly { zone: ManagedZoneRef; id: string }[]): Promise<void> {
    const started = this.#clock.now();
    const timing = { firstMs: 200, maxMs: 5_000, timeoutMs: DONE_TIMEOUT_MS, since: started };
    await Promise.all(
      changes.map(async ({ zone, id }) => {
        let status: string | undefined;
        const what = { operation: 'changes.get', target: `change ${id} in ${describeZone(zone)}` };
        const done = await pollUntil(
          this.#clock,
          timing,
          async () =>
            (status = (await this.#call<{ status?: string }>('GET', `${zonePath(zone)}/changes/${enc(id)}`, what))
              .status) === 'done',
        );
        if (!done)
          this.#logger.warn(
            `google: change ${id} in ${describeZone(zone)} is still ${status ?? 'pending'} after ` +
              `${DONE_TIMEOUT_MS / 1000} s; going on to the authoritative check`,
          );
      }),
    );
    if (changes.length > 0)
      this.#logger.debug(`google: ${changes.length} change(s) done in ${this.#clock.now() - started} ms`);
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: { operation: string; target: string },
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<T> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const url = `${this.#settings.apiUrl}${path}${query}`;
    const request = {
      method,
      url,
      what: `google: ${what.operation} for ${what.target}`,
      headers: () => this.#credentials.headers(),
      json: options.body,
      retryWhen: throttled,
    };
    const answer = await sendRequest(this.#caller, request);
    if (isSuccess(answer)) return parseJson<T>(answer.body) ?? ({} as T);
    const { status, reason, detail } = googleError(answer.status, answer.body);
    throw this.#explain(what, status, reason, detail, answer.note);
  }

  #explain(
    what: { operation: string; target: string },
    status: number,
    reason: string,
    detail: string,
    retried: string,
  ): CloudDnsError {
    let advice = '';
    if (status === 401)
      advice =
        '; Google did not accept the access token: ' +
        'check the credentials step before this one (google-github-actions/auth)';
    else if (status === 403 && reason === 'insufficientPermissions')
      advice = '; the access token lacks the cloud-platform scope';
    else if (status === 403) {
      const list = what.operation === 'managedZones.list' ? ', or set google-managed-zone so no listing is needed' : '';
      advice =
        `; the credentials need roles/dns.admin, or a custom role with ${GOOGLE_DNS_PERMISSIONS.join(', ')}, ` +
        `on the project or the managed zone${list}; see the google section of docs/providers.md`;
    } else if (status === 404 && /managedZone/.test(detail)) {
      advice = this.#settings.managedZones.isEmpty
        ? '; check google-project'
        : `; check google-managed-zone (${this.#settings.managedZones.describe()}) and google-project`;
    }
    return new CloudDnsError(
      `google: ${what.operation} for ${what.target}: ${reason} (${status}: ${detail})${retried}${advice}`,
      status,
      reason,
      detail,
    );
  }
}

/** A ref journaled by createRecords: `projects/P/managedZones/Z`. */
function parseRef(ref: string | undefined): { project: string; name: string } | undefined {
  const match = /^projects\/([^/\s]+)\/managedZones\/([^/\s]+)$/.exec(ref ?? '');
  return match ? { project: match[1] as string, name: match[2] as string } : undefined;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function zonePath(zone: ManagedZoneRef): string {
  return `/projects/${enc(zone.project)}/managedZones/${enc(zone.name)}`;
}

/**
 * Google's error envelope: the first error's reason (or the status name), and the message; a body that is not one,
 * bounded.
 */
function googleError(status: number, body: Buffer): { status: number; reason: string; detail: string } {
  const error = parseJson<GoogleErrorBody>(body)?.error;
  return {
    status,
    reason: error?.errors?.[0]?.reason ?? error?.status ?? `HTTP ${status}`,
    detail: error?.message ?? shownBody(body, []),
  };
}

/** 429, 5xx, and Google's throttling reasons whatever the status (some APIs answer 403 for them). */
function throttled(answer: { status: number; body: Buffer }): RetryVerdict | undefined {
  const { reason } = googleError(answer.status, answer.body);
  return answer.status === 429 || answer.status >= 500 || RATE_LIMIT_REASONS.has(reason)
    ? { why: `${answer.status} ${reason}` }
    : undefined;
}

/** The API of a run, shared by the provider of every certificate (one token, one zone cache, one lock per zone). */
export function cloudDnsApiFor(settings: GoogleSettings, context: ProviderContext): CloudDnsApi {
  const key = JSON.stringify([
    'google',
    settings.project ?? null,
    settings.managedZones.describe(),
    settings.privateZones,
    settings.apiUrl,
  ]);
  return perRun(context, key, () => new CloudDnsApi(settings, context));
}
