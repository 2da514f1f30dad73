import type { ProviderDefinition } from '../../provider.js';
import { integerOption, requireOption, urlOption } from '../options.js';
import { DEFAULT_SERVER_ID, metadata } from './metadata.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const given = requireOption(
      values,
      'powerdns-api-url',
      "the PowerDNS API origin, such as https://pdns.example.com:8081 (the server's webserver address)",
    );
    // lego's PDNS_API_URL is the origin; a URL ending in /api/v1 (as PowerDNS's docs write it) means the same.
    const apiUrl = (urlOption(values, 'powerdns-api-url', 'https://pdns.example.com:8081') ?? given).replace(
      /\/api(\/v1)?$/,
      '',
    );
    const apiKey = requireOption(
      values,
      'powerdns-api-key',
      "the PowerDNS API key, the server's api-key setting (or set PDNS_API_KEY)",
    );
    if (/\s/.test(apiKey))
      throw new Error("powerdns-api-key: contains whitespace; paste the key exactly as the server's api-key holds it");
    const serverId = values['powerdns-server-id']?.trim() || DEFAULT_SERVER_ID;
    if (!/^[A-Za-z0-9._-]+$/.test(serverId))
      throw new Error(`powerdns-server-id: "${serverId}" is not a server id; expected one such as localhost`);
    const ttl = integerOption(values, 'powerdns-ttl', 60, 1, 86_400, 'seconds');
    const settings = { apiUrl, apiKey, serverId, ttl };
    return {
      name: 'powerdns',
      description: `powerdns (server ${serverId} at ${apiUrl})`,
      async create(context) {
        const { PowerDnsProvider } = await import('./provider.js');
        return new PowerDnsProvider(settings, context);
      },
    };
  },
};
