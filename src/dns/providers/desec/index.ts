import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, MAX_TTL, metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(values, 'desec-token', 'a deSEC API token (or set DESEC_TOKEN)');
    if (/\s/.test(token))
      throw new Error('desec-token: contains whitespace; paste the token exactly as deSEC showed it, without "Token"');
    const ttl = !values['desec-ttl']?.trim() ? undefined : integerOption(values, 'desec-ttl', 0, 1, MAX_TTL, 'seconds');
    const apiUrl = urlOption(values, 'desec-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = { token, apiUrl, ttl };
    return {
      name: 'desec',
      description: `desec (${apiUrl !== DEFAULT_API_URL ? `at ${apiUrl}` : 'desec.io'})`,
      async create(context) {
        const { DesecProvider } = await import('./provider.js');
        return new DesecProvider(settings, context);
      },
    };
  },
};
