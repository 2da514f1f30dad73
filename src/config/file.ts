import { normalizeName } from '../dns/names.js';
import { routeByZone } from '../dns/routing.js';
import type { CertificateJob } from '../renewal/renew.js';
import { parseCertificateRequest, parseProvider, parseRenewalPolicy, type RawInputs } from './inputs.js';

export interface ConfigFile {
  readonly certificates: readonly CertificateJob[];
  /** How many certificates are worked on at once. */
  readonly concurrency: number;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object') return undefined;
  return String(value);
}

function inputsOf(entry: Record<string, unknown>, skip: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !skip.includes(key)).map(([key, value]) => [key, text(value)]));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A YAML file listing several certificates. Top-level keys are inputs shared by all of them;
 * each entry of `certificates` adds its own, and its `zones` map gives a DNS provider per zone.
 * Precedence: the run's own inputs < the file's top level < the certificate's entry.
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
export async function parseConfigFile(source: string, path: string, base: RawInputs, defaultNextRun?: (now: Date) => Date | undefined): Promise<ConfigFile> {
  const { parse } = (await import('yaml')).default; // CommonJS: module.exports is `default` // only config runs read YAML
  let document: unknown;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`config: ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(document) || !Array.isArray(document.certificates) || document.certificates.length === 0) {
    throw new Error(`config: ${path} has no certificates list; expected "certificates:" with at least one entry that has domains`);
  }
  const concurrencyText = text(document.concurrency) ?? '2';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new Error(`config: ${path}: concurrency "${concurrencyText}" is not supported; expected a whole number from 1 to 16`);
  }
  const shared = { ...base, ...inputsOf(document, ['certificates', 'concurrency']) };
  const names = new Set<string>();
  const certificates = document.certificates.map((entry: unknown, index: number) => {
    const where = `config: ${path}: certificates[${index}]`;
    if (!isObject(entry)) throw new Error(`${where} is not a mapping; expected keys such as domains and cert-name`);
    const raw = { ...shared, ...inputsOf(entry, ['zones']) };
    try {
      const zones = entry.zones;
      if (zones !== undefined && !isObject(zones)) throw new Error('zones: expected a mapping of zone name to provider inputs');
      const routes = Object.entries(zones ?? {}).map(([zone, inputs]) => {
        if (!isObject(inputs)) throw new Error(`zones: ${zone} should map to provider inputs such as dns-provider`);
        return { zone: normalizeName(zone), provider: parseProvider({ ...raw, ...inputsOf(inputs, []) }) };
      });
      const provider = routes.length > 0 ? routeByZone(routes, raw['dns-provider'] ? parseProvider(raw) : undefined) : undefined;
      const request = parseCertificateRequest(raw, provider);
      if (names.has(request.name)) throw new Error(`cert-name: "${request.name}" is used twice; give each certificate its own cert-name`);
      names.add(request.name);
      return { request, policy: parseRenewalPolicy(raw, defaultNextRun) };
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
  return { certificates, concurrency };
}
