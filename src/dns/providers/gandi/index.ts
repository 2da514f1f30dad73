import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, MAX_TTL, metadata, MIN_TTL } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'gandi-personal-access-token',
      'a Gandi personal access token (or set GANDIV5_PERSONAL_ACCESS_TOKEN; ' +
        'API keys, GANDIV5_API_KEY, are deprecated by Gandi and not taken)',
    );
    if (/\s/.test(token))
      throw new Error(
        'gandi-personal-access-token: contains whitespace; ' +
          'paste the token exactly as Gandi showed it, without "Bearer"',
      );
    const ttl = integerOption(values, 'gandi-ttl', MIN_TTL, MIN_TTL, MAX_TTL, 'seconds');
    const apiUrl = urlOption(values, 'gandi-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = { token, apiUrl, ttl };
    return {
      name: 'gandi',
      description: `gandi (LiveDNS v5${apiUrl !== DEFAULT_API_URL ? ` at ${apiUrl}` : ''})`,
      async create(context) {
        const { GandiProvider } = await import('./provider.js');
        return new GandiProvider(settings, context);
      },
    };
  },
};
