import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, metadata, MIN_TTL } from './metadata.js';

/** The API origin: the clients' base URL, or one ending in `/v2` as the reference writes it. */
function apiOrigin(url: string): string {
  return url.replace(/\/v2$/, '');
}

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'dnsimple-oauth-token',
      'a DNSimple account access token (or set DNSIMPLE_OAUTH_TOKEN)',
    );
    if (/\s/.test(token))
      throw new Error('dnsimple-oauth-token: contains whitespace; paste the token exactly as DNSimple showed it');
    const accountId = values['dnsimple-account-id']?.trim() || undefined;
    if (accountId !== undefined && !/^\d{1,15}$/.test(accountId))
      throw new Error(
        `dnsimple-account-id: "${accountId}" is not an account ID; ` +
          "expected the number in the account's URL, such as 1385",
      );
    const ttl = integerOption(values, 'dnsimple-ttl', MIN_TTL, MIN_TTL, 86_400, 'seconds');
    const given = values['dnsimple-api-url']?.trim()
      ? urlOption(values, 'dnsimple-api-url', DEFAULT_API_URL)
      : undefined;
    const where = [
      accountId ? `account ${accountId}` : 'account of the token',
      ...(given && given !== DEFAULT_API_URL ? [`at ${given}`] : []),
    ];
    return {
      name: 'dnsimple',
      description: `dnsimple (${where.join(', ')})`,
      async create(context) {
        const apiUrl = apiOrigin(given ?? DEFAULT_API_URL);
        const { DnsimpleProvider } = await import('./provider.js');
        return new DnsimpleProvider({ token, accountId, apiUrl, ttl }, context);
      },
    };
  },
};
