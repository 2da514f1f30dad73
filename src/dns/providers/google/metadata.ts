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

const CUSTOM_ROLE = `gcloud iam roles create certwrightDns01 --project=my-dns-project \\
  --title="certwright DNS-01" \\
  --permissions=${GOOGLE_DNS_PERMISSIONS.join(',')}

# on the project (every zone), or on one managed zone only:
gcloud dns managed-zones add-iam-policy-binding example-com --project=my-dns-project \\
  --member="principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/OWNER/REPO" \\
  --role="projects/my-dns-project/roles/certwrightDns01"`;

const WORKFLOW = `permissions:
  contents: read
  id-token: write        # lets google-github-actions/auth ask GitHub for an OIDC token
steps:
  - uses: actions/checkout@v7   # the auth step writes its credentials file into the workspace
  - uses: google-github-actions/auth@v3
    with:
      workload_identity_provider: projects/123456789012/locations/global/workloadIdentityPools/github/providers/github
      project_id: my-dns-project
  - uses: certwright/certwright@v1
    with:
      domains: example.com, *.example.com
      email: ops@example.com
      agree-tos: true
      dns-provider: google`;

export const metadata: ProviderMetadata = {
  name: 'google',
  description:
    'Google Cloud DNS through its REST API, with Application Default Credentials (Workload Identity Federation with google-github-actions/auth)',
  options: [
    {
      name: 'google-project',
      description:
        "Project that holds the managed zones (its ID). Default: the Application Default Credentials' project: GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT (google-github-actions/auth sets them), the key file's project_id, gcloud's configured project, or the metadata server's.",
    },
    {
      name: 'google-managed-zone',
      description:
        'Managed zone to use instead of finding it by DNS name: one zone name (or ID) for every record, or `zone=name` pairs, comma-separated (`example.com=example-com,example.org=example-org`). With it, dns.managedZones.list is not needed.',
    },
    {
      name: 'google-private-zones',
      description:
        'Also consider private managed zones when finding a zone by DNS name (true/false); by default only public zones are, since a public CA validates through public DNS.',
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
        'Cloud DNS API base URL instead of the public v1 API (a Private Service Connect endpoint, a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
  docs: {
    credentials:
      'Application Default Credentials through `google-auth-library`, so nothing Google-specific is passed to certwright. In GitHub Actions, ' +
      'run `google-github-actions/auth` with `workload_identity_provider` (Workload Identity Federation) and `permissions: id-token: write`: ' +
      'it writes an `external_account` credentials file and sets `GOOGLE_APPLICATION_CREDENTIALS`; certwright exchanges the GitHub OIDC token ' +
      "with Google's STS for a short-lived access token, and no key exists anywhere. Add `service_account` to the auth step to act as a " +
      'service account through impersonation instead of granting the federated principal directly. A service-account key file ' +
      '(`credentials_json`, or `GOOGLE_APPLICATION_CREDENTIALS` pointing at it), `gcloud auth application-default login` on a workstation and ' +
      "the metadata server of a runner on Compute Engine or GKE work too. The project comes from `google-project`, else from the credentials' " +
      'environment (`GOOGLE_CLOUD_PROJECT`, which the auth step sets when it knows the project). Tokens never enter the state bundle or the logs.\n\n' +
      '```yaml\n' +
      WORKFLOW +
      '\n```\n\n' +
      'certwright calls the Cloud DNS REST API over its own HTTP client (proxy settings, trust, keep-alive shared with the ACME calls) with a ' +
      'bearer token from `google-auth-library`, rather than through `@google-cloud/dns`: that client brings a second HTTP stack and a much larger ' +
      'dependency tree for the four calls used here (`managedZones.list`, `resourceRecordSets.list`, `changes.create`, `changes.get`).',
    leastPrivilege:
      '`roles/dns.admin` on the project works; the least a run needs is a custom role with ' +
      GOOGLE_DNS_PERMISSIONS.map((p) => `\`${p}\``).join(', ') +
      ' (drop `dns.managedZones.list` when `google-managed-zone` is set), granted on the project or, tighter, on the managed zone only:\n\n' +
      '```sh\n' +
      CUSTOM_ROLE +
      '\n```\n\n' +
      'Cloud DNS keeps all TXT values of a name in one record set that others share (a wildcard and its apex, verification tokens of other ' +
      'services). certwright reads the set and sends one `changes.create` per managed zone that deletes the set exactly as read and adds it ' +
      "back with the run's values merged in (or, at cleanup, removed; an empty set is only deleted). If anyone changed the set in between, " +
      'Cloud DNS refuses the whole change (412 conditionNotMet, or 409 alreadyExists) and certwright re-reads and retries, so values written by ' +
      'anyone else survive even when two jobs write at once. It waits for the change to be `done` before the authoritative check. The ' +
      'managed zone of each record goes into the crash record, so the post step or the next run cleans up in that zone and nowhere else.',
    example: [
      '# after google-github-actions/auth (Workload Identity Federation, permissions: id-token: write)',
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: google',
      'google-project: my-dns-project',
      '# optional when one public zone has the name:',
      'google-managed-zone: example-com',
    ].join('\n'),
    testedAgainst:
      'The real `google-auth-library` against `testing/fake-api.ts` in this folder: a local Cloud DNS v1 API that checks bearer tokens, their scopes ' +
      "and per-method IAM permissions (on the project or one zone), enforces Cloud DNS's change rules (deletions must match the record set " +
      'exactly, else 412 conditionNotMet; adding an existing set is 409 alreadyExists; TXT strings quoted or not, as other tools write them; names ending in a dot inside the ' +
      "zone), has public and private zones, answers changes pending then done and scripted 429 rateLimitExceeded; and Google's token " +
      'services: the STS token exchange of Workload Identity Federation (file- and URL-sourced subject tokens), service-account ' +
      'impersonation, the JWT-bearer grant of a service-account key (signature checked) and the metadata server. Every TXT change is written ' +
      "into the test bed's BIND, so Pebble validates through real DNS.",
  },
};
