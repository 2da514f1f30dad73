/**
 * Application Default Credentials, as every Google tool finds them, through google-auth-library:
 * GOOGLE_APPLICATION_CREDENTIALS (the `external_account` file google-github-actions/auth writes for
 * Workload Identity Federation, or a service-account key), gcloud's application-default login,
 * then the metadata server. What it gives certwright is a bearer token (and the project, when the
 * user named none); the API calls themselves (Cloud DNS, Certificate Manager) go over the run's HTTP client.
 *
 * The library's own requests go over the run's HTTP client too (`fetchOver`): the URL-sourced
 * subject token (GitHub's OIDC endpoint), the STS token exchange, service-account impersonation
 * and the JWT grant of a key. The library's default transport would be a second HTTP stack
 * (node-fetch, which on Node 22+ also prints a punycode deprecation warning into every log),
 * blind to the run's trust settings. Only the metadata server, reached on Compute Engine alone,
 * keeps the library's own.
 */
import {
  BaseExternalAccountClient,
  Compute,
  gaxios,
  GoogleAuth,
  Impersonated,
  JWT,
  UserRefreshClient,
  type AuthClient,
} from 'google-auth-library';
import { fetchOver } from '../net/fetch.js';
import type { HttpClient } from '../net/http.js';

/** Cloud DNS and Certificate Manager accept it; STS and impersonation expect cloud-platform. */
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/**
 * Where google-github-actions/auth and gcloud put the project, in the order the library reads them (and gcloud's own
 * variable).
 */
const PROJECT_VARIABLES = ['GCLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT'] as const;
const NO_ADC = 'Could not load the default credentials';

/** The request headers that carry the credentials: only ever sent, never logged. */
export type CredentialHeaders = Readonly<Record<string, string>>;

/** What the credentials need of the run, and how their messages name the user of them. */
export interface GoogleCredentialsContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly http: HttpClient;
  /** Starts every message: `google`, `google-certificate-manager`. */
  readonly component: string;
  /** Said when no project is found: `set google-project to the ID of the project that holds the managed zones`. */
  readonly projectAdvice: string;
}

export class GoogleCredentials {
  readonly #auth: GoogleAuth;
  readonly #env: GoogleCredentialsContext['env'];
  readonly #keyFile: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #component: string;
  readonly #projectAdvice: string;

  constructor(context: GoogleCredentialsContext) {
    this.#env = context.env;
    this.#component = context.component;
    this.#projectAdvice = context.projectAdvice;
    this.#fetch = fetchOver(context.http);
    // Named in the run's environment, the file is used as is; else the library looks for itself (the process
    // environment, gcloud's login, the metadata server).
    this.#keyFile = context.env.GOOGLE_APPLICATION_CREDENTIALS?.trim() || undefined;
    this.#auth = new GoogleAuth({
      scopes: [SCOPE],
      ...(this.#keyFile ? { keyFilename: this.#keyFile } : {}),
      clientOptions: { transporterOptions: { fetchImplementation: this.#fetch } },
    });
  }

  /** `authorization` (and `x-goog-user-project` when the credentials name a quota project). */
  async headers(): Promise<CredentialHeaders> {
    const client = await this.#client();
    let headers: Headers;
    try {
      headers = await client.getRequestHeaders();
    } catch (cause) {
      throw new Error(
        `${this.#component}: getting an access token with ${describeClient(client)}: ` +
          `${oneLine(cause)}${tokenAdvice(client, cause)}`,
        // eslint-disable-next-line preserve-caught-error -- the library error holds tokens; its message is kept
        { cause: plain(cause) },
      );
    }
    const wanted: Record<string, string> = {};
    for (const name of ['authorization', 'x-goog-user-project']) {
      const value = headers.get(name);
      if (value) wanted[name] = value;
    }
    if (!wanted.authorization) throw new Error(`${this.#component}: ${describeClient(client)} gave no access token`);
    return wanted;
  }

  /**
   * The project of the credentials, for a user who named none: the environment
   * (google-github-actions/auth sets GOOGLE_CLOUD_PROJECT), the key file's project_id, then what
   * the library finds (gcloud's configuration, the metadata server, an external account's project).
   */
  async project(): Promise<{ readonly id: string; readonly source: string }> {
    for (const name of PROJECT_VARIABLES) {
      const value = this.#env[name]?.trim();
      if (value) return { id: value, source: name };
    }
    const client = await this.#client();
    if (client.projectId) return { id: client.projectId, source: describeClient(client) };
    try {
      const found = await this.#auth.getProjectId();
      if (found) return { id: found, source: 'Application Default Credentials' };
    } catch (cause) {
      throw new Error(
        `${this.#component}: no project: ${this.#projectAdvice} ` +
          `(or GOOGLE_CLOUD_PROJECT); the credentials name none (${oneLine(cause)})`,
        // eslint-disable-next-line preserve-caught-error -- the library error holds tokens; its message is kept
        { cause: plain(cause) },
      );
    }
    throw new Error(
      `${this.#component}: no project: ${this.#projectAdvice} (or GOOGLE_CLOUD_PROJECT); the credentials name none`,
    );
  }

  async #client(): Promise<AuthClient> {
    try {
      const client = await this.#auth.getClient();
      if (client instanceof BaseExternalAccountClient) routeTokenExchange(client, this.#fetch);
      return client;
    } catch (cause) {
      const message = oneLine(cause);
      if (message.includes(NO_ADC)) {
        throw new Error(
          `${this.#component}: no Google credentials found; ` +
            'in GitHub Actions run google-github-actions/auth (Workload Identity Federation, with permissions: ' +
            'id-token: write) before this step, or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file',
          // eslint-disable-next-line preserve-caught-error -- the library error holds tokens; its message is kept
          { cause: plain(cause) },
        );
      }
      const where = this.#keyFile ? ` from GOOGLE_APPLICATION_CREDENTIALS (${this.#keyFile})` : '';
      // eslint-disable-next-line preserve-caught-error -- the library error holds tokens; its message is kept
      throw new Error(`${this.#component}: cannot load the credentials${where}: ${message}`, { cause: plain(cause) });
    }
  }
}

/**
 * An external account builds its STS client with a transport of its own and offers no option to
 * pass one (google-auth-library 10); its `transporter` is replaced with one over the run's HTTP
 * client. Should a later version change that shape, the exchange keeps the library's transport.
 */
function routeTokenExchange(client: BaseExternalAccountClient, fetchImplementation: typeof fetch): void {
  const sts = (client as unknown as { stsCredential?: { transporter?: unknown } }).stsCredential;
  if (
    sts &&
    sts.transporter instanceof gaxios.Gaxios &&
    sts.transporter.defaults.fetchImplementation !== fetchImplementation
  ) {
    sts.transporter = new gaxios.Gaxios({ fetchImplementation });
  }
}

function describeClient(client: AuthClient): string {
  if (client instanceof BaseExternalAccountClient) {
    const account = client.getServiceAccountEmail();
    return account ? `Workload Identity Federation as ${account}` : 'Workload Identity Federation';
  }
  if (client instanceof JWT)
    return client.email ? `the service-account key of ${client.email}` : 'a service-account key';
  if (client instanceof Compute) return 'the metadata server';
  if (client instanceof UserRefreshClient) return "gcloud's application-default login";
  if (client instanceof Impersonated) return `impersonation of ${client.getTargetPrincipal()}`;
  return 'Application Default Credentials';
}

/** What to check when a token cannot be had, by kind of credentials. */
function tokenAdvice(client: AuthClient, cause: unknown): string {
  const message = oneLine(cause);
  if (client instanceof BaseExternalAccountClient) {
    if (/generateAccessToken|impersonat|iam\.serviceAccounts\.getAccessToken/i.test(message)) {
      return (
        '; the federated identity needs roles/iam.workloadIdentityUser on the service account named in ' +
        'the auth step'
      );
    }
    return (
      "; check the auth step's workload_identity_provider, the provider's audience and attribute condition, " +
      'and permissions: id-token: write'
    );
  }
  if (client instanceof JWT)
    return '; the key may have been deleted or disabled; create a new key, or better, use Workload Identity Federation';
  return '';
}

/** An error's message on one line, without a final period (library messages carry line breaks, and end in one). */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\.$/, '');
}

/**
 * The cause to keep of a library error: its message alone. The error itself holds the request it
 * failed on (a subject token, a signed assertion) and response objects that print as
 * `[object Object]`; neither belongs in a log.
 */
function plain(error: unknown): Error {
  return new Error(oneLine(error));
}
