import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/** A file of a tarball: its path without npm's `package/` prefix, and the SHA-256 of its bytes. */
export interface TarEntry {
  readonly path: string;
  readonly sha256: string;
  readonly content: Buffer;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** The `path` of a pax extended header (records of "LEN key=value\n"). */
function paxPath(data: Buffer): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
}

/**
 * Reads the regular files of a .tgz (ustar, with GNU long names and pax paths), stripping the
 * first path component (npm packs everything under `package/`).
 */
export function readTarball(tgz: Buffer): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz);
  } catch (cause) {
    throw new Error('tarball: not a gzip file; expected the .tgz that npm pack wrote', { cause });
  }
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '\0') continue;
    const path = name.split('/').slice(1).join('/');
    entries.push({ path, sha256: createHash('sha256').update(data).digest('hex'), content: Buffer.from(data) });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

export interface TarDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** What the published tarball has that the local one does not, and the other way round. */
export function diffTarballs(local: readonly TarEntry[], published: readonly TarEntry[]): TarDiff {
  const mine = new Map(local.map((e) => [e.path, e.sha256]));
  const theirs = new Map(published.map((e) => [e.path, e.sha256]));
  return {
    added: [...theirs.keys()].filter((p) => !mine.has(p)),
    removed: [...mine.keys()].filter((p) => !theirs.has(p)),
    changed: [...mine].filter(([p, h]) => theirs.has(p) && theirs.get(p) !== h).map(([p]) => p),
  };
}

/** The Subresource Integrity string npm records: `sha512-<base64>`. */
export function sri(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}
