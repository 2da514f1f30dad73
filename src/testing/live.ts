/**
 * Live tests: the provider contract (provider-contract.ts) against a real vendor, for a maintainer
 * with an account. `npm run test:live` (scripts/test-live.ts) runs them, never the test command.
 * Each provider needs `CERTWRIGHT_LIVE_<PROVIDER>_ZONE` (a zone it may write test records in) and
 * its credentials as the product takes them: its required options from `CERTWRIGHT_<OPTION>` or the
 * vendor's own variable, or the vendor SDK's usual credential variables. Any other option comes from
 * `CERTWRIGHT_<OPTION>` too (`CERTWRIGHT_ROUTE53_HOSTED_ZONE_ID`).
 */
import { getServers } from 'node:dns';
import { parseServerAddress, type ServerAddress } from '../dns/address.js';
import { normalizeName } from '../dns/names.js';
import { optionEnvName, type ProviderDefinition } from '../dns/provider.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { DnsResolver } from '../dns/resolver.js';
import { createHttpClient } from '../net/http.js';
import { systemClock, type Logger } from '../runtime.js';
import type { ContractTarget } from './provider-contract.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Variables a live run needs for one purpose: any one set among `anyOf`, every variable in it set. */
export interface LiveRequirement {
  /** What they are for, as the runner prints it. */
  readonly what: string;
  readonly anyOf: readonly (readonly string[])[];
}

/** What a provider needs besides its zone and its required options, which come from its metadata. */
interface LiveTarget {
  readonly provider: string;
  /** Credentials the vendor's own SDK chain reads from the environment. */
  readonly needs?: readonly LiveRequirement[];
  /** Variables holding secrets besides the provider's secret options: masked in all a live run prints. */
  readonly secretVariables?: readonly string[];
}

/**
 * The providers a live run can reach. acme-dns is not among them: it writes at the one name its
 * registration gives, keeps the last two values and cannot delete, so the contract does not apply.
 * exec and rfc2136 write where the user's own hooks or server do; the test bed checks them for real.
 */
const LIVE_TARGETS: readonly LiveTarget[] = [
  {
    provider: 'route53',
    needs: [
      {
        what: 'AWS credentials',
        anyOf: [
          ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
          ['AWS_PROFILE'],
          ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'],
        ],
      },
    ],
    secretVariables: ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  },
  { provider: 'cloudflare' },
  {
    provider: 'google',
    needs: [
      {
        what: 'Application Default Credentials (a key or external_account file)',
        anyOf: [['GOOGLE_APPLICATION_CREDENTIALS']],
      },
    ],
  },
  {
    provider: 'azure',
    needs: [
      { what: 'the subscription', anyOf: [['AZURE_SUBSCRIPTION_ID'], [optionEnvName('azure-subscription-id')]] },
      {
        what: 'Azure credentials (DefaultAzureCredential)',
        anyOf: [
          ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'],
          ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_CERTIFICATE_PATH'],
          ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE'],
        ],
      },
    ],
    secretVariables: ['AZURE_CLIENT_SECRET'],
  },
  { provider: 'digitalocean' },
  { provider: 'httpreq' },
  // Hetzner (HETZNER_API_TOKEN or HCLOUD_TOKEN), Linode (LINODE_TOKEN), Vultr (VULTR_API_KEY): a token is all they take.
  { provider: 'hetzner' },
  { provider: 'linode' },
  { provider: 'vultr' },
  // Gandi (GANDIV5_PERSONAL_ACCESS_TOKEN) and deSEC (DESEC_TOKEN): the token is their only credential.
  { provider: 'gandi' },
  { provider: 'desec' },
  // OVH (OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY; OVH_ENDPOINT picks the region)
  // and DNSimple (DNSIMPLE_OAUTH_TOKEN; DNSIMPLE_BASE_URL for the sandbox): their keys are all they take.
  { provider: 'ovh' },
  { provider: 'dnsimple' },
  // PowerDNS: CERTWRIGHT_POWERDNS_API_URL and PDNS_API_KEY (the key is masked as a secret option).
  { provider: 'powerdns' },
  // Infoblox: CERTWRIGHT_INFOBLOX_HOST, CERTWRIGHT_INFOBLOX_USERNAME and INFOBLOX_PASSWORD (lego's INFOBLOX_HOST and
  // INFOBLOX_USERNAME work in runs, not here); CERTWRIGHT_INFOBLOX_CA_FILE for a grid with its own CA.
  { provider: 'infoblox' },
];

/** The providers live tests exist for, in the order they run. */
export const LIVE_PROVIDERS: readonly string[] = LIVE_TARGETS.map((target) => target.provider);

/** `CERTWRIGHT_LIVE_ROUTE53_ZONE`: the zone a live run of `provider` writes its test records in. */
export function liveZoneVariable(provider: string): string {
  return `CERTWRIGHT_LIVE_${provider.toUpperCase().replace(/-/g, '_')}_ZONE`;
}

function definitionOf(provider: string): ProviderDefinition {
  const definition = PROVIDERS.find((candidate) => candidate.name === provider);
  if (!definition) throw new Error(`live: no provider named ${provider}`);
  return definition;
}

function targetOf(provider: string): LiveTarget {
  const target = LIVE_TARGETS.find((candidate) => candidate.provider === provider);
  if (!target) throw new Error(`live: no live tests for ${provider}; they exist for ${LIVE_PROVIDERS.join(', ')}`);
  return target;
}

/** The variables that can carry an option: `CERTWRIGHT_<OPTION>`, then the vendor's own. */
function optionVariables(option: { name: string; envAliases?: readonly string[] }): string[] {
  return [optionEnvName(option.name), ...(option.envAliases ?? [])];
}

/** Everything a live run of `provider` needs: its zone, its required options, its SDK's credentials. */
export function liveRequirements(provider: string): LiveRequirement[] {
  const zone = { what: 'the zone to write test records in', anyOf: [[liveZoneVariable(provider)]] };
  const options = definitionOf(provider)
    .options.filter((option) => option.required)
    .map((option) => ({ what: option.name, anyOf: optionVariables(option).map((name) => [name]) }));
  return [zone, ...options, ...(targetOf(provider).needs ?? [])];
}

const isSet = (env: Environment, name: string) => (env[name]?.trim() ?? '') !== '';

/** The requirements `env` does not meet: a set counts only when every variable in it is set and not blank. */
export function unmetRequirements(provider: string, env: Environment): LiveRequirement[] {
  return liveRequirements(provider).filter(
    (requirement) => !requirement.anyOf.some((set) => set.every((name) => isSet(env, name))),
  );
}

/** `AWS credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or AWS_PROFILE`. */
export function describeRequirement(requirement: LiveRequirement): string {
  return `${requirement.what}: ${requirement.anyOf.map((set) => set.join(' + ')).join(', or ')}`;
}

/** The values in `env` that are secrets for any live provider, longest first: what the runner masks. */
export function liveSecrets(env: Environment): string[] {
  const names = LIVE_TARGETS.flatMap((target) => [
    ...(target.secretVariables ?? []),
    ...definitionOf(target.provider)
      .options.filter((option) => option.secret)
      .flatMap(optionVariables),
  ]);
  const values = names.map((name) => env[name]?.trim() ?? '').filter((value) => value.length >= 4);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((masked, secret) => masked.split(secret).join('***'), text);
}

/**
 * Masks a stream line by line before `write` sees it: a secret split across two chunks is still
 * masked, since only whole lines are passed on (and what is left at `end`).
 */
export function maskingWriter(secrets: readonly string[], write: (text: string) => void) {
  let pending = '';
  return {
    push(chunk: string): void {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) write(`${maskSecrets(line, secrets)}\n`);
    },
    end(): void {
      if (pending !== '') write(maskSecrets(pending, secrets));
      pending = '';
    },
  };
}

/** Which of `providers` a live run can test with `env`, and what the others lack. */
export function planLiveRun(
  providers: readonly string[],
  env: Environment,
): { ready: string[]; lacking: { provider: string; unmet: LiveRequirement[] }[] } {
  const checked = providers.map((provider) => ({ provider, unmet: unmetRequirements(provider, env) }));
  return {
    ready: checked.filter((entry) => entry.unmet.length === 0).map((entry) => entry.provider),
    lacking: checked.filter((entry) => entry.unmet.length > 0),
  };
}

/** The runner's report: per provider, run or not, and the variables a skipped one needs. */
export function describeLivePlan(plan: ReturnType<typeof planLiveRun>): string[] {
  return [
    ...plan.ready.map((provider) => `${provider}: runs against the live vendor in ${liveZoneVariable(provider)}`),
    ...plan.lacking.flatMap(({ provider, unmet }) => [
      `${provider}: not run; it needs`,
      ...unmet.map((requirement) => `  ${describeRequirement(requirement)}`),
    ]),
  ];
}

/** The provider's option values as a live run gives them: each from `CERTWRIGHT_<OPTION>` or the vendor's variable. */
export function liveOptionValues(provider: string, env: Environment): Record<string, string> {
  const values: Record<string, string> = {};
  for (const option of definitionOf(provider).options) {
    const found = optionVariables(option).find((name) => isSet(env, name));
    if (found) values[option.name] = (env[found] as string).trim();
  }
  return values;
}

/** The zone `CERTWRIGHT_LIVE_<PROVIDER>_ZONE` names, normalised. */
export function liveZone(provider: string, env: Environment): string {
  return normalizeName(env[liveZoneVariable(provider)] ?? '');
}

/** CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT: seconds a change may take to reach every nameserver (default 600). */
export function livePropagationSeconds(env: Environment): number {
  const text = env.CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT?.trim() || '600';
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new Error(
      `live: CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT: "${text}" is not a whole number of seconds; expected one such as 600`,
    );
  return seconds;
}

function servers(list: readonly string[], variable: string): ServerAddress[] {
  return list
    .map((server) => server.trim())
    .filter((server) => server !== '')
    .map((server) => parseServerAddress(server, variable));
}

/**
 * The contract's target for `provider` at the real vendor: the zone's real authoritative
 * nameservers, found through CERTWRIGHT_LIVE_RESOLVERS (host:port, comma-separated) or the
 * system's resolvers, or CERTWRIGHT_LIVE_NAMESERVERS instead (as the `nameservers` input: a
 * hidden primary); CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT seconds (default 600) for a change to show.
 */
export function liveContractTarget(provider: string, env: Environment, logger: Logger): ContractTarget {
  const configured = definitionOf(provider).configure(liveOptionValues(provider, env));
  const resolvers = servers(env.CERTWRIGHT_LIVE_RESOLVERS?.split(',') ?? getServers(), 'CERTWRIGHT_LIVE_RESOLVERS');
  const nameservers = servers(env.CERTWRIGHT_LIVE_NAMESERVERS?.split(',') ?? [], 'CERTWRIGHT_LIVE_NAMESERVERS');
  const http = createHttpClient({ userAgent: 'certwright-live-test', env, logger });
  return {
    createProvider: () => configured.create({ logger, clock: systemClock, env, http }),
    zone: liveZone(provider, env),
    resolver: new DnsResolver({ resolvers, ...(nameservers.length > 0 ? { nameservers } : {}) }),
    propagationTimeoutMs: livePropagationSeconds(env) * 1000,
    intervalMs: 5_000,
    logger,
  };
}
