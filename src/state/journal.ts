import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeFolder, readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
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
 * The TXT records the CLI has in flight, for runs that keep no state (`certonly`): a private
 * folder next to its account keys (`records-in-flight/`, 0700) with one file per run and
 * certificate (0600), written before the records are created and removed once they are gone.
 * Each run writes and removes only its own files, so runs never wait for each other, and noting
 * costs one atomic write. A run killed with SIGKILL leaves its file; the next run for that
 * certificate finds it (its process is gone), removes the records and then the file. Files of
 * a process still running are left alone. Only names and TXT values, which are public in DNS
 * anyway, are written: no key, no credential.
 *
 * A note is written by rename but not fsynced: what it guards against is a run that dies (killed,
 * cancelled, out of memory), and the kernel keeps a dead process's writes. Forcing it to disk
 * would put a disk flush (2 ms and more) between the CA's challenge and the DNS change of every
 * order, for the one case it would add, a machine losing power in those milliseconds, which the
 * process ids the journal checks do not survive either.
 */
export class RecordJournal {
  /** The folder's file names, listed once per run: this run adds only its own files, which leftBehind skips. */
  private listing: Promise<string[]> | undefined;
  /** Where each left-behind entry was read, for forget. */
  private readonly files = new WeakMap<JournalEntry, string>();
  /** This process's writes per certificate, in the order they were asked for. */
  private readonly writes = new Map<string, Promise<void>>();
  /** The folder being made (private), once per run; forgotten if that failed, so the next note tries again. */
  private folderMade: Promise<unknown> | undefined;

  /** This machine's name, asked once per run (a no-op check of 1,000 certificates asked it 1,000 times). */
  private get host(): string {
    return (this.#host ??= hostname());
  }
  #host: string | undefined;

  constructor(
    readonly folder: string,
    private readonly logger: Logger,
  ) {}

  /** The entries of `certName` whose run is gone. */
  async leftBehind(certName: string, now: number): Promise<JournalEntry[]> {
    this.listing ??= this.list();
    const names = await this.listing;
    if (names.length === 0) return []; // the usual case: no run left anything
    const prefix = `${fileStem(certName)}.`;
    const entries: JournalEntry[] = [];
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
      const path = join(this.folder, name);
      const entry = await this.read(path);
      if (!entry || entry.certName !== certName || entry.pid === process.pid) continue;
      const gone =
        entry.host === this.host ? !processAlive(entry.pid) : now - Date.parse(entry.createdAt) > FOREIGN_HOST_GRACE_MS;
      if (!gone) continue;
      this.files.set(entry, path);
      entries.push(entry);
    }
    return entries;
  }

  /**
   * Makes the folder (0700) now, for a run about to order: noting the records, which happens on
   * the order's way between the CA's challenge and the DNS change, is then one write. A failure is
   * not thrown here: the note that needs the folder throws it.
   */
  prepare(): Promise<unknown> {
    if (!this.folderMade) {
      const made = makeFolder(this.folder, { private: true });
      this.folderMade = made;
      made.catch(() => {
        if (this.folderMade === made) this.folderMade = undefined;
      });
    }
    return this.folderMade;
  }

  /** Notes this process's records of a certificate (replacing what it noted before for it). */
  note(entry: PendingCleanup & { readonly certName: string }): Promise<void> {
    const mine: JournalEntry = { ...entry, pid: process.pid, host: this.host };
    const text = `${JSON.stringify(mine, null, 2)}\n`;
    return this.inOrder(entry.certName, async () => {
      await this.prepare();
      await writeFileAtomic(this.ownFile(entry.certName), text, 0o600, { sync: false });
    });
  }

  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName: string, entries?: readonly JournalEntry[]): Promise<void> {
    if (!entries) return this.inOrder(certName, () => removeFile(this.ownFile(certName)));
    const paths = entries.map((entry) => this.files.get(entry)).filter((path) => path !== undefined);
    return Promise.all(paths.map(removeFile)).then(() => undefined);
  }

  /** `<certificate>.<hash>.<pid>.<host>.json`: the name says whose it is; the content is checked all the same. */
  private ownFile(certName: string): string {
    return entryFile(this.folder, certName, process.pid, this.host);
  }

  private inOrder(certName: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(certName) ?? Promise.resolve()).catch(() => undefined).then(write);
    this.writes.set(certName, next);
    return next;
  }

  /** Two system calls, synchronous: every run that orders lists the folder before its first order. */
  private async list(): Promise<string[]> {
    if (existsSync(`${this.folder}.json`)) await this.adoptSingleFile();
    try {
      return readdirSync(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async read(path: string): Promise<JournalEntry | undefined> {
    const text = await readFileIfExists(path);
    if (text === undefined) return undefined; // removed meanwhile: its run finished
    try {
      const entry = JSON.parse(text) as unknown;
      if (!isEntry(entry)) throw new Error('not an entry of records in flight');
      return entry;
    } catch (error) {
      this.logger.warn(`${path} is not a records journal entry (${errorMessage(error)}); ignoring it`);
      return undefined;
    }
  }

  /**
   * Earlier versions kept every run's entries in one file, `records-in-flight.json`, beside the
   * folder, changed under a lock: its entries become files of the folder, then it goes.
   */
  private async adoptSingleFile(): Promise<void> {
    const single = `${this.folder}.json`;
    if ((await readFileIfExists(single)) === undefined) return;
    const release = await acquireLockFile(`${single}.lock`, { what: `records journal ${single}`, timeoutMs: 10_000 });
    try {
      const text = await readFileIfExists(single);
      if (text === undefined) return;
      let entries: unknown[] = [];
      try {
        const parsed = JSON.parse(text) as { entries?: unknown };
        if (!Array.isArray(parsed.entries)) throw new Error('no entries list');
        entries = parsed.entries;
      } catch (error) {
        this.logger.warn(`${single} is not a records journal (${errorMessage(error)}); removing it`);
      }
      for (const entry of entries.filter(isEntry)) {
        const path = entryFile(this.folder, entry.certName, entry.pid, entry.host);
        await writeFileAtomic(path, `${JSON.stringify(entry, null, 2)}\n`, 0o600);
      }
      await removeFile(single);
    } finally {
      await release();
    }
  }
}

/** Where the entry of `certName` by process `pid` on `host` is kept. */
function entryFile(folder: string, certName: string, pid: number, host: string): string {
  return join(folder, `${fileStem(certName)}.${pid}.${safePart(host)}.json`);
}

/** A certificate's part of a file name: readable, and a hash, since a name may hold any character. */
function fileStem(certName: string): string {
  return `${safePart(certName)}.${createHash('sha256').update(certName).digest('hex').slice(0, 12)}`;
}

function safePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
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
