import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/google/metadata.ts
var DEFAULT_API_URL = "https://dns.googleapis.com/dns/v1";
var GOOGLE_DNS_PERMISSIONS = [
  "dns.managedZones.list",
  "dns.resourceRecordSets.list",
  "dns.changes.create",
  "dns.changes.get",
  "dns.resourceRecordSets.create",
  "dns.resourceRecordSets.update",
  "dns.resourceRecordSets.delete"
];
var metadata = {
  name: "google",
  description: "Google Cloud DNS through its REST API, with Application Default Credentials (Workload Identity Federation with google-github-actions/auth)",
  options: [
    {
      name: "google-project",
      description: "Project that holds the managed zones (its ID). Default: the Application Default Credentials' project: GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT (google-github-actions/auth sets them), the key file's project_id, gcloud's configured project, or the metadata server's.",
      envAliases: ["GCE_PROJECT"]
    },
    {
      name: "google-managed-zone",
      description: "Managed zone to use instead of finding it by DNS name: one zone name (or ID) for every record, or `zone=name` pairs, comma-separated (`example.com=example-com,example.org=example-org`). With it, dns.managedZones.list is not needed."
    },
    {
      name: "google-private-zones",
      description: "Also consider private managed zones when finding a zone by DNS name (true/false); by default only public zones are, since a public CA validates through public DNS.",
      default: "false"
    },
    {
      name: "google-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).",
      default: "60"
    },
    {
      name: "google-api-url",
      description: "Cloud DNS API base URL instead of the public v1 API (a Private Service Connect endpoint, a local test endpoint).",
      default: DEFAULT_API_URL
    }
  ]
};

export {
  DEFAULT_API_URL,
  GOOGLE_DNS_PERMISSIONS,
  metadata
};
