import type { DeployMetadata } from '../target.js';

/** Certificate Manager's API; `google-certificate-manager-api-url` replaces it (a local test endpoint). */
export const DEFAULT_API_URL = 'https://certificatemanager.googleapis.com';

/** The permissions the target uses: what a least-privilege custom role grants. */
export const CERTIFICATE_MANAGER_PERMISSIONS = [
  'certificatemanager.certs.create',
  'certificatemanager.certs.update',
  'certificatemanager.operations.get',
] as const;

export const metadata: DeployMetadata = {
  name: 'google-certificate-manager',
  description:
    'Google Cloud Certificate Manager: a self-managed certificate created, then updated in place on each renewal ' +
    '(the certificate maps and load balancers that use it keep it), with Application Default Credentials (Workload ' +
    'Identity Federation)',
  options: [
    {
      name: 'google-certificate-manager-project',
      description:
        "Project that holds the certificate. Default: the credentials' project (`GOOGLE_CLOUD_PROJECT`, which " +
        "google-github-actions/auth sets, or the key file's).",
    },
    {
      name: 'google-certificate-manager-location',
      description:
        'Location of the certificate: `global` for global external Application Load Balancers, or a region ' +
        '(`europe-west1`) for regional ones.',
      default: 'global',
    },
    {
      name: 'google-certificate-manager-certificate',
      description:
        'ID of the certificate (a lower-case letter, then up to 62 lower-case letters, digits and hyphens, not ' +
        "ending in a hyphen). Default: the certificate's `cert-name` made into one (`www.example.com` -> " +
        '`www-example-com`).',
    },
    {
      name: 'google-certificate-manager-api-url',
      description: 'Certificate Manager API base URL instead of the public one (a local test endpoint).',
      default: DEFAULT_API_URL,
    },
  ],
};
