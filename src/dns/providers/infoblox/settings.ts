/**
 * The infoblox options parsed into settings, checked when the provider is configured (before
 * anything is sent). An option not given has been filled from lego's variable (INFOBLOX_HOST, …:
 * the options' envAliases) by then.
 */
import { optionalOption } from '../../../options/parse.js';
import { integerOption, type OptionValues } from '../options.js';
import { DEFAULT_PORT, DEFAULT_VIEW, DEFAULT_WAPI_VERSION } from './metadata.js';

export interface InfobloxSettings {
  /** `https://host:port/wapi/v2.11`, without a trailing slash. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly view: string;
  readonly wapiVersion: string;
  /** The PEM file of the Grid Manager's CA, trusted for this provider's connections only. */
  readonly caFile: string | undefined;
  readonly ttl: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** An option's value and where it came from, for the errors. */
interface Given {
  readonly value: string;
  /** The option's name. */
  readonly source: string;
}

function given(values: OptionValues, name: string): Given | undefined {
  const value = optionalOption(values, name);
  return value === undefined ? undefined : { value, source: name };
}

/** Host and port from `host`, `host:port` or `https://host[:port]`. */
function parseHost(host: Given, port: Given | undefined): { origin: string } {
  if (/^http:\/\//i.test(host.value))
    throw new Error(`${host.source}: "${host.value}" is plain http; the WAPI is served over https only`);
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(host.value) ? host.value : `https://${host.value}`);
  } catch {
    throw new Error(`${host.source}: "${host.value}" is not a host name; expected one such as gm.example.com`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, '') !== '')
    throw new Error(
      `${host.source}: "${host.value}" is not a host name; expected the Grid Manager's name alone, such as ` +
        'gm.example.com (the path /wapi/v… is added, credentials go in infoblox-username and infoblox-password)',
    );
  let portNumber = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (port !== undefined) {
    const number = Number(port.value);
    if (!/^\d+$/.test(port.value) || number < 1 || number > 65_535)
      throw new Error(`${port.source}: "${port.value}" is not a port; expected a number from 1 to 65535`);
    if (url.port !== '' && number !== portNumber)
      throw new Error(`${port.source}: "${port.value}" differs from the port in ${host.source}; give the port once`);
    portNumber = number;
  }
  return { origin: `https://${url.hostname}:${portNumber}` };
}

function parseVersion(version: Given | undefined): string {
  if (version === undefined) return DEFAULT_WAPI_VERSION;
  const text = version.value.replace(/^v/i, '');
  if (!/^2\.\d{1,2}(\.\d{1,2})?$/.test(text))
    throw new Error(`${version.source}: "${version.value}" is not a WAPI version; expected 2.x, such as 2.11`);
  return text;
}

function parseView(view: Given | undefined): string {
  if (view === undefined) return DEFAULT_VIEW;
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(view.value) || view.value.length > 64)
    throw new Error(`${view.source}: "${view.value}" is not a DNS view name; expected a name such as default`);
  return view.value;
}

function parseUsername(username: Given | undefined): string {
  if (username === undefined)
    throw new Error('infoblox-username: missing; expected the WAPI user (or set INFOBLOX_USERNAME)');
  if (username.value.includes(':'))
    throw new Error(`${username.source}: contains ":", which HTTP basic authentication cannot carry in a user name`);
  return username.value;
}

/** The settings from the option values (lego's variables already filled in). */
export function parseSettings(values: OptionValues): InfobloxSettings {
  const host = given(values, 'infoblox-host');
  if (host === undefined)
    throw new Error(
      'infoblox-host: missing; expected the host name of the Grid Manager, such as gm.example.com ' +
        '(or set INFOBLOX_HOST)',
    );
  const { origin } = parseHost(host, given(values, 'infoblox-port'));
  const wapiVersion = parseVersion(given(values, 'infoblox-wapi-version'));
  const username = parseUsername(given(values, 'infoblox-username'));
  const password = optionalOption(values, 'infoblox-password') ?? '';
  if (password === '')
    throw new Error("infoblox-password: missing; expected the WAPI user's password (or set INFOBLOX_PASSWORD)");
  return {
    baseUrl: `${origin}/wapi/v${wapiVersion}`,
    username,
    password,
    view: parseView(given(values, 'infoblox-view')),
    wapiVersion,
    caFile: given(values, 'infoblox-ca-file')?.value,
    ttl: integerOption(values, 'infoblox-ttl', 60, 0, 2_147_483_647, 'seconds'),
  };
}

/** Whether the environment asks, as lego lets it, for certificates not to be verified (never done here). */
export function asksToSkipVerification(env: Environment): boolean {
  return ['false', '0', 'no'].includes(env.INFOBLOX_SSL_VERIFY?.trim().toLowerCase() ?? '');
}
