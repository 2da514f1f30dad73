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

export const CUSTOM_ROLE = `{
  "Name": "certwright DNS-01",
  "IsCustom": true,
  "Description": "Read DNS zones and write TXT record sets, for ACME DNS-01 challenges.",
  "Actions": [
${AZURE_ACTIONS.map((action) => `    "${action}"`).join(',\n')}
  ],
  "NotActions": [],
  "AssignableScopes": ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns"]
}`;

const OIDC_WORKFLOW = `\`\`\`yaml
on: { schedule: [{ cron: '17 4 * * *' }], workflow_dispatch: {} }
permissions: { id-token: write, contents: read }   # id-token: the GitHub OIDC token azure/login trades
concurrency: certwright
jobs:
  renew:
    runs-on: ubuntu-latest
    environment: dns   # the federated credential's subject: repo:OWNER/REPO:environment:dns
    steps:
      - uses: azure/login@v3
        with:
          client-id: \${{ vars.AZURE_CLIENT_ID }}
          tenant-id: \${{ vars.AZURE_TENANT_ID }}
          subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}
      - uses: certwright/certwright@v1
        with:
          domains: example.com, *.example.com
          email: ops@example.com
          agree-tos: true
          dns-provider: azure
          azure-subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}
          azure-resource-group: dns
          state: \${{ secrets.CERTWRIGHT_STATE }}
          state-key: \${{ secrets.CERTWRIGHT_KEY }}
          store: secret:CERTWRIGHT_STATE
          github-token: \${{ secrets.SECRETS_WRITER_TOKEN }}
\`\`\``;

export const metadata: ProviderMetadata = {
  name: 'azure',
  description:
    "Azure DNS through the Resource Manager API, with @azure/identity's DefaultAzureCredential (GitHub OIDC with azure/login, workload identity, managed identity)",
  options: [
    {
      name: 'azure-subscription-id',
      description: 'Subscription that holds the DNS zone(s). Default: `AZURE_SUBSCRIPTION_ID` from the environment.',
    },
    {
      name: 'azure-resource-group',
      description:
        "Resource group of the DNS zone(s). With it, certwright goes straight to the zone the DNS core found (DNS Zone Contributor on the zone is enough); without it, it finds the zone's resource group by listing the subscription's DNS zones.",
    },
    {
      name: 'azure-zone',
      description:
        'DNS zone to write into instead of the one found by SOA: a zone name, or a zone resource ID (`/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/dnszones/example.com`, no lookup at all), or `zone=…` pairs of either, comma-separated.',
    },
    {
      name: 'azure-ttl',
      description: 'TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).',
      default: '60',
    },
    {
      name: 'azure-api-url',
      description:
        'Azure Resource Manager endpoint: `https://management.usgovcloudapi.net` or `https://management.chinacloudapi.cn` for those clouds, or a local test endpoint. Tokens are requested for `<url>/.default`.',
      default: DEFAULT_API_URL,
    },
  ],
  docs: {
    credentials:
      "@azure/identity's `DefaultAzureCredential`, unchanged, so whatever signs in the Azure SDKs signs in certwright. In GitHub Actions, " +
      '`azure/login` with `client-id`, `tenant-id` and `subscription-id` and the job permission `id-token: write` trades the GitHub OIDC ' +
      'token for an Azure CLI session (a federated credential on an app registration or user-assigned managed identity, no secret ' +
      'stored anywhere), and certwright takes its tokens from that session. Workload identity (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, ' +
      '`AZURE_FEDERATED_TOKEN_FILE`, as AKS sets them), a managed identity on an Azure VM or self-hosted runner (`AZURE_CLIENT_ID` picks a ' +
      'user-assigned one), and a service principal with `AZURE_CLIENT_SECRET` or `AZURE_CLIENT_CERTIFICATE_PATH` work too. For the US ' +
      'Government and China clouds, give azure/login its `environment`, set `azure-api-url`, and `AZURE_AUTHORITY_HOST` for workload identity. ' +
      'Tokens never enter the state bundle or the logs.\n\n' +
      OIDC_WORKFLOW +
      '\n\nThe federated credential, once (`az ad app federated-credential create --id <app object ID> --parameters credential.json`, with ' +
      '`{"name": "certwright", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:OWNER/REPO:environment:dns", ' +
      '"audiences": ["api://AzureADTokenExchange"]}`).',
    leastPrivilege:
      'Assign the built-in role **DNS Zone Contributor** on the zone alone, not the group or subscription, and set `azure-resource-group`: ' +
      'certwright then goes straight to the TXT record sets of that zone (`az role assignment create --assignee <client ID> --role ' +
      '"DNS Zone Contributor" --scope /subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/example.com`). ' +
      'Azure roles cannot be narrowed to record names or types, so the role can change any record of that zone: to keep it away from your ' +
      'real records, give the challenges a zone of their own (`acme.example.com`) and point `_acme-challenge.example.com` there with a CNAME, ' +
      'which certwright follows. Without ' +
      '`azure-resource-group`, certwright lists the DNS zones of the subscription to find the group, which needs ' +
      '`Microsoft.Network/dnsZones/read` on the subscription as well (Reader, or the custom role below assigned there). A custom role with ' +
      'only the four actions used:\n\n' +
      '```json\n' +
      CUSTOM_ROLE +
      '\n```\n\n' +
      'The TXT record set at a name is shared (a wildcard and its apex use one name; other tools keep verification values there). ' +
      'certwright reads it with its ETag and writes it back with its values added, or at cleanup removed, with `If-Match: <ETag>` ' +
      '(`If-None-Match: *` when it creates the set; a DELETE with `If-Match` when nothing else is left). If anyone changed the set in ' +
      'between, Azure answers 412 and certwright reads it again and merges anew, so values written by anyone else survive even when two ' +
      'jobs write at once. The record set IDs go into the crash record, so the post step or the next run cleans up without any lookup.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: azure',
      '# after azure/login (OIDC); the subscription and group of the zone:',
      'azure-subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}',
      'azure-resource-group: dns',
    ].join('\n'),
    testedAgainst:
      'The real `DefaultAzureCredential` against `testing/fake-api.ts` in this folder: a local Microsoft Entra ID over HTTPS (OpenID configuration, ' +
      'client credentials with a federated client assertion whose issuer, subject, audience and signature it checks, AADSTS errors) and a ' +
      "local Resource Manager DNS API that checks the bearer token's signature, expiry and audience, role assignments by scope " +
      '(AuthorizationFailed), api-version, the record-set shape and TTL, and ETags (412 PreconditionFailed for a stale `If-Match` or ' +
      "`If-None-Match: *` on an existing set), scripts 429 with Retry-After, and writes every TXT change into the test bed's BIND, so " +
      'Pebble validates through real DNS. The Action and the CLI sign in by workload identity (a federated token file); runs in the ' +
      'test process through an Azure CLI session, as azure/login leaves one.',
  },
};
