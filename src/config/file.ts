import { normalizeName } from '../dns/names.js';
import { routeByZone } from '../dns/routing.js';
import type { CertificateJob } from '../renewal/renew.js';
import { deployItemValues, parseDeployItems } from './deploy.js';
import { ALL_INPUTS, fileKeyProblem, fileKeys, type FileLevel } from './file-keys.js';
import {
  CERTIFICATE_NAME_INPUTS,
  SERVER_EAB_KEY,
  parseCertificateRequest,
  parseCertificateSettings,
  parseProvider,
  parseRenewalPolicy,
  type RawInputs,
} from './inputs.js';
import { secretsIn, secretsInFiles } from './secrets.js';

export interface ConfigFile {
  readonly certificates: readonly CertificateJob[];
  /** How many certificates are worked on at once. */
  readonly concurrency: number;
  /** The run's inputs with the file's top level over them: where run-wide keys (max-new-orders, warn-days) are read. */
  readonly runInputs: RawInputs;
}

export interface ConfigFileOptions {
  /** The next scheduled run when the inputs name none. */
  readonly defaultNextRun?: (now: Date) => Date | undefined;
  /** Told each secret the file holds (and each credentials file it names holds), before anything can print one. */
  readonly onSecret?: (value: string) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A value as the Action would get it: text; a list joined with commas. A mapping is no value. */
function text(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const scalars: unknown[] = Array.isArray(value) ? value : [value];
  if (!scalars.every(isScalar)) {
    throw new Error(`${key}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  }
  return scalars.map(String).join(',');
}

/** The inputs a mapping of the file sets, `skip` (its nested keys) left out. */
function inputsOf(entry: Record<string, unknown>, skip: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(entry)
      .filter(([key]) => !skip.includes(key))
      .flatMap(([key, value]) => (key === 'server' ? serverInputs(value) : [[key, text(key, value)]])),
  );
}

const SERVER_ITEM_KEYS = ['url', 'eab-kid', 'eab-hmac-key'];

/**
 * `server` as a list whose items may be mappings with their own EAB
 * (`[letsencrypt, {url: https://acme.zerossl.com/v2/DV90, eab-kid: ..., eab-hmac-key: ...}]`): the URLs as the
 * Action's list, the EABs beside them (SERVER_EAB_KEY).
 */
function serverInputs(value: unknown): [string, string | undefined][] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (!items.some(isObject)) return [['server', text('server', value)]];
  const eabs = items.filter(isObject).map((item) => {
    const unknown = Object.keys(item).find((key) => !SERVER_ITEM_KEYS.includes(key));
    if (unknown)
      throw new Error(`server: "${unknown}" is not a key of a server item; expected url, eab-kid, eab-hmac-key`);
    if (typeof item.url !== 'string' || item.url.trim() === '')
      throw new Error('server: an item without url; expected {url: https://..., eab-kid: ..., eab-hmac-key: ...}');
    return {
      server: item.url.trim(),
      kid: text('eab-kid', item['eab-kid']),
      hmacKey: text('eab-hmac-key', item['eab-hmac-key']),
    };
  });
  const urls = items.map((item) => (isObject(item) ? (item.url as string).trim() : text('server', item)));
  return [
    ['server', urls.join(',')],
    [SERVER_EAB_KEY, JSON.stringify(eabs)],
  ];
}

/** One mapping of the file, where it is, and its level. */
interface Place {
  readonly where: string;
  readonly level: FileLevel;
  readonly mapping: Record<string, unknown>;
}

/** Every mapping of the file that holds keys: the top level, each certificate entry, each zone. */
function placesOf(document: Record<string, unknown>, certificates: readonly unknown[]): Place[] {
  const places: Place[] = [{ where: '', level: 'top', mapping: document }];
  certificates.forEach((entry, index) => {
    const where = `certificates[${index}]: `;
    if (!isObject(entry)) throw new Error(`${where}not a mapping; expected keys such as domains and cert-name`);
    places.push({ where, level: 'certificate', mapping: entry });
    if (entry.zones === undefined) return;
    if (!isObject(entry.zones)) throw new Error(`${where}zones: expected a mapping of zone name to provider inputs`);
    for (const [zone, inputs] of Object.entries(entry.zones)) {
      if (!isObject(inputs))
        throw new Error(`${where}zones: ${zone} should map to provider inputs such as dns-provider`);
      places.push({ where: `certificates[${index}].zones.${zone}: `, level: 'zone', mapping: inputs });
    }
  });
  return places;
}

/** Refuses the first key that the file may not hold where it is. */
function checkKeys(places: readonly Place[]): void {
  const keys = fileKeys();
  for (const { where, level, mapping } of places) {
    for (const name of Object.keys(mapping)) {
      const problem = fileKeyProblem(name, level, keys);
      if (problem) throw new Error(`${where}${problem}`);
    }
  }
}

/** Tells `onSecret` every secret of the file, refused keys included: they were written down all the same. */
async function revealSecrets(places: readonly Place[], onSecret: ((value: string) => void) | undefined): Promise<void> {
  if (!onSecret) return;
  const secretInputs = new Map(ALL_INPUTS.filter((spec) => spec.secret || spec.secretFile).map((s) => [s.name, s]));
  // Only the keys a mapping holds are looked up: a file of 1,000 entries has 1,000 mappings.
  const specsOf = (values: object) => Object.keys(values).flatMap((key) => secretInputs.get(key) ?? []);
  for (const { mapping } of places) {
    const specs = specsOf(mapping);
    if (specs.length > 0) {
      const given = Object.fromEntries(
        Object.entries(mapping).map(([key, value]) => [key, isScalar(value) ? String(value ?? '') : undefined]),
      );
      for (const secret of [...secretsIn(given, specs), ...(await secretsInFiles(given, specs))]) onSecret(secret);
    }
    for (const item of Array.isArray(mapping.server) ? mapping.server : [])
      if (isObject(item) && isScalar(item['eab-hmac-key']) && item['eab-hmac-key'])
        onSecret(String(item['eab-hmac-key']));
    for (const values of deploySettings(mapping.deploy))
      for (const secret of secretsIn(values, specsOf(values))) onSecret(secret);
  }
}

/** The settings of each well-formed `deploy` item, by option name (a malformed one is refused later by the parser). */
function deploySettings(items: unknown): Record<string, string | undefined>[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    try {
      return [deployItemValues(item, 'deploy').values];
    } catch {
      return [];
    }
  });
}

function parseConcurrency(document: Record<string, unknown>): number {
  const concurrencyText = text('concurrency', document.concurrency) ?? '2';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new Error(`concurrency "${concurrencyText}" is not supported; expected a whole number from 1 to 16`);
  }
  return concurrency;
}

/**
 * What entries that differ only in their names have in common, parsed once: by the entry's
 * inputs without its names (CERTIFICATE_NAME_INPUTS). A file of 1,000 certificates that share
 * their CA, provider and policy parses them once, not 1,000 times, and holds one copy.
 */
type SharedParts = Map<
  string,
  { readonly settings: ReturnType<typeof parseCertificateSettings>; readonly policy: CertificateJob['policy'] }
>;

/** `inputs` without CERTIFICATE_NAME_INPUTS. */
const withoutNames = (inputs: RawInputs): RawInputs =>
  Object.fromEntries(
    Object.entries(inputs).filter(([key]) => !(CERTIFICATE_NAME_INPUTS as readonly string[]).includes(key)),
  );

/** One entry of `certificates`: its request (with a provider per zone), its renewal policy and deploy targets. */
function parseEntry(
  entry: Record<string, unknown>,
  context: {
    readonly inherited: RawInputs;
    readonly defaultNextRun: ConfigFileOptions['defaultNextRun'];
    /** The file's top-level `deploy`, for entries without their own. */
    readonly deploy: unknown;
    readonly shared: SharedParts;
  },
): CertificateJob {
  const own = inputsOf(entry, ['zones', 'deploy']);
  const raw = { ...context.inherited, ...own };
  // Entries with zones of their own are rare and routed apart: not shared. What the others share
  // is keyed by their own inputs alone: the inherited ones are the same for every entry.
  const key = entry.zones === undefined ? JSON.stringify(withoutNames(own)) : undefined;
  let parts = key === undefined ? undefined : context.shared.get(key);
  if (!parts) {
    const rest = withoutNames(raw);
    const routes = Object.entries(isObject(entry.zones) ? entry.zones : {}).map(([zone, inputs]) => ({
      zone: normalizeName(zone),
      provider: parseProvider({ ...rest, ...inputsOf(inputs as Record<string, unknown>, []) }),
    }));
    const provider =
      routes.length > 0 ? routeByZone(routes, rest['dns-provider'] ? parseProvider(rest) : undefined) : undefined;
    parts = {
      settings: parseCertificateSettings(rest, provider),
      policy: parseRenewalPolicy(rest, context.defaultNextRun),
    };
    if (key !== undefined) context.shared.set(key, parts);
  }
  const deploy = parseDeployItems(entry.deploy ?? context.deploy, raw);
  return {
    request: parseCertificateRequest(raw, undefined, parts.settings),
    policy: parts.policy,
    ...(deploy.length > 0 ? { deploy } : {}),
  };
}

/**
 * A YAML file listing several certificates. Top-level keys are inputs shared by all of them;
 * each entry of `certificates` adds its own, and its `zones` map gives a DNS provider per zone.
 * Precedence: the run's own inputs < the file's top level < the certificate's entry. A key the
 * file may not hold where it stands (unknown, misplaced, or a run's secret) is refused.
 *
 * ```yaml
 * concurrency: 2
 * dns-provider: rfc2136
 * rfc2136-server: ns1.example.com:53
 * certificates:
 *   - domains: [example.com, '*.example.com']
 *   - cert-name: shop
 *     domains: [shop.example.net]
 *     zones:
 *       example.net: { dns-provider: exec, exec-auth-hook: ./hooks/auth.sh }
 * ```
 */
export async function parseConfigFile(
  source: string,
  path: string,
  base: RawInputs,
  options: ConfigFileOptions = {},
): Promise<ConfigFile> {
  // Only config runs read YAML.
  const { parseYaml } = await import('../options/yaml.js');
  let document: unknown;
  try {
    document = parseYaml(source);
  } catch (error) {
    throw new Error(`config: ${path} ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(document) || !Array.isArray(document.certificates) || document.certificates.length === 0) {
    throw new Error(
      `config: ${path} has no certificates list; expected "certificates:" with at least one entry that has domains`,
    );
  }
  const entries: unknown[] = document.certificates;
  try {
    const places = placesOf(document, entries);
    await revealSecrets(places, options.onSecret);
    checkKeys(places);
    const concurrency = parseConcurrency(document);
    const runInputs = { ...base, ...inputsOf(document, ['certificates', 'concurrency', 'deploy']) };
    const names = new Set<string>();
    const shared: SharedParts = new Map();
    const certificates = entries.map((entry, index) => {
      try {
        const job = parseEntry(entry as Record<string, unknown>, {
          inherited: runInputs,
          defaultNextRun: options.defaultNextRun,
          deploy: document.deploy,
          shared,
        });
        if (names.has(job.request.name))
          throw new Error(`cert-name: "${job.request.name}" is used twice; give each certificate its own cert-name`);
        names.add(job.request.name);
        return job;
      } catch (error) {
        throw new Error(`certificates[${index}]: ${(error as Error).message}`, { cause: error });
      }
    });
    return { certificates, concurrency, runInputs };
  } catch (error) {
    throw new Error(`config: ${path}: ${(error as Error).message}`, { cause: error });
  }
}
