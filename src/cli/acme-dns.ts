import type { InputSpec } from '../config/inputs.js';
import { registerAcmeDnsAccount } from '../dns/providers/acme-dns/register.js';
import { createHttpClient } from '../net/http.js';
import { USER_AGENT } from '../runtime.js';
import { CLI_ONLY, parseFlags, usageError } from './options.js';

/** Options of `certwright acme-dns register`. */
export const ACME_DNS_REGISTER_INPUTS: readonly InputSpec[] = [
  {
    name: 'acme-dns-server',
    description: 'Base URL of the acme-dns API to register with, such as https://auth.acme-dns.io.',
    required: true,
  },
  {
    name: 'domains',
    description:
      'The name to register an account for (`*.example.com` shares the account of example.com); ' +
      'given more than once, one account per name.',
    required: true,
    cliAliases: ['d', 'domain'],
    repeatable: true,
  },
  {
    name: 'acme-dns-allowfrom',
    description:
      "A network (CIDR) the account's updates may come from, such as 192.0.2.0/24; " +
      'repeatable. Without it: from anywhere.',
    repeatable: true,
  },
];

/**
 * `certwright acme-dns register -d NAME --acme-dns-server URL [--acme-dns-allowfrom CIDR]`:
 * registers an account per name and prints what to do with it: the CNAME to create on stderr,
 * the credentials JSON on stdout (so it pipes into `gh secret set ACME_DNS_CREDENTIALS`).
 */
export async function acmeDnsCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  showHelp: () => void,
): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
    showHelp();
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'register')
    throw usageError(`unknown acme-dns command ${subcommand}; expected register`, 'acme-dns');
  const own = CLI_ONLY.filter((option) => option.commands.includes('acme-dns'));
  const { values } = parseFlags(rest, [...ACME_DNS_REGISTER_INPUTS, ...own], 'acme-dns');
  if (values.help) {
    showHelp();
    return 0;
  }
  const server = values['acme-dns-server'];
  if (!server)
    throw usageError(
      '--acme-dns-server is missing; give the acme-dns API URL, such as https://auth.acme-dns.io',
      'acme-dns',
    );
  const names = [
    ...new Set(
      (values.domains ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((name) => name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '')),
    ),
  ];
  if (names.length === 0) throw usageError('-d NAME is missing; give the name to register an account for', 'acme-dns');
  const allowFrom = (values['acme-dns-allowfrom'] ?? '').split(',').filter(Boolean);
  const http = createHttpClient({ userAgent: USER_AGENT, env });
  const credentials: Record<string, unknown> = {};
  const cnames: string[] = [];
  for (const domain of names) {
    const registration = await registerAcmeDnsAccount({ server, domain, allowFrom }, http);
    Object.assign(credentials, registration.credentials);
    cnames.push(registration.cname);
  }
  const limit = allowFrom.length > 0 ? `, updates only from ${allowFrom.join(', ')}` : '';
  process.stderr.write(
    [
      `Registered ${names.length === 1 ? 'an acme-dns account' : `${names.length} acme-dns accounts`} at ` +
        `${server}${limit}.`,
      `Create ${cnames.length === 1 ? 'this record' : 'these records'} once, in the zone of each name:`,
      ...cnames.map((cname) => `  ${cname}`),
      'Then store the credentials printed below as a secret (e.g. ... | gh secret set ACME_DNS_CREDENTIALS) ' +
        'and pass it as acme-dns-credentials.',
      '',
    ].join('\n'),
  );
  process.stdout.write(`${JSON.stringify(credentials, null, 2)}\n`);
  return 0;
}
