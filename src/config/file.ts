import { normalizeName } from '../dns/names.js';
import { routeByZone } from '../dns/routing.js';
import type { CertificateJob } from '../renewal/renew.js';
import { ALL_INPUTS, fileKeyProblem, fileKeys, type FileLevel } from './file-keys.js';
import { parseCertificateRequest, parseProvider, parseRenewalPolicy, type RawInputs } from './inputs.js';
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
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A value as the Action would get it: text; a list joined with commas. A mapping is no value. */
function text(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) ? !value.every(isScalar) : !isScalar(value)) {
    throw new Error(`${key}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  }
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** The inputs a mapping of the file sets, `skip` (its nested keys) left out. */
function inputsOf(entry: Record<string, unknown>, skip: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(entry)
      .filter(([key]) => !skip.includes(key))
      .map(([key, value]) => [key, text(key, value)]),
  );
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
  for (const { mapping } of places) {
    const given = Object.fromEntries(
      Object.entries(mapping).map(([key, value]) => [key, isScalar(value) ? String(value ?? '') : undefined]),
    );
    for (const secret of [...secretsIn(given, ALL_INPUTS), ...(await secretsInFiles(given, ALL_INPUTS))])
      onSecret(secret);
  }
}

function parseConcurrency(document: Record<string, unknown>): number {
  const concurrencyText = text('concurrency', document.concurrency) ?? '2';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new Error(`concurrency "${concurrencyText}" is not supported; expected a whole number from 1 to 16`);
  }
  return concurrency;
}

/** One entry of `certificates`: its request (with a provider per zone) and its renewal policy. */
function parseEntry(
  entry: Record<string, unknown>,
  shared: RawInputs,
  defaultNextRun: ConfigFileOptions['defaultNextRun'],
): CertificateJob {
  const raw = { ...shared, ...inputsOf(entry, ['zones']) };
  const routes = Object.entries(isObject(entry.zones) ? entry.zones : {}).map(([zone, inputs]) => ({
    zone: normalizeName(zone),
    provider: parseProvider({ ...raw, ...inputsOf(inputs as Record<string, unknown>, []) }),
  }));
  const provider =
    routes.length > 0 ? routeByZone(routes, raw['dns-provider'] ? parseProvider(raw) : undefined) : undefined;
  return { request: parseCertificateRequest(raw, provider), policy: parseRenewalPolicy(raw, defaultNextRun) };
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
  const { parse } = (await import('yaml')).default; // CommonJS: module.exports is `default` // only config runs read YAML
  let document: unknown;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`config: ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
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
    const runInputs = { ...base, ...inputsOf(document, ['certificates', 'concurrency']) };
    const names = new Set<string>();
    const certificates = entries.map((entry, index) => {
      try {
        const job = parseEntry(entry as Record<string, unknown>, runInputs, options.defaultNextRun);
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
