import type { ProviderDefinition } from '../../provider.js';
import { integerOption, refusePlainHttp, requireOption } from '../options.js';
import { shownUrl, type HttpreqSettings } from './api.js';
import { metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const text = requireOption(
      values,
      'httpreq-endpoint',
      'the base URL of your httpreq backend, such as https://dns-api.example.com/acme',
    );
    const endpoint = endpointUrl(text);
    const username = values['httpreq-username']?.trim() || undefined;
    const password = values['httpreq-password'] || undefined;
    if (username && !password)
      throw new Error(
        'httpreq-password: missing; httpreq-username was given, ' +
          'and basic authentication needs both (or set CERTWRIGHT_HTTPREQ_PASSWORD)',
      );
    if (password && !username)
      throw new Error('httpreq-username: missing; httpreq-password was given, and basic authentication needs both');
    if (username?.includes(':'))
      throw new Error(
        `httpreq-username: "${username}" contains ":", which basic authentication cannot carry in a user name`,
      );
    if (password) refusePlainHttp('httpreq-endpoint', endpoint, 'the basic authentication password');
    if (endpoint.search) refusePlainHttp('httpreq-endpoint', endpoint, 'the key in its query');
    const timeoutMs = integerOption(values, 'httpreq-timeout', 30, 1, 600, 'seconds') * 1000;
    const settings: HttpreqSettings = {
      endpoint,
      ...(username && password ? { auth: { username, password } } : {}),
      timeoutMs,
    };
    return {
      name: 'httpreq',
      description: `httpreq (${shownUrl(endpoint)}${settings.auth ? `, basic auth as ${username}` : ''})`,
      async create(context) {
        const { HttpreqProvider } = await import('./provider.js');
        return new HttpreqProvider(settings, context);
      },
    };
  },
};

/** The endpoint as a URL; a query is kept (some backends take a key there) but never shown. */
function endpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `httpreq-endpoint: "${text}" is not a URL; ` +
        'expected the base URL of your backend, such as https://dns-api.example.com/acme',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(
      `httpreq-endpoint: "${shownUrl(url)}" is not an http(s) URL; expected such as https://dns-api.example.com/acme`,
    );
  if (url.username || url.password)
    throw new Error(
      'httpreq-endpoint: the URL carries credentials; pass them as httpreq-username and httpreq-password instead',
    );
  url.hash = '';
  return url;
}
