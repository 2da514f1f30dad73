/**
 * The contract every DNS provider keeps (src/dns/provider.ts), checked through the provider alone
 * and the zone's authoritative nameservers, without an ACME server: create TXT values, see every
 * authoritative nameserver serve them, keep a value another run wrote, delete exactly the run's
 * own. The same scenarios run against each vendor's fake on the test bed (the test command, through
 * provider-scenarios.ts) and against the real vendor (`npm run test:live`, see live.ts), so a
 * maintainer with an account checks the reading of the vendor's API the fake encodes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { formatServerAddress } from '../dns/address.js';
import { recordsStillServed, waitForTxtOnAuthoritativeNameservers } from '../dns/propagation.js';
import type { ChallengeRecord, DnsProvider } from '../dns/provider.js';
import type { DnsResolver } from '../dns/resolver.js';
import { errorMessage, systemClock, type Logger } from '../runtime.js';

/** A provider writing into a zone, and how to watch that zone's authoritative nameservers. */
export interface ContractTarget {
  /** A new provider instance: one per run, as the engine makes them. */
  createProvider(): Promise<DnsProvider>;
  /** The zone the records go in, as the DNS core finds it by SOA. */
  readonly zone: string;
  /** Finds the zone and its authoritative nameservers, which are then asked directly. */
  readonly resolver: DnsResolver;
  /** How long the nameservers may take to serve a change the vendor's API has accepted. */
  readonly propagationTimeoutMs: number;
  /** Pause between two rounds of queries to the nameservers. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/** A name no earlier run used: `_acme-challenge.certwright-contract-<random>.<zone>`. */
export function freshChallengeName(zone: string): string {
  return `_acme-challenge.certwright-contract-${randomBytes(5).toString('hex')}.${zone}`;
}

/** A value shaped like a dns-01 digest (43 base64url characters), unique to this call. */
function freshValue(): string {
  return randomBytes(32).toString('base64url');
}

function challengeRecord(target: ContractTarget, fqdn: string, domain: string): ChallengeRecord {
  return { domain, fqdn, zone: target.zone, value: freshValue() };
}

/** Creates `records` and returns them as the provider wants them back for deletion (with its refs). */
async function create(provider: DnsProvider, records: readonly ChallengeRecord[]): Promise<readonly ChallengeRecord[]> {
  return (await provider.createRecords(records)) ?? records;
}

function servedEverywhere(target: ContractTarget, records: readonly ChallengeRecord[]): Promise<void> {
  return waitForTxtOnAuthoritativeNameservers(records, target.resolver, {
    timeoutMs: target.propagationTimeoutMs,
    intervalMs: target.intervalMs,
    clock: systemClock,
    logger: target.logger,
  });
}

/** Waits until every authoritative nameserver answers without any of `records`' values. */
async function goneEverywhere(target: ContractTarget, records: readonly ChallengeRecord[]): Promise<void> {
  const deadline = Date.now() + target.propagationTimeoutMs;
  for (;;) {
    const { served, unchecked } = await recordsStillServed(records, target.resolver);
    if (served.length === 0 && unchecked.length === 0) return;
    if (Date.now() + target.intervalMs > deadline) {
      const left = [
        ...served.map((r) => `${r.fqdn} still serves ${r.value}`),
        ...unchecked.map((r) => `${r.fqdn}: no answer`),
      ];
      throw new Error(`contract: after ${target.propagationTimeoutMs} ms: ${left.join('; ')}`);
    }
    await systemClock.sleep(target.intervalMs);
  }
}

/** Deletes what a scenario created, after it passed or failed; a failure here is logged, never hiding the first. */
async function cleanUp(
  target: ContractTarget,
  provider: DnsProvider,
  records: readonly ChallengeRecord[],
): Promise<void> {
  if (records.length === 0) return;
  try {
    await provider.deleteRecords(records);
  } catch (error) {
    target.logger.warn(`contract: cleanup of ${records[0]?.fqdn ?? ''} failed: ${errorMessage(error)}`);
  }
}

/** The scenarios, registered with node:test; `context` is called when a scenario runs. */
export function providerContractScenarios(context: () => ContractTarget): void {
  it('contract: the DNS core finds the zone by SOA, and its authoritative nameservers', async () => {
    const target = context();
    const name = freshChallengeName(target.zone);
    assert.equal(await target.resolver.findZone(name), target.zone);
    const servers = await target.resolver.authoritativeServers(target.zone);
    assert.ok(servers.length > 0, `${target.zone} has authoritative nameservers`);
    target.logger.info(`contract: ${target.zone} is served by ${servers.map(formatServerAddress).join(', ')}`);
  });

  it('contract: a TXT value at a new name is served by every authoritative nameserver, and gone after delete', async () => {
    const target = context();
    const provider = await target.createProvider();
    const fqdn = freshChallengeName(target.zone);
    let created: readonly ChallengeRecord[] = [challengeRecord(target, fqdn, fqdn.replace('_acme-challenge.', ''))];
    try {
      created = await create(provider, created);
      await servedEverywhere(target, created);
      await provider.deleteRecords(created);
      await goneEverywhere(target, created);
      created = [];
    } finally {
      await cleanUp(target, provider, created);
    }
  });

  it('contract: a wildcard and its apex put two values at one name in one call: both served, both removed', async () => {
    const target = context();
    const provider = await target.createProvider();
    const fqdn = freshChallengeName(target.zone);
    const apex = fqdn.replace('_acme-challenge.', '');
    let created: readonly ChallengeRecord[] = [
      challengeRecord(target, fqdn, apex),
      challengeRecord(target, fqdn, `*.${apex}`),
    ];
    try {
      created = await create(provider, created);
      assert.equal(created.length, 2, 'the provider gives back both records');
      await servedEverywhere(target, created);
      await provider.deleteRecords(created);
      await goneEverywhere(target, created);
      created = [];
    } finally {
      await cleanUp(target, provider, created);
    }
  });

  it('contract: a value another run wrote at the name is kept when this run deletes its own', async () => {
    const target = context();
    const [other, run] = [await target.createProvider(), await target.createProvider()];
    const fqdn = freshChallengeName(target.zone);
    const domain = fqdn.replace('_acme-challenge.', '');
    let foreign: readonly ChallengeRecord[] = [challengeRecord(target, fqdn, domain)];
    let own: readonly ChallengeRecord[] = [challengeRecord(target, fqdn, domain)];
    try {
      foreign = await create(other, foreign);
      await servedEverywhere(target, foreign);
      own = await create(run, own);
      await servedEverywhere(target, [...foreign, ...own]);
      await run.deleteRecords(own);
      await goneEverywhere(target, own);
      own = [];
      const { served } = await recordsStillServed(foreign, target.resolver);
      assert.equal(served.length, 1, "the other run's value is still served");
      await servedEverywhere(target, foreign);
    } finally {
      await cleanUp(target, run, own);
      await cleanUp(target, other, foreign);
    }
  });

  it('contract: deleting a value that was never created succeeds', async () => {
    const target = context();
    const provider = await target.createProvider();
    const fqdn = freshChallengeName(target.zone);
    await provider.deleteRecords([challengeRecord(target, fqdn, fqdn.replace('_acme-challenge.', ''))]);
  });
}
