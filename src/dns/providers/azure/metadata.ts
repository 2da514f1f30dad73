import type { ProviderMetadata } from '../../provider.js';

/** Azure Resource Manager in the public cloud; tokens are asked for `<this>/.default`. */
export const DEFAULT_API_URL = 'https://management.azure.com';
/** The DNS API version every call uses (Microsoft.Network/dnsZones, record sets with ETags). */
export const API_VERSION = '2018-05-01';

/** The permissions the provider uses; `dnsZones/read` only to find a zone's resource group. */
export const AZURE_ACTIONS = [
  'Microsoft.Network/dnsZones/read',
  'Microsoft.Network/dnsZones/TXT/read',
  'Microsoft.Network/dnsZones/TXT/write',
  'Microsoft.Network/dnsZones/TXT/delete',
] as const;

export const metadata: ProviderMetadata = {
  name: 'azure',
  description:
    "Azure DNS through the Resource Manager API, with @azure/identity's DefaultAzureCredential (GitHub OIDC with " +
    'azure/login, workload identity, managed identity)',
  options: [
    {
      name: 'azure-subscription-id',
      description: 'Subscription that holds the DNS zone(s). Default: `AZURE_SUBSCRIPTION_ID` from the environment.',
      envAliases: ['AZURE_SUBSCRIPTION_ID'],
    },
    {
      name: 'azure-resource-group',
      description:
        'Resource group of the DNS zone(s). With it, certwright goes straight to the zone the DNS core found (DNS ' +
        "Zone Contributor on the zone is enough); without it, it finds the zone's resource group by listing the " +
        "subscription's DNS zones.",
      envAliases: ['AZURE_RESOURCE_GROUP'],
    },
    {
      name: 'azure-zone',
      description:
        'DNS zone to write into instead of the one found by SOA: a zone name, or a zone resource ID ' +
        '(`/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/dnszones/example.com`, no lookup at all), ' +
        'or `zone=…` pairs of either, comma-separated.',
    },
    {
      name: 'azure-ttl',
      description: 'TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).',
      default: '60',
    },
    {
      name: 'azure-api-url',
      description:
        'Azure Resource Manager endpoint: `https://management.usgovcloudapi.net` or ' +
        '`https://management.chinacloudapi.cn` for those clouds, or a local test endpoint. Tokens are requested for ' +
        '`<url>/.default`.',
      default: DEFAULT_API_URL,
    },
  ],
};
