import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'exec',
  description:
    "Your own commands, with certbot's manual-hook environment (existing certbot hook scripts work unchanged)",
  options: [
    {
      name: 'exec-auth-hook',
      description:
        'Command run (by /bin/sh) once per challenge to create the TXT record, with CERTBOT_DOMAIN, ' +
        'CERTBOT_VALIDATION, CERTBOT_ALL_DOMAINS, CERTBOT_REMAINING_CHALLENGES, and CERTWRIGHT_FQDN / ' +
        'CERTWRIGHT_ZONE.',
      required: true,
      cliAliases: ['manual-auth-hook'],
    },
    {
      name: 'exec-cleanup-hook',
      description:
        'Command run once per challenge to delete the record, with the same variables plus CERTBOT_AUTH_OUTPUT (what ' +
        'the auth hook printed; empty when the post step cleans up after a crash).',
      cliAliases: ['manual-cleanup-hook'],
    },
    {
      name: 'exec-timeout',
      description:
        'Seconds one hook run may take before it is killed with everything it started: the auth and cleanup hooks ' +
        'here, and pre-hook, post-hook and deploy-hook.',
      default: '120',
    },
  ],
};
