/**
 * The Azure Resource Manager calls the provider makes (Microsoft.Network/dnsZones, API version
 * 2018-05-01), as plain JSON over the run's HTTP client (its proxy rules, trust and keep-alive),
 * with a bearer token from the credential chain: zones listed by subscription or resource group,
 * TXT record sets read with their ETag, written with `If-Match` / `If-None-Match: *`, deleted with
 * `If-Match`. 429 is retried after its Retry-After, 5xx and lost connections with backoff, and
 * every error names the operation, the record set, the zone and Azure's error code.
 *
 * Why not @azure/arm-dns: a generated client for every DNS resource and record type, with
 * @azure/core-lro and its own HTTP pipeline, many times the size of these five calls; and its
 * requests would go through that pipeline instead of the run's client, with its own proxy and
 * retry rules. Here they are plain JSON over the one client everything else in certwright uses.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson } from '../../../vendor/body.js';
import { allPages, nextPageUrl } from '../../../vendor/pages.js';
import { isSuccess, sendRequest, throttledOrServerError, type VendorCaller } from '../../../vendor/request.js';
import { CLOUD_API_RETRY_POLICY, type RetryPolicy } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, ProviderContext } from '../../provider.js';
import type { ZoneIds } from '../options.js';
import { perRun } from '../run-cache.js';
import { AzureTokens } from '../../../vendor/azure-credential.js';
import { Locks } from '../locks.js';
import { API_VERSION, AZURE_ACTIONS } from './metadata.js';
import { describeSet, isZoneRef, parseZoneTarget, zoneFromId, type RecordSetRef, type ZoneRef } from './names.js';

export interface AzureSettings {
  /** The subscription of zones found by name (`azure-subscription-id`, else AZURE_SUBSCRIPTION_ID). */
  readonly subscriptionId: string | undefined;
  /** The zones' resource group (`azure-resource-group`); without it, zones are found by listing the subscription. */
  readonly resourceGroup: string | undefined;
  /** Zones the user named (`azure-zone`): names or zone resource IDs, one for all or per DNS zone. */
  readonly zones: ZoneIds;
  /** TTL of a record set the provider creates. */
  readonly ttl: number;
  /** Resource Manager endpoint, without a trailing slash. */
  readonly apiUrl: string;
}

/** One TXT record of a set: its character strings, as Azure keeps them (a value over 255 characters is several). */
export interface TxtRecord {
  readonly value: readonly string[];
}

/** A TXT record set as read: what a conditional write needs to replace it exactly. */
export interface TxtSet {
  readonly etag: string;
  readonly ttl: number;
  readonly records: readonly TxtRecord[];
  /** The set's metadata (Azure's tags for record sets): a PUT replaces the whole set, so it goes back as read. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What a write replaces: the set read (by its ETag), or nothing (`If-None-Match: *`). */
export type WriteCondition = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

/** A refusal from Resource Manager or the DNS resource provider: HTTP status and Azure's error code. */
export class AzureError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Azure's answer when a conditional write found the set changed: read it again and merge anew. */
export function isPreconditionFailed(error: unknown): boolean {
  return error instanceof AzureError && error.status === 412;
}

// Azure asks for a longer first wait than the other clouds.
const RETRY_POLICY: RetryPolicy = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };

type Operation = 'list' | 'read' | 'write' | 'delete';

/** `Microsoft.Network/dnsZones/TXT/read, write and delete and Microsoft.Network/dnsZones/read`. */
const ROLE_ACTIONS = `${AZURE_ACTIONS[1]}, write and delete and ${AZURE_ACTIONS[0]}`;

interface Call {
  readonly operation: Operation;
  /** `reading TXT _acme-challenge.example.com in zone example.com (resource group dns)`. */
  readonly what: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Statuses the caller handles itself (404 for a set that is not there). */
  readonly expect?: readonly number[];
  /** The zone, for advice on a zone or group that is not there. */
  readonly zone?: ZoneRef;
}

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown> | undefined;
}

interface AzureErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

export class AzureApi {
  readonly #settings: AzureSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  readonly #tokens: AzureTokens;
  readonly #origin: string;
  /** The public DNS zones of each subscription, listed once per run. */
  readonly #zones = new Map<string, Promise<ZoneRef[]>>();
  /** Read-merge-write of one record set at a time: the certificates of a run may share a name. */
  readonly locks = new Locks();

  constructor(settings: AzureSettings, context: ProviderContext, tokens: AzureTokens) {
    this.#settings = settings;
    this.#caller = { ...context, policy: RETRY_POLICY };
    this.#logger = context.logger;
    this.#origin = new URL(settings.apiUrl).origin;
    this.#tokens = tokens;
  }

  /**
   * The zone for a record: the one `azure-zone` names, else the DNS zone found by SOA, in the resource group given or
   * found.
   */
  async zoneFor(record: ChallengeRecord): Promise<ZoneRef> {
    const given = this.#settings.zones.idFor(record.fqdn);
    const target = given === undefined ? { name: normalizeName(record.zone) } : parseZoneTarget(given);
    if (isZoneRef(target)) return target;
    const subscriptionId = this.#settings.subscriptionId;
    if (subscriptionId === undefined) {
      throw new Error(
        `azure-subscription-id: missing for zone ${target.name}; ` +
          'expected the ID of the subscription that holds it (or set AZURE_SUBSCRIPTION_ID, ' +
          'or give azure-zone its resource ID)',
      );
    }
    if (this.#settings.resourceGroup !== undefined)
      return { subscriptionId, resourceGroup: this.#settings.resourceGroup, name: target.name };
    const named = (await this.#zonesOf(subscriptionId)).filter((zone) => zone.name === target.name);
    if (named.length === 0) {
      throw new Error(
        `azure: no DNS zone named ${target.name} in subscription ${subscriptionId}; ` +
          'create it there, or check azure-subscription-id (a private DNS zone cannot answer ACME challenges)',
      );
    }
    if (named.length > 1) {
      const groups = named.map((zone) => zone.resourceGroup).join(', ');
      throw new Error(
        `azure: ${named.length} DNS zones named ${target.name} in subscription ${subscriptionId} ` +
          `(resource groups ${groups}); set azure-resource-group, or azure-zone to the zone's resource ID, ` +
          'to pick the one the domain is delegated to',
      );
    }
    return named[0] as ZoneRef;
  }

  /** The subscription's zones, listed once per run (by the first record that needs them). */
  #zonesOf(subscriptionId: string): Promise<ZoneRef[]> {
    let zones = this.#zones.get(subscriptionId);
    if (!zones) {
      zones = this.#listZones(subscriptionId);
      this.#zones.set(subscriptionId, zones);
      zones.then(
        (found) =>
          this.#logger.debug(
            `azure: subscription ${subscriptionId} holds ${found.length} public DNS zone(s): ` +
              `${found.map((z) => `${z.name} (${z.resourceGroup})`).join(', ')}`,
          ),
        () => this.#zones.delete(subscriptionId),
      );
    }
    return zones;
  }

  /** Every public DNS zone of the subscription, page by page (`nextLink`). */
  async #listZones(subscriptionId: string): Promise<ZoneRef[]> {
    const what = `listing the DNS zones of subscription ${subscriptionId}`;
    const first = this.#url(
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/dnszones`,
    );
    type Listed = { id?: string; properties?: { zoneType?: string } };
    const listed = await allPages<Listed, string>(`azure: ${what}`, first, async (url) => {
      const { json } = await this.#call('GET', url, { operation: 'list', what });
      // The next page only on the API's own origin: the bearer token goes nowhere else.
      return {
        items: (json?.value ?? []) as Listed[],
        next: nextPageUrl(json?.nextLink, this.#origin, `azure: ${what}`),
      };
    });
    return listed.flatMap((item) => {
      const zone = zoneFromId(item.id ?? '');
      return zone && (item.properties?.zoneType ?? 'Public') === 'Public' ? [zone] : [];
    });
  }

  /** The TXT record set, or undefined when there is none. */
  async readTxt(set: RecordSetRef): Promise<TxtSet | undefined> {
    const answer = await this.#call('GET', this.#setUrl(set), {
      operation: 'read',
      what: `reading ${describeSet(set)}`,
      expect: [404],
      zone: set.zone,
    });
    if (answer.status === 404) {
      // Only "no such record set" means none; a missing zone or group is an error.
      const code = errorCode(answer.json);
      if (code === 'NotFound') return undefined;
      throw this.#explain(`reading ${describeSet(set)}`, 'read', answer, '', set.zone);
    }
    return txtSetFrom(answer.json, this.#settings.ttl);
  }

  /** Replaces the set with `content` if it is still as read (or still absent); 412 (AzureError) when not. */
  async writeTxt(
    set: RecordSetRef,
    content: {
      readonly ttl: number;
      readonly records: readonly TxtRecord[];
      readonly metadata?: Readonly<Record<string, string>>;
    },
    condition: WriteCondition,
  ): Promise<void> {
    const headers: Record<string, string> =
      'ifMatch' in condition ? { 'if-match': condition.ifMatch } : { 'if-none-match': '*' };
    const body = {
      properties: {
        TTL: content.ttl,
        TXTRecords: content.records.map((record) => ({ value: [...record.value] })),
        metadata: content.metadata,
      },
    };
    await this.#call('PUT', this.#setUrl(set), {
      operation: 'write',
      what: `writing ${describeSet(set)}`,
      body,
      headers,
      zone: set.zone,
    });
  }

  /** Deletes the set if it is still as read; 412 (AzureError) when not. Gone already counts as done. */
  async deleteTxt(set: RecordSetRef, etag: string): Promise<void> {
    await this.#call('DELETE', this.#setUrl(set), {
      operation: 'delete',
      what: `deleting ${describeSet(set)}`,
      headers: { 'if-match': etag },
      zone: set.zone,
    });
  }

  #setUrl(set: RecordSetRef): string {
    const { subscriptionId, resourceGroup, name } = set.zone;
    const path = [
      'subscriptions',
      subscriptionId,
      'resourceGroups',
      resourceGroup,
      'providers',
      'Microsoft.Network',
      'dnsZones',
      name,
      'TXT',
      set.name,
    ].map(encodeURIComponent);
    return this.#url(`/${path.join('/')}`);
  }

  #url(path: string): string {
    return `${this.#settings.apiUrl}${path}?api-version=${API_VERSION}`;
  }

  /**
   * One Resource Manager call: 429 and 5xx retried (after Retry-After, else with backoff) and lost
   * connections too, a refused token (401) once at once with a new one; anything else that is not
   * expected becomes an AzureError naming the operation, the target and Azure's code.
   */
  async #call(method: HttpMethod, url: string, call: Call): Promise<Answer> {
    let tokenRenewed = false;
    const retryWhen = (answer: HttpResponse) => {
      if (call.expect?.includes(answer.status)) return undefined;
      if (answer.status === 401 && !tokenRenewed) {
        // A token revoked or expired early: one more try with a new one.
        tokenRenewed = true;
        this.#tokens.discard();
        return { why: 'HTTP 401, the token refused; with a new one', afterMs: 0 };
      }
      const verdict = throttledOrServerError(answer);
      return verdict && { why: `${verdict.why} ${errorCode(parseJson(answer.body)) ?? ''}`.trim() };
    };
    const headers = async () => ({ authorization: `Bearer ${await this.#tokens.bearer()}`, ...call.headers });
    const request = {
      method,
      url,
      what: `azure: ${call.what}`,
      headers,
      json: call.body,
      retryWhen,
      retryNoAnswer: true,
    };
    const response = await sendRequest(this.#caller, request);
    const answer = { status: response.status, json: jsonObject(response.body) };
    if (isSuccess(response) || call.expect?.includes(response.status)) return answer;
    throw this.#explain(call.what, call.operation, answer, response.note, call.zone);
  }

  #explain(what: string, operation: Operation, answer: Answer, retried: string, zone: ZoneRef | undefined): AzureError {
    const body = answer.json as AzureErrorBody | undefined;
    const code = errorCode(body) ?? `HTTP ${answer.status}`;
    const message = (body?.error?.message ?? body?.message ?? '').trim();
    const advice = adviceFor(code, operation, zone, this.#settings);
    return new AzureError(
      `azure: ${what}: ${code}${retried}${message ? `: ${message}` : ''}${advice ? `; ${advice}` : ''}`,
      answer.status,
      code,
    );
  }
}

/** What to change for an error code, in the words of certwright's inputs. */
function adviceFor(
  code: string,
  operation: Operation,
  zone: ZoneRef | undefined,
  settings: AzureSettings,
): string | undefined {
  switch (code) {
    case 'AuthorizationFailed':
    case 'LinkedAuthorizationFailed':
      if (operation === 'list') {
        return (
          'listing needs Microsoft.Network/dnsZones/read on the subscription (Reader, ' +
          'or the custom role in the azure section of docs/providers.md); ' +
          'or set azure-resource-group to go straight to the zone'
        );
      }
      return (
        'give the identity "DNS Zone Contributor" on the zone, ' +
        `or a custom role with ${ROLE_ACTIONS} (see the azure section of docs/providers.md)`
      );
    case 'InvalidAuthenticationTokenAudience':
      return (
        `the token is for another cloud's Resource Manager; ` +
        `set azure-api-url (now ${settings.apiUrl}) to the cloud the sign-in step signed in to`
      );
    case 'InvalidAuthenticationTokenTenant':
      return (
        'the subscription belongs to another tenant than the one signed in to; ' +
        'check azure/login tenant-id (AZURE_TENANT_ID) and azure-subscription-id'
      );
    case 'AuthenticationFailed':
    case 'InvalidAuthenticationToken':
    case 'ExpiredAuthenticationToken':
      return 'Resource Manager refused the token; check the sign-in step before this one (azure/login)';
    case 'SubscriptionNotFound':
    case 'InvalidSubscriptionId':
      return (
        'check azure-subscription-id (or AZURE_SUBSCRIPTION_ID), ' +
        'and that the identity has a role in that subscription'
      );
    case 'ResourceGroupNotFound':
      return (
        `no resource group ${zone?.resourceGroup ?? settings.resourceGroup ?? ''} in subscription ` +
        `${zone?.subscriptionId ?? settings.subscriptionId ?? ''}; check azure-resource-group and azure-zone`
      );
    case 'ParentResourceNotFound':
    case 'ResourceNotFound':
      return zone
        ? `no DNS zone ${zone.name} in resource group ${zone.resourceGroup}; ` +
            'check azure-resource-group and azure-zone, or leave azure-resource-group out to find the zone by name'
        : undefined;
    default:
      return undefined;
  }
}

function errorCode(json: unknown): string | undefined {
  const body = json as AzureErrorBody | undefined;
  return body?.error?.code ?? body?.code;
}

function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  const value = parseJson<unknown>(body);
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** A record set as Azure returns it (`etag`, `properties.TTL`, `properties.TXTRecords[].value[]`). */
function txtSetFrom(json: Record<string, unknown> | undefined, fallbackTtl: number): TxtSet {
  const properties = (json?.properties ?? {}) as {
    TTL?: number;
    TXTRecords?: { value?: string[] }[];
    metadata?: Record<string, string>;
  };
  return {
    etag: typeof json?.etag === 'string' ? json.etag : '',
    ttl: typeof properties.TTL === 'number' ? properties.TTL : fallbackTtl,
    records: (properties.TXTRecords ?? []).map((record) => ({ value: record.value ?? [] })),
    ...(properties.metadata && Object.keys(properties.metadata).length > 0 ? { metadata: properties.metadata } : {}),
  };
}

/**
 * The API of a run, shared by the provider of every certificate: one token, one zone cache, one lock per record set.
 */
export function azureApiFor(settings: AzureSettings, context: ProviderContext): AzureApi {
  // One token per Resource Manager endpoint and run, whatever else the settings of a certificate say.
  const tokens = perRun(
    context,
    JSON.stringify(['azure-token', settings.apiUrl]),
    () =>
      new AzureTokens({
        scope: `${settings.apiUrl}/.default`,
        component: 'azure',
        unknownResourceAdvice: 'check azure-api-url (the Resource Manager endpoint of your cloud)',
        env: context.env,
        clock: context.clock,
        logger: context.logger,
      }),
  );
  const key = JSON.stringify([
    'azure',
    settings.subscriptionId ?? null,
    settings.resourceGroup ?? null,
    settings.zones.describe(),
    settings.apiUrl,
    settings.ttl,
  ]);
  return perRun(context, key, () => new AzureApi(settings, context, tokens));
}
