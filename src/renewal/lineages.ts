import { ariCertificateId } from '../acme/ari.js';
import { revokeCertificate, type RevocationReason } from '../acme/certificate.js';
import { summarizeCertificate, type CertificateSummary } from '../crypto/certificate.js';
import type { KeyType } from '../crypto/keys.js';
import type { AcmeSession } from '../issue/session.js';
import type { CertificateFacts, DeployedState, Lineage, RevocationState, StateBundle } from '../state/bundle.js';
import { decideRenewal } from './decide.js';

export interface LineageListing {
  readonly name: string;
  readonly domains: readonly string[];
  readonly keyType: KeyType;
  readonly notAfter: Date;
  readonly daysLeft: number;
  /** `expired` wins over `revoked`, as in certbot. */
  readonly status: 'valid' | 'expired' | 'revoked';
  readonly revoked?: RevocationState;
  /** For a revoked certificate: when it was revoked (the next renewal replaces it). */
  readonly nextRenewal: Date;
  readonly serial: string;
  /** What each deploy target holds, by target key (an older serial: the next run deploys the current one). */
  readonly deployed?: Readonly<Record<string, DeployedState>>;
}

/** Reads what the state keeps of a certificate (done once, at issuance). */
export async function readCertificateFacts(
  chainPem: string,
  summary = summarizeCertificate(chainPem),
): Promise<CertificateFacts> {
  const ariId = await ariCertificateId(chainPem).catch(() => null); // no AKI: ARI cannot name it
  return { subject: summary.subject, issuer: summary.issuer, domains: summary.domains, ariId };
}

/**
 * The current certificate of a lineage, from its stored facts and newest history entry, so a
 * no-op check parses nothing. A lineage of an older bundle is read once (`read: true`: store it).
 */
export async function currentCertificate(
  lineage: Lineage,
): Promise<{ summary: CertificateSummary; facts: CertificateFacts; read: boolean }> {
  const newest = lineage.history.at(-1);
  if (lineage.facts && newest) {
    const { subject, issuer, domains } = lineage.facts;
    return {
      facts: lineage.facts,
      read: false,
      summary: {
        subject,
        issuer,
        domains,
        serial: newest.serial,
        notBefore: new Date(newest.notBefore),
        notAfter: new Date(newest.notAfter),
      },
    };
  }
  const summary = summarizeCertificate(lineage.chainPem);
  return { summary, facts: await readCertificateFacts(lineage.chainPem, summary), read: true };
}

/** The ID that fixes a certificate's renewal point: its ARI ID, else its serial. */
export function renewalId(summary: CertificateSummary, facts: CertificateFacts): string {
  return facts.ariId ?? summary.serial;
}

/** Why the lineage's certificate must be replaced whatever its dates say: it was revoked. */
export function revocationReason(lineage: Lineage): string | undefined {
  const { revoked } = lineage;
  return revoked && `the certificate was revoked (${revoked.reason}) at ${revoked.at}`;
}

/** What `certwright certificates` shows: each lineage with expiry, status and its next renewal. */
export async function listLineages(
  bundle: StateBundle,
  now: number,
  renewBeforeDays?: number,
): Promise<LineageListing[]> {
  return Promise.all(
    Object.values(bundle.lineages).map(async (lineage): Promise<LineageListing> => {
      const { summary, facts } = await currentCertificate(lineage);
      const { revoked } = lineage;
      const ari = lineage.renewalInfo;
      const decision = decideRenewal({
        notBefore: summary.notBefore,
        notAfter: summary.notAfter,
        now,
        certificateId: renewalId(summary, facts),
        ...(renewBeforeDays !== undefined ? { renewBeforeDays } : {}),
        ...(ari ? { ariWindow: { start: new Date(ari.windowStart), end: new Date(ari.windowEnd) } } : {}),
      });
      return {
        name: lineage.name,
        domains: lineage.domains,
        keyType: lineage.keyType,
        notAfter: summary.notAfter,
        daysLeft: Math.floor((summary.notAfter.getTime() - now) / 86_400_000),
        status: summary.notAfter.getTime() <= now ? 'expired' : revoked ? 'revoked' : 'valid',
        ...(revoked ? { revoked } : {}),
        nextRenewal: revoked ? new Date(revoked.at) : decision.renewAt,
        serial: summary.serial,
        ...(lineage.deployed ? { deployed: lineage.deployed } : {}),
      };
    }),
  );
}

export const REVOCATION_REASONS: Readonly<Record<string, RevocationReason>> = {
  unspecified: 0,
  keycompromise: 1,
  affiliationchanged: 3,
  superseded: 4,
  cessationofoperation: 5,
};

/**
 * Revokes a lineage's current certificate with the account that holds it (RFC 8555 §7.6).
 * `trustFile` is the extra CA for the ACME server's TLS, as in the request.
 */
export async function revokeLineage(
  bundle: StateBundle,
  name: string,
  reason: RevocationReason,
  acme: AcmeSession,
  trustFile?: string,
): Promise<string> {
  const lineage = lineageNamed(bundle, name);
  if (lineage.revoked) {
    throw new Error(
      `cert-name: ${name} was already revoked (${lineage.revoked.reason}) at ${lineage.revoked.at}; ` +
        'certwright renew replaces it, certwright delete removes it from the state',
    );
  }
  if (!bundle.accounts[lineage.server])
    throw new Error(`state: no account for ${lineage.server} in the state, so ${name} cannot be revoked from here`);
  const ca = {
    directoryUrl: lineage.server,
    account: { emails: [], agreeTos: false },
    ...(trustFile ? { trustFile } : {}),
  };
  await acme.account(ca);
  await revokeCertificate(await acme.transport(ca), lineage.chainPem, reason);
  return summarizeCertificate(lineage.chainPem).serial;
}

/** The bundle with the named lineage marked revoked: its next renewal replaces it. */
export function markRevoked(bundle: StateBundle, name: string, revoked: RevocationState): StateBundle {
  return { ...bundle, lineages: { ...bundle.lineages, [name]: { ...lineageNamed(bundle, name), revoked } } };
}

/** The bundle without the named lineage. */
export function deleteLineage(bundle: StateBundle, name: string): StateBundle {
  lineageNamed(bundle, name);
  const { [name]: _removed, ...lineages } = bundle.lineages;
  return { ...bundle, lineages };
}

function lineageNamed(bundle: StateBundle, name: string): Lineage {
  const lineage = bundle.lineages[name];
  if (!lineage) throw new Error(`cert-name: no certificate named "${name}" in the state; see certwright certificates`);
  return lineage;
}
