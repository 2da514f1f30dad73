import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, metadata, MIN_TTL } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'hetzner-api-token',
      'a Hetzner Cloud API token with Read & Write of the project holding the zone (or set HETZNER_API_TOKEN)',
    );
    if (/\s/.test(token))
      throw new Error('hetzner-api-token: contains whitespace; paste the token exactly as Hetzner showed it');
    const ttl = integerOption(values, 'hetzner-ttl', MIN_TTL, MIN_TTL, 86_400, 'seconds');
    const apiUrl = urlOption(values, 'hetzner-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    if (/dns\.hetzner\.com/i.test(apiUrl))
      throw new Error(
        `hetzner-api-url: ${apiUrl} is the old DNS Console API, which Hetzner retired; ` +
          'leave hetzner-api-url unset (the Cloud API) and migrate the zone to the Hetzner Console',
      );
    const settings = { token, apiUrl, ttl };
    return {
      name: 'hetzner',
      description: `hetzner (zones by name${apiUrl !== DEFAULT_API_URL ? `, at ${apiUrl}` : ''})`,
      async create(context) {
        const { HetznerProvider } = await import('./provider.js');
        return new HetznerProvider(settings, context);
      },
    };
  },
};
