import type { ProviderDefinition } from '../../provider.js';
import { booleanOption, integerOption, urlOption, ZoneIds } from '../options.js';
import { metadata } from './metadata.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const zoneIds = ZoneIds.parse(
      values,
      'route53-hosted-zone-id',
      /^(\/?hostedzone\/)?[A-Z0-9]{1,32}$/,
      'Z0123456789EXAMPLE',
    );
    const roleArn = values['route53-assume-role-arn']?.trim();
    if (roleArn && !ROLE_ARN.test(roleArn)) {
      throw new Error(
        `route53-assume-role-arn: "${roleArn}" is not an IAM role ARN; ` +
          'expected one such as arn:aws:iam::123456789012:role/certwright-dns',
      );
    }
    const externalId = values['route53-external-id']?.trim();
    if (externalId && !roleArn)
      throw new Error('route53-external-id: given without route53-assume-role-arn; set the role that requires it');
    const region = values['route53-region']?.trim() || 'us-east-1';
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new Error(`route53-region: "${region}" is not an AWS region; expected one such as us-east-1`);
    const endpoint = urlOption(values, 'route53-endpoint', 'https://route53.amazonaws.com');
    const settings = {
      zoneIds,
      privateZone: booleanOption(values, 'route53-private-zone', false),
      ...(roleArn ? { assumeRole: { arn: roleArn, ...(externalId ? { externalId } : {}) } } : {}),
      region,
      ...(endpoint ? { endpoint } : {}),
      waitInsync: booleanOption(values, 'route53-wait-insync', true),
      ttl: integerOption(values, 'route53-ttl', 60, 1, 172_800, 'seconds'),
    };
    const parts = [
      zoneIds.isEmpty
        ? `${settings.privateZone ? 'private' : 'public'} zones found by name`
        : `hosted zone ${zoneIds.describe()}`,
      ...(roleArn ? [`as ${roleArn}`] : []),
      ...(endpoint ? [`at ${endpoint}`] : []),
    ];
    return {
      name: 'route53',
      description: `route53 (${parts.join(', ')})`,
      async create(context) {
        // The SDK is loaded only by runs that use Route 53.
        const { Route53Provider } = await import('./provider.js');
        return new Route53Provider(settings, context);
      },
    };
  },
};
