import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/route53/metadata.ts
var ROUTE53_ACTIONS = [
  "route53:ListHostedZonesByName",
  "route53:ListResourceRecordSets",
  "route53:ChangeResourceRecordSets",
  "route53:GetChange"
];
var LEAST_PRIVILEGE_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "FindTheZone",
      "Effect": "Allow",
      "Action": ["route53:ListHostedZonesByName"],
      "Resource": "*"
    },
    {
      "Sid": "ReadAndWatchChanges",
      "Effect": "Allow",
      "Action": ["route53:ListResourceRecordSets", "route53:GetChange"],
      "Resource": ["arn:aws:route53:::hostedzone/Z0123456789EXAMPLE", "arn:aws:route53:::change/*"]
    },
    {
      "Sid": "ChallengeRecordsOnly",
      "Effect": "Allow",
      "Action": ["route53:ChangeResourceRecordSets"],
      "Resource": "arn:aws:route53:::hostedzone/Z0123456789EXAMPLE",
      "Condition": {
        "ForAllValues:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.example.com", "_acme-challenge.*.example.com"]
        },
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
          "route53:ChangeResourceRecordSetsActions": ["CREATE", "DELETE"]
        }
      }
    }
  ]
}`;
var metadata = {
  name: "route53",
  description: "Amazon Route 53 through the official AWS SDK and its default credential chain (GitHub OIDC with aws-actions/configure-aws-credentials)",
  options: [
    {
      name: "route53-hosted-zone-id",
      description: "Hosted zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated (`example.com=Z1,example.org=Z2`). Needed when two zones share a name."
    },
    {
      name: "route53-private-zone",
      description: "Look up private hosted zones instead of public ones (true/false).",
      default: "false"
    },
    {
      name: "route53-assume-role-arn",
      description: "IAM role to assume (STS AssumeRole, chained from the default credentials), for a central DNS account."
    },
    { name: "route53-external-id", description: "External ID the role to assume requires.", secret: true },
    {
      name: "route53-region",
      description: "Region requests are signed for (Route 53 is global; other partitions need their own, such as cn-north-1).",
      default: "us-east-1"
    },
    {
      name: "route53-endpoint",
      description: "Route 53 API URL instead of the default (a VPC endpoint, another partition, a local test endpoint)."
    },
    {
      name: "route53-wait-insync",
      description: "Wait until Route 53 reports the change INSYNC before the authoritative check (true/false).",
      default: "true"
    },
    {
      name: "route53-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).",
      default: "60"
    }
  ],
  docs: {
    credentials: "The AWS SDK's default credential chain, unchanged: in GitHub Actions, `aws-actions/configure-aws-credentials` with `role-to-assume` and `permissions: id-token: write` gives short-lived credentials over GitHub OIDC, and no AWS key is ever stored. Web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`), `AWS_PROFILE`, SSO, instance and container roles, and `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` work too. With `route53-assume-role-arn` (and `route53-external-id`), certwright assumes that role with STS from those credentials, for hosted zones kept in a central DNS account. Credentials never enter the state bundle or the logs.",
    leastPrivilege: "The provider needs four actions: `ListHostedZonesByName` (only to find a zone; not needed with `route53-hosted-zone-id`), `ListResourceRecordSets` (to read the TXT set it merges into), `ChangeResourceRecordSets` and `GetChange`. Limit `ChangeResourceRecordSets` to TXT records under `_acme-challenge` with the `ChangeResourceRecordSetsNormalizedRecordNames` and `ChangeResourceRecordSetsRecordTypes` condition keys, so the role can touch nothing else in the zone:\n\n```json\n" + LEAST_PRIVILEGE_POLICY + "\n```\n\nThe TXT record set at a name is shared (a wildcard and its apex use one name; other tools keep verification values there). certwright reads it and writes it back with its values added, or removed at cleanup, as one transactional batch per hosted zone: a DELETE of the set exactly as read and a CREATE of the new set. If anyone changed the set in between, Route 53 refuses the batch and certwright rebuilds it from a fresh read, so values written by anyone else survive even when two jobs write at once (a plain UPSERT would overwrite them). Hence the `CREATE` and `DELETE` actions in the condition above.",
    example: [
      "domains: example.com, *.example.com",
      "email: ops@example.com",
      "agree-tos: true",
      "dns-provider: route53",
      "# after aws-actions/configure-aws-credentials (OIDC); optional when the zone name is unique:",
      "route53-hosted-zone-id: Z0123456789EXAMPLE"
    ].join("\n"),
    testedAgainst: "The real AWS SDK for JavaScript v3 against `testing/fake-api.ts` in this folder: a local Route 53 and STS that check SigV4 signatures, enforce Route 53's record-set rules (exact-match DELETE, no duplicate values, no CREATE over an existing set), answer PENDING then INSYNC, script Throttling and PriorRequestNotComplete, and write every TXT change into the test bed's BIND, so Pebble validates through real DNS."
  }
};

export {
  ROUTE53_ACTIONS,
  metadata
};
