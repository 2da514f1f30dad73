import { getServers } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHttpClient, type HttpClient } from '../net/http.js';
import { accountKeyFrom } from '../acme/jws.js';
import { AcmeTransport } from '../acme/transport.js';
import type { CertonlyConfig } from '../config.js';
import { certificateFiles, type CertificateSummary } from '../crypto/certificate.js';
import { parseServerAddress, type ServerAddress } from '../dns/address.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { DnsResolver } from '../dns/resolver.js';
import type { Clock, Logger } from '../runtime.js';
import { ensureAccount, loadOrCreateAccountKey, type AccountSettings } from './account.js';
import { writeCertificateFiles, type WrittenPaths } from './files.js';
import { obtainCertificate, type ObtainedCertificate } from './obtain.js';
import type { GeneratedKey } from '../crypto/keys.js';

export const USER_AGENT = 'certwright/0.1 (+https://github.com/certwright/certwright)';

export interface EngineContext {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Told every private key before anything could print it (the Action masks them). */
  readonly onSecret?: (secret: string) => void;
  readonly onRecordsPlanned?: (records: readonly ChallengeRecord[]) => void | Promise<void>;
  readonly onRecordsRemoved?: () => void | Promise<void>;
}

export interface CertonlyResult {
  readonly summary: CertificateSummary;
  readonly paths: WrittenPaths;
  readonly accountUrl: string;
  readonly elapsedMs: number;
}

/** The system's recursive resolvers, for zone discovery when none are configured. */
function systemResolvers(): ServerAddress[] {
  return getServers().map((server) => parseServerAddress(server, 'system resolver'));
}

async function readCaFile(path: string | undefined): Promise<string | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new Error(`server-ca-file: cannot read ${path}; expected a PEM file with the CA that signed the ACME server's certificate`, { cause });
  }
}

/** The HTTP client for an ACME server, trusting the extra CA in `serverCaFile` if one is given. */
export async function httpClientFor(serverCaFile: string | undefined): Promise<HttpClient> {
  const extraCaPem = await readCaFile(serverCaFile);
  return createHttpClient({ userAgent: USER_AGENT, ...(extraCaPem ? { extraCaPem } : {}) });
}

export function resolverFor(config: CertonlyConfig): DnsResolver {
  return new DnsResolver({
    resolvers: config.resolvers ?? systemResolvers(),
    ...(config.nameservers ? { nameservers: config.nameservers } : {}),
  });
}

export function accountSettingsOf(config: CertonlyConfig): AccountSettings {
  return { emails: config.emails, agreeTos: config.agreeTos, ...(config.eab ? { eab: config.eab } : {}) };
}

/** Obtains a certificate for the config's names with an account transport already set up. */
export function obtainForConfig(
  config: CertonlyConfig,
  transport: AcmeTransport,
  context: EngineContext,
  extra: { key?: GeneratedKey; replaces?: string } = {},
): Promise<ObtainedCertificate> {
  const { logger, clock } = context;
  logger.info(`Requesting a certificate for ${config.domains.join(', ')} from ${config.server} using ${config.provider.description}`);
  return obtainCertificate(
    {
      domains: config.domains,
      keyType: config.keyType,
      propagation: config.propagation,
      ...(config.preferredChain ? { preferredChain: config.preferredChain } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
      ...(extra.key ? { key: extra.key } : {}),
      ...(extra.replaces ? { replaces: extra.replaces } : {}),
    },
    {
      transport,
      provider: config.provider.create({ logger, clock, env: context.env }),
      resolver: resolverFor(config),
      clock,
      logger,
      ...(context.onRecordsPlanned ? { onRecordsPlanned: context.onRecordsPlanned } : {}),
      ...(context.onRecordsRemoved ? { onRecordsRemoved: context.onRecordsRemoved } : {}),
    },
  );
}

/** Obtains a certificate for the config and writes its files: `certwright certonly`. */
export async function runCertonly(config: CertonlyConfig, context: EngineContext): Promise<CertonlyResult> {
  const { logger, clock } = context;
  const started = clock.now();
  const http = await httpClientFor(config.serverCaFile);
  const { key: accountPrivateKey, isNew } = await loadOrCreateAccountKey(config.accountKeyFile);
  const transport = new AcmeTransport({ http, directoryUrl: config.server, accountKey: await accountKeyFrom(accountPrivateKey), clock, logger });
  const account = await ensureAccount(transport, accountSettingsOf(config), isNew);
  logger.debug(`acme: account ${account.url}`);
  const obtained = await obtainForConfig(config, transport, context);
  context.onSecret?.(obtained.key.privateKeyPem);
  const paths = await writeCertificateFiles(join(config.outputDir, config.certName), certificateFiles(obtained.chainPem, obtained.key.privateKeyPem));
  return { summary: obtained.summary, paths, accountUrl: account.url, elapsedMs: clock.now() - started };
}
