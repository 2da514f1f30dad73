import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'exec',
  description:
    "Your own commands, with certbot's manual-hook environment (existing certbot hook scripts work unchanged)",
  options: [
    {
      name: 'exec-auth-hook',
      description:
        'Command run (by /bin/sh) once per challenge to create the TXT record, with CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_ALL_DOMAINS, CERTBOT_REMAINING_CHALLENGES, and CERTWRIGHT_FQDN / CERTWRIGHT_ZONE.',
      required: true,
      cliAliases: ['manual-auth-hook'],
    },
    {
      name: 'exec-cleanup-hook',
      description:
        'Command run once per challenge to delete the record, with the same variables plus CERTBOT_AUTH_OUTPUT (what the auth hook printed; empty when the post step cleans up after a crash).',
      cliAliases: ['manual-cleanup-hook'],
    },
    {
      name: 'exec-timeout',
      description:
        'Seconds one hook run may take before it is killed with everything it started: the auth and cleanup hooks here, and pre-hook, post-hook and deploy-hook.',
      default: '120',
    },
  ],
  docs: {
    credentials:
      "Whatever your hooks use. They run with certwright's environment, so credentials set on the step (`env:`) or by an earlier step " +
      "(for example a cloud login) reach them; certwright's own secrets do not: a variable carrying the state key, a TSIG secret, an EAB key or " +
      "a token given to certwright is left out, as are the runner's `INPUT_*` copies of the inputs, and the CLI masks those values in anything " +
      'a hook prints. Each hook runs in a process group of its own; at `exec-timeout`, or when the run is stopped, the whole group ends. certbot `--manual-auth-hook` / `--manual-cleanup-hook` scripts work unchanged: they get ' +
      '`CERTBOT_DOMAIN`, `CERTBOT_VALIDATION`, `CERTBOT_ALL_DOMAINS`, `CERTBOT_REMAINING_CHALLENGES` and, for cleanup, `CERTBOT_AUTH_OUTPUT`; ' +
      'certwright adds `CERTWRIGHT_FQDN` (where the record goes, after CNAMEs) and `CERTWRIGHT_ZONE`.',
    leastPrivilege:
      'Give the hooks a credential that can create and delete TXT records under `_acme-challenge` names only, if your DNS host allows it. ' +
      'A cleanup hook should delete only the value it is given (`CERTBOT_VALIDATION`), not every TXT value at the name: a wildcard and its apex ' +
      'share one name, and other tools may keep values there.',
    example: [
      'domains: example.com',
      'agree-tos: true',
      'dns-provider: exec',
      'exec-auth-hook: ./hooks/auth.sh',
      'exec-cleanup-hook: ./hooks/cleanup.sh',
    ].join('\n'),
    testedAgainst:
      "certbot-style shell hooks in test/fixtures/hooks that run Debian's nsupdate against the test bed's BIND.",
  },
};
