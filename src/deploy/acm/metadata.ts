import type { DeployMetadata } from '../target.js';

/** The IAM actions the target calls (ListCertificates only on a region's first import: see README.md). */
export const ACM_ACTIONS = [
  'acm:ImportCertificate',
  'acm:DescribeCertificate',
  'acm:ListCertificates',
  'acm:AddTagsToCertificate',
] as const;

export const metadata: DeployMetadata = {
  name: 'acm',
  description:
    'AWS Certificate Manager: imported once per region, then re-imported into the same ARN at each ' +
    'renewal, so load balancers, CloudFront and API Gateway keep it (the AWS SDK default credential ' +
    'chain, GitHub OIDC with aws-actions/configure-aws-credentials)',
  options: [
    {
      name: 'acm-regions',
      kind: 'list',
      description:
        'Regions to import into, comma-separated (CloudFront uses us-east-1 only). Default: the region of the ' +
        'certificates adopted with acm-certificate-arn, else AWS_REGION or AWS_DEFAULT_REGION.',
    },
    {
      name: 'acm-certificate-arn',
      kind: 'list',
      description:
        'Existing imported certificates to re-import into instead of creating new ones, at most one per ' +
        'region (each ARN names its region), comma-separated. Regions without one get a new certificate.',
    },
    {
      name: 'acm-endpoint',
      kind: 'url',
      description:
        'ACM API URL for every region instead of the default (a VPC endpoint, a local test endpoint); ' +
        'requests are still signed for each region.',
    },
    {
      name: 'acm-tags',
      kind: 'list',
      description:
        'Tags as `key=value` pairs, comma-separated, put on a certificate when certwright first imports or ' +
        'adopts it (ACM takes no tags on a re-import).',
    },
  ],
};
