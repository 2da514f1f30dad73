/**
 * The Hetzner Cloud API v1 DNS calls the provider makes, over the run's HTTP client (its proxy,
 * trust and keep-alive): read the TXT RRSet at a name, add values to it and remove values from it
 * (`POST /zones/{zone}/rrsets/{name}/TXT/actions/add_records` and `remove_records`, which change
 * only the values they name, so no read-merge-write race can drop another tool's value), and wait
 * for the action each write starts. The zone goes by name in the path (`{id_or_name}`), so no
 * zone list is read. 429 is retried after `RateLimit-Reset` (Hetzner sends no `Retry-After`),
 * `locked` (an action of another client still runs on the zone) and `conflict` with backoff, 5xx
 * and lost answers as well: adding or removing the same value twice leaves the same RRSet.
 * Hetzner's `{error: {code, message}}` becomes one line that says what to fix. The token goes
 * into the Authorization header only.
 *
 * Why not `hcloud-js` or an SDK: none is maintained by Hetzner for Node.js, and the community ones
 * bring their own HTTP stacks, for four JSON calls.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import { parseJson } from '../../../vendor/body.js';
import { pollUntil } from '../../../vendor/poll.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import type { Clock } from '../../../runtime.js';
import type { ProviderContext } from '../../provider.js';
import { perRun } from '../run-cache.js';

export interface HetznerSettings {
  readonly token: string;
  /** Base URL ending in `/v1`, without a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

export interface RRSet {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number | null;
  readonly records: readonly { readonly value: string; readonly comment?: string }[];
}

interface Action {
  readonly id: number;
  readonly status: 'running' | 'success' | 'error';
  readonly error?: { code?: string; message?: string } | null;
}

interface ErrorBody {
  readonly error?: { code?: string; message?: string; details?: { fields?: { name?: string; messages?: string[] }[] } };
}

export class HetznerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    /** Hetzner's own message, to tell a missing RRSet from a missing zone. */
    readonly vendorMessage = '',
  ) {
    super(message);
  }
}

/** How long one action may run before the write is taken as failed. */
const ACTION_TIMEOUT_MS = 120_000;

export class HetznerApi {
  readonly #settings: HetznerSettings;
  readonly #caller: VendorCaller;
  readonly #clock: Clock;

  constructor(settings: HetznerSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#clock = context.clock;
  }

  /** The TXT RRSet at `name` (relative, `@` for the apex), or undefined when there is none. */
  async txtRRSet(zone: string, name: string): Promise<RRSet | undefined> {
    try {
      const answer = await this.#call<{ rrset?: RRSet }>(
        'GET',
        this.#rrsetPath(zone, name),
        `reading TXT ${fqdn(name, zone)}`,
        {
          zone,
          write: false,
        },
      );
      return answer?.rrset;
    } catch (error) {
      if (error instanceof HetznerError && error.status === 404 && !/zone/i.test(error.vendorMessage)) return undefined;
      throw error;
    }
  }

  /** Adds TXT values (quoted character-strings) at `name`, creating the RRSet with the TTL if it is new, and waits. */
  async addTxt(zone: string, name: string, values: readonly string[]): Promise<void> {
    const what = `adding ${values.length} TXT value(s) at ${fqdn(name, zone)}`;
    const answer = await this.#call<{ action?: Action }>(
      'POST',
      `${this.#rrsetPath(zone, name)}/actions/add_records`,
      what,
      {
        zone,
        write: true,
        body: {
          ttl: this.#settings.ttl,
          records: values.map((value) => ({ value, comment: 'certwright dns-01 challenge' })),
        },
      },
    );
    await this.#await(answer?.action, what);
  }

  /** Removes exactly these TXT values (as Hetzner holds them) at `name`, and waits. */
  async removeTxt(zone: string, name: string, values: readonly string[]): Promise<void> {
    const what = `removing ${values.length} TXT value(s) at ${fqdn(name, zone)}`;
    const answer = await this.#call<{ action?: Action }>(
      'POST',
      `${this.#rrsetPath(zone, name)}/actions/remove_records`,
      what,
      { zone, write: true, body: { records: values.map((value) => ({ value })) } },
    );
    await this.#await(answer?.action, what);
  }

  #rrsetPath(zone: string, name: string): string {
    return `/zones/${encodeURIComponent(zone)}/rrsets/${encodeURIComponent(name)}/TXT`;
  }

  /** Waits for an action to end; an action that ends in error throws its error. */
  async #await(action: Action | undefined, what: string): Promise<void> {
    if (!action || !Number.isSafeInteger(action.id)) throw new Error(`hetzner: ${what}: the answer carries no action`);
    let current = action;
    const done = await pollUntil(
      this.#clock,
      { firstMs: 200, maxMs: 2_000, timeoutMs: ACTION_TIMEOUT_MS, since: this.#clock.now() },
      async () => {
        if (current.status !== 'running') return true;
        const answer = await this.#call<{ action?: Action }>(
          'GET',
          `/actions/${current.id}`,
          `${what}: action ${current.id}`,
          {
            write: false,
          },
        );
        current = answer?.action ?? current;
        return current.status !== 'running';
      },
    );
    if (!done) throw new Error(`hetzner: ${what}: action ${action.id} still runs after ${ACTION_TIMEOUT_MS / 1000} s`);
    if (current.status === 'error')
      throw new Error(
        `hetzner: ${what}: action ${action.id} failed: ` +
          `${current.error?.code ?? 'error'} ${current.error?.message ?? ''}`.trim(),
      );
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { zone?: string; body?: unknown; write: boolean },
  ): Promise<T | undefined> {
    const retryWhen = (answer: HttpResponse) => {
      const code = parseJson<ErrorBody>(answer.body)?.error?.code;
      return answer.status === 429 || answer.status >= 500 || code === 'locked' || code === 'conflict'
        ? { why: `HTTP ${answer.status}${code ? ` ${code}` : ''}` }
        : undefined;
    };
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}`,
      what: `hetzner: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      waitWhenUnsaid: resetMs,
      // Adding or removing the same values again leaves the same RRSet.
      retryNoAnswer: true,
    });
    if (isSuccess(answer)) return parseJson<T>(answer.body);
    const error = explain(answer.status, parseJson<ErrorBody>(answer.body), what, options);
    error.message += answer.note;
    throw error;
  }
}

function fqdn(name: string, zone: string): string {
  return name === '@' ? zone : `${name}.${zone}`;
}

/** `RateLimit-Reset` (Unix seconds), in ms from now. */
function resetMs(answer: HttpResponse, now: number): number | undefined {
  const raw = answer.headers['ratelimit-reset'];
  const text = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return text && /^\d+$/.test(text) ? Math.max(0, Number(text) * 1000 - now) : undefined;
}

function explain(
  status: number,
  body: ErrorBody | undefined,
  what: string,
  options: { zone?: string; write: boolean },
): HetznerError {
  const code = body?.error?.code;
  const fields = (body?.error?.details?.fields ?? []).map((f) => `${f.name}: ${(f.messages ?? []).join(', ')}`);
  const detail =
    `${status} ${code ?? ''} ${body?.error?.message ?? ''}${fields.length ? ` (${fields.join('; ')})` : ''}`
      .replace(/\s+/g, ' ')
      .trim();
  let advice: string;
  if (status === 401)
    advice =
      'Hetzner does not accept hetzner-api-token (unknown, deleted, or a token of the old DNS Console); ' +
      'create an API token in the Hetzner Console: the project → Security → API tokens, with Read & Write';
  else if (code === 'token_readonly' || (status === 403 && options.write))
    advice = 'hetzner-api-token is read-only; create a token with Read & Write in the project that holds the zone';
  else if (status === 404 && options.zone !== undefined && /zone/i.test(body?.error?.message ?? ''))
    advice =
      `zone ${options.zone} is not in the project of hetzner-api-token; use a token of the project that holds it, ` +
      'or migrate the zone from the old DNS Console to the Hetzner Console';
  else if (code === 'incorrect_zone_mode')
    advice = `zone ${options.zone ?? ''} is a secondary zone at Hetzner; create the records on its primary nameserver`;
  else if (code === 'protected')
    advice = 'the RRSet has change protection; lift it in the Hetzner Console, or leave the name to certwright';
  else if (status === 429)
    advice = "the project's rate limit (3,600 requests an hour) is used up; spread the certificates over more runs";
  else if (status === 400 || status === 422) advice = 'Hetzner refused the record';
  else advice = 'see https://docs.hetzner.cloud/reference/cloud#dns';
  return new HetznerError(`hetzner: ${what}: ${detail}; ${advice}`, status, code, body?.error?.message ?? '');
}

/** The API of a run, shared by the provider of every certificate. */
export function hetznerApiFor(settings: HetznerSettings, context: ProviderContext): HetznerApi {
  const key = JSON.stringify(['hetzner', settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new HetznerApi(settings, context));
}
