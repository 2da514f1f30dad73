import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_API_URL, metadata, MIN_TTL } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'linode-token',
      'a Linode personal access token with Domains: Read/Write (or set LINODE_TOKEN)',
    );
    if (/\s/.test(token))
      throw new Error('linode-token: contains whitespace; paste the token exactly as Linode showed it');
    const ttl = integerOption(values, 'linode-ttl', MIN_TTL, MIN_TTL, 604_800, 'seconds');
    const apiUrl = urlOption(values, 'linode-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = { token, apiUrl, ttl };
    return {
      name: 'linode',
      description: `linode (domains found by name${apiUrl !== DEFAULT_API_URL ? `, at ${apiUrl}` : ''})`,
      async create(context) {
        const { LinodeProvider } = await import('./provider.js');
        return new LinodeProvider(settings, context);
      },
    };
  },
};
