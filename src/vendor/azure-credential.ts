/**
 * Access tokens for an Azure API (Resource Manager for the DNS provider, Key Vault for the deploy
 * target) from @azure/identity's DefaultAzureCredential: the
 * chain every Azure SDK uses (environment service principal, workload identity, managed identity,
 * the Azure CLI session azure/login leaves, ...), so whatever signs in the SDKs signs in here.
 * One token per run, taken again shortly before it expires; failures become one line that says
 * what to set up, with Entra ID's AADSTS code, and never the token or the federated assertion.
 *
 * The credential talks to Entra ID and the managed identity endpoint through its own HTTP
 * pipeline: its managed identity probe needs per-request timeouts and aborts (one second, on
 * machines without IMDS) that the run's HTTP client does not offer. That pipeline reads the same
 * HTTPS_PROXY / NO_PROXY variables and trusts the same CAs (NODE_EXTRA_CA_CERTS included).
 */
import { AzureAuthorityHosts, DefaultAzureCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import type { Clock, Logger } from '../runtime.js';

/** A token this close to expiry is taken again (an API refuses an expired one mid-run). */
const REFRESH_BEFORE_MS = 5 * 60_000;
/** `az account get-access-token` gets this long before the credential gives up on it. */
const CLI_TIMEOUT_MS = 60_000;

const KNOWN_AUTHORITY_HOSTS = new Set<string>(Object.values(AzureAuthorityHosts).map((url) => new URL(url).host));

const FEDERATED_ADVICE =
  "the app's federated credential must match the token exactly: for GitHub Actions, " +
  'issuer https://token.actions.githubusercontent.com, ' +
  'audience api://AzureADTokenExchange and a subject such as repo:OWNER/REPO:environment:NAME or ' +
  'repo:OWNER/REPO:ref:refs/heads/BRANCH';

/** Advice per Entra ID error code (AADSTS…), for the codes a CI sign-in meets. */
const ENTRA_ADVICE: Readonly<Record<string, string>> = {
  '700211': FEDERATED_ADVICE,
  '700212': FEDERATED_ADVICE,
  '700213': FEDERATED_ADVICE,
  '700024':
    "the federated token (GitHub's OIDC token) has expired or is not yet valid; " +
    'an azure/login session lasts only as long as the token it was given, ' +
    'so run azure/login right before this step',
  '700016':
    'no application with that client ID in the tenant; ' +
    'check AZURE_CLIENT_ID (azure/login client-id) and AZURE_TENANT_ID (tenant-id)',
  '90002': 'no such tenant; check AZURE_TENANT_ID (azure/login tenant-id)',
  '7000215':
    'the client secret is wrong; check AZURE_CLIENT_SECRET, or better, ' +
    'use a federated credential (OIDC) instead of a secret',
  '7000222':
    'the client secret has expired; create a new one, or better, use a federated credential (OIDC) instead of a secret',
};

const NO_CREDENTIALS =
  'no Azure credentials found; in GitHub Actions run azure/login with client-id, tenant-id and ' +
  'subscription-id (OIDC, with permissions: id-token: write) before this step, or set AZURE_CLIENT_ID, ' +
  'AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (workload identity) or AZURE_CLIENT_SECRET ' +
  '(a service principal); on an Azure VM a managed identity is used';

export interface AzureTokenOptions {
  /** What the tokens are for: `https://management.azure.com/.default`, `https://vault.azure.net/.default`. */
  readonly scope: string;
  /** Starts every message: `azure`, `azure-key-vault`. */
  readonly component: string;
  /** When Entra ID does not know the resource (AADSTS500011): which setting names it (`check azure-api-url ...`). */
  readonly unknownResourceAdvice: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Bearer tokens for one API (one scope), fetched once and reused until near expiry. */
export class AzureTokens {
  readonly #credential: TokenCredential;
  readonly #scope: string;
  readonly #component: string;
  readonly #unknownResourceAdvice: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #token: Promise<AccessToken> | undefined;

  constructor(options: AzureTokenOptions) {
    this.#scope = options.scope;
    this.#component = options.component;
    this.#unknownResourceAdvice = options.unknownResourceAdvice;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#credential = new DefaultAzureCredential(credentialOptions(options.env));
  }

  /** A token for the API: the one held, unless it expires within five minutes. */
  async bearer(): Promise<string> {
    const held = this.#token;
    if (held) {
      const token = await held;
      if (token.expiresOnTimestamp - this.#clock.now() > REFRESH_BEFORE_MS) return token.token;
      if (this.#token === held) this.#token = undefined;
    }
    // A token fresh from the credential is used whatever its lifetime.
    this.#token ??= this.#fetch();
    return (await this.#token).token;
  }

  /** Forgets the token held (the API refused it): the next `bearer()` asks again. */
  discard(): void {
    this.#token = undefined;
  }

  async #fetch(): Promise<AccessToken> {
    const started = this.#clock.now();
    let token: AccessToken | null;
    try {
      token = await this.#credential.getToken(this.#scope);
    } catch (error) {
      this.#token = undefined;
      // The chain's own report names every credential it tried, over many lines: kept for debug
      // logs, while the error is the one line that matters. Neither holds a token or an assertion.
      this.#logger.debug(
        `${this.#component}: DefaultAzureCredential: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw explainCredentialError(error, this.#component, this.#unknownResourceAdvice);
    }
    if (!token) {
      this.#token = undefined;
      throw new Error(`${this.#component}: ${NO_CREDENTIALS}`);
    }
    this.#logger.debug(
      `${this.#component}: token for ${this.#scope} in ${this.#clock.now() - started} ms, ` +
        `valid for ${Math.round((token.expiresOnTimestamp - this.#clock.now()) / 60_000)} min`,
    );
    return token;
  }
}

/**
 * DefaultAzureCredential's options: its own chain, with instance discovery off for an authority host outside
 * Microsoft's clouds.
 */
export function credentialOptions(
  env: Readonly<Record<string, string | undefined>>,
): ConstructorParameters<typeof DefaultAzureCredential>[0] {
  const authorityHost = env.AZURE_AUTHORITY_HOST?.trim();
  // MSAL validates an unknown authority by asking login.microsoftonline.com about it, which an
  // Azure Stack, private cloud or local endpoint cannot pass; AZURE_AUTHORITY_HOST is trusted as set.
  const custom = authorityHost ? !KNOWN_AUTHORITY_HOSTS.has(hostOf(authorityHost)) : false;
  return {
    ...(authorityHost ? { authorityHost } : {}),
    ...(custom ? { disableInstanceDiscovery: true } : {}),
    processTimeoutInMs: CLI_TIMEOUT_MS,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface IdentityError {
  readonly name?: string;
  readonly message?: string;
  readonly errors?: readonly IdentityError[];
  readonly errorResponse?: { readonly error?: string; readonly errorDescription?: string };
}

/**
 * One line for a credential failure: Entra ID's refusal with advice, or what to set up when
 * nothing signed in. Without the identity library's error as the cause: its text is the whole
 * chain's report, many lines, which the one-line error would otherwise carry along.
 */
export function explainCredentialError(error: unknown, component: string, unknownResourceAdvice: string): Error {
  const failure = error as IdentityError;
  const all = failure.name === 'AggregateAuthenticationError' ? (failure.errors ?? []) : [failure];
  const texts = all.map((e) => [e.errorResponse?.errorDescription, e.message].filter(Boolean).join('\n'));
  const entra = texts.map((text) => /AADSTS(\d+): ?([^\r\n]*)/.exec(text)).find((match) => match !== null);
  if (entra) {
    const [, code = '', rest = ''] = entra;
    const description = rest
      .replace(/\s*(Trace ID|Correlation ID|Timestamp):.*$/, '')
      .replace(/\s+-\s*$/, '')
      .trim();
    const advice =
      (code === '500011' ? unknownResourceAdvice : ENTRA_ADVICE[code]) ??
      'see https://learn.microsoft.com/entra/identity-platform/reference-error-codes';
    return new Error(
      `${component}: Microsoft Entra ID refused to issue a token (AADSTS${code}: ${description}); ${advice}`,
    );
  }
  const unavailable = all.every(
    (e) =>
      e.name === 'CredentialUnavailableError' ||
      /unavailable|not (be )?found|not installed|az login/i.test(e.message ?? ''),
  );
  if (all.length === 0 || unavailable) return new Error(`${component}: ${NO_CREDENTIALS}`);
  const first = all.find((e) => e.name !== 'CredentialUnavailableError') ?? all[0];
  const line =
    (first?.errorResponse?.errorDescription ?? first?.message ?? String(error))
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? 'unknown error';
  return new Error(`${component}: signing in to Azure failed (${first?.name ?? 'Error'}: ${line.trim()})`);
}
