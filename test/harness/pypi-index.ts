/**
 * A local Python package index that speaks what twine and pip speak, as strictly as PyPI
 * (Warehouse) does, for tests of the release verifier: no PyPI server runs here.
 *
 * - Upload: `POST /legacy/` (`twine upload --repository-url ${uploadUrl}`), checked in
 *   Warehouse's order (`warehouse/forklift/legacy.py`) with its messages: API token in Basic auth
 *   (`__token__`), form fields, digests, duplicates, the archive, then the file name (PEP 427
 *   wheels, PEP 625 sdists). An optional `attestations` field (PEP 740) is kept as the file's
 *   provenance with an unknown (null) publisher; PyPI itself only takes it from Trusted Publishers.
 * - Simple API: `/simple/` and `/simple/<name>/`, PEP 503 HTML or PEP 691 JSON by `Accept`.
 * - Files: `/files/<filename>` (PyPI serves them from files.pythonhosted.org).
 * - JSON API: `/pypi/<name>/json` and `/pypi/<name>/<version>/json`.
 * - Integrity API (PEP 740): `/integrity/<name>/<version>/<filename>/provenance`.
 *
 * Not served: PEP 658 core metadata (`core-metadata` is false, so pip downloads the whole file),
 * yanking, deletion. Identical re-uploads answer 200 and change nothing, as on PyPI; a different
 * file under a used name (or the same bytes under another name) is "File already exists".
 *
 * Build and upload with Debian's Python (`DEBIAN_PYTHON`): `python3` on PATH may be a pyenv shim
 * without `build`, `venv` or `pip` (scripts/setup.sh installs twine, python3-build, python3-venv
 * and python3-pip for the test command). Debian's setuptools 66 writes file names from the
 * project name as given, so only lowercase letters-and-digits names (`cwalpha`) give file names
 * PyPI accepts; `cw-alpha` gives `cw-alpha-1.0.tar.gz`, which PyPI (and this index) refuses.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sodium from 'libsodium-wrappers';

const run = promisify(execFile);

/** Debian's Python, which has `build`, `venv` and `pip` (the pyenv `python3` on PATH may not). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

const HELP = 'https://pypi.org/help/';
const CORE_METADATA_HELP = 'https://packaging.python.org/specifications/core-metadata';
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const SIMPLE_API_VERSION = '1.4';
const MIME_SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';
const MIME_SIMPLE_HTML = 'application/vnd.pypi.simple.v1+html';
const MIME_INTEGRITY_JSON = 'application/vnd.pypi.integrity.v1+json';
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since',
  'Access-Control-Allow-Methods': 'GET',
  'Access-Control-Max-Age': '86400',
  'Access-Control-Expose-Headers': 'X-PyPI-Last-Serial',
};

export interface PypiIndexOptions {
  /** The API token uploads must carry; a random `pypi-...` string by default. */
  readonly token?: string;
  /** Upload times come from here. */
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/** One request as the index answered it. */
export interface IndexRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly status: number;
}

/** A stored distribution file as the APIs report it (after `tamper`, the tampered one). */
export interface IndexFile {
  readonly project: string;
  readonly version: string;
  readonly filename: string;
  readonly packagetype: 'sdist' | 'bdist_wheel';
  readonly bytes: Buffer;
  readonly size: number;
  readonly sha256: string;
  readonly md5: string;
  readonly blake2_256: string;
  readonly uploadTime: Date;
  /** The PEP 740 provenance object the Integrity API serves, or null. */
  readonly provenance: unknown;
}

export interface PypiIndex {
  /** `http://127.0.0.1:PORT`, under which `/simple/`, `/files/`, `/pypi/` and `/integrity/` live. */
  readonly url: string;
  /** `${url}/legacy/`, for `twine upload --repository-url`. */
  readonly uploadUrl: string;
  /** The API token to upload with (`-u __token__ -p TOKEN`). */
  readonly token: string;
  /** The index runs in this process, so it has no PID of its own. */
  readonly pid?: number;
  /** Every request, in order. */
  readonly requests: readonly IndexRequest[];
  /** Sets the provenance object (PEP 740) the Integrity API serves for a file; null removes it. */
  setProvenance(filename: string, provenance: unknown): void;
  /** Replaces a file's bytes; the APIs then report the new digests and size, as a compromised index would. */
  tamper(filename: string, bytes: Uint8Array): void;
  files(): IndexFile[];
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Names (PEP 503) and versions (PEP 440), as `packaging.utils` and `packaging.version` treat them.

const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

interface Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre?: readonly [string, number];
  readonly post?: number;
  readonly dev?: number;
  readonly local?: string;
}

const VERSION_PATTERN =
  /^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?(?<post>-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?(?<dev>[-_.]?dev[-_.]?(?<devN>[0-9]+)?)?)(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;
const PRE_LETTERS: Record<string, string> = {
  alpha: 'a',
  a: 'a',
  beta: 'b',
  b: 'b',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
  rc: 'rc',
};

/** A PEP 440 version, or undefined when `text` is not one. */
function parseVersion(text: string): Version | undefined {
  const groups = VERSION_PATTERN.exec(text)?.groups;
  if (!groups) return undefined;
  return {
    epoch: Number(groups.epoch ?? 0),
    release: (groups.release ?? '0').split('.').map(Number),
    ...(groups.pre ? { pre: [PRE_LETTERS[groups.preL!.toLowerCase()]!, Number(groups.preN ?? 0)] as const } : {}),
    ...(groups.post ? { post: Number(groups.postN1 ?? groups.postN2 ?? 0) } : {}),
    ...(groups.dev ? { dev: Number(groups.devN ?? 0) } : {}),
    ...(groups.local
      ? {
          local: groups.local
            .toLowerCase()
            .split(/[-_.]/)
            .map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part))
            .join('.'),
        }
      : {}),
  };
}

/** `str(packaging.version.Version(...))`; with `stripZeros`, `canonicalize_version`. */
function formatVersion(version: Version, stripZeros = false): string {
  let release = version.release.join('.');
  if (stripZeros) release = release.replace(/(\.0)+$/, '');
  return [
    version.epoch ? `${version.epoch}!` : '',
    release,
    version.pre ? `${version.pre[0]}${version.pre[1]}` : '',
    version.post !== undefined ? `.post${version.post}` : '',
    version.dev !== undefined ? `.dev${version.dev}` : '',
    version.local ? `+${version.local}` : '',
  ].join('');
}

function canonicalVersion(text: string): string | undefined {
  const version = parseVersion(text);
  return version && formatVersion(version, true);
}

/** The release without trailing zeros: 1.0.0 and 1 are the same version. */
function significantRelease(version: Version): number[] {
  const release = [...version.release];
  while (release.length > 1 && release.at(-1) === 0) release.pop();
  return release;
}

/** Orders versions as `packaging` does (local labels aside: PyPI refuses them). */
function compareVersions(a: Version, b: Version): number {
  const key = (v: Version): number[] => {
    const pre = v.pre
      ? [['a', 'b', 'rc'].indexOf(v.pre[0]), v.pre[1]]
      : v.post === undefined && v.dev !== undefined
        ? [-Infinity, 0]
        : [Infinity, 0];
    return [v.epoch, ...significantRelease(v), -Infinity, ...pre, v.post ?? -Infinity, v.dev ?? Infinity];
  };
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Archives: just enough of tar and zip to list their members, as Warehouse checks them.

/** Member names of a gzipped tar, or undefined when it is not one (`tarfile.is_tarfile`). */
function listTarGz(bytes: Buffer): string[] | undefined {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    return undefined;
  }
  const members: string[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const stored = parseInt(header.subarray(148, 156).toString('latin1').replace(/\0.*$/, '').trim(), 8);
    const sum = header.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 32 : byte), 0);
    if (stored !== sum) return members.length ? members : undefined;
    const field = (from: number, to: number): string =>
      header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    const type = field(156, 157);
    if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type !== 'g') {
      const prefix = field(257, 263).startsWith('ustar') ? field(345, 500) : '';
      members.push(longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)));
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

interface ZipEntry {
  readonly name: string;
  /** Compression method: 0 stored, 8 deflated. */
  readonly method: number;
}

/** Entries of a zip's central directory, or undefined when it is not a zip (`zipfile.is_zipfile`). */
function listZip(bytes: Buffer): ZipEntry[] | undefined {
  const from = Math.max(0, bytes.length - 65_557);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  const entries: ZipEntry[] = [];
  for (let offset = bytes.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const nameLength = bytes.readUInt16LE(offset + 28);
    entries.push({
      name: bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
      method: bytes.readUInt16LE(offset + 10),
    });
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return entries;
}

/** `os.path.commonpath` of archive member names ('' when they share no top-level folder). */
function commonPath(names: readonly string[]): string {
  const split = names.map((name) => name.split('/').filter((part) => part && part !== '.'));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).join('/');
}

/** `_is_valid_dist_file`: the message when the file is not a plausible sdist or wheel. */
function distFileProblem(filename: string, bytes: Buffer): string | undefined {
  const zip = listZip(bytes);
  const tar = listTarGz(bytes);
  if (zip && tar) return 'File is both a zip and a tar file';
  if (filename.endsWith('.zip') || filename.endsWith('.whl')) {
    if (!zip) return 'File is not a zipfile';
    if (zip.some((entry) => entry.method !== 0 && entry.method !== 8))
      return 'File does not use a supported compression type';
    const names = new Set(zip.map((entry) => entry.name));
    if (filename.endsWith('.zip')) return sdistTopLevelProblem([...names]);
    const [name, version, rest] = pythonSplit(filename, 2);
    if (rest === undefined) return 'Unable to parse name and version from wheel filename';
    const wheel = `${name}-${version}.dist-info/WHEEL`;
    return names.has(wheel) ? undefined : `WHEEL not found at ${wheel}`;
  }
  if (!tar) return 'File is not a tarfile';
  return sdistTopLevelProblem(tar);
}

function sdistTopLevelProblem(names: readonly string[]): string | undefined {
  const top = commonPath(names);
  if (!top) return 'Incorrect number of top-level directories in sdist';
  const pkgInfo = `${top}/PKG-INFO`;
  return names.some((name) => commonPath([name]) === pkgInfo) ? undefined : `PKG-INFO not found at ${pkgInfo}`;
}

/** Python's `text.split('-', splits)`. */
function pythonSplit(text: string, splits: number): string[] {
  const parts = text.split('-');
  return parts.length <= splits + 1 ? parts : [...parts.slice(0, splits), parts.slice(splits).join('-')];
}

// ---------------------------------------------------------------------------------------------
// File names: PEP 527 extensions, PEP 427 wheels, PEP 625 sdists, as Warehouse checks them.

const FILETYPE_EXTENSIONS: Record<string, readonly string[]> = { sdist: ['.zip', '.tar.gz'], bdist_wheel: ['.whl'] };
const ALLOWED_PLATFORMS = new Set([
  'any',
  'win32',
  'win_arm64',
  'win_amd64',
  'win_ia64',
  'manylinux1_x86_64',
  'manylinux1_i686',
  'manylinux2010_x86_64',
  'manylinux2010_i686',
  'manylinux2014_x86_64',
  'manylinux2014_i686',
  'manylinux2014_aarch64',
  'manylinux2014_armv7l',
  'manylinux2014_ppc64',
  'manylinux2014_ppc64le',
  'manylinux2014_s390x',
  'linux_armv6l',
  'linux_armv7l',
]);
const MACOSX_ARCHES = new Set([
  'ppc',
  'ppc64',
  'i386',
  'x86_64',
  'arm64',
  'intel',
  'fat',
  'fat3',
  'fat64',
  'universal',
  'universal2',
]);
const LINUX_ARCHES = new Set(['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64']);

/** `_valid_platform_tag`: platforms PyPI takes wheels for (not `linux_x86_64`). */
function validPlatformTag(tag: string): boolean {
  if (ALLOWED_PLATFORMS.has(tag)) return true;
  const mac = /^macosx_(\d+)_(\d+)_(.*)$/.exec(tag);
  if (mac)
    return (
      MACOSX_ARCHES.has(mac[3]!) &&
      (mac[1] === '10' || (['11', '12', '13', '14', '15', '26'].includes(mac[1]!) && mac[2] === '0'))
    );
  const linux = /^(many|musl)linux_\d+_\d+_(.*)$/.exec(tag);
  if (linux) return LINUX_ARCHES.has(linux[2]!) || (linux[1] === 'many' && linux[2] === 'ppc64');
  if (/^ios_\d+_\d+_(arm64|x86_64)_(iphoneos|iphonesimulator)$/.test(tag)) return true;
  if (/^android_\d+_(armeabi_v7a|arm64_v8a|x86|x86_64)$/.test(tag)) return true;
  return /^pyemscripten_\d+_\d+_wasm32$/.test(tag);
}

/** `_validate_filename`: characters and extension. */
function filenameProblem(filename: string, filetype: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what PyPI refuses here
  if (/[\x00-\x1f\x7f]/.test(filename)) {
    return 'Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.';
  }
  if (filename.includes('/') || filename.includes('\\')) return "Cannot upload a file with '/' or '\\' in the name.";
  const extension = /.+?(\.(tar\.gz|zip|whl))$/i.exec(filename)?.[1];
  if (!extension) {
    return 'Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information';
  }
  if (!FILETYPE_EXTENSIONS[filetype]!.includes(extension)) {
    return `Invalid file extension: Extension ${extension} is invalid for filetype ${filetype}. See https://www.python.org/dev/peps/pep-0527 for more information.`;
  }
  return undefined;
}

/** PEP 625: `{normalized name with _}-{normalized version}.tar.gz`. */
function sdistNameProblem(filename: string, projectName: string, version: Version): string | undefined {
  const stem = filename.replace(/\.(tar\.gz|zip)$/, '');
  const dash = stem.lastIndexOf('-');
  if (dash < 0 || !parseVersion(stem.slice(dash + 1))) return `Invalid source distribution filename: ${filename}`;
  const normalized = normalizeProjectName(projectName);
  if (normalizeProjectName(stem.slice(0, dash)) !== normalized) {
    return `Start filename for ${pyRepr(projectName)} with ${pyRepr(normalized.replace(/-/g, '_'))}.`;
  }
  const expected = `${normalized.replace(/-/g, '_')}-${formatVersion(version)}.tar.gz`;
  return filename === expected ? undefined : `Filename ${pyRepr(filename)} is invalid, should be ${pyRepr(expected)}.`;
}

/** PEP 427 as `packaging.utils.parse_wheel_filename` and Warehouse read it. */
function wheelNameProblem(filename: string, projectName: string, version: Version): string | undefined {
  const stem = filename.slice(0, -'.whl'.length);
  const dashes = stem.split('-').length - 1;
  if (dashes !== 4 && dashes !== 5) return `Invalid wheel filename (wrong number of parts): ${pyRepr(stem)}`;
  const parts = pythonSplit(stem, dashes - 2);
  const [namePart, versionPart] = parts as [string, string];
  if (namePart.includes('__') || !/^[\w.]*$/u.test(namePart)) return `Invalid project name: ${pyRepr(stem)}`;
  const fileVersion = parseVersion(versionPart);
  if (!fileVersion) return `Invalid wheel filename (invalid version): ${pyRepr(stem)}`;
  if (dashes === 5 && !/^\d/.test(parts[2]!)) return `Invalid build number: ${parts[2]} in ${pyRepr(stem)}`;
  const platforms = parts.at(-1)!.split('-')[2]?.split('.') ?? [];
  const unsupported = platforms.find((platform) => !validPlatformTag(platform));
  if (unsupported) return `Binary wheel '${filename}' has an unsupported platform tag '${unsupported}'.`;
  const normalized = normalizeProjectName(projectName).replace(/-/g, '_');
  if (normalizeProjectName(namePart) !== normalizeProjectName(projectName))
    return `Start filename for ${pyRepr(projectName)} with ${pyRepr(normalized)}.`;
  if (namePart !== normalized) {
    return `Filename ${pyRepr(filename)} should contain the normalized project name ${pyRepr(normalized)}, not ${pyRepr(namePart)}.`;
  }
  if (formatVersion(fileVersion, true) !== formatVersion(version, true)) {
    return `Version in filename should be ${pyRepr(formatVersion(version))} not ${pyRepr(formatVersion(fileVersion))}.`;
  }
  return undefined;
}

/** Wheel contents Warehouse reads after the name checks: RECORD and METADATA. */
function wheelContentsProblem(filename: string, bytes: Buffer): string | undefined {
  const names = new Set((listZip(bytes) ?? []).map((entry) => entry.name));
  const [name, version] = pythonSplit(filename, 2);
  const distInfo = `${name}-${version}.dist-info`;
  if (!names.has(`${distInfo}/RECORD`))
    return `Wheel '${filename}' does not contain the required RECORD file: ${distInfo}/RECORD`;
  if (!names.has(`${distInfo}/METADATA`))
    return `Wheel '${filename}' does not contain the required METADATA file: ${distInfo}/METADATA`;
  return undefined;
}

/** Python's `repr()` of a string, as Warehouse's messages quote values. */
function pyRepr(text: string): string {
  return text.includes("'") && !text.includes('"')
    ? `"${text}"`
    : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// ---------------------------------------------------------------------------------------------
// The store: projects, their releases and files, and the journal serial PyPI reports.

interface StoredFile {
  readonly filename: string;
  readonly packagetype: 'sdist' | 'bdist_wheel';
  readonly pythonVersion: string;
  readonly comment: string | null;
  readonly uploadTime: Date;
  bytes: Buffer;
  sha256: string;
  md5: string;
  blake2_256: string;
  provenance: unknown;
}

interface Release {
  /** `str(Version)`: the normalized version. */
  readonly version: string;
  readonly parsed: Version;
  /** The core metadata of the upload that created the release, by form field name. */
  readonly metadata: Readonly<Record<string, string | string[]>>;
  readonly files: StoredFile[];
}

interface Project {
  /** The name as last uploaded: PyPI keeps the latest spelling. */
  name: string;
  readonly normalized: string;
  readonly releases: Release[];
  lastSerial: number;
}

interface Located {
  readonly project: Project;
  readonly release: Release;
  readonly file: StoredFile;
}

/** An upload that passed every check, ready to store. */
interface AcceptedUpload {
  readonly name: string;
  readonly version: Version;
  readonly metadata: Record<string, string | string[]>;
  readonly file: Omit<StoredFile, 'uploadTime'>;
}

function digests(bytes: Buffer): Pick<StoredFile, 'sha256' | 'md5' | 'blake2_256'> {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    blake2_256: sodium.to_hex(sodium.crypto_generichash(32, bytes, null)),
  };
}

class PackageStore {
  private readonly projects = new Map<string, Project>();
  /** The journal's last serial (`X-PyPI-Last-Serial`): one entry per stored file. */
  serial = 0;

  constructor(private readonly now: () => Date) {}

  project(name: string): Project | undefined {
    return this.projects.get(normalizeProjectName(name));
  }

  /** The release whose version equals `version` (`1.0` finds `1.0.0`), as `release_factory` looks it up. */
  release(project: Project, version: string): Release | undefined {
    const canonical = canonicalVersion(version);
    return project.releases.find((release) => formatVersion(release.parsed, true) === canonical);
  }

  /** `latest_release_factory`: final releases before pre-releases, then the highest version. */
  latestRelease(project: Project): Release | undefined {
    const prerelease = (r: Release): number => (r.parsed.pre || r.parsed.dev !== undefined ? 1 : 0);
    return [...project.releases].sort(
      (a, b) => prerelease(a) - prerelease(b) || compareVersions(b.parsed, a.parsed),
    )[0];
  }

  projectsByName(): Project[] {
    return [...this.projects.values()].sort((a, b) => (a.normalized < b.normalized ? -1 : 1));
  }

  /** A project's files by version, then file name, as the Simple API lists them. */
  filesOf(project: Project): Located[] {
    return project.releases
      .flatMap((release) => release.files.map((file) => ({ project, release, file })))
      .sort(
        (a, b) => compareVersions(a.release.parsed, b.release.parsed) || (a.file.filename < b.file.filename ? -1 : 1),
      );
  }

  all(): Located[] {
    return this.projectsByName().flatMap((project) => this.filesOf(project));
  }

  locate(filename: string): Located | undefined {
    return this.all().find((located) => located.file.filename === filename);
  }

  /** `_is_duplicate_file`: true for the same file again, false when its name or bytes are taken, undefined when new. */
  duplicate(filename: string, hashes: Pick<StoredFile, 'sha256' | 'blake2_256'>): boolean | undefined {
    const { file } =
      this.all().find(({ file }) => file.filename === filename || file.blake2_256 === hashes.blake2_256) ?? {};
    return file && file.filename === filename && file.sha256 === hashes.sha256 && file.blake2_256 === hashes.blake2_256;
  }

  add(upload: AcceptedUpload): void {
    const normalized = normalizeProjectName(upload.name);
    const project = this.projects.get(normalized) ?? { name: upload.name, normalized, releases: [], lastSerial: 0 };
    this.projects.set(normalized, project);
    project.name = upload.name;
    let release = this.release(project, formatVersion(upload.version));
    if (!release) {
      release = {
        version: formatVersion(upload.version),
        parsed: upload.version,
        metadata: upload.metadata,
        files: [],
      };
      project.releases.push(release);
    }
    release.files.push({ ...upload.file, uploadTime: this.now() });
    project.lastSerial = ++this.serial;
  }
}

// ---------------------------------------------------------------------------------------------
// Upload (`warehouse/forklift/legacy.py: file_upload`), checked in Warehouse's order.

/** A request PyPI refuses: the status and Warehouse's message. */
class Rejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Metadata fields of the upload form kept on the release for the JSON API; the list ones repeat. */
const METADATA_FIELDS = [
  'summary',
  'description',
  'description_content_type',
  'keywords',
  'license',
  'license_expression',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'requires_python',
  'home_page',
  'download_url',
] as const;
const METADATA_LIST_FIELDS = [
  'classifiers',
  'platform',
  'project_urls',
  'requires_dist',
  'provides_extra',
  'provides_extras',
  'dynamic',
  'license_file',
] as const;

/** The upload form after Warehouse's `sanitize`: `UNKNOWN` and empty values count as absent. */
class UploadForm {
  constructor(private readonly data: FormData) {
    for (const [key, value] of data) {
      if (key !== 'content' && key !== 'gpg_signature' && typeof value !== 'string')
        throw new Rejection(400, `${key}: Should not be a tuple.`);
    }
  }

  static async read(req: http.IncomingMessage): Promise<UploadForm> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) throw new Rejection(413, 'Upload too large.');
      chunks.push(chunk);
    }
    try {
      const response = new Response(Buffer.concat(chunks), {
        headers: { 'Content-Type': req.headers['content-type'] ?? '' },
      });
      return new UploadForm(await response.formData());
    } catch (error) {
      if (error instanceof Rejection) throw error;
      throw new Rejection(400, 'Upload payload is not valid multipart/form-data.');
    }
  }

  text(name: string): string | undefined {
    return this.texts(name)[0];
  }

  texts(name: string): string[] {
    return this.data
      .getAll(name)
      .filter((value): value is string => typeof value === 'string' && value !== '' && value.trim() !== 'UNKNOWN');
  }

  content(): File | undefined {
    const value = this.data.get('content');
    return value !== null && typeof value !== 'string' ? value : undefined;
  }

  metadata(): Record<string, string | string[]> {
    const metadata: Record<string, string | string[]> = {};
    for (const field of METADATA_FIELDS) {
      const value = this.text(field);
      if (value !== undefined) metadata[field] = value;
    }
    for (const field of METADATA_LIST_FIELDS) {
      const values = this.texts(field);
      if (values.length) metadata[field] = values;
    }
    return metadata;
  }
}

/** `UploadForm.validate` (`warehouse/forklift/forms.py`), with the view's message formats. */
function checkUploadForm(form: UploadForm): void {
  const name = form.text('name') ?? '';
  const nameError = !name
    ? 'This field is required.'
    : PROJECT_NAME.test(name)
      ? undefined
      : "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.";
  if (nameError)
    throw new Rejection(
      400,
      `${pyRepr(name)} is an invalid value for Name. Error: ${nameError} See ${CORE_METADATA_HELP} for more information.`,
    );
  const filetype = form.text('filetype');
  if (!filetype) throw new Rejection(400, 'Invalid value for filetype. Error: This field is required.');
  if (!(filetype in FILETYPE_EXTENSIONS))
    throw new Rejection(400, 'Invalid value for filetype. Error: Use a known file type.');
  for (const [field, label] of [
    ['sha256_digest', 'SHA256'],
    ['blake2_256_digest', 'BLAKE2'],
  ] as const) {
    const value = form.text(field);
    if (value !== undefined && !/^[A-F0-9]{64}$/i.test(value))
      throw new Rejection(400, `Invalid value for ${field}. Error: Use a valid, hex-encoded, ${label} message digest.`);
  }
  const pyversion = form.text('pyversion');
  if (filetype !== 'sdist' && !pyversion)
    throw new Rejection(
      400,
      'Invalid value for pyversion. Error: Python version is required for binary distribution uploads.',
    );
  if (filetype === 'sdist' && pyversion && pyversion !== 'source')
    throw new Rejection(400, "Invalid value for pyversion. Error: Use 'source' as Python version for an sdist.");
  if (!form.text('md5_digest') && !form.text('sha256_digest') && !form.text('blake2_256_digest'))
    throw new Rejection(400, 'Error: Include at least one message digest.');
}

const SUPPORTED_METADATA_VERSIONS = new Set(['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5']);

/** `metadata.parse(form_data=...)`: the core metadata PyPI checks; returns the parsed version. */
function checkMetadata(form: UploadForm): Version {
  const fail = (message: string, see = CORE_METADATA_HELP): never => {
    throw new Rejection(400, `${message}${message.endsWith('.') ? '' : '.'} See ${see} for more information.`);
  };
  const metadataVersion = form.text('metadata_version') ?? fail("'metadata-version' is a required field");
  if (!SUPPORTED_METADATA_VERSIONS.has(metadataVersion))
    fail(`${pyRepr(metadataVersion)} is not a valid metadata version`);
  const text = form.text('version') ?? fail("'version' is a required field");
  const version = parseVersion(text) ?? fail(`${pyRepr(text)} is invalid for 'version'`);
  if (version.local) {
    fail(
      `The use of local versions in '${formatVersion(version)}' is not allowed`,
      'https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers',
    );
  }
  const requiresPython = form.text('requires_python');
  if (
    requiresPython &&
    !requiresPython.split(',').every((spec) => /^\s*(~=|===?|!=|<=?|>=?)\s*[\w.*!+-]+\s*$/.test(spec))
  ) {
    fail(`${pyRepr(requiresPython)} is invalid for 'requires-python'`);
  }
  return version;
}

/** PEP 740 `attestations` form field: a JSON list of one or two attestation objects. */
function parseAttestations(text: string): unknown[] {
  const fail = (why: string): never => {
    throw new Rejection(400, `Invalid attestations supplied during upload: ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return fail(`Malformed attestations: ${(cause as Error).message}`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))
  ) {
    return fail('Malformed attestations: expected a JSON list of attestation objects');
  }
  if (parsed.length === 0) fail('Malformed attestations: an empty attestation set is not permitted');
  if (parsed.length > 2) fail('A maximum of 2 attestations per file are supported');
  return parsed;
}

/** True when `authorization` carries `token` (Basic with user `__token__`, or `Bearer`/`token`), as Warehouse reads it. */
function carriesToken(authorization: string | undefined, token: string): boolean {
  const [scheme = '', credentials = ''] = (authorization ?? '').split(/ (.*)/s);
  let candidate: string | undefined;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0 && decoded.slice(0, colon) === '__token__') candidate = decoded.slice(colon + 1).trim();
  } else if (['token', 'bearer'].includes(scheme.toLowerCase())) candidate = credentials;
  const [given, expected] = [Buffer.from(candidate ?? ''), Buffer.from(token)];
  return candidate !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `:action` routing Warehouse does before the upload view. */
function checkAction(action: string | undefined): void {
  if (action === 'submit' || action === 'submit_pkg_info') {
    throw new Rejection(410, 'Project pre-registration is no longer required or supported, upload your files instead.');
  }
  if (action === 'doc_upload')
    throw new Rejection(
      410,
      'Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.',
    );
  // PyPI shows its upload help page for anything else; a stand-in had better say what is missing.
  if (action !== 'file_upload')
    throw new Rejection(400, `Missing or unknown ':action' ${pyRepr(action ?? '')}: use 'file_upload'.`);
}

/**
 * Runs Warehouse's checks on an upload. Returns the upload to store, or null for a file PyPI
 * already has with the same bytes (which it answers 200 without storing anything).
 */
async function checkUpload(
  form: UploadForm,
  authorization: string | undefined,
  token: string,
  store: PackageStore,
): Promise<AcceptedUpload | null> {
  checkAction(form.text(':action'));
  if (!carriesToken(authorization, token)) {
    throw new Rejection(
      403,
      `Invalid or non-existent authentication information. See ${HELP}#invalid-auth for more information.`,
    );
  }
  if ((form.text('protocol_version') ?? '1') !== '1') throw new Rejection(400, 'Unknown protocol version.');
  checkUploadForm(form);
  const version = checkMetadata(form);
  const content = form.content();
  if (!content) throw new Rejection(400, 'Upload payload does not have a file.');
  const [name, filetype, filename] = [
    form.text('name')!,
    form.text('filetype') as 'sdist' | 'bdist_wheel',
    content.name,
  ];
  rejectIf(400, filenameProblem(filename, filetype));
  if (!content.type || content.type.startsWith('image/')) throw new Rejection(400, 'Invalid distribution file.');
  const bytes = Buffer.from(await content.arrayBuffer());
  const hashes = digests(bytes);
  const sent = {
    md5: form.text('md5_digest'),
    sha256: form.text('sha256_digest'),
    blake2_256: form.text('blake2_256_digest'),
  };
  if (
    Object.entries(sent).some(
      ([algorithm, value]) => value !== undefined && value.toLowerCase() !== hashes[algorithm as keyof typeof hashes],
    )
  ) {
    throw new Rejection(400, 'The digest supplied does not match a digest calculated from the uploaded file.');
  }
  const duplicate = store.duplicate(filename, hashes);
  if (duplicate) return null;
  // "File already exists" must start the message: twine's --skip-existing looks for it.
  if (duplicate === false) {
    const message = `File already exists (${pyRepr(filename)}, with blake2_256 hash ${pyRepr(hashes.blake2_256)}). See ${HELP}#file-name-reuse for more information.`;
    throw new Rejection(400, message);
  }
  const project = store.project(name);
  const release = project && store.release(project, formatVersion(version));
  if (filetype === 'sdist' && release?.files.some((file) => file.packagetype === 'sdist'))
    throw new Rejection(400, 'Only one sdist may be uploaded per release.');
  const distProblem = distFileProblem(filename, bytes);
  if (distProblem !== undefined) throw new Rejection(400, `Invalid distribution file. ${distProblem}`);
  rejectIf(
    400,
    filetype === 'sdist'
      ? sdistNameProblem(filename, name, version)
      : (wheelNameProblem(filename, name, version) ?? wheelContentsProblem(filename, bytes)),
  );
  const attestations = form.text('attestations');
  const provenance =
    attestations === undefined
      ? null
      : { version: 1, attestation_bundles: [{ publisher: null, attestations: parseAttestations(attestations) }] };
  const file = {
    filename,
    packagetype: filetype,
    pythonVersion: form.text('pyversion') ?? 'source',
    comment: form.text('comment') ?? null,
    bytes,
    ...hashes,
    provenance,
  };
  return { name, version, metadata: form.metadata(), file };
}

function rejectIf(status: number, problem: string | undefined): void {
  if (problem !== undefined) throw new Rejection(status, problem);
}

// ---------------------------------------------------------------------------------------------
// Replies.

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** The status line's reason phrase: Warehouse puts its messages there, and twine shows them. */
  readonly reason?: string;
}

function jsonReply(
  status: number,
  value: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): Reply {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: `${JSON.stringify(value)}\n` };
}

/** A Pyramid HTTP exception with its message, as `_exc_with_message` sends it. */
function messageReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    reason: message.replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?'),
    headers: { 'Content-Type': 'text/plain; charset=UTF-8', ...headers },
    body: `${status} ${http.STATUS_CODES[status] ?? ''}\n\n${message}\n`,
  };
}

const OK: Reply = { status: 200, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body: '' };
const notFound = (): Reply => jsonReply(404, { message: 'Not Found' }, 'application/json', CORS_HEADERS);
const movedPermanently = (location: string): Reply => ({
  status: 301,
  headers: { ...CORS_HEADERS, Location: location },
});
const methodNotAllowed = (allow: string): Reply => messageReply(405, 'Method Not Allowed', { Allow: allow });

/** WebOb's `acceptable_offers`: offers the Accept header allows, best first; all of them without one. */
function acceptableOffers(accept: string | undefined, offers: readonly string[]): string[] {
  if (!accept?.trim()) return [...offers];
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return { range, q: q ? Number(q.slice(2)) : 1 };
  });
  const scored = offers.map((offer, index) => {
    const match =
      ranges.find((r) => r.range === offer) ??
      ranges.find((r) => r.range === `${offer.split('/')[0]}/*`) ??
      ranges.find((r) => r.range === '*/*');
    return { offer, index, q: match && Number.isFinite(match.q) ? match.q : 0 };
  });
  return scored
    .filter((s) => s.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((s) => s.offer);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Python's `datetime.isoformat()` of a naive UTC time, plus the `Z` Warehouse adds. */
function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === '000' ? '' : `.${ms}000`)) + 'Z';
}

// ---------------------------------------------------------------------------------------------
// Read APIs. `base` is the index URL: file and provenance URLs are absolute, as on PyPI.

const fileUrl = (base: string, file: StoredFile): string => `${base}/files/${encodeURIComponent(file.filename)}`;
const provenanceUrl = (base: string, { project, release, file }: Located): string =>
  `${base}/integrity/${project.normalized}/${encodeURIComponent(release.version)}/${encodeURIComponent(file.filename)}/provenance`;
const simpleType = (accept: string | undefined): string =>
  acceptableOffers(accept, ['text/html', MIME_SIMPLE_HTML, MIME_SIMPLE_JSON])[0] ?? 'text/html';

/** `GET /simple/` (`warehouse/api/simple.py: simple_index`). */
function simpleIndex(store: PackageStore, accept: string | undefined): Reply {
  const type = simpleType(accept);
  const headers = { ...CORS_HEADERS, Vary: 'Accept', 'X-PyPI-Last-Serial': String(store.serial) };
  const projects = store.projectsByName();
  if (type === MIME_SIMPLE_JSON) {
    const meta = { 'api-version': SIMPLE_API_VERSION, '_last-serial': store.serial };
    return jsonReply(
      200,
      { meta, projects: projects.map((p) => ({ name: p.name, '_last-serial': p.lastSerial })) },
      type,
      headers,
    );
  }
  const links = projects.map((p) => `    <a href="/simple/${p.normalized}/">${escapeHtml(p.name)}</a>\n`).join('');
  const html =
    `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta name="pypi:repository-version" content="${SIMPLE_API_VERSION}">\n` +
    `    <title>Simple index</title>\n  </head>\n  <body>\n${links}  </body>\n</html>\n`;
  return { status: 200, headers: { ...headers, 'Content-Type': `${type}; charset=utf-8` }, body: html };
}

/** `GET /simple/<name>/` (`simple_detail`): PEP 503 HTML, or PEP 691 JSON with PEP 740 `provenance`. */
function simpleDetail(store: PackageStore, base: string, project: Project, accept: string | undefined): Reply {
  const type = simpleType(accept);
  const headers = { ...CORS_HEADERS, Vary: 'Accept', 'X-PyPI-Last-Serial': String(project.lastSerial) };
  const located = store.filesOf(project);
  const files = located.map((entry) => ({
    filename: entry.file.filename,
    url: fileUrl(base, entry.file),
    hashes: { sha256: entry.file.sha256 },
    'requires-python': (entry.release.metadata.requires_python as string | undefined) ?? null,
    size: entry.file.bytes.length,
    'upload-time': isoUtc(entry.file.uploadTime),
    yanked: false,
    'data-dist-info-metadata': false,
    'core-metadata': false,
    provenance: entry.file.provenance ? provenanceUrl(base, entry) : null,
  }));
  if (type === MIME_SIMPLE_JSON) {
    const meta = { 'api-version': SIMPLE_API_VERSION, '_last-serial': project.lastSerial };
    const versions = [...new Set(located.map(({ release }) => release.version))];
    return jsonReply(
      200,
      { meta, name: project.normalized, 'project-status': { status: 'active' }, versions, files },
      type,
      headers,
    );
  }
  const links = files.map((f) => {
    const requires = f['requires-python'] ? ` data-requires-python="${escapeHtml(f['requires-python'])}"` : '';
    const provenance = f.provenance ? ` data-provenance="${escapeHtml(f.provenance)}"` : '';
    return `    <a href="../../files/${encodeURIComponent(f.filename)}#sha256=${f.hashes.sha256}"${requires}${provenance}>${escapeHtml(f.filename)}</a><br />\n`;
  });
  const html =
    `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta name="pypi:repository-version" content="${SIMPLE_API_VERSION}">\n` +
    `    <meta name="pypi:project-status" content="active">\n    <title>Links for ${project.normalized}</title>\n  </head>\n  <body>\n` +
    `    <h1>Links for ${project.normalized}</h1>\n${links.join('')}  </body>\n</html>\n<!--SERIAL ${project.lastSerial}-->\n`;
  return { status: 200, headers: { ...headers, 'Content-Type': `${type}; charset=utf-8` }, body: html };
}

/** One entry of the JSON API's `urls` and `releases`. */
function fileJson(base: string, release: Release, file: StoredFile): Record<string, unknown> {
  return {
    filename: file.filename,
    packagetype: file.packagetype,
    python_version: file.pythonVersion,
    has_sig: false,
    comment_text: file.comment,
    md5_digest: file.md5,
    digests: { md5: file.md5, sha256: file.sha256, blake2b_256: file.blake2_256 },
    'core-metadata': false,
    size: file.bytes.length,
    downloads: -1,
    upload_time: file.uploadTime.toISOString().slice(0, 19),
    upload_time_iso_8601: isoUtc(file.uploadTime),
    url: fileUrl(base, file),
    requires_python: release.metadata.requires_python ?? null,
    yanked: false,
    yanked_reason: null,
  };
}

/** The JSON API's `info` (`_json_data`). */
function releaseInfo(base: string, project: Project, release: Release): Record<string, unknown> {
  const single = (field: string): string | null => (release.metadata[field] as string | undefined) ?? null;
  const list = (field: string): string[] | null => (release.metadata[field] as string[] | undefined) ?? null;
  const projectUrls = list('project_urls')?.map((entry) => entry.split(/, (.*)/s).slice(0, 2));
  return {
    name: project.name,
    version: release.version,
    summary: single('summary'),
    description_content_type: single('description_content_type'),
    description: single('description') ?? '',
    keywords: single('keywords'),
    license: single('license'),
    license_expression: single('license_expression'),
    license_files: list('license_file'),
    classifiers: list('classifiers') ?? [],
    author: single('author'),
    author_email: single('author_email'),
    maintainer: single('maintainer'),
    maintainer_email: single('maintainer_email'),
    requires_python: single('requires_python'),
    platform: list('platform')?.[0] ?? null,
    downloads: { last_day: -1, last_week: -1, last_month: -1 },
    package_url: `${base}/project/${project.name}/`,
    project_url: `${base}/project/${project.name}/`,
    project_urls: projectUrls ? Object.fromEntries(projectUrls) : null,
    release_url: `${base}/project/${project.name}/${release.version}/`,
    requires_dist: list('requires_dist'),
    provides_extra: list('provides_extra') ?? list('provides_extras'),
    docs_url: null,
    bugtrack_url: null,
    home_page: single('home_page'),
    download_url: single('download_url'),
    yanked: false,
    yanked_reason: null,
    dynamic: list('dynamic'),
  };
}

/** `GET /pypi/<name>/json` (all releases) and `/pypi/<name>/<version>/json` (`warehouse/legacy/api/json.py`). */
function projectJson(base: string, project: Project, release: Release, allReleases: boolean): Reply {
  const files = (r: Release): Record<string, unknown>[] =>
    [...r.files].sort((a, b) => (a.filename < b.filename ? -1 : 1)).map((f) => fileJson(base, r, f));
  const releases = [...project.releases].sort((a, b) => compareVersions(b.parsed, a.parsed));
  const body = {
    info: releaseInfo(base, project, release),
    urls: files(release),
    vulnerabilities: [],
    last_serial: project.lastSerial,
    ownership: { roles: [], organization: null },
    ...(allReleases ? { releases: Object.fromEntries(releases.map((r) => [r.version, files(r)])) } : {}),
  };
  return jsonReply(200, body, 'application/json', {
    ...CORS_HEADERS,
    'X-PyPI-Last-Serial': String(project.lastSerial),
  });
}

/** `GET /integrity/<name>/<version>/<filename>/provenance` (`warehouse/api/integrity.py`). */
function provenance(
  store: PackageStore,
  projectName: string,
  version: string,
  filename: string,
  accept: string | undefined,
): Reply {
  const project = store.project(projectName);
  const file = project && store.release(project, version)?.files.find((f) => f.filename === filename);
  if (!file) return notFound();
  const type = acceptableOffers(accept, [MIME_INTEGRITY_JSON, 'application/json'])[0];
  if (!type) return jsonReply(406, { message: 'Request not acceptable' }, 'application/json', { Vary: 'Accept' });
  if (!file.provenance)
    return jsonReply(404, { message: `No provenance available for ${file.filename}` }, type, { Vary: 'Accept' });
  return jsonReply(200, file.provenance, type, { ...CORS_HEADERS, Vary: 'Accept' });
}

// ---------------------------------------------------------------------------------------------
// Routes.

interface IndexContext {
  readonly store: PackageStore;
  readonly base: string;
  readonly token: string;
  readonly log?: (line: string) => void;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** What follows `/pypi/<name>/`: `json` (the latest release) or `<version>/json`, each with an optional `/`. */
function jsonApiVersion(rest: readonly string[]): { latest: true } | { latest: false; version: string } | undefined {
  const [first, second, third] = rest.at(-1) === '' ? rest.slice(0, -1) : rest;
  if (first === 'json' && second === undefined) return { latest: true };
  if (first && second === 'json' && third === undefined) return { latest: false, version: first };
  return undefined;
}

async function upload(context: IndexContext, req: http.IncomingMessage): Promise<Reply> {
  const form = await UploadForm.read(req);
  const accepted = await checkUpload(form, req.headers.authorization, context.token, context.store);
  if (accepted) {
    context.store.add(accepted);
    context.log?.(`pypi index: stored ${accepted.file.filename}`);
  }
  return OK;
}

function simpleRoute(context: IndexContext, name: string, trailingSlash: boolean, accept: string | undefined): Reply {
  const project = context.store.project(name);
  if (!project) return notFound();
  if (!trailingSlash || name !== project.normalized) return movedPermanently(`/simple/${project.normalized}/`);
  return simpleDetail(context.store, context.base, project, accept);
}

function jsonApiRoute(
  context: IndexContext,
  name: string,
  rest: readonly string[],
  which: NonNullable<ReturnType<typeof jsonApiVersion>>,
): Reply {
  const project = context.store.project(name);
  const release =
    project && (which.latest ? context.store.latestRelease(project) : context.store.release(project, which.version));
  if (!project || !release) return notFound();
  if (name !== project.normalized)
    return movedPermanently(`/${['pypi', project.normalized, ...rest].map(encodeURIComponent).join('/')}`);
  return projectJson(context.base, project, release, which.latest);
}

/** Answers one request; GET routes answer HEAD too, the upload URL only POST. */
async function route(context: IndexContext, req: http.IncomingMessage, path: string): Promise<Reply> {
  if (!KNOWN_METHODS.has(req.method ?? '')) return methodNotAllowed('GET, HEAD, POST');
  if (path === '/legacy/') return req.method === 'POST' ? upload(context, req) : methodNotAllowed('POST');
  if (path === '/legacy') {
    if (req.method !== 'POST') return methodNotAllowed('POST');
    return messageReply(
      308,
      'An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)',
      { Location: '/legacy/' },
    );
  }
  let segments: string[];
  try {
    segments = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return notFound();
  }
  const answer = readRoute(context, segments, req.headers.accept);
  if (!answer) return notFound();
  return req.method === 'GET' || req.method === 'HEAD' ? answer() : methodNotAllowed('GET, HEAD');
}

/** The read API a path names, if any. */
function readRoute(
  context: IndexContext,
  segments: readonly string[],
  accept: string | undefined,
): (() => Reply) | undefined {
  const [top, name, ...rest] = segments;
  if (top === 'simple' && name === '' && rest.length === 0) return () => simpleIndex(context.store, accept);
  if (!name) return undefined;
  if (top === 'simple' && (rest.length === 0 || (rest.length === 1 && rest[0] === '')))
    return () => simpleRoute(context, name, rest.length === 1, accept);
  if (top === 'files' && rest.length === 0) {
    return () => {
      const located = context.store.locate(name);
      return located
        ? { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: located.file.bytes }
        : notFound();
    };
  }
  const which = top === 'pypi' ? jsonApiVersion(rest) : undefined;
  if (which) return () => jsonApiRoute(context, name, rest, which);
  const [version, filename, last, ...more] = rest;
  if (top === 'integrity' && version && filename && last === 'provenance' && more.length === 0) {
    return () => provenance(context.store, name, version, filename, accept);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The index.

export async function startPypiIndex(options: PypiIndexOptions = {}): Promise<PypiIndex> {
  await sodium.ready;
  const token = options.token ?? `pypi-${randomBytes(48).toString('base64url')}`;
  const store = new PackageStore(options.now ?? (() => new Date()));
  const requests: IndexRequest[] = [];
  // eslint-disable-next-line prefer-const -- assigned once the server listens, which requests wait for
  let context: IndexContext | undefined;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    void route(context!, req, path)
      .catch((error: unknown) => {
        if (error instanceof Rejection) return messageReply(error.status, error.message);
        options.log?.(`pypi index: ${req.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
        return messageReply(500, 'Internal server error.');
      })
      .then((reply) => {
        requests.push({ method: req.method ?? '', path, status: reply.status });
        if (reply.reason) res.statusMessage = reply.reason;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = { store, base: url, token, ...(options.log ? { log: options.log } : {}) };
  const fileNamed = (filename: string): StoredFile => {
    const located = store.locate(filename);
    if (!located)
      throw new Error(
        `pypi index: no file ${filename} (it has ${
          store
            .all()
            .map(({ file }) => file.filename)
            .join(', ') || 'none'
        })`,
      );
    return located.file;
  };
  return {
    url,
    uploadUrl: `${url}/legacy/`,
    token,
    requests,
    setProvenance(filename, value) {
      fileNamed(filename).provenance = typeof value === 'string' ? JSON.parse(value) : (value ?? null);
    },
    tamper(filename, bytes) {
      const file = fileNamed(filename);
      file.bytes = Buffer.from(bytes);
      Object.assign(file, digests(file.bytes));
    },
    files: () =>
      store.all().map(({ project, release, file }) => ({
        project: project.name,
        version: release.version,
        filename: file.filename,
        packagetype: file.packagetype,
        bytes: file.bytes,
        size: file.bytes.length,
        sha256: file.sha256,
        md5: file.md5,
        blake2_256: file.blake2_256,
        uploadTime: file.uploadTime,
        provenance: file.provenance,
      })),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Building and uploading with Debian's tools, for the tests.

/** Writes a setuptools project (`pyproject.toml` and a module named like the project) under `root`. */
export async function writePythonProject(
  root: string,
  name: string,
  version: string,
  module = `VERSION = ${JSON.stringify(version)}\n`,
): Promise<string> {
  const dir = join(root, `${name}-${version}`);
  await mkdir(join(dir, 'src', name), { recursive: true });
  await writeFile(
    join(dir, 'pyproject.toml'),
    `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "${version}"\nrequires-python = ">=3.8"\ndescription = "certwright test package ${name}"\n`,
  );
  await writeFile(join(dir, 'src', name, '__init__.py'), module);
  return dir;
}

/** `python3 -m build --no-isolation` (no network: Debian's setuptools and wheel); returns the sdist and wheel paths. */
export async function buildDistributions(
  projectDir: string,
  outDir = join(projectDir, 'dist'),
): Promise<{ sdist: string; wheel: string }> {
  await run(DEBIAN_PYTHON, ['-m', 'build', '--no-isolation', '--outdir', outDir, projectDir], {
    cwd: projectDir,
    timeout: 60_000,
  });
  const built = await readdir(outDir);
  const sdist = built.find((f) => f.endsWith('.tar.gz'));
  const wheel = built.find((f) => f.endsWith('.whl'));
  if (!sdist || !wheel)
    throw new Error(`python -m build: expected an sdist and a wheel in ${outDir}, got ${built.join(', ')}`);
  return { sdist: join(outDir, sdist), wheel: join(outDir, wheel) };
}

/** Environment for twine: never prompts, never asks a keyring; messages uncoloured and wide enough not to wrap. */
export const TWINE_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  TWINE_NON_INTERACTIVE: '1',
  PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
  NO_COLOR: '1',
  TERM: 'dumb',
  COLUMNS: '400',
};

/** `twine upload --repository-url URL/legacy/ -u __token__ -p TOKEN files...`; resolves with its exit code and output. */
export async function twineUpload(
  uploadUrl: string,
  password: string,
  files: readonly string[],
): Promise<{ code: number; output: string }> {
  const args = [
    'upload',
    '--repository-url',
    uploadUrl,
    '-u',
    '__token__',
    '-p',
    password,
    '--disable-progress-bar',
    '--non-interactive',
    ...files,
  ];
  try {
    const { stdout, stderr } = await run('/usr/bin/twine', args, { env: TWINE_ENV, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number')
      throw new Error('twine upload: could not run /usr/bin/twine', { cause: error });
    return { code: failed.code, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}
