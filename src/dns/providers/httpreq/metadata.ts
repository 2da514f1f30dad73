import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'httpreq',
  description: "Your own DNS backend behind lego's httpreq protocol: POST /present and /cleanup with {fqdn, value}",
  options: [
    {
      name: 'httpreq-endpoint',
      description:
        "Base URL of the backend (lego's HTTPREQ_ENDPOINT): certwright POSTs to `<endpoint>/present` and " +
        '`<endpoint>/cleanup`.',
      required: true,
      envAliases: ['HTTPREQ_ENDPOINT'],
    },
    {
      name: 'httpreq-username',
      description: "Basic authentication user name (lego's HTTPREQ_USERNAME); needs httpreq-password.",
      envAliases: ['HTTPREQ_USERNAME'],
    },
    {
      name: 'httpreq-password',
      description: "Basic authentication password (lego's HTTPREQ_PASSWORD); needs httpreq-username.",
      secret: true,
      envAliases: ['HTTPREQ_PASSWORD'],
    },
    {
      name: 'httpreq-timeout',
      description: "Seconds one request may take before it counts as failed (lego's HTTPREQ_HTTP_TIMEOUT).",
      default: '30',
    },
  ],
};
