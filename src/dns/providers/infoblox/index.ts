import type { ProviderDefinition } from '../../provider.js';
import { metadata } from './metadata.js';
import { asksToSkipVerification, parseSettings } from './settings.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const settings = parseSettings(values);
    return {
      name: 'infoblox',
      description: `infoblox (view ${settings.view} at ${settings.baseUrl})`,
      async create(context) {
        if (asksToSkipVerification(context.env))
          context.logger.warn(
            'infoblox: INFOBLOX_SSL_VERIFY asks not to verify the Grid Manager certificate; certwright always ' +
              'verifies it: set infoblox-ca-file to the PEM of its CA instead',
          );
        const { createInfobloxProvider } = await import('./provider.js');
        return createInfobloxProvider(settings, context);
      },
    };
  },
};
