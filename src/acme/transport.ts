import { errorMessage, type Clock, type Logger } from '../runtime.js';
import { retryAfterMs, type HttpClient, type HttpResponse } from '../net/http.js';
import { signAcmeRequest, type AccountKey } from './jws.js';
import { AcmeProblem, type ProblemDocument } from './problem.js';

/** The directory object (RFC 8555 §7.1.1), plus the optional ARI endpoint (RFC 9773 §4). */
export interface Directory {
  readonly newNonce: string;
  readonly newAccount: string;
  readonly newOrder: string;
  readonly revokeCert: string;
  readonly keyChange?: string;
  readonly renewalInfo?: string;
  readonly meta?: {
    readonly termsOfService?: string;
    readonly externalAccountRequired?: boolean;
    readonly profiles?: Record<string, string>;
  };
}

export interface AcmeResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly location?: string;
  readonly response: HttpResponse;
}

export interface TransportOptions {
  readonly http: HttpClient;
  readonly directoryUrl: string;
  readonly accountKey: AccountKey;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How many times one request is retried after 429/503 or another 5xx. */
  readonly maxRetries?: number;
  /**
   * How long one request keeps being retried after badNonce (§6.5), each time with the fresh
   * nonce the refusal carried; a budget of time, not a count, since a CA may refuse many in a row.
   */
  readonly badNonceBudgetMs?: number;
  /** Upper bound for one Retry-After wait; a longer one fails instead of stalling CI. */
  readonly maxRetryAfterMs?: number;
  /** The directory, when its fetch was started before the transport (see fetchDirectory). */
  readonly directory?: Promise<Directory>;
  /**
   * A first nonce, when its fetch was started before the transport (see fetchNonce): with the
   * directory, it arrives while the account key is read or made and written.
   */
  readonly nonce?: Promise<string>;
  /**
   * Signed requests in flight at once (default 8, the HTTP client's connections per host): the
   * answer to each brings the nonce for the next, so only the first few ask newNonce.
   */
  readonly maxConcurrent?: number;
}

const JOSE_CONTENT_TYPE = 'application/jose+json';
/** How often a POST-as-GET that got no answer is sent again. */
const UNANSWERED_READ_RETRIES = 2;

/**
 * The signed-request layer of RFC 8555 (§6): fetches the directory once, keeps a pool of
 * nonces filled from every response, signs with `jwk` or `kid`, turns problem documents into
 * AcmeProblem, and retries only what is retryable: badNonce (§6.5), 429 and 503 with
 * Retry-After, and other 5xx, with a bounded backoff; and a read (POST-as-GET) that got no answer.
 */
export class AcmeTransport {
  private directoryPromise: Promise<Directory> | undefined;
  private prefetchedDirectory: Promise<Directory> | undefined;
  private warming: Promise<void> | undefined;
  private readonly nonces: string[] = [];
  private accountUrl: string | undefined;
  private readonly maxRetries: number;
  private readonly badNonceBudgetMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly lanes: Lanes;
  /** newNonce requests sent (tests count them). */
  noncesFetched = 0;

  constructor(private readonly options: TransportOptions) {
    this.maxRetries = options.maxRetries ?? 6;
    this.badNonceBudgetMs = options.badNonceBudgetMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.lanes = new Lanes(options.maxConcurrent ?? 8);
    this.prefetchedDirectory = options.directory;
    if (options.nonce) {
      this.noncesFetched++;
      this.warm(options.nonce);
    }
  }

  get accountKey(): AccountKey {
    return this.options.accountKey;
  }

  get kid(): string | undefined {
    return this.accountUrl;
  }

  /** Sets the account URL used as `kid` once the account is known (§7.3). */
  setAccountUrl(url: string): void {
    this.accountUrl = url;
  }

  /** The directory (§7.1.1), fetched once per transport (a fetch that failed is tried again). */
  directory(): Promise<Directory> {
    const prefetched = this.prefetchedDirectory;
    this.prefetchedDirectory = undefined;
    this.directoryPromise ??= (prefetched ?? fetchDirectory(this.options.http, this.options.directoryUrl)).catch(
      (error: unknown) => {
        this.directoryPromise = undefined;
        throw error;
      },
    );
    return this.directoryPromise;
  }

  /** Puts a nonce fetched before the transport into the pool once it arrives; requests meanwhile wait for it. */
  private warm(nonce: Promise<string>): void {
    this.warming = nonce
      .then((value) => void this.nonces.push(value))
      .catch(() => undefined) // the request that needs one meets the error again
      .finally(() => (this.warming = undefined));
  }

  private keepNonce(response: HttpResponse): void {
    const nonce = response.headers['replay-nonce'];
    if (typeof nonce === 'string' && nonce !== '') this.nonces.push(nonce);
  }

  /** A fresh nonce: from the pool, else from newNonce (§7.2). */
  private async nonce(): Promise<string> {
    if (this.nonces.length === 0 && this.warming) await this.warming;
    return this.nonces.pop() ?? this.fetchNonce();
  }

  private async fetchNonce(): Promise<string> {
    const { newNonce } = await this.directory();
    this.noncesFetched++;
    return fetchNonce(this.options.http, newNonce);
  }

  /**
   * A signed POST (or POST-as-GET when `payload` is undefined). `useJwk` signs with the public
   * key instead of the account URL, as newAccount requires. `context` names the operation in
   * errors.
   */
  async post<T>(
    url: string,
    payload: unknown,
    context: string,
    options: { useJwk?: boolean; accept?: string } = {},
  ): Promise<AcmeResponse<T>> {
    const kid = options.useJwk ? undefined : this.accountUrl;
    if (!options.useJwk && !kid)
      throw new Error(`acme: ${context}: no account yet; register or look up the account first`);
    return this.lanes.run(() => this.send<T>(url, payload, context, kid, options.accept));
  }

  private async send<T>(
    url: string,
    payload: unknown,
    context: string,
    kid: string | undefined,
    accept: string | undefined,
  ): Promise<AcmeResponse<T>> {
    const attempts = { badNonce: 0, other: 0, unanswered: 0, started: this.options.clock.now() };
    for (;;) {
      const nonce = await this.nonce();
      const body = JSON.stringify(
        await signAcmeRequest(this.options.accountKey, { nonce, url, ...(kid ? { kid } : {}) }, payload),
      );
      const headers: Record<string, string> = { 'content-type': JOSE_CONTENT_TYPE };
      if (accept) headers.accept = accept;
      let response: HttpResponse;
      try {
        response = await this.options.http({ method: 'POST', url, body, headers });
      } catch (error) {
        // A POST-as-GET only reads (RFC 8555 §6.3): one that got no answer (the connection dropped,
        // the server stalled past the timeout) is asked again, twice at most. Anything that
        // changes something at the CA is not: it may have been done.
        if (payload !== undefined || attempts.unanswered >= UNANSWERED_READ_RETRIES) throw error;
        attempts.unanswered++;
        this.options.logger.debug(`acme: ${context}: no answer (${errorMessage(error)}); asking again`);
        await this.options.clock.sleep(250 * 2 ** (attempts.unanswered - 1));
        continue;
      }
      this.keepNonce(response);
      if (response.status < 400) return this.parse<T>(response, accept);
      const problem = this.problemOf(response, context);
      const wait = this.retryDelay(problem, response, attempts);
      if (wait === undefined) {
        const retried = attempts.badNonce + attempts.other - 1;
        if (retried > 0)
          problem.message +=
            ` (after ${retried} ${retried === 1 ? 'retry' : 'retries'} in ` +
            `${((this.options.clock.now() - attempts.started) / 1000).toFixed(1)} s)`;
        throw problem;
      }
      this.options.logger.debug(`${problem.message}; retrying in ${wait} ms`);
      if (wait > 0) await this.options.clock.sleep(wait);
    }
  }

  /** How long to wait before retrying, or undefined when the error is final. */
  private retryDelay(
    problem: AcmeProblem,
    response: HttpResponse,
    attempts: { badNonce: number; other: number; started: number },
  ): number | undefined {
    if (problem.is('badNonce')) {
      attempts.badNonce++;
      if (this.options.clock.now() - attempts.started >= this.badNonceBudgetMs) return undefined;
      // At once for the first few; then a short pause, so a CA refusing every nonce is not hammered.
      return attempts.badNonce <= 5 ? 0 : Math.min(25 * attempts.badNonce, 500);
    }
    const attempt = attempts.other++;
    if (attempt >= this.maxRetries) return undefined;
    const retryAfter = retryAfterMs(response, this.options.clock.now());
    if (response.status === 429 || response.status === 503) {
      if (retryAfter === undefined || retryAfter > this.maxRetryAfterMs) return undefined;
      return retryAfter;
    }
    if (response.status >= 500) return Math.min(retryAfter ?? 500 * 2 ** attempt, this.maxRetryAfterMs);
    return undefined;
  }

  private problemOf(response: HttpResponse, context: string): AcmeProblem {
    let document: ProblemDocument;
    try {
      document = JSON.parse(response.body.toString('utf8')) as ProblemDocument;
    } catch {
      document = { detail: `HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 200)}` };
    }
    return new AcmeProblem(context, document, response.status, response.url);
  }

  private parse<T>(response: HttpResponse, accept: string | undefined): AcmeResponse<T> {
    const location = typeof response.headers.location === 'string' ? response.headers.location : undefined;
    const text = response.body.toString('utf8');
    const isJson = (response.headers['content-type'] ?? '').includes('json');
    const body = (accept && !isJson ? text : text === '' ? {} : JSON.parse(text)) as T;
    return { status: response.status, body, response, ...(location ? { location } : {}) };
  }
}

/** Fetches and checks the directory (§7.1.1); exported so a session can start it early. */
export async function fetchDirectory(http: HttpClient, url: string): Promise<Directory> {
  let response: HttpResponse;
  try {
    response = await http({ method: 'GET', url });
  } catch (cause) {
    // A proxy's refusal already says what to fix; the server URL is not the problem then.
    const viaProxy = cause instanceof Error && cause.message.startsWith('proxy:');
    throw new Error(
      'acme: cannot reach the ACME directory at ' +
        `${url}${viaProxy ? '' : '; check the server URL and that the CA is up'}`,
      { cause },
    );
  }
  if (response.status !== 200) {
    throw new Error(`acme: directory ${url} answered HTTP ${response.status}; expected 200 with a JSON directory`);
  }
  let directory: Directory;
  try {
    directory = JSON.parse(response.body.toString('utf8')) as Directory;
  } catch (cause) {
    throw new Error(`acme: directory ${url} is not JSON; is this an ACME directory URL?`, { cause });
  }
  for (const field of ['newNonce', 'newAccount', 'newOrder'] as const) {
    if (typeof directory[field] !== 'string') {
      throw new Error(`acme: directory ${url} has no ${field}; is this an ACME (RFC 8555) directory URL?`);
    }
  }
  return directory;
}

/**
 * A nonce from newNonce (§7.2); exported so a session can fetch the first one with the directory.
 * GET, which the RFC lets clients use, rather than HEAD: a HEAD answer without Content-Length
 * (Pebble's) makes Node close the connection, and each nonce would then cost a new TLS connection.
 */
export async function fetchNonce(http: HttpClient, newNonce: string): Promise<string> {
  const response = await http({ method: 'GET', url: newNonce });
  const nonce = response.headers['replay-nonce'];
  if (typeof nonce !== 'string' || nonce === '') {
    throw new Error(`acme: newNonce ${newNonce} returned no Replay-Nonce header (HTTP ${response.status})`);
  }
  return nonce;
}

/** At most `size` tasks at once; the others wait their turn, first come first served. */
class Lanes {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
