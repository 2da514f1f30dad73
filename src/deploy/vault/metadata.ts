import type { DeployMetadata } from '../target.js';

export const metadata: DeployMetadata = {
  name: 'vault',
  description:
    'HashiCorp Vault or OpenBao KV v2: a new version of a secret, ' +
    "logging in with the job's GitHub OIDC token or a token",
  options: [
    {
      name: 'vault-addr',
      description: "Vault's address, such as https://vault.example.com:8200; default `VAULT_ADDR`.",
      kind: 'url',
    },
    {
      name: 'vault-path',
      description:
        'Where to write, as `mount/path` of a KV v2 secrets engine, such as `secret/certs/example.com` ' +
        '(the first segment is the mount).',
      required: true,
    },
    {
      name: 'vault-role',
      description:
        "The JWT auth role to log in as with the job's GitHub OIDC token " +
        '(needs `permissions: id-token: write`); not needed with `vault-token`.',
    },
    {
      name: 'vault-auth-mount',
      description: 'Where the JWT auth method is mounted.',
      default: 'jwt',
    },
    {
      name: 'vault-token',
      description: 'A Vault token to write with instead of logging in with OIDC.',
      secret: true,
      envAliases: ['VAULT_TOKEN'],
    },
    {
      name: 'vault-namespace',
      description: 'The Vault Enterprise / HCP Vault namespace (`X-Vault-Namespace`); default `VAULT_NAMESPACE`.',
    },
    {
      name: 'vault-oidc-audience',
      description:
        "The audience of the GitHub OIDC token, as the role's `bound_audiences` expects; " +
        "default GitHub's (`https://github.com/OWNER`).",
    },
  ],
};
