import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';

/** What a release archive may hold at most, uncompressed: far above any npm package or wheel. */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** How many entries (directories included) a release archive may hold at most. */
export const MAX_ENTRIES = 50_000;

/**
 * A regular file, or a link: a release has no business shipping links, so they are listed with
 * their target as content (and compared like files), never followed.
 */
export type EntryType = 'file' | 'symlink' | 'hardlink';

/** What two entries at the same path are compared by. */
export interface EntryDigest {
  readonly type: EntryType;
  readonly size: number;
  /** SHA-256 of the content, hex. */
  readonly sha256: string;
}

/** One entry of an archive; directories are not entries. */
export interface ArchiveEntry extends EntryDigest {
  /** `/`-separated, without `./` or empty segments (and without npm's top folder when asked). */
  readonly path: string;
  /** The bytes of a file, the target of a link. Held for all: the archive is bounded. */
  readonly content: Buffer;
}

export interface ReadArchiveOptions {
  /**
   * Drop the first path segment, as npm does when it unpacks a package (`package/index.js` is
   * `index.js`, whatever the folder is called); an entry with nothing below it keeps its name.
   */
  readonly stripTopDirectory?: boolean;
}

/** An archive refused: unreadable, too large, or with a path no release should have. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

/** An entry as a reader found it, before its path is checked and normalized. */
interface RawEntry {
  readonly name: string;
  readonly type: EntryType | 'directory';
  readonly content: Buffer;
}

/**
 * Reads every file and link of a release archive, choosing the format by the file's name:
 * `.tgz`/`.tar.gz` (npm tarballs, Python sdists) or `.whl`/`.zip`. Refuses, with an
 * {@link ArchiveError}, archives over {@link MAX_ENTRIES} entries or
 * {@link MAX_UNCOMPRESSED_BYTES}, and entries with absolute paths, `..` segments, device
 * files or a path taken twice. Nothing is written to disk, so such paths could do no harm here;
 * they are refused because a release that has them is not one a build tool wrote.
 */
export async function readArchive(
  filename: string,
  bytes: Buffer,
  options: ReadArchiveOptions = {},
): Promise<ArchiveEntry[]> {
  const lower = filename.toLowerCase();
  let raw: RawEntry[];
  if (lower.endsWith('.tgz') || lower.endsWith('.tar.gz')) raw = await readTarGz(filename, bytes);
  else if (lower.endsWith('.whl') || lower.endsWith('.zip')) raw = await readZip(filename, bytes);
  else throw new ArchiveError(`archive: cannot tell the format of ${filename}; expected a .tgz, .tar.gz, .whl or .zip`);
  const entries = new Map<string, ArchiveEntry>();
  for (const { name, type, content } of raw) {
    // A directory's name is checked too: a release with a `../` folder is no ordinary one either.
    const path = entryPath(filename, name, options.stripTopDirectory ?? false);
    if (type === 'directory') continue;
    if (path === '')
      throw new ArchiveError(`archive: ${filename} has a ${type} without a name: ${JSON.stringify(name)}`);
    if (entries.has(path))
      throw new ArchiveError(`archive: ${filename} has two entries at ${path}; an unpacker keeps only one of them`);
    entries.set(path, { path, type, size: content.length, sha256: sha256Hex(content), content });
  }
  return [...entries.values()].sort((a, b) => byCodeUnits(a.path, b.path));
}

/** The checked, normalized path of an entry named `name`; empty for the archive's own `./`. */
function entryPath(filename: string, name: string, stripTopDirectory: boolean): string {
  if (/^([/\\]|[A-Za-z]:)/.test(name))
    throw new ArchiveError(`archive: ${filename} has an entry with an absolute path: ${name}`);
  const segments = name.split(/[/\\]/);
  if (segments.includes('..')) throw new ArchiveError(`archive: ${filename} has an entry with a .. segment: ${name}`);
  const kept = name.split('/').filter((s) => s !== '' && s !== '.');
  return (stripTopDirectory && kept.length > 1 ? kept.slice(1) : kept).join('/');
}

/** Counts what one archive holds, refusing it as soon as it is past a bound. */
class ArchiveBudget {
  private seen = 0;
  private bytes = 0;
  constructor(private readonly filename: string) {}

  entries(count: number): void {
    this.seen += count;
    if (this.seen > MAX_ENTRIES)
      throw new ArchiveError(
        `archive: ${this.filename} has more than ${MAX_ENTRIES} entries; refused as no release is this large`,
      );
  }

  content(size: number): void {
    this.bytes += size;
    if (this.bytes > MAX_UNCOMPRESSED_BYTES)
      throw new ArchiveError(
        `archive: ${this.filename} holds more than ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MiB uncompressed; ` +
          'refused as no release is this large',
      );
  }
}

/** A gzip-compressed tar, read as a stream: sizes are checked from each header before the content is inflated. */
async function readTarGz(filename: string, bytes: Buffer): Promise<RawEntry[]> {
  const budget = new ArchiveBudget(filename);
  const extract = tar.extract();
  // Headers, padding and whatever follows the end of the archive are not content; this bound
  // keeps a gzip bomb of zeros after the end from running on.
  const inflating = pipeline(
    Readable.from([bytes]),
    createGunzip(),
    atMostBytes(2 * MAX_UNCOMPRESSED_BYTES, filename),
    extract,
  );
  inflating.catch(() => undefined); // its error also ends the loop below, which reports it
  const entries: RawEntry[] = [];
  try {
    for await (const entry of extract) {
      budget.entries(1);
      const { name, type, size, linkname } = entry.header;
      budget.content(size);
      const content = await collect(entry);
      if (type === 'file' || type === 'contiguous-file') entries.push({ name, type: 'file', content });
      else if (type === 'symlink' || type === 'link')
        entries.push({ name, type: type === 'link' ? 'hardlink' : 'symlink', content: Buffer.from(linkname) });
      else if (type === 'directory') entries.push({ name, type, content });
      else
        throw new ArchiveError(
          `archive: ${filename} has ${type ? `a ${type}` : 'an entry of unknown type'} at ${name}; ` +
            'a release holds files, directories and links only',
        );
    }
    await inflating;
  } catch (cause) {
    if (cause instanceof ArchiveError) throw cause;
    throw new ArchiveError(`archive: ${filename} is not a readable gzip-compressed tar (${(cause as Error).message})`, {
      cause,
    });
  }
  return entries;
}

/** Passes at most `limit` bytes on, then fails the stream. */
function atMostBytes(limit: number, filename: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit) return done(null, chunk);
      done(
        new ArchiveError(
          `archive: ${filename} inflates to more than ${limit / 1024 / 1024} MiB; refused as no release is this large`,
        ),
      );
    },
  });
}

/**
 * A zip (wheels are zips), read through its central directory as pip and unzip do. The entry
 * count and each uncompressed size are checked before anything is inflated; yauzl holds every
 * entry to the size it declares.
 */
async function readZip(filename: string, bytes: Buffer): Promise<RawEntry[]> {
  const budget = new ArchiveBudget(filename);
  const entries: RawEntry[] = [];
  let zip: yauzl.ZipFile;
  try {
    // Names are decoded here, not by yauzl, so that a `..` or absolute path is refused with the
    // same message as in a tarball.
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false });
  } catch (cause) {
    throw new ArchiveError(`archive: ${filename} is not a readable zip (${(cause as Error).message})`, { cause });
  }
  try {
    budget.entries(zip.entryCount);
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      if (name.endsWith('/')) {
        entries.push({ name, type: 'directory', content: Buffer.alloc(0) });
        continue;
      }
      budget.content(entry.uncompressedSize);
      if (!entry.canDecodeFileData())
        throw new ArchiveError(
          `archive: ${filename} has ${name} encrypted or compressed with method ${entry.compressionMethod}; ` +
            'expected stored or deflated entries',
        );
      const content = await collect(await zip.openReadStreamPromise(entry));
      entries.push({ name, type: isZipSymlink(entry) ? 'symlink' : 'file', content });
    }
  } catch (cause) {
    if (cause instanceof ArchiveError) throw cause;
    throw new ArchiveError(`archive: ${filename} is not a readable zip (${(cause as Error).message})`, { cause });
  } finally {
    zip.close();
  }
  return entries;
}

/** A zip made on Unix keeps the file's mode in the high half of the external attributes. */
function isZipSymlink(entry: yauzl.Entry): boolean {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  return madeOnUnix && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Sorts the same on every machine, unlike localeCompare. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An entry both archives have, with different content or type. */
export interface ChangedEntry {
  readonly path: string;
  readonly local: EntryDigest;
  readonly published: EntryDigest;
}

/** How the published archive differs from the local one; each list sorted by path. */
export interface ArchiveDiff {
  /** Only in the published archive. */
  readonly added: string[];
  /** Only in the local archive. */
  readonly removed: string[];
  readonly changed: ChangedEntry[];
}

type DiffableEntry = EntryDigest & { readonly path: string };

/** What the published archive has that the local one does not, the other way round, and what differs. */
export function diffArchives(local: readonly DiffableEntry[], published: readonly DiffableEntry[]): ArchiveDiff {
  const mine = new Map(local.map((e) => [e.path, e]));
  const theirs = new Map(published.map((e) => [e.path, e]));
  const changed: ChangedEntry[] = [];
  for (const [path, l] of mine) {
    const p = theirs.get(path);
    if (p && (p.sha256 !== l.sha256 || p.type !== l.type))
      changed.push({ path, local: digestOf(l), published: digestOf(p) });
  }
  return {
    added: [...theirs.keys()].filter((path) => !mine.has(path)).sort(byCodeUnits),
    removed: [...mine.keys()].filter((path) => !theirs.has(path)).sort(byCodeUnits),
    changed: changed.sort((a, b) => byCodeUnits(a.path, b.path)),
  };
}

function digestOf({ type, size, sha256 }: EntryDigest): EntryDigest {
  return { type, size, sha256 };
}

/** Whether the two archives hold the same paths with the same content. */
export function isSameContent(diff: ArchiveDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export interface DiffWording {
  /** What the published side is called: `index` (PyPI), `registry` (npm). */
  readonly remote: string;
  /** Whether a changed file whose size changed shows `(412 → 398 bytes)`. */
  readonly sizes: boolean;
}

/**
 * One line for a report: `added on the index: evil.pth; missing on the index: README.md;
 * changed: pkg/__init__.py (412 → 398 bytes), pkg/x.py`, each list cut after `max` names. A
 * changed file shows local → published; an entry that became a link says so.
 */
export function describeDiff(
  diff: ArchiveDiff,
  max = 10,
  wording: DiffWording = { remote: 'index', sizes: true },
): string {
  const list = (names: readonly string[]) =>
    names.slice(0, max).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');
  const changed = diff.changed.map(({ path, local, published }) => {
    if (local.type !== published.type) return `${path} (${local.type} → ${published.type})`;
    return wording.sizes && local.size !== published.size ? `${path} (${local.size} → ${published.size} bytes)` : path;
  });
  return [
    diff.added.length ? `added on the ${wording.remote}: ${list(diff.added)}` : '',
    diff.removed.length ? `missing on the ${wording.remote}: ${list(diff.removed)}` : '',
    changed.length ? `changed: ${list(changed)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The Subresource Integrity string npm records: `sha512-<base64>`. */
export function sri(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** The fields of a Python package's core metadata (METADATA, PKG-INFO) that a release is checked by. */
export interface CoreMetadata {
  readonly name: string;
  readonly version: string;
  readonly requiresPython?: string;
}

/** One row of a wheel's RECORD: `path,sha256=<urlsafe base64>,size`, hash and size empty for RECORD itself. */
export interface RecordRow {
  readonly path: string;
  readonly hash: string;
  readonly size: string;
}

export interface WheelMetadata extends CoreMetadata {
  /** The `<name>-<version>.dist-info` folder. */
  readonly distInfo: string;
  readonly record: readonly RecordRow[];
  /**
   * Where the wheel and its RECORD disagree, one `path (problem)` each, sorted: empty for a
   * wheel whose every file is in RECORD with its hash and size, and nothing more.
   */
  readonly recordMismatches: readonly string[];
}

export interface SdistMetadata extends CoreMetadata {
  /** The folder PKG-INFO is in: `<name>-<version>`, as the sdist's builder spelled it. */
  readonly root: string;
}

/** Hashes RECORD may use (the wheel spec forbids md5 and sha1). */
const RECORD_HASHES = new Set(['sha256', 'sha384', 'sha512']);

/**
 * Reads a wheel's `*.dist-info/METADATA` and checks its `RECORD` (binary distribution format
 * spec): every file is listed with its hash and size, and every listed file is there.
 */
export function wheelMetadata(entries: readonly ArchiveEntry[]): WheelMetadata {
  const metadata = onlyOne(entries, /^[^/]+\.dist-info\/METADATA$/, 'wheel', '*.dist-info/METADATA');
  const distInfo = metadata.path.slice(0, -'/METADATA'.length);
  const recordEntry = entries.find((e) => e.path === `${distInfo}/RECORD`);
  if (!recordEntry) throw new Error(`wheel: ${distInfo}/RECORD is missing; every wheel lists its files there`);
  const record = parseCsv(recordEntry.content.toString('utf8')).map(([path = '', hash = '', size = '']) => ({
    path,
    hash,
    size,
  }));
  return {
    ...coreMetadata(metadata, 'wheel'),
    distInfo,
    record,
    recordMismatches: recordMismatches(entries, record, distInfo),
  };
}

/** Reads an sdist's `<name>-<version>/PKG-INFO` (from entries read without stripping the top folder). */
export function sdistMetadata(entries: readonly ArchiveEntry[]): SdistMetadata {
  const pkgInfo = onlyOne(entries, /^[^/]+\/PKG-INFO$/, 'sdist', '<name>-<version>/PKG-INFO');
  return { ...coreMetadata(pkgInfo, 'sdist'), root: pkgInfo.path.slice(0, -'/PKG-INFO'.length) };
}

function onlyOne(entries: readonly ArchiveEntry[], pattern: RegExp, component: string, expected: string): ArchiveEntry {
  const found = entries.filter((e) => pattern.test(e.path));
  if (found.length !== 1)
    throw new Error(
      `${component}: expected one ${expected}, ` +
        `found ${found.length === 0 ? 'none' : found.map((e) => e.path).join(', ')}`,
    );
  return found[0] as ArchiveEntry;
}

/** Name, Version and Requires-Python of a core metadata file: email-style headers, up to the first blank line. */
function coreMetadata(file: ArchiveEntry, component: string): CoreMetadata {
  const headers: [string, string][] = [];
  for (const line of file.content.toString('utf8').split(/\r?\n/)) {
    if (line === '') break;
    const last = headers.at(-1);
    if (/^[ \t]/.test(line)) {
      if (last) last[1] += ` ${line.trim()}`;
      continue;
    }
    const header = /^([A-Za-z0-9-]+):(.*)$/.exec(line);
    if (header) headers.push([(header[1] as string).toLowerCase(), (header[2] as string).trim()]);
  }
  const field = (key: string) => headers.find(([k]) => k === key)?.[1];
  const name = field('name');
  const version = field('version');
  if (!name || !version)
    throw new Error(
      `${component}: ${file.path} has no ${name ? 'Version' : 'Name'}; expected core metadata with Name and Version`,
    );
  const requiresPython = field('requires-python');
  return { name, version, ...(requiresPython ? { requiresPython } : {}) };
}

function recordMismatches(entries: readonly ArchiveEntry[], record: readonly RecordRow[], distInfo: string): string[] {
  const unlisted = new Set([`${distInfo}/RECORD`, `${distInfo}/RECORD.jws`, `${distInfo}/RECORD.p7s`]);
  const files = new Map(entries.map((e) => [e.path, e]));
  const listed = new Set<string>();
  const mismatches: { path: string; problem: string }[] = [];
  for (const row of record) {
    const problem = listed.has(row.path)
      ? 'listed twice in RECORD'
      : recordProblem(row, files.get(row.path), unlisted.has(row.path));
    listed.add(row.path);
    if (problem) mismatches.push({ path: row.path, problem });
  }
  for (const path of files.keys()) {
    if (!listed.has(path) && !unlisted.has(path)) mismatches.push({ path, problem: 'not in RECORD' });
  }
  return mismatches.sort((a, b) => byCodeUnits(a.path, b.path)).map(({ path, problem }) => `${path} (${problem})`);
}

/** What is wrong with one RECORD row, if anything. */
function recordProblem(row: RecordRow, file: ArchiveEntry | undefined, unlisted: boolean): string | undefined {
  if (!file) return 'in RECORD, not in the wheel';
  if (file.type !== 'file') return `a ${file.type}; a wheel holds regular files only`;
  if (row.hash === '') return unlisted ? undefined : 'no hash in RECORD';
  const algorithm = row.hash.slice(0, Math.max(0, row.hash.indexOf('=')));
  const expected = row.hash.slice(algorithm.length + 1);
  if (!RECORD_HASHES.has(algorithm))
    return `RECORD uses ${algorithm || 'no algorithm'}; expected sha256, sha384 or sha512`;
  const actual = createHash(algorithm).update(file.content).digest('base64url');
  if (actual !== expected) return `${algorithm} differs: RECORD has ${expected}, the file ${actual}`;
  if (row.size !== '' && row.size !== String(file.size))
    return `size differs: RECORD has ${row.size}, the file ${file.size} bytes`;
  return undefined;
}

/** The rows of a CSV file as Python's csv module writes them: `"` quotes, `""` escapes, `\n` or `\r\n` ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, field]);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}
