import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption, ZoneIds } from '../options.js';
import { DEFAULT_API_URL, metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const token = requireOption(
      values,
      'cloudflare-api-token',
      'a Cloudflare API token with DNS:Edit (or set CLOUDFLARE_API_TOKEN)',
    );
    if (/\s/.test(token))
      throw new Error('cloudflare-api-token: contains whitespace; paste the token exactly as Cloudflare showed it');
    const zoneIds = ZoneIds.parse(values, 'cloudflare-zone-id', /^[0-9a-f]{32}$/, '023e105f4ecef8ad9ca31a8372d0c353');
    const ttl = integerOption(values, 'cloudflare-ttl', 60, 1, 86_400, 'seconds');
    if (ttl > 1 && ttl < 60)
      throw new Error(`cloudflare-ttl: "${ttl}" is below Cloudflare's minimum; expected 1 (automatic) or 60 to 86400`);
    const apiUrl = urlOption(values, 'cloudflare-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = { token, zoneIds, apiUrl, ttl };
    const where = [
      zoneIds.isEmpty ? 'zones found by name' : `zone ${zoneIds.describe()}`,
      ...(apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []),
    ];
    return {
      name: 'cloudflare',
      description: `cloudflare (${where.join(', ')})`,
      async create(context) {
        const { CloudflareProvider } = await import('./provider.js');
        return new CloudflareProvider(settings, context);
      },
    };
  },
};
