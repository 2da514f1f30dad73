import type { DeployTargetDefinition } from '../target.js';
import { metadata } from './metadata.js';
import { acmKey, parseAcmSettings } from './settings.js';

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const settings = parseAcmSettings(values);
    const where = [
      settings.regions ? settings.regions.join(', ') : 'the region of AWS_REGION',
      ...(settings.adopted.size > 0 ? [`re-importing into ${[...settings.adopted.values()].join(', ')}`] : []),
      ...(settings.endpoint ? [`at ${settings.endpoint}`] : []),
    ];
    return {
      name: 'acm',
      description: `acm (${where.join('; ')})`,
      key: acmKey(settings),
      async create(context) {
        // The SDK is loaded only by runs that deploy to ACM.
        const { AcmTarget } = await import('./target.js');
        return new AcmTarget(settings, context);
      },
    };
  },
};
