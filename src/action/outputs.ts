/** The Action's step outputs, documented once for action.yml and the README. */
export const ACTION_OUTPUTS = [
  {
    name: 'renewed',
    description: '`true` when this run issued or renewed the certificate, `false` when it was not due (with `store`).',
  },
  { name: 'cert-name', description: 'Name of the certificate (its folder under output-dir).' },
  { name: 'cert-path', description: 'Path of cert.pem: the certificate alone.' },
  { name: 'chain-path', description: 'Path of chain.pem: the intermediate certificates.' },
  {
    name: 'fullchain-path',
    description: 'Path of fullchain.pem: certificate and intermediates, what most servers want.',
  },
  { name: 'key-path', description: 'Path of privkey.pem (mode 0600). The key is masked in logs.' },
  {
    name: 'pfx-path',
    description: 'Path of cert.pfx (mode 0600): key and full chain in PKCS#12, with `pfx`; empty without it.',
  },
  { name: 'not-after', description: 'Expiry of the certificate, ISO 8601 (UTC).' },
  {
    name: 'expires-in-days',
    description:
      'Whole days until the certificate in place expires (after a failed renewal: the old one), e.g. `63`; ' +
      'negative once expired.',
  },
  {
    name: 'renew-at',
    description:
      'When the certificate is due for renewal, ISO 8601 (UTC): its ARI window when the CA has one, ' +
      'else a third of its lifetime before expiry (or renew-before-days).',
  },
  { name: 'serial', description: 'Serial number, lower-case hex.' },
  { name: 'domains', description: 'Names in the certificate, comma-separated.' },
  {
    name: 'certificates',
    description:
      'JSON list with one entry per certificate (name, action, reason, not-after, expires-in-days, renew-at, ' +
      'serial, fullchain, key and pfx paths, error, and `deployed`: per deploy target key, the target, its ' +
      'identifier `id`, the `serial` it holds, `at` (ISO 8601), what this run did (`deployed`, `current`, ' +
      '`failed`, `dry-run`) and its error): the result of a config run, or of the one certificate.',
  },
  {
    name: 'deployed',
    description:
      'With one certificate: a JSON object from each deploy target key to the identifier of what that target holds ' +
      '(an ARN, a secret name, a version; empty when it holds nothing yet), e.g. ' +
      '`{"github-secret:acme/site/TLS_FULLCHAIN,TLS_PRIVKEY":"TLS_FULLCHAIN,TLS_PRIVKEY"}`; `{}` without targets.',
  },
] as const;

export type ActionOutput = (typeof ACTION_OUTPUTS)[number]['name'];
