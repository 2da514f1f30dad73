import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(values, 'vultr-api-key', 'a Vultr API key (or set VULTR_API_KEY)');
    if (/\s/.test(token))
      throw new Error('vultr-api-key: contains whitespace; paste the key exactly as Vultr showed it');
    const ttl = integerOption(values, 'vultr-ttl', 120, 30, 86_400, 'seconds');
    const apiUrl = urlOption(values, 'vultr-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = { token, apiUrl, ttl };
    return {
      name: 'vultr',
      description: `vultr (domains found by listing${apiUrl !== DEFAULT_API_URL ? `, at ${apiUrl}` : ''})`,
      async create(context) {
        const { VultrProvider } = await import('./provider.js');
        return new VultrProvider(settings, context);
      },
    };
  },
};
