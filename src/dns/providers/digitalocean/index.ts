import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DomainChoice } from './domains.js';
import { DEFAULT_API_URL, metadata, MIN_TTL } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'digitalocean-token',
      'a DigitalOcean personal access token with domain:read and domain:update (or set DIGITALOCEAN_ACCESS_TOKEN)',
    );
    if (/\s/.test(token))
      throw new Error('digitalocean-token: contains whitespace; paste the token exactly as DigitalOcean showed it');
    if (token.startsWith('dor_v1_'))
      throw new Error(
        'digitalocean-token: is an OAuth refresh token (dor_v1_…), which the API does not accept; ' +
          'generate a personal access token (dop_v1_…)',
      );
    const domains = DomainChoice.parse(values);
    const ttl = integerOption(values, 'digitalocean-ttl', MIN_TTL, MIN_TTL, 86_400, 'seconds');
    // doctl's --api-url is the origin; a URL ending in /v2 (as the API reference writes it) means the same.
    const apiUrl = (urlOption(values, 'digitalocean-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL).replace(/\/v2$/, '');
    const settings = { token, domains, apiUrl, ttl };
    const where = [
      domains.isEmpty ? 'domains found by listing' : `domain ${domains.describe()}`,
      ...(apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []),
    ];
    return {
      name: 'digitalocean',
      description: `digitalocean (${where.join(', ')})`,
      async create(context) {
        const { DigitalOceanProvider } = await import('./provider.js');
        return new DigitalOceanProvider(settings, context);
      },
    };
  },
};
