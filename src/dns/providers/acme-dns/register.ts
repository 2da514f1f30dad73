/**
 * `certwright acme-dns register`: creates an acme-dns account for a name and says what to do
 * with it — the CNAME to create once in the name's zone, and the credentials to store as a
 * secret, in the JSON certbot's and lego's acme-dns integrations read and write.
 */
import type { HttpClient } from '../../../net/http.js';
import { challengeRecordName, domainNameProblem } from '../../names.js';
import { registerAccount } from './api.js';
import { parseCidr } from './cidr.js';
import { refusePlainHttp } from '../options.js';
import { credentialKey } from './credentials.js';

/** One stored account: what acme-dns answered, plus the server (lego's `server_url`). */
export interface StoredAcmeDnsAccount {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: readonly string[];
  readonly server_url: string;
}

export interface AcmeDnsRegistration {
  /** `{"example.com": {...}}`: the value of acme-dns-credentials (merge several with a spread). */
  readonly credentials: Readonly<Record<string, StoredAcmeDnsAccount>>;
  /** The record to create once, in zone-file form: `_acme-challenge.example.com. CNAME <fulldomain>.` */
  readonly cname: string;
}

export interface AcmeDnsRegisterOptions {
  /** The acme-dns API base URL. */
  readonly server: string;
  /** The name to register for; `*.example.com` and `example.com` get the same account. */
  readonly domain: string;
  /** Networks (CIDR) the account's updates may come from; none: anywhere. */
  readonly allowFrom?: readonly string[];
}

/** Registers one account for `domain`. Checks the name, the URL and the networks before sending anything. */
export async function registerAcmeDnsAccount(
  options: AcmeDnsRegisterOptions,
  http: HttpClient,
): Promise<AcmeDnsRegistration> {
  const domain = credentialKey(options.domain);
  const problem = domainNameProblem(domain);
  if (problem) throw new Error(`domains: "${options.domain}" is not a domain name: ${problem}`);
  const server = serverUrl(options.server);
  const allowFrom = (options.allowFrom ?? []).map((text) => text.trim()).filter(Boolean);
  const bad = allowFrom.find((text) => !parseCidr(text));
  if (bad !== undefined)
    throw new Error(
      `acme-dns-allowfrom: "${bad}" is not a network in CIDR notation; expected such as 192.0.2.0/24 or 2001:db8::/32`,
    );
  const account = await registerAccount(http, server, allowFrom);
  const fulldomain = account.fulldomain.replace(/\.$/, '');
  return {
    credentials: {
      [domain]: {
        username: account.username,
        password: account.password,
        fulldomain,
        subdomain: account.subdomain,
        allowfrom: account.allowfrom,
        server_url: server,
      },
    },
    cname: `${challengeRecordName(domain)}. CNAME ${fulldomain}.`,
  };
}

function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(
      `acme-dns-server: "${text}" is not a URL; expected the acme-dns API, such as https://auth.acme-dns.io`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`acme-dns-server: "${text}" is not an http(s) URL; expected such as https://auth.acme-dns.io`);
  refusePlainHttp('acme-dns-server', url, "the new account's password");
  return text.trim().replace(/\/+$/, '');
}
