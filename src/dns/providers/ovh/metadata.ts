import type { ProviderMetadata } from '../../provider.js';

/** OVHcloud's API endpoints by the names go-ovh, python-ovh and lego take (`OVH_ENDPOINT`). */
export const ENDPOINTS: Readonly<Record<string, string>> = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
  'kimsufi-eu': 'https://eu.api.kimsufi.com/1.0',
  'kimsufi-ca': 'https://ca.api.kimsufi.com/1.0',
  'soyoustart-eu': 'https://eu.api.soyoustart.com/1.0',
  'soyoustart-ca': 'https://ca.api.soyoustart.com/1.0',
};

export const DEFAULT_ENDPOINT = 'ovh-eu';

/** The smallest TXT TTL certwright asks OVH for (0 would mean the zone's default, often an hour). */
export const MIN_TTL = 60;

export const metadata: ProviderMetadata = {
  name: 'ovh',
  description:
    'OVHcloud DNS through the API 1.0 with signed requests (application key and secret, a consumer key limited to ' +
    'the zone)',
  options: [
    {
      name: 'ovh-application-key',
      description: 'OVH application key (AK), from createApp or createToken on the endpoint of your region.',
      required: true,
      secret: true,
      envAliases: ['OVH_APPLICATION_KEY'],
    },
    {
      name: 'ovh-application-secret',
      description: 'OVH application secret (AS) of that application key; it signs every request.',
      required: true,
      secret: true,
      envAliases: ['OVH_APPLICATION_SECRET'],
    },
    {
      name: 'ovh-consumer-key',
      description:
        'OVH consumer key (CK) validated for the application, with GET, POST and DELETE on /domain/zone/<zone>/* only.',
      required: true,
      secret: true,
      envAliases: ['OVH_CONSUMER_KEY'],
    },
    {
      name: 'ovh-endpoint',
      description:
        'OVH API endpoint: ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca, or a URL ' +
        '(a local test endpoint); ovh-eu when neither it nor OVH_ENDPOINT is set.',
      envAliases: ['OVH_ENDPOINT'],
    },
    {
      name: 'ovh-ttl',
      description: 'TTL of the TXT records, in seconds (60 to 86400).',
      default: String(MIN_TTL),
    },
  ],
};
