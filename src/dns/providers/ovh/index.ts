import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_ENDPOINT, ENDPOINTS, metadata, MIN_TTL } from './metadata.js';

/** An endpoint name (`ovh-eu`) or URL, as `ovh-endpoint` (or OVH_ENDPOINT) gives it, as a base URL. */
function endpointUrl(text: string, source: string): string {
  const named = ENDPOINTS[text.trim().toLowerCase()];
  if (named) return named;
  if (!/^https?:\/\//i.test(text.trim()))
    throw new Error(
      `ovh-endpoint: "${text}"${source} is neither an endpoint name (${Object.keys(ENDPOINTS).join(', ')}) nor a URL`,
    );
  return urlOption({ 'ovh-endpoint': text.trim() }, 'ovh-endpoint', ENDPOINTS[DEFAULT_ENDPOINT] as string) as string;
}

function secretKey(values: Readonly<Record<string, string | undefined>>, name: string, variable: string): string {
  const value = requireOption(values, name, `the OVH ${name.slice(4).replace(/-/g, ' ')} (or set ${variable})`);
  if (/\s/.test(value)) throw new Error(`${name}: contains whitespace; paste it exactly as OVH showed it`);
  return value;
}

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const applicationKey = secretKey(values, 'ovh-application-key', 'OVH_APPLICATION_KEY');
    const applicationSecret = secretKey(values, 'ovh-application-secret', 'OVH_APPLICATION_SECRET');
    const consumerKey = secretKey(values, 'ovh-consumer-key', 'OVH_CONSUMER_KEY');
    // ovh-endpoint, or OVH_ENDPOINT (the option's vendor variable), or ovh-eu.
    const given = values['ovh-endpoint']?.trim();
    const apiUrl = endpointUrl(given || DEFAULT_ENDPOINT, '');
    const ttl = integerOption(values, 'ovh-ttl', MIN_TTL, MIN_TTL, 86_400, 'seconds');
    return {
      name: 'ovh',
      description: `ovh (${given || DEFAULT_ENDPOINT})`,
      async create(context) {
        const { OvhProvider } = await import('./provider.js');
        return new OvhProvider({ applicationKey, applicationSecret, consumerKey, apiUrl, ttl }, context);
      },
    };
  },
};
