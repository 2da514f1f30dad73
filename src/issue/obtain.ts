import {
  answerChallenge,
  authorizedName,
  deactivateAuthorization,
  getAuthorization,
  validationProblem,
  type Authorization,
  type Challenge,
} from '../acme/authorization.js';
import { choosePreferredChain, downloadCertificateChains } from '../acme/certificate.js';
import { dns01TxtValue } from '../acme/jws.js';
import {
  finalizeOrder,
  invalidOrderProblem,
  newOrder,
  waitForOrder,
  type Order,
  type PollOptions,
} from '../acme/order.js';
import type { AcmeTransport } from '../acme/transport.js';
import { issuedCertificateProblems, type CertificateSummary } from '../crypto/certificate.js';
import { createCsr } from '../crypto/csr.js';
import { generateCertificateKey, type GeneratedKey } from '../crypto/keys.js';
import { planChallengeRecords, warmChallengeTargets } from '../dns/plan.js';
import { recordsStillServed, waitForTxtOnAuthoritativeNameservers } from '../dns/propagation.js';
import type { ChallengeRecord, DnsProvider } from '../dns/provider.js';
import type { DnsResolver } from '../dns/resolver.js';
import type { CertificateRequest } from './request.js';
import { errorMessage, type Clock, type Logger } from '../runtime.js';

/** What differs between a first issuance and a renewal. */
export interface ObtainOptions {
  /** The key, under way since before the account was looked up, and the CSR (prepareIssuance). */
  readonly prepared: PreparedIssuance;
  /** ARI identifier of the certificate this one replaces (RFC 9773 §5). */
  readonly replaces?: string;
}

/** The certificate key, under way, and its CSR, made on first ask (once). */
export interface PreparedIssuance {
  readonly key: Promise<GeneratedKey>;
  csr(): Promise<Uint8Array>;
}

/**
 * Starts what an order needs besides the CA, so it is done by the time the CA asks for it: the
 * certificate key (`key` to reuse one; else a new one, made on the thread pool) and where each
 * name's record goes (its CNAMEs and zone, cached in `resolver`). The CSR is made when first
 * asked for, which the order does while the CA validates: then the main thread has nothing
 * else to do. Nothing is sent to the CA or written to DNS.
 */
export function prepareIssuance(
  request: Pick<CertificateRequest, 'domains' | 'keyType'>,
  resolver: DnsResolver,
  key?: Promise<GeneratedKey>,
): PreparedIssuance {
  const keyPromise = key ?? generateCertificateKey(request.keyType);
  keyPromise.catch(() => undefined); // awaited by the order; no unhandled rejection meanwhile
  let csr: Promise<Uint8Array> | undefined;
  warmChallengeTargets(request.domains, resolver);
  return {
    key: keyPromise,
    csr: () => {
      csr ??= keyPromise.then((made) => createCsr(made, request.domains));
      csr.catch(() => undefined);
      return csr;
    },
  };
}

export interface ObtainDependencies {
  readonly transport: AcmeTransport;
  readonly provider: DnsProvider;
  readonly resolver: DnsResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Called with the records before any is created, so a crash can be cleaned up later, and
   * again once they exist if the provider gave them refs (its own IDs for them).
   */
  readonly onRecordsPlanned?: (records: readonly ChallengeRecord[]) => void | Promise<void>;
  /** Called once the records are gone again. */
  readonly onRecordsRemoved?: () => void | Promise<void>;
}

export interface ObtainedCertificate {
  readonly chainPem: string;
  readonly key: GeneratedKey;
  readonly summary: CertificateSummary;
  readonly orderUrl: string;
}

interface PendingChallenge {
  readonly authorization: Authorization;
  readonly challenge: Challenge;
  readonly domain: string;
}

// A CA may decide within milliseconds of the last answer (Pebble in 2-8 ms), a busy one within
// seconds: the first poll after 2 ms, each wait half as long again as the last (an answer is seen
// at most half the time spent waiting late; 15 polls in the first 2 s, about 20 in 20 s), at most
// every 5 s; a Retry-After the CA sends wins.
const POLL: Omit<PollOptions, 'clock'> = { timeoutMs: 180_000, intervalMs: 2, factor: 1.5, maxIntervalMs: 5_000 };

/**
 * Gets one certificate over dns-01: order, publish every TXT record at once, prove they are
 * served, answer all challenges together, then finalize and download while the records are
 * removed.
 */
export async function obtainCertificate(
  request: CertificateRequest,
  options: ObtainOptions,
  deps: ObtainDependencies,
): Promise<ObtainedCertificate> {
  const { transport, logger, clock } = deps;
  const started = clock.now();
  const { prepared } = options;
  let order = await newOrder(transport, {
    domains: request.domains,
    ...(request.ca.profile ? { profile: request.ca.profile } : {}),
    ...(options.replaces ? { replaces: options.replaces } : {}),
  });
  logger.debug(`acme: order ${order.url} is ${order.status}`);
  const pending = await pendingChallenges(transport, order);
  const reused = order.authorizations.length - pending.length;
  logger.info(
    `order placed: ${pending.length} name(s) ` +
      `to prove${reused > 0 ? `, ${reused} still valid from an earlier proof` : ''}`,
  );
  const proof =
    pending.length > 0 ? await proveControl(order, pending, request, deps, () => void prepared.csr()) : undefined;
  // The records go while the CA issues: nothing of finalizing needs them, and they are gone
  // (or noted for a later cleanup) before this returns, whatever happens.
  const { chainPem, key } = await whileRemoving(proof?.removal, async () => {
    const ready = await waitForOrder(transport, proof?.order ?? order, 'ready', { ...POLL, clock });
    const [key, csr] = await Promise.all([prepared.key, prepared.csr()]);
    order = await finalizeOrder(transport, ready, csr);
    order = await waitForOrder(transport, order, 'valid', { ...POLL, clock });
    return { chainPem: await download(transport, order, request.ca.preferredChain), key };
  });
  const { problems, summary } = issuedCertificateProblems(chainPem, key.keys.publicKey, request.domains, clock.now());
  if (problems.length > 0 || !summary) {
    throw new Error(
      `acme: the certificate the CA sent for order ${order.url} is not the one ordered (${problems.join('; ')}); ` +
        'it was not written: try again, and tell the CA if it repeats',
    );
  }
  logger.debug(`acme: certificate for ${request.domains.join(', ')} in ${clock.now() - started} ms`);
  return { chainPem, key, summary, orderUrl: order.url };
}

/** `a, b, c and 47 more`: a list short enough for one log line. */
function brief(items: readonly string[], shown = 3): string {
  return items.length <= shown
    ? items.join(', ')
    : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** Authorizations still to prove, each with its dns-01 challenge. Valid ones (reused) are skipped. */
async function pendingChallenges(transport: AcmeTransport, order: Order): Promise<PendingChallenge[]> {
  const authorizations = await Promise.all(order.authorizations.map((url) => getAuthorization(transport, url)));
  const pending: PendingChallenge[] = [];
  for (const { authorization } of authorizations) {
    if (authorization.status === 'valid') continue;
    const domain = authorizedName(authorization);
    if (authorization.status !== 'pending') {
      throw new Error(`acme: authorization for ${domain} is ${authorization.status}; start a new order`);
    }
    const challenge = authorization.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) {
      const offered = authorization.challenges.map((c) => c.type).join(', ');
      throw new Error(`acme: the CA offers no dns-01 challenge for ${domain} (offered: ${offered})`);
    }
    pending.push({ authorization, challenge, domain });
  }
  return pending;
}

/**
 * Runs `work` while `removal` (the records' cleanup) goes on, and waits for both. The first error
 * wins: a cleanup that fails after `work` failed does not hide why.
 */
async function whileRemoving<T>(removal: Promise<void> | undefined, work: () => Promise<T>): Promise<T> {
  removal?.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await removal?.catch(() => undefined);
    throw error;
  }
  await removal;
  return result;
}

/**
 * Publishes the records, answers the challenges and waits for the CA's verdict. Returns the
 * order, ready, and the removal of the records, under way. On failure the records are removed
 * before it throws. `whileValidating` runs once the challenges are answered, while the CA checks.
 */
async function proveControl(
  order: Order,
  pending: readonly PendingChallenge[],
  request: CertificateRequest,
  deps: ObtainDependencies,
  whileValidating?: () => void,
): Promise<{ order: Order; removal: Promise<void> }> {
  const { transport, provider, resolver, logger, clock } = deps;
  const challenges = await Promise.all(
    pending.map(async ({ challenge, domain }) => ({
      domain,
      value: await dns01TxtValue(challenge.token, transport.accountKey),
    })),
  );
  let records: readonly ChallengeRecord[] = await planChallengeRecords(challenges, resolver);
  for (const record of records) logger.debug(`dns: ${record.domain} -> TXT ${record.fqdn} in zone ${record.zone}`);
  const planned = clock.now();
  await deps.onRecordsPlanned?.(records);
  const remove = async () => {
    if (await removeRecords(provider, records, deps)) await deps.onRecordsRemoved?.();
  };
  let removal: Promise<void> | undefined;
  try {
    const created = await provider.createRecords(records);
    if (created) {
      records = created;
      await deps.onRecordsPlanned?.(records);
    }
    logger.info(
      `${records.length} TXT record(s) created with ${provider.name} in ${clock.now() - planned} ms: ` +
        `${brief([...new Set(records.map((r) => r.fqdn))])}`,
    );
    if (request.dns.propagation.mode === 'check') {
      await waitForTxtOnAuthoritativeNameservers(records, resolver, { ...request.dns.propagation, clock, logger });
    }
    await Promise.all(pending.map(({ challenge }) => answerChallenge(transport, challenge)));
    whileValidating?.();
    // One order to poll instead of every authorization (RFC 8555 §7.1.6: the order is ready once
    // all are valid, invalid once one is); the authorizations are read only to explain a failure.
    const decided = await waitForOrder(transport, order, 'ready', { ...POLL, clock, invalid: 'return' });
    if (decided.status === 'invalid') throw await validationFailure(transport, decided, pending);
    logger.info(
      `validated: the CA saw ${pending.length === 1 ? 'the TXT record' : `all ${pending.length} TXT records`}`,
    );
    removal = remove();
    return { order: decided, removal };
  } catch (error) {
    await deactivatePending(transport, pending, logger);
    throw error;
  } finally {
    if (!removal) await remove();
  }
}

/**
 * Why an order went invalid, from its authorizations: each failed validation names its domain
 * and the CA's problem; the order's own problem when none says more.
 */
async function validationFailure(
  transport: AcmeTransport,
  order: Order,
  pending: readonly PendingChallenge[],
): Promise<Error> {
  const current = await Promise.all(
    pending.map(({ authorization }) =>
      getAuthorization(transport, authorization.url).then(
        (fetched) => fetched.authorization,
        () => undefined,
      ),
    ),
  );
  const errors = current
    .filter((authorization): authorization is Authorization => authorization !== undefined)
    .filter((authorization) => authorization.status !== 'valid' && authorization.status !== 'pending')
    .map(validationProblem);
  const [first] = errors;
  if (!first) return invalidOrderProblem(order);
  return errors.length === 1 ? first : new Error(errors.map(errorMessage).join('; '), { cause: first });
}

/**
 * Deactivates the authorizations a failed attempt leaves pending (RFC 8555 §7.5.2), so none
 * lingers at the CA counting against its limits. Failures are warnings: the first error wins.
 */
async function deactivatePending(
  transport: AcmeTransport,
  pending: readonly PendingChallenge[],
  logger: Logger,
): Promise<void> {
  await Promise.all(
    pending.map(async ({ authorization, domain }) => {
      try {
        const { authorization: current } = await getAuthorization(transport, authorization.url);
        if (current.status !== 'pending') return;
        await deactivateAuthorization(transport, authorization.url);
        logger.debug(`acme: deactivated the pending authorization of ${domain} (${authorization.url})`);
      } catch (error) {
        logger.warn(`acme: could not deactivate the authorization of ${domain}: ${errorMessage(error)}`);
      }
    }),
  );
}

/** How long removing the records may take; a run ends within its propagation timeout plus this. */
export const CLEANUP_BOUND_MS = 10_000;

/**
 * Deletes the records, within CLEANUP_BOUND_MS. A failure is a warning: it must never hide the
 * error that came first, nor cost a certificate the CA is about to issue. After a failure the
 * authoritative nameservers say which records exist (creation may have failed first): only
 * those are reported, and they stay noted in the state or journal for the next run to remove.
 * Returns whether none is left.
 */
async function removeRecords(
  provider: DnsProvider,
  records: readonly ChallengeRecord[],
  deps: ObtainDependencies,
): Promise<boolean> {
  const { logger, resolver } = deps;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not removed within ${CLEANUP_BOUND_MS / 1000} s`)), CLEANUP_BOUND_MS);
  });
  try {
    await Promise.race([provider.deleteRecords(records), bound]);
    logger.info(`${records.length} TXT record(s) removed`);
    return true;
  } catch (error) {
    const { served, unchecked } = await recordsStillServed(records, resolver);
    if (served.length === 0 && unchecked.length === 0) {
      logger.debug(
        `${provider.name}: removing the TXT records failed (${errorMessage(error)}), ` +
          'but no nameserver serves them: none is left',
      );
      return true;
    }
    const names = (list: readonly ChallengeRecord[]) => [...new Set(list.map((r) => r.fqdn))].join(', ');
    const where = [
      served.length > 0 ? `at ${names(served)}` : '',
      unchecked.length > 0 ? `perhaps at ${names(unchecked)} (no nameserver answered)` : '',
    ]
      .filter(Boolean)
      .join(', and ');
    logger.warn(
      `${provider.name}: could not remove TXT records ${where}: ${errorMessage(error)}; ` +
        `they stay noted for the next cleanup (the Action's post step, or the next run for this certificate)`,
    );
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function download(transport: AcmeTransport, order: Order, preferredChain: string | undefined): Promise<string> {
  if (!order.certificate) throw new Error(`acme: order ${order.url} is valid but has no certificate URL`);
  const chains = await downloadCertificateChains(transport, order.certificate);
  return choosePreferredChain(chains, preferredChain).pem;
}
