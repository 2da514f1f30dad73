import type { ProviderDefinition } from '../../provider.js';
import { booleanOption, integerOption, urlOption, ZoneIds } from '../options.js';
import { DEFAULT_API_URL, metadata } from './metadata.js';

/** A project ID (6 to 30 characters), optionally domain-scoped (`example.com:my-project`). */
const PROJECT_ID = /^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A managed zone name (1 to 63 characters: a letter, then letters, digits, hyphens) or its numeric ID. */
const MANAGED_ZONE = /^([a-z]([a-z0-9-]{0,61}[a-z0-9])?|\d{1,20})$/;

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const project = values['google-project']?.trim() || undefined;
    if (project !== undefined && !PROJECT_ID.test(project)) {
      throw new Error(
        `google-project: "${project}" is not a project ID; ` +
          'expected one such as my-dns-project (the ID, not the display name)',
      );
    }
    const managedZones = ZoneIds.parse(values, 'google-managed-zone', MANAGED_ZONE, 'example-com');
    const apiUrl = urlOption(values, 'google-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const settings = {
      ...(project ? { project } : {}),
      managedZones,
      privateZones: booleanOption(values, 'google-private-zones', false),
      ttl: integerOption(values, 'google-ttl', 60, 1, 86_400, 'seconds'),
      apiUrl,
    };
    const parts = [
      managedZones.isEmpty
        ? `${settings.privateZones ? 'public and private' : 'public'} zones found by name`
        : `managed zone ${managedZones.describe()}`,
      ...(project ? [`project ${project}`] : []),
      ...(apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []),
    ];
    return {
      name: 'google',
      description: `google (${parts.join(', ')})`,
      async create(context) {
        // google-auth-library is loaded only by runs that use Cloud DNS.
        const { GoogleProvider } = await import('./provider.js');
        return new GoogleProvider(settings, context);
      },
    };
  },
};
