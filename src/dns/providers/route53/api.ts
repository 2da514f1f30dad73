/**
 * The Route 53 calls the provider makes, through the official SDK: one client, one zone cache
 * and one lock per hosted zone for every certificate of a run. Retries of throttling answers,
 * bounded and logged, and errors that name the zone, the record and the AWS error code.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
  type HostedZone,
} from '@aws-sdk/client-route-53';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { smithyHandlerOver } from '../../../net/smithy.js';
import { USER_AGENT } from '../../../runtime.js';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, ProviderContext } from '../../provider.js';
import type { ZoneIds } from '../options.js';
import { perRun } from '../run-cache.js';
import { ROUTE53_ACTIONS } from './metadata.js';
import { Locks, oncePerKey } from '../locks.js';
import { allPages } from '../../../vendor/pages.js';
import { pollUntil } from '../../../vendor/poll.js';
import { callWithRetries, CLOUD_API_RETRY_POLICY, type RetryPolicy, type RetryVerdict } from '../../../vendor/retry.js';

export interface Route53Settings {
  /** Hosted zone IDs the user gave (`route53-hosted-zone-id`); preferred over discovery. */
  readonly zoneIds: ZoneIds;
  /** Discover private hosted zones instead of public ones. */
  readonly privateZone: boolean;
  /** Role to assume with STS from the default credentials, and its external ID. */
  readonly assumeRole?: { readonly arn: string; readonly externalId?: string };
  /** SigV4 signing region. */
  readonly region: string;
  /** API URL instead of the SDK's default for the region's partition. */
  readonly endpoint?: string;
  /** Wait for INSYNC after creating records. */
  readonly waitInsync: boolean;
  /** TTL of record sets the provider creates. */
  readonly ttl: number;
}

/** A hosted zone as the provider uses it: its bare ID (no `/hostedzone/`) and DNS name. */
export interface HostedZoneRef {
  readonly id: string;
  readonly name: string;
}

/** A TXT record set as Route 53 holds it: values quoted, as returned. */
export interface TxtSet {
  readonly ttl: number;
  readonly values: readonly string[];
}

const RETRYABLE = new Set([
  'Throttling',
  'ThrottlingException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
]);
const RETRY_POLICY: RetryPolicy = CLOUD_API_RETRY_POLICY;
/** How long createRecords waits for INSYNC; Route 53 usually takes well under a minute. */
const INSYNC_TIMEOUT_MS = 180_000;

/** An AWS error's code (its `name`), HTTP status and message, from the SDK's exception. */
function awsFault(error: unknown): { code: string; status: number | undefined; message: string } {
  const e = error as { name?: string; message?: string; messages?: string[]; $metadata?: { httpStatusCode?: number } };
  const details =
    Array.isArray(e.messages) && e.messages.length > 0 ? e.messages.join('; ') : (e.message ?? String(error));
  return { code: e.name ?? 'Error', status: e.$metadata?.httpStatusCode, message: details };
}

/** Route 53's throttling codes and 5xx answers are worth another try. */
function throttled(error: unknown): RetryVerdict | undefined {
  const { code, status } = awsFault(error);
  return RETRYABLE.has(code) || (status !== undefined && status >= 500) ? { why: code } : undefined;
}

/** The hosted zone ID without the `/hostedzone/` prefix Route 53 puts on it. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** A record name as Route 53 returns it (`\052` for `*`, other octal escapes, trailing dot), normalized. */
export function route53Name(name: string): string {
  return normalizeName(name.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
}

export class Route53Api {
  readonly #client: Route53Client;
  readonly #settings: Route53Settings;
  readonly #context: ProviderContext;
  /** Discovered zones, per DNS zone name, for the run. */
  readonly #zones = new Map<string, Promise<HostedZoneRef>>();
  /** Read-merge-write of one hosted zone at a time: certificates of a run may share a name. */
  readonly locks = new Locks();
  /** The TXT sets this run last wrote, by name: the first guess of what is there (the run's own sets, most often). */
  readonly written = new Map<string, TxtSet>();

  constructor(settings: Route53Settings, context: ProviderContext) {
    this.#settings = settings;
    this.#context = context;
    const requestHandler = smithyHandlerOver(context.http);
    const stsConfig = { region: settings.region, requestHandler };
    const base = fromNodeProviderChain({ clientConfig: stsConfig });
    const credentials = settings.assumeRole
      ? fromTemporaryCredentials({
          params: {
            RoleArn: settings.assumeRole.arn,
            RoleSessionName: 'certwright',
            ...(settings.assumeRole.externalId ? { ExternalId: settings.assumeRole.externalId } : {}),
          },
          masterCredentials: base,
          clientConfig: stsConfig,
        })
      : base;
    this.#client = new Route53Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      credentials,
      requestHandler,
      // Retries are ours (bounded, logged, on the run's clock); the SDK sends each call once.
      maxAttempts: 1,
      customUserAgent: USER_AGENT,
    });
  }

  /** The hosted zone for a record: the ID the user gave, else the one zone named as the DNS core found. */
  hostedZoneFor(record: ChallengeRecord): Promise<HostedZoneRef> {
    const given = this.#settings.zoneIds.idFor(record.fqdn);
    if (given !== undefined)
      return Promise.resolve({
        id: bareZoneId(given),
        name: this.#settings.zoneIds.zoneFor(record.fqdn) ?? record.zone,
      });
    return oncePerKey(this.#zones, record.zone, () => this.#discover(record.zone));
  }

  async #discover(zoneName: string): Promise<HostedZoneRef> {
    // Route 53 lists zones in order from DNSName on, so the same-named ones come first.
    const found = await allPages<HostedZone, { DNSName: string; HostedZoneId?: string }>(
      `route53: ListHostedZonesByName for zone ${zoneName}`,
      { DNSName: zoneName },
      async (start) => {
        const page = await this.call('ListHostedZonesByName', `zone ${zoneName}`, () =>
          this.#client.send(new ListHostedZonesByNameCommand({ ...start, MaxItems: 100 })),
        );
        const zones = page.HostedZones ?? [];
        const named = zones.filter((z) => route53Name(z.Name ?? '') === zoneName);
        const more =
          page.IsTruncated &&
          named.length === zones.length &&
          page.NextDNSName &&
          route53Name(page.NextDNSName) === zoneName;
        return {
          items: named,
          next: more
            ? {
                DNSName: page.NextDNSName ?? '',
                ...(page.NextHostedZoneId ? { HostedZoneId: page.NextHostedZoneId } : {}),
              }
            : undefined,
        };
      },
    );
    const kind = this.#settings.privateZone ? 'private' : 'public';
    const candidates = found.filter((z) => (z.Config?.PrivateZone ?? false) === this.#settings.privateZone);
    const ids = (zones: HostedZone[]) => zones.map((z) => bareZoneId(z.Id ?? '')).join(', ');
    if (candidates.length === 0) {
      const other =
        found.length > 0
          ? `; there is a ${this.#settings.privateZone ? 'public' : 'private'} one (${ids(found)}): ` +
            `set route53-private-zone: ${!this.#settings.privateZone}`
          : '';
      throw new Error(
        `route53: no ${kind} hosted zone named ${zoneName} is visible to these ` +
          `credentials${other || '; create it, or set route53-hosted-zone-id'}`,
      );
    }
    if (candidates.length > 1) {
      throw new Error(
        `route53: ${candidates.length} ${kind} hosted zones are named ${zoneName} (${ids(candidates)}); ` +
          `set route53-hosted-zone-id: ${zoneName}=<ID> to pick the one the domain is delegated to`,
      );
    }
    const zone = { id: bareZoneId(candidates[0]?.Id ?? ''), name: zoneName };
    this.#context.logger.debug(`route53: zone ${zoneName} is hosted zone ${zone.id}`);
    return zone;
  }

  /** The TXT set at `fqdn`, if there is one. */
  async readTxt(zone: HostedZoneRef, fqdn: string): Promise<TxtSet | undefined> {
    const page = await this.call('ListResourceRecordSets', `${fqdn} in zone ${zone.name} (${zone.id})`, () =>
      this.#client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          StartRecordName: fqdn,
          StartRecordType: 'TXT',
          MaxItems: 1,
        }),
      ),
    );
    const set = page.ResourceRecordSets?.[0];
    if (!set || set.Type !== 'TXT' || route53Name(set.Name ?? '') !== normalizeName(fqdn)) return undefined;
    if (set.SetIdentifier !== undefined) {
      throw new Error(
        `route53: the TXT records at ${fqdn} in zone ${zone.name} (${zone.id}) use a routing policy ` +
          `(set identifier "${set.SetIdentifier}"); certwright writes simple record sets only`,
      );
    }
    return { ttl: set.TTL ?? this.#settings.ttl, values: (set.ResourceRecords ?? []).map((r) => r.Value ?? '') };
  }

  /** Sends the changes of one hosted zone as one batch; returns the change ID. */
  async change(zone: HostedZoneRef, changes: Change[]): Promise<string> {
    const names = [...new Set(changes.map((c) => c.ResourceRecordSet?.Name ?? ''))].join(', ');
    const result = await this.call('ChangeResourceRecordSets', `${names} in zone ${zone.name} (${zone.id})`, () =>
      this.#client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: { Comment: 'certwright dns-01 challenge', Changes: changes },
        }),
      ),
    );
    const id = (result.ChangeInfo?.Id ?? '').replace(/^\/?change\//, '');
    this.#context.logger.debug(
      `route53: ${changes.map((c) => `${c.Action} ${c.ResourceRecordSet?.Name}`).join(', ')} in ${zone.id}: ` +
        `change ${id} ${result.ChangeInfo?.Status ?? ''}`,
    );
    return id;
  }

  /** Polls every change until Route 53 reports it INSYNC, together, within INSYNC_TIMEOUT_MS. */
  async waitInsync(ids: readonly string[]): Promise<void> {
    const { clock, logger } = this.#context;
    const started = clock.now();
    const timing = { firstMs: 250, maxMs: 5_000, timeoutMs: INSYNC_TIMEOUT_MS, since: started };
    await Promise.all(
      ids.map(async (id) => {
        let status: string | undefined;
        const insync = await pollUntil(
          clock,
          timing,
          async () =>
            (status = (
              await this.call('GetChange', `change ${id}`, () => this.#client.send(new GetChangeCommand({ Id: id })))
            ).ChangeInfo?.Status) === 'INSYNC',
        );
        if (!insync)
          logger.warn(
            `route53: change ${id} is still ${status ?? 'PENDING'} after ${INSYNC_TIMEOUT_MS / 1000} s; ` +
              'going on to the authoritative check',
          );
      }),
    );
    logger.debug(`route53: ${ids.length} change(s) INSYNC in ${clock.now() - started} ms`);
  }

  /**
   * Runs one API call: throttling and 5xx answers are retried (the vendor kit's backoff and
   * bounds), anything else becomes an error naming the operation and target.
   */
  call<T>(operation: string, target: string, send: () => Promise<T>): Promise<T> {
    return callWithRetries(
      this.#context,
      RETRY_POLICY,
      `route53: ${operation} for ${target}`,
      send,
      throttled,
      (error, note) => this.#explain(operation, target, error, note),
    );
  }

  #explain(operation: string, target: string, error: unknown, retried: string): Error {
    const { code, message } = awsFault(error);
    const where = `route53: ${operation} for ${target}`;
    if (code === 'CredentialsProviderError') {
      return new Error(
        `route53: no AWS credentials found (${message}); ` +
          'in GitHub Actions run aws-actions/configure-aws-credentials with role-to-assume (OIDC) ' +
          'before this step, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
        { cause: error },
      );
    }
    if (code === 'AccessDenied' || code === 'AccessDeniedException') {
      const role = this.#settings.assumeRole
        ? ` (to assume ${this.#settings.assumeRole.arn}, the base credentials need sts:AssumeRole, ` +
          'and its trust policy must allow ' +
          `them${this.#settings.assumeRole.externalId ? ' with this external ID' : ''})`
        : '';
      return new Error(
        `${where} was denied (AccessDenied)${role}: ` +
          `the credentials need ${ROUTE53_ACTIONS.join(', ')} on the hosted zone; ` +
          'see the least-privilege policy in the route53 section of docs/providers.md',
        { cause: error },
      );
    }
    if (
      [
        'InvalidClientTokenId',
        'SignatureDoesNotMatch',
        'ExpiredToken',
        'UnrecognizedClientException',
        'IncompleteSignature',
      ].includes(code)
    ) {
      return new Error(
        `${where}: AWS refused the credentials (${code}); ` +
          'check the credentials step before this one, and that its role session has not expired',
        { cause: error },
      );
    }
    if (code === 'NoSuchHostedZone') {
      const given = this.#settings.zoneIds.isEmpty
        ? ''
        : `; check route53-hosted-zone-id (${this.#settings.zoneIds.describe()})`;
      return new Error(`${where}: no such hosted zone (NoSuchHostedZone)${given}`, { cause: error });
    }
    return new Error(`${where}: ${code}${retried}: ${message}`, { cause: error });
  }
}

/** The API of a run: the provider is created once per certificate, the SDK client once per run. */
export function route53ApiFor(settings: Route53Settings, context: ProviderContext): Route53Api {
  const key = JSON.stringify([
    'route53',
    settings.zoneIds.describe(),
    settings.privateZone,
    settings.assumeRole ?? null,
    settings.region,
    settings.endpoint ?? null,
  ]);
  return perRun(context, key, () => new Route53Api(settings, context));
}
