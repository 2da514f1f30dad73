import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/route53/metadata.ts
var ROUTE53_ACTIONS = [
  "route53:ListHostedZonesByName",
  "route53:ListResourceRecordSets",
  "route53:ChangeResourceRecordSets",
  "route53:GetChange"
];
var metadata = {
  name: "route53",
  description: "Amazon Route 53 through the official AWS SDK and its default credential chain (GitHub OIDC with aws-actions/configure-aws-credentials)",
  options: [
    {
      name: "route53-hosted-zone-id",
      description: "Hosted zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated (`example.com=Z1,example.org=Z2`). Needed when two zones share a name.",
      envAliases: ["AWS_HOSTED_ZONE_ID"]
    },
    {
      name: "route53-private-zone",
      description: "Look up private hosted zones instead of public ones (true/false).",
      default: "false"
    },
    {
      name: "route53-assume-role-arn",
      description: "IAM role to assume (STS AssumeRole, chained from the default credentials), for a central DNS account.",
      envAliases: ["AWS_ASSUME_ROLE_ARN"]
    },
    {
      name: "route53-external-id",
      description: "External ID the role to assume requires.",
      secret: true,
      envAliases: ["AWS_EXTERNAL_ID"]
    },
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
  ]
};

export {
  ROUTE53_ACTIONS,
  metadata
};
