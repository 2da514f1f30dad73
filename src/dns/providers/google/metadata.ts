import type { ProviderMetadata } from '../../provider.js';

export const DEFAULT_API_URL = 'https://dns.googleapis.com/dns/v1';

/**
 * The IAM permissions the provider uses. changes.create alone is not enough: Cloud DNS also
 * checks resourceRecordSets.create, .update or .delete for each record set a change adds,
 * replaces or removes. managedZones.list only when it has to find a zone by name.
 */
export const GOOGLE_DNS_PERMISSIONS = [
  'dns.managedZones.list',
  'dns.resourceRecordSets.list',
  'dns.changes.create',
  'dns.changes.get',
  'dns.resourceRecordSets.create',
  'dns.resourceRecordSets.update',
  'dns.resourceRecordSets.delete',
] as const;

export const metadata: ProviderMetadata = {
  name: 'google',
  description:
    'Google Cloud DNS through its REST API, with Application Default Credentials (Workload Identity Federation with ' +
    'google-github-actions/auth)',
  options: [
    {
      name: 'google-project',
      description:
        "Project that holds the managed zones (its ID). Default: the Application Default Credentials' project: " +
        "GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT (google-github-actions/auth sets them), the key file's project_id, " +
        "gcloud's configured project, or the metadata server's.",
      envAliases: ['GCE_PROJECT'],
    },
    {
      name: 'google-managed-zone',
      description:
        'Managed zone to use instead of finding it by DNS name: one zone name (or ID) for every record, or ' +
        '`zone=name` pairs, comma-separated (`example.com=example-com,example.org=example-org`). With it, ' +
        'dns.managedZones.list is not needed.',
    },
    {
      name: 'google-private-zones',
      description:
        'Also consider private managed zones when finding a zone by DNS name (true/false); by default only public ' +
        'zones are, since a public CA validates through public DNS.',
      default: 'false',
    },
    {
      name: 'google-ttl',
      description: 'TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).',
      default: '60',
    },
    {
      name: 'google-api-url',
      description:
        'Cloud DNS API base URL instead of the public v1 API (a Private Service Connect endpoint, a local test ' +
        'endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
