import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import { acquireLockFile, processAlive } from '../fs/lock-file.js';
import { challengeRecordName, hostNameProblem, isInZone, normalizeName, quotedName } from '../dns/names.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { errorMessage, type Logger } from '../runtime.js';
import type { PendingCleanup } from './bundle.js';

/** A run's records in flight, with the process that created them. */
export interface JournalEntry extends PendingCleanup {
  readonly certName: string;
  readonly pid: number;
  readonly host: string;
}

/** An entry of another host cannot be checked for a live process: after a day it counts as left behind. */
const FOREIGN_HOST_GRACE_MS = 86_400_000;

/**
 * The TXT records the CLI has in flight, in a small file next to its account keys
 * (`records-in-flight.json`, 0600), for runs that keep no state (`certonly`): written before
 * the records are created, emptied when they are gone. A run killed with SIGKILL leaves its
 * entries; the next run for that certificate finds them (their process is gone) and removes
 * the records. Entries of a process still running are left alone. Only names and TXT values,
 * which are public in DNS anyway, are written: no key, no credential.
 */
export class RecordJournal {
  private pending: ((entries: JournalEntry[]) => JournalEntry[])[] = [];
  private written: Promise<void> = Promise.resolve();
  /** The journal as last read for leftBehind. */
  private snapshot: Promise<JournalEntry[]> | undefined;

  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** The entries of `certName` whose run is gone. */
  async leftBehind(certName: string, now: number): Promise<JournalEntry[]> {
    const host = hostname();
    // Read once per run, not once per certificate: only this run's own writes change it meanwhile, and they reset it.
    this.snapshot ??= this.read();
    return (await this.snapshot).filter(
      (e) =>
        e.certName === certName &&
        (e.host === host
          ? e.pid !== process.pid && !processAlive(e.pid)
          : now - Date.parse(e.createdAt) > FOREIGN_HOST_GRACE_MS),
    );
  }

  /** Notes this process's records of a certificate (replacing what it noted before for it). */
  note(entry: PendingCleanup & { readonly certName: string }): Promise<void> {
    const mine: JournalEntry = { ...entry, pid: process.pid, host: hostname() };
    return this.change((entries) => [
      ...entries.filter((e) => !(e.certName === entry.certName && e.pid === process.pid && e.host === mine.host)),
      mine,
    ]);
  }

  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName: string, entries?: readonly JournalEntry[]): Promise<void> {
    const host = hostname();
    const gone = (e: JournalEntry) =>
      entries
        ? entries.some(
            (x) => x.pid === e.pid && x.host === e.host && x.createdAt === e.createdAt && x.certName === e.certName,
          )
        : e.certName === certName && e.pid === process.pid && e.host === host;
    return this.change((list) => list.filter((e) => !gone(e)));
  }

  private async read(): Promise<JournalEntry[]> {
    const text = await readFileIfExists(this.path);
    if (text === undefined) return [];
    try {
      const parsed = JSON.parse(text) as { entries?: unknown };
      if (!Array.isArray(parsed.entries)) throw new Error('no entries list');
      return parsed.entries.filter(isEntry);
    } catch (error) {
      this.logger.warn(`${this.path} is not a records journal (${(error as Error).message}); starting a new one`);
      return [];
    }
  }

  /**
   * Read, change and write under a lock beside the file, so concurrent runs keep each other's
   * entries. Changes of this process made while a write is under way are applied together by
   * the next one (sixteen certificates at once do not queue on the lock file).
   */
  private change(update: (entries: JournalEntry[]) => JournalEntry[]): Promise<void> {
    this.pending.push(update);
    this.written = this.written
      .catch(() => undefined)
      .then(async () => {
        const updates = this.pending.splice(0);
        if (updates.length === 0) return;
        this.snapshot = undefined;
        const release = await acquireLockFile(`${this.path}.lock`, {
          what: `records journal ${this.path}`,
          timeoutMs: 10_000,
        });
        try {
          const before = await this.read();
          const after = updates.reduce((entries, apply) => apply(entries), before);
          if (after.length === 0) {
            if (before.length > 0) await rm(this.path, { force: true });
            return;
          }
          await writeFileAtomic(this.path, `${JSON.stringify({ entries: after }, null, 2)}\n`, 0o600);
        } finally {
          await release();
        }
      });
    return this.written;
  }
}

function isEntry(value: unknown): value is JournalEntry {
  const e = value as Partial<JournalEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.certName === 'string' &&
    typeof e.provider === 'string' &&
    typeof e.pid === 'number' &&
    typeof e.host === 'string' &&
    typeof e.createdAt === 'string' &&
    Array.isArray(e.records) &&
    e.records.every((r: unknown) => {
      const record = r as Partial<ChallengeRecord> | null;
      return typeof record?.fqdn === 'string' && typeof record.value === 'string';
    })
  );
}

/** A dns-01 TXT value: the base64url SHA-256 digest of a key authorization (RFC 8555 §8.4). */
const KEY_AUTHORIZATION_DIGEST = /^[A-Za-z0-9_-]{43}$/;

/**
 * Why a record read back from a crash record (the post step's step state, the state's
 * pendingCleanup, the CLI's journal) is not shaped like one certwright wrote for a certificate
 * of `domains`, or undefined when it is: a TXT value that is a key authorization digest, for one
 * of the certificate's names, at a host name inside its zone. Where the name goes comes next.
 */
function recordShapeProblem(record: unknown, domains: ReadonlySet<string>): string | undefined {
  if (typeof record !== 'object' || record === null) return 'it is not a record';
  const { type, domain, fqdn, zone, value } = record as Record<string, unknown>;
  if (type !== undefined && type !== 'TXT')
    return `its type is ${quotedName(typeof type === 'string' ? type : (JSON.stringify(type) ?? ''))}, not TXT`;
  if (typeof value !== 'string' || !KEY_AUTHORIZATION_DIGEST.test(value))
    return 'its value is not a key authorization digest (43 base64url characters)';
  if (typeof domain !== 'string' || !domains.has(normalizeName(domain)))
    return `${quotedName(String(domain))} is not a name of this certificate`;
  if (typeof fqdn !== 'string' || hostNameProblem(fqdn)) return 'its name is not a host name';
  if (typeof zone !== 'string' || hostNameProblem(zone) || !isInZone(fqdn, zone))
    return `its zone ${quotedName(String(zone))} does not hold it`;
  return undefined;
}

/**
 * The records of `records` that certwright wrote for `certificate`: shaped as recordShapeProblem
 * asks, at `_acme-challenge.<domain>` or where that name's CNAMEs lead now (`followCnames`).
 * Every other one is left where it is, with a warning: a tampered crash record must not make
 * cleanup delete someone else's records. Providers then delete only these names and values.
 */
export async function ownChallengeRecords(
  records: readonly unknown[],
  certificate: { readonly name: string; readonly domains: readonly string[] },
  followCnames: (name: string) => Promise<string>,
  warn: (line: string) => void,
): Promise<ChallengeRecord[]> {
  const domains = new Set(certificate.domains.map(normalizeName));
  const own: ChallengeRecord[] = [];
  for (const record of records) {
    const problem =
      recordShapeProblem(record, domains) ?? (await placeProblem(record as ChallengeRecord, followCnames));
    if (problem === undefined) own.push(record as ChallengeRecord);
    else
      warn(
        `not removing a record noted for ${certificate.name} (` +
          `${quotedName(String((record as Partial<ChallengeRecord> | null)?.fqdn))}): ${problem}; it does not look ` +
          `like one certwright wrote, so check it and remove it by hand if it is stale`,
      );
  }
  return own;
}

/** Why a well-shaped record is not where certwright puts its domain's challenge, or undefined. */
async function placeProblem(
  record: ChallengeRecord,
  followCnames: (name: string) => Promise<string>,
): Promise<string | undefined> {
  const fqdn = normalizeName(record.fqdn);
  const expected = challengeRecordName(normalizeName(record.domain));
  if (fqdn === expected) return undefined;
  try {
    if (normalizeName(await followCnames(expected)) === fqdn) return undefined;
    return `it is neither ${expected} nor where its CNAMEs lead`;
  } catch (error) {
    return `it is not ${expected}, and following its CNAMEs failed (${errorMessage(error)})`;
  }
}
