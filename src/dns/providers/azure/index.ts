import type { ProviderDefinition } from '../../provider.js';
import { integerOption, urlOption, ZoneIds } from '../options.js';
import { DEFAULT_API_URL, metadata } from './metadata.js';
import { parseZoneTarget, SUBSCRIPTION_ID, RESOURCE_GROUP } from './names.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const subscriptionId = values['azure-subscription-id']?.trim() || undefined;
    if (subscriptionId !== undefined && !SUBSCRIPTION_ID.test(subscriptionId)) {
      throw new Error(
        `azure-subscription-id: "${subscriptionId}" is not a subscription ID; ` +
          'expected a GUID such as 00000000-0000-0000-0000-000000000000',
      );
    }
    const resourceGroup = values['azure-resource-group']?.trim() || undefined;
    if (resourceGroup !== undefined && !RESOURCE_GROUP.test(resourceGroup)) {
      throw new Error(
        `azure-resource-group: "${resourceGroup}" is not a resource group name; ` +
          `expected up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`,
      );
    }
    const zones = ZoneIds.parse(values, 'azure-zone', /^\S+$/, 'example.com');
    // Every target must be a zone name or a zone resource ID; parse them all now, for the error.
    for (const target of zones
      .describe()
      .split(',')
      .filter((part) => part !== ''))
      parseZoneTarget(target.slice(target.indexOf('=') + 1));
    const ttl = integerOption(values, 'azure-ttl', 60, 1, 2_147_483_647, 'seconds');
    const apiUrl = urlOption(values, 'azure-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const where = [
      zones.isEmpty
        ? resourceGroup
          ? `zones found by name in resource group ${resourceGroup}`
          : 'zones found by name'
        : `zone ${zones.describe()}`,
      ...(apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []),
    ];
    return {
      name: 'azure',
      description: `azure (${where.join(', ')})`,
      async create(context) {
        const subscription = subscriptionId ?? context.env.AZURE_SUBSCRIPTION_ID?.trim();
        if (!subscription && !zones.describe().includes('/subscriptions/')) {
          throw new Error(
            'azure-subscription-id: missing; expected the ID of the subscription that holds the DNS zone ' +
              '(or set AZURE_SUBSCRIPTION_ID)',
          );
        }
        if (subscription && !SUBSCRIPTION_ID.test(subscription)) {
          throw new Error(
            `azure-subscription-id: "${subscription}" (from AZURE_SUBSCRIPTION_ID) is not a subscription ID; ` +
              'expected a GUID such as 00000000-0000-0000-0000-000000000000',
          );
        }
        // @azure/identity is loaded only by runs that use Azure.
        const { AzureProvider } = await import('./provider.js');
        return new AzureProvider(
          { subscriptionId: subscription || undefined, resourceGroup, zones, ttl, apiUrl },
          context,
        );
      },
    };
  },
};
