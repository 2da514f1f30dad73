import { CORE_INPUTS, inputDescription, RENEW_INPUTS, type InputSpec } from '../config/inputs.js';
import { VERIFY_INPUTS } from '../config/verify.js';
import { DEPLOY_INPUTS } from '../config/deploy.js';
import { DEPLOY_TARGETS } from '../deploy/index.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { ACME_DNS_REGISTER_INPUTS } from './acme-dns.js';
import { allInputs, CLI_ONLY, COMMANDS, type CliOption, type CommandName } from './options.js';

export const VERSION = '0.1.0';

/** A titled group of options in a command's help. */
interface Section {
  readonly title: string;
  readonly options: readonly InputSpec[];
}

interface CommandHelp {
  /** One line, for the overview and the command's own help. */
  readonly summary: string;
  readonly usage: readonly string[];
  /** Its options, without the CLI's own (those come from CLI_ONLY's `commands`). */
  readonly sections: () => readonly Section[];
}

/** The inputs with these names, in this order. */
function inputsNamed(...names: string[]): InputSpec[] {
  const specs = new Map(allInputs().map((spec) => [spec.name, spec]));
  return names.map((name) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`help: no input named ${name}`);
    return spec;
  });
}

/** What the commands that read or change the state directly need to open it. */
const stateSection = (): Section => ({
  title: 'State options',
  options: inputsNamed('store', 'state-key', 'state', 'shard', 'github-token', 'github-repository', 'github-api-url'),
});

const providerSections = (): Section[] =>
  PROVIDERS.map((p) => ({ title: `Provider ${p.name}: ${p.description}`, options: p.options }));
const certificateSection: Section = { title: 'Certificate options', options: CORE_INPUTS };
/** Deploying (`--deploy-to`), then each target's own options. */
const deploySections = (): Section[] => [
  { title: 'Deploy options', options: DEPLOY_INPUTS },
  ...DEPLOY_TARGETS.map((t) => ({ title: `Deploy target ${t.name}: ${t.description}`, options: t.options })),
];

const COMMAND_HELP: Readonly<Record<CommandName, CommandHelp>> = {
  certonly: {
    summary: 'Obtain a certificate and write cert.pem, chain.pem, fullchain.pem, privkey.pem',
    usage: ['certwright certonly -d NAME [-d NAME...] --dns PROVIDER [options]'],
    sections: () => [certificateSection, ...providerSections(), ...deploySections()],
  },
  renew: {
    summary: 'Issue if missing, renew if due, changed or revoked, else say when it will be due (keeps state)',
    usage: [
      'certwright renew -d NAME [-d NAME...] --dns PROVIDER --state-key KEY [options]',
      'certwright renew --config FILE --state-key KEY [options]',
    ],
    sections: () => [
      certificateSection,
      { title: 'Renewal options', options: RENEW_INPUTS },
      ...providerSections(),
      ...deploySections(),
    ],
  },
  certificates: {
    summary: 'List the certificates in the state: names, key type, expiry, next renewal and files',
    usage: ['certwright certificates [--cert-name NAME] [--store file:PATH] [--json]'],
    sections: () => [
      { title: 'Options', options: inputsNamed('cert-name', 'output-dir', 'renew-before-days') },
      stateSection(),
    ],
  },
  revoke: {
    summary: 'Revoke a certificate in the state; the next renew replaces it',
    usage: ['certwright revoke --cert-name NAME [--reason REASON] [--delete-after-revoke]'],
    sections: () => [
      { title: 'Options', options: inputsNamed('cert-name', 'server-ca-file', 'output-dir') },
      stateSection(),
    ],
  },
  delete: {
    summary: 'Remove a certificate from the state (its files are left in place)',
    usage: ['certwright delete --cert-name NAME'],
    sections: () => [{ title: 'Options', options: inputsNamed('cert-name', 'output-dir') }, stateSection()],
  },
  account: {
    summary: 'Roll the ACME account key over, deactivate the account, or update its contact (keeps state)',
    usage: [
      'certwright account rollover [--server URL] [--state-key KEY]',
      'certwright account deactivate [--server URL] [--yes]',
      'certwright account update -m EMAIL [-m EMAIL...] [--server URL]',
    ],
    sections: () => [
      { title: 'Options', options: inputsNamed('server', 'email', 'server-ca-file', 'account-key-file') },
      stateSection(),
    ],
  },
  'verify-release': {
    summary: 'Check that the published npm tarball / PyPI files are the ones built here (exit 1 if not)',
    usage: [
      'certwright verify-release --package NAME --version V --tarball FILE [--registry URL] [--tag vV]',
      'certwright verify-release --ecosystem pypi --package PROJECT --version V [--dist DIR] [--registry URL]',
    ],
    sections: () => [{ title: 'Options', options: VERIFY_INPUTS }],
  },
  'acme-dns': {
    summary: 'Register an acme-dns account: prints the CNAME to create and the credentials JSON to store',
    usage: ['certwright acme-dns register -d NAME [-d NAME...] --acme-dns-server URL [--acme-dns-allowfrom CIDR...]'],
    sections: () => [{ title: 'Options', options: ACME_DNS_REGISTER_INPUTS }],
  },
  help: {
    summary: 'Show the usage and options of a command',
    usage: ['certwright help COMMAND', 'certwright COMMAND --help'],
    sections: () => [],
  },
};

/** Help is as wide as the terminal (else COLUMNS, else 80), and never narrower than 40. */
export function helpWidth(columns: number | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const width = columns ?? Number(env.COLUMNS);
  return Math.max(40, Number.isInteger(width) && width > 0 ? width : 80);
}

/**
 * `text` in lines of at most `width` columns, the first starting with `first`, the others with
 * `indent` (a hanging indent). A word too long for any line is cut.
 */
export function wrap(text: string, width: number, first: string, indent = first): string[] {
  const room = width - Math.max(first.length, indent.length);
  const pieces = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => word.match(new RegExp(`.{1,${room}}`, 'g')) ?? []);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const piece of pieces) {
    if (!empty && line.length + 1 + piece.length > width) {
      lines.push(line);
      [line, empty] = [indent, true];
    }
    line += `${empty ? '' : ' '}${piece}`;
    empty = false;
  }
  return [...lines, line];
}

/** An option as help shows it: its flags, then its description below them. */
function describe(input: InputSpec, width: number): string[] {
  const aliases = input.cliAliases ?? [];
  const flags = [
    ...aliases.filter((a) => a.length === 1).map((a) => `-${a}`),
    ...[input.name, ...aliases.filter((a) => a.length > 1)].map((n) => `--${n}`),
  ];
  const def = input.default ? ` [default: ${input.default}]` : '';
  return [
    ...wrap(`${flags.join(', ')}${input.flag ? '' : ' VALUE'}`, width, '  ', '      '),
    ...wrap(`${inputDescription(input)}${def}`, width, '      '),
  ];
}

function section(title: string, body: readonly string[], width: number): string[] {
  return ['', ...wrap(title, width, '', '  '), ...body];
}

function cliOptionsOf(command: CommandName): CliOption[] {
  return CLI_ONLY.filter((option) => option.commands.includes(command));
}

/** The command's sections with the CLI's own options: those of this command alone join the first, the rest go last. */
function withCliOptions(command: CommandName, sections: readonly Section[]): Section[] {
  const own = cliOptionsOf(command);
  const [first, ...others] = sections;
  if (!first) return [{ title: 'General options', options: own }];
  const alone = own.filter((option) => option.commands.length === 1);
  const shared = own.filter((option) => option.commands.length > 1);
  return [
    { ...first, options: [...first.options, ...alone] },
    ...others,
    { title: 'General options', options: shared },
  ];
}

/** `certwright --help`: what each command does, and where to read more. */
function overview(width: number): string[] {
  const commands = COMMANDS.flatMap((name) =>
    wrap(COMMAND_HELP[name].summary, width, `  ${name.padEnd(16)}`, ' '.repeat(18)),
  );
  return [
    ...wrap(`certwright ${VERSION}: ACME DNS-01 certificates for CI and terminals`, width, ''),
    ...section('Usage:', wrap('certwright COMMAND [options]', width, '  '), width),
    ...section('Commands:', commands, width),
    ...section(
      'Options:',
      cliOptionsOf('help').flatMap((o) => describe(o, width)),
      width,
    ),
    '',
    ...wrap(
      '"certwright help COMMAND" (or certwright COMMAND --help) shows the usage and options of a command.',
      width,
      '',
    ),
    ...wrap(
      'Secret options can come from the environment instead: CERTWRIGHT_<OPTION> (e.g. CERTWRIGHT_STATE_KEY).',
      width,
      '',
    ),
  ];
}

/** `certwright help COMMAND`: its usage and only the options it uses. */
function commandHelp(command: CommandName, width: number): string[] {
  const help = COMMAND_HELP[command];
  const sections = withCliOptions(command, help.sections()).filter((s) => s.options.length > 0);
  return [
    ...wrap(`certwright ${command}: ${help.summary}`, width, ''),
    ...section(
      'Usage:',
      help.usage.flatMap((line) => wrap(line, width, '  ', '      ')),
      width,
    ),
    ...sections.flatMap((s) =>
      section(
        `${s.title}:`,
        s.options.flatMap((o) => describe(o, width)),
        width,
      ),
    ),
  ];
}

/** The overview (no command, or `help`), or one command's help; from the same input specs as action.yml. */
export function helpText(command: CommandName | undefined, width: number): string {
  const lines = command === undefined || command === 'help' ? overview(width) : commandHelp(command, width);
  return `${lines.join('\n')}\n`;
}
