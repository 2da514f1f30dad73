import type { DeployMetadata } from '../target.js';

/** The forms `github-secret-name` takes: the store's `secret:...` forms, naming a prefix. */
export const NAME_FORMS = ['PREFIX', 'environments/ENV/PREFIX', 'orgs/ORG/PREFIX'] as const;

export const metadata: DeployMetadata = {
  name: 'github-secret',
  description:
    "GitHub Actions secrets (a repository's, an environment's or an organisation's) holding the PEMs or a PFX, " +
    'sealed as the secret store seals the state',
  options: [
    {
      name: 'github-secret-name',
      description:
        'Where the secrets go and how they are named: `PREFIX` (secrets of github-secret-repository), ' +
        '`environments/ENV/PREFIX` or `orgs/ORG/PREFIX`; they are PREFIX_FULLCHAIN and PREFIX_PRIVKEY (PREFIX_PFX ' +
        'with github-secret-format pfx).',
      required: true,
    },
    {
      name: 'github-secret-repository',
      description:
        'owner/repo whose secrets are written (another repository than this one, say). Default: github-repository, ' +
        'the current repository.',
    },
    {
      name: 'github-secret-token',
      description:
        'A token that may write those secrets ("Secrets: Read and write" on the repository; "Environments: Read" ' +
        'too for an environment; "Organization secrets: Read and write" for the organisation). Default: github-token.',
      secret: true,
    },
    {
      name: 'github-secret-format',
      description:
        '`pem`: PREFIX_FULLCHAIN (certificate and intermediates) and PREFIX_PRIVKEY (PKCS#8); `pfx`: PREFIX_PFX, a ' +
        'base64 PKCS#12 of both, protected by github-secret-pfx-password.',
      default: 'pem',
    },
    {
      name: 'github-secret-fullchain-name',
      description: 'Name of the full-chain secret instead of PREFIX_FULLCHAIN.',
    },
    {
      name: 'github-secret-key-name',
      description: 'Name of the private key secret instead of PREFIX_PRIVKEY.',
    },
    {
      name: 'github-secret-pfx-name',
      description: 'Name of the PFX secret instead of PREFIX_PFX.',
    },
    {
      name: 'github-secret-pfx-password',
      description: 'Password of the PFX (required with github-secret-format pfx).',
      secret: true,
    },
  ],
};
