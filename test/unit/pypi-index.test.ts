import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import sodium from 'libsodium-wrappers';
import {
  buildDistributions,
  DEBIAN_PYTHON,
  normalizeProjectName,
  startPypiIndex,
  twineUpload,
  writePythonProject,
  type PypiIndex,
} from '../harness/pypi-index.js';

const run = promisify(execFile);

interface Built {
  readonly sdist: string;
  readonly wheel: string;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const blake2b256 = (bytes: Buffer): string => sodium.to_hex(sodium.crypto_generichash(32, bytes, null));
/** twine's messages with rich's line breaks and padding folded away. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function get(url: string, accept?: string): Promise<Response> {
  return fetch(url, { redirect: 'manual', ...(accept ? { headers: { Accept: accept } } : {}) });
}

/** The form twine 4 sends for `path` (the fields PyPI reads), with `changes` applied; null removes a field. */
async function twineForm(
  path: string,
  fields: Record<string, string>,
  changes: Record<string, string | null> = {},
  filename = basename(path),
): Promise<FormData> {
  const bytes = await readFile(path);
  const all: Record<string, string | null> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    sha256_digest: sha256(bytes),
    md5_digest: createHash('md5').update(bytes).digest('hex'),
    blake2_256_digest: blake2b256(bytes),
    requires_python: '>=3.8',
    ...fields,
    ...changes,
  };
  const form = new FormData();
  for (const [key, value] of Object.entries(all)) if (value !== null) form.append(key, value);
  form.append('content', new Blob([bytes], { type: 'application/octet-stream' }), filename);
  return form;
}

function basicAuth(token: string): string {
  return `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`;
}

describe('local PyPI index, driven by Debian twine and pip', () => {
  let root: string;
  let alpha: Built;
  let beta: Built;
  /** cwalpha 1.0.0 again, with other contents: the same file names, other bytes. */
  let alphaRebuilt: Built;
  let venv: string;
  let index: PypiIndex;
  const alphaForm = { name: 'cwalpha', version: '1.0.0' };

  before(async () => {
    await sodium.ready;
    root = await mkdtemp(join(tmpdir(), 'certwright-pypi-index-'));
    venv = join(root, 'venv');
    [alpha, beta, alphaRebuilt] = await Promise.all([
      writePythonProject(root, 'cwalpha', '1.0.0').then((dir) => buildDistributions(dir)),
      writePythonProject(root, 'cwbeta', '2.0.0').then((dir) => buildDistributions(dir)),
      writePythonProject(join(root, 'rebuilt'), 'cwalpha', '1.0.0', 'VERSION = "not what was released"\n').then((dir) =>
        buildDistributions(dir),
      ),
      run(DEBIAN_PYTHON, ['-m', 'venv', venv], { timeout: 60_000 }),
    ]);
    index = await startPypiIndex();
  });
  after(async () => {
    await index?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('takes sdists and wheels from twine, a version in one call or file by file', async () => {
    const both = await twineUpload(index.uploadUrl, index.token, [alpha.sdist, alpha.wheel]);
    assert.equal(both.code, 0, both.output);
    for (const file of [beta.wheel, beta.sdist]) {
      const one = await twineUpload(index.uploadUrl, index.token, [file]);
      assert.equal(one.code, 0, one.output);
    }
    assert.deepEqual(
      index.files().map((f) => `${f.project} ${f.version} ${f.packagetype} ${f.filename}`),
      [
        'cwalpha 1.0.0 bdist_wheel cwalpha-1.0.0-py3-none-any.whl',
        'cwalpha 1.0.0 sdist cwalpha-1.0.0.tar.gz',
        'cwbeta 2.0.0 bdist_wheel cwbeta-2.0.0-py3-none-any.whl',
        'cwbeta 2.0.0 sdist cwbeta-2.0.0.tar.gz',
      ],
    );
    assert.deepEqual(
      index.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      Array(4).fill('POST /legacy/ 200'),
    );
  });

  it('answers an identical re-upload 200 as PyPI does, and refuses other bytes under a used name: "File already exists"', async () => {
    const before = index.files();
    const again = await twineUpload(index.uploadUrl, index.token, [alpha.sdist]);
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(index.files(), before);
    const other = await twineUpload(index.uploadUrl, index.token, [alphaRebuilt.sdist]);
    assert.equal(other.code, 1, other.output);
    const hash = blake2b256(await readFile(alphaRebuilt.sdist));
    assert.match(oneLine(other.output), /HTTPError: 400 Bad Request from http:\/\/127\.0\.0\.1:\d+\/legacy\//);
    assert.ok(
      oneLine(other.output).includes(
        `File already exists ('cwalpha-1.0.0.tar.gz', with blake2_256 hash '${hash}'). See https://pypi.org/help/#file-name-reuse for more information.`,
      ),
      other.output,
    );
    assert.equal(
      index.files().find((f) => f.filename === 'cwalpha-1.0.0.tar.gz')?.sha256,
      sha256(await readFile(alpha.sdist)),
      'the released sdist stays',
    );
  });

  it("refuses a wrong token with 403 and Warehouse's message", async () => {
    const refused = await twineUpload(index.uploadUrl, `${index.token}x`, [alphaRebuilt.wheel]);
    assert.equal(refused.code, 1, refused.output);
    assert.ok(
      oneLine(refused.output).includes(
        `HTTPError: 403 Forbidden from ${index.uploadUrl} Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.`,
      ),
      refused.output,
    );
    assert.equal(index.requests.at(-1)?.status, 403);
  });

  it('serves pip from the Simple API: the wheel installs and imports', async () => {
    const seen = index.requests.length;
    const pipEnv = {
      PATH: '/usr/bin:/bin',
      HOME: root,
      PIP_CONFIG_FILE: '/dev/null',
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
      PIP_NO_INPUT: '1',
    };
    await run(
      join(venv, 'bin', 'pip'),
      ['install', '--index-url', `${index.url}/simple/`, '--no-deps', '--no-cache-dir', 'CWAlpha==1.0.0'],
      { env: pipEnv, timeout: 60_000 },
    );
    const { stdout } = await run(join(venv, 'bin', 'python'), ['-c', 'import cwalpha; print(cwalpha.VERSION)'], {
      env: pipEnv,
    });
    assert.equal(stdout, '1.0.0\n');
    assert.deepEqual(
      index.requests.slice(seen).map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET /simple/cwalpha/ 200', 'GET /files/cwalpha-1.0.0-py3-none-any.whl 200'],
    );
  });

  it('lists projects and files as PEP 503 HTML and PEP 691 JSON, and redirects names that are not normalized', async () => {
    const sdistHash = sha256(await readFile(alpha.sdist));
    const html = await get(`${index.url}/simple/cwalpha/`);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.ok(
      (await html.text()).includes(
        `<a href="../../files/cwalpha-1.0.0.tar.gz#sha256=${sdistHash}" data-requires-python="&gt;=3.8">cwalpha-1.0.0.tar.gz</a>`,
      ),
    );
    const json = await get(`${index.url}/simple/cwalpha/`, 'application/vnd.pypi.simple.v1+json');
    assert.equal(json.headers.get('content-type'), 'application/vnd.pypi.simple.v1+json');
    const detail = (await json.json()) as {
      name: string;
      versions: string[];
      files: {
        filename: string;
        url: string;
        hashes: { sha256: string };
        'requires-python': string;
        provenance: null;
      }[];
    };
    assert.equal(detail.name, 'cwalpha');
    assert.deepEqual(detail.versions, ['1.0.0']);
    assert.deepEqual(detail.files[1], {
      ...detail.files[1],
      filename: 'cwalpha-1.0.0.tar.gz',
      url: `${index.url}/files/cwalpha-1.0.0.tar.gz`,
      hashes: { sha256: sdistHash },
      'requires-python': '>=3.8',
      provenance: null,
    });
    const projects = (await (await get(`${index.url}/simple/`, 'application/vnd.pypi.simple.v1+json')).json()) as {
      projects: { name: string }[];
    };
    assert.deepEqual(
      projects.projects.map((p) => p.name),
      ['cwalpha', 'cwbeta'],
    );
    assert.match(await (await get(`${index.url}/simple/`)).text(), /<a href="\/simple\/cwbeta\/">cwbeta<\/a>/);
    for (const [path, location] of [
      ['/simple/CWAlpha/', '/simple/cwalpha/'],
      ['/simple/cwalpha', '/simple/cwalpha/'],
      ['/pypi/CWAlpha/json', '/pypi/cwalpha/json'],
    ] as const) {
      const moved = await get(`${index.url}${path}`);
      assert.equal(moved.status, 301, path);
      assert.equal(moved.headers.get('location'), location, path);
    }
    assert.equal((await get(`${index.url}/simple/cwgamma/`)).status, 404);
    assert.deepEqual(
      ['CW.-_Alpha', 'cw__alpha', 'Cw.Alpha'].map(normalizeProjectName),
      ['cw-alpha', 'cw-alpha', 'cw-alpha'],
      'PEP 503',
    );
  });

  it('reports in the JSON API the digests of the files twine uploaded', async () => {
    for (const path of [`/pypi/cwalpha/json`, `/pypi/cwalpha/1.0.0/json`, `/pypi/cwalpha/1.0/json`]) {
      const reply = await get(`${index.url}${path}`);
      assert.equal(reply.status, 200, path);
      const body = (await reply.json()) as {
        info: { name: string; version: string; requires_python: string };
        urls: {
          filename: string;
          packagetype: string;
          url: string;
          size: number;
          yanked: boolean;
          digests: Record<string, string>;
          upload_time_iso_8601: string;
        }[];
      };
      assert.deepEqual([body.info.name, body.info.version, body.info.requires_python], ['cwalpha', '1.0.0', '>=3.8']);
      for (const [file, packagetype] of [
        [alpha.wheel, 'bdist_wheel'],
        [alpha.sdist, 'sdist'],
      ] as const) {
        const bytes = await readFile(file);
        const entry = body.urls.find((u) => u.filename === basename(file));
        assert.deepEqual(entry?.digests, {
          sha256: sha256(bytes),
          md5: createHash('md5').update(bytes).digest('hex'),
          blake2b_256: blake2b256(bytes),
        });
        assert.deepEqual(
          [entry.packagetype, entry.url, entry.size, entry.yanked],
          [packagetype, `${index.url}/files/${basename(file)}`, bytes.length, false],
        );
        assert.match(entry.upload_time_iso_8601, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
      }
    }
    assert.equal((await get(`${index.url}/pypi/cwalpha/9.9/json`)).status, 404);
  });

  it('serves provenance from the Integrity API once a file has some: 404 before, 200 after setProvenance', async () => {
    const wheel = 'cwalpha-1.0.0-py3-none-any.whl';
    const url = `${index.url}/integrity/cwalpha/1.0.0/${wheel}/provenance`;
    const missing = await get(url, 'application/json');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { message: `No provenance available for ${wheel}` });
    assert.equal((await get(`${index.url}/integrity/cwalpha/1.0.0/cwalpha-9.whl/provenance`)).status, 404);
    const provenance = {
      version: 1,
      attestation_bundles: [
        {
          publisher: { kind: 'GitHub', repository: 'certwright/cwalpha', workflow: 'release.yml' },
          attestations: [{ version: 1 }],
        },
      ],
    };
    index.setProvenance(wheel, JSON.stringify(provenance));
    const found = await get(url, 'application/json');
    assert.equal(found.status, 200);
    assert.equal(found.headers.get('content-type'), 'application/json');
    assert.deepEqual(await found.json(), provenance);
    assert.equal(
      (await get(url)).headers.get('content-type'),
      'application/vnd.pypi.integrity.v1+json',
      'the PEP 740 type without an Accept header',
    );
    assert.equal((await get(url, 'text/html')).status, 406);
    const detail = (await (
      await get(`${index.url}/simple/cwalpha/`, 'application/vnd.pypi.simple.v1+json')
    ).json()) as { files: { filename: string; provenance: string | null }[] };
    assert.equal(detail.files.find((f) => f.filename === wheel)?.provenance, url);
    assert.match(
      await (await get(`${index.url}/simple/cwalpha/`)).text(),
      new RegExp(`data-provenance="${url.replace(/[.?]/g, '\\$&')}"`),
    );
  });

  it("keeps the attestations of an upload as the file's provenance, publisher unknown", async () => {
    const other = await startPypiIndex();
    try {
      const attestations = [
        {
          version: 1,
          verification_material: { certificate: 'MII...', transparency_entries: [] },
          envelope: { statement: 'e30=', signature: 'c2ln' },
        },
      ];
      const form = await twineForm(alpha.wheel, {
        ...alphaForm,
        filetype: 'bdist_wheel',
        pyversion: 'py3',
        attestations: JSON.stringify(attestations),
      });
      const uploaded = await fetch(other.uploadUrl, {
        method: 'POST',
        headers: { Authorization: basicAuth(other.token) },
        body: form,
      });
      assert.equal(uploaded.status, 200, uploaded.statusText);
      const reply = await get(
        `${other.url}/integrity/cwalpha/1.0.0/${basename(alpha.wheel)}/provenance`,
        'application/json',
      );
      assert.deepEqual(await reply.json(), { version: 1, attestation_bundles: [{ publisher: null, attestations }] });
    } finally {
      await other.stop();
    }
  });

  it('serves tampered bytes, and reports their digests, as a compromised index would', async () => {
    const wheel = basename(beta.wheel);
    const evil = Buffer.from('not the wheel that was uploaded');
    index.tamper(wheel, evil);
    assert.deepEqual(Buffer.from(await (await get(`${index.url}/files/${wheel}`)).arrayBuffer()), evil);
    const body = (await (await get(`${index.url}/pypi/cwbeta/json`)).json()) as {
      urls: { filename: string; size: number; digests: { sha256: string } }[];
    };
    const entry = body.urls.find((u) => u.filename === wheel);
    assert.deepEqual([entry?.digests.sha256, entry?.size], [sha256(evil), evil.length]);
    assert.ok((await (await get(`${index.url}/simple/cwbeta/`)).text()).includes(`${wheel}#sha256=${sha256(evil)}`));
    assert.throws(
      () => index.tamper('cwbeta-9.tar.gz', evil),
      /^Error: pypi index: no file cwbeta-9\.tar\.gz \(it has /,
    );
  });

  it('answers 405 to methods a path does not take, and logs every request', async () => {
    for (const [method, path] of [
      ['DELETE', '/simple/'],
      ['PUT', '/legacy/'],
      ['GET', '/legacy/'],
      ['POST', '/simple/cwalpha/'],
      ['PATCH', '/nowhere'],
    ] as const) {
      const reply = await fetch(`${index.url}${path}`, { method });
      assert.equal(reply.status, 405, `${method} ${path}`);
      assert.deepEqual(index.requests.at(-1), { method, path, status: 405 });
    }
    assert.equal((await get(`${index.url}/nowhere`)).status, 404);
  });
});

describe('local PyPI index refuses what PyPI refuses, with its messages', () => {
  let root: string;
  let built: Built;
  let index: PypiIndex;
  before(async () => {
    await sodium.ready;
    root = await mkdtemp(join(tmpdir(), 'certwright-pypi-index-refusals-'));
    built = await buildDistributions(await writePythonProject(root, 'cwalpha', '1.0.0'));
    index = await startPypiIndex();
  });
  after(async () => {
    await index?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const wheel = { name: 'cwalpha', version: '1.0.0', filetype: 'bdist_wheel', pyversion: 'py3' };
  const sdist = { name: 'cwalpha', version: '1.0.0', filetype: 'sdist', pyversion: 'source' };
  const help = 'See https://packaging.python.org/specifications/core-metadata for more information.';
  const cases: {
    name: string;
    file: 'wheel' | 'sdist';
    changes?: Record<string, string | null>;
    filename?: string;
    auth?: string | null;
    status: number;
    message: string;
  }[] = [
    {
      name: 'no token',
      file: 'wheel',
      auth: null,
      status: 403,
      message:
        'Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.',
    },
    {
      name: 'a password for a user name',
      file: 'wheel',
      auth: `Basic ${Buffer.from('alice:secret').toString('base64')}`,
      status: 403,
      message:
        'Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.',
    },
    {
      name: 'another protocol',
      file: 'wheel',
      changes: { protocol_version: '2' },
      status: 400,
      message: 'Unknown protocol version.',
    },
    {
      name: 'no :action',
      file: 'wheel',
      changes: { ':action': null },
      status: 400,
      message: "Missing or unknown ':action' '': use 'file_upload'.",
    },
    {
      name: 'no name',
      file: 'wheel',
      changes: { name: null },
      status: 400,
      message: `'' is an invalid value for Name. Error: This field is required. ${help}`,
    },
    {
      name: 'a bad name',
      file: 'wheel',
      changes: { name: '-cwalpha' },
      status: 400,
      message: `'-cwalpha' is an invalid value for Name. Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'. ${help}`,
    },
    {
      name: 'an unknown file type',
      file: 'wheel',
      changes: { filetype: 'bdist_egg' },
      status: 400,
      message: 'Invalid value for filetype. Error: Use a known file type.',
    },
    {
      name: 'a wheel without pyversion',
      file: 'wheel',
      changes: { pyversion: null },
      status: 400,
      message: 'Invalid value for pyversion. Error: Python version is required for binary distribution uploads.',
    },
    {
      name: 'no digest',
      file: 'wheel',
      changes: { sha256_digest: null, md5_digest: null, blake2_256_digest: null },
      status: 400,
      message: 'Error: Include at least one message digest.',
    },
    {
      name: 'no metadata version',
      file: 'wheel',
      changes: { metadata_version: null },
      status: 400,
      message: `'metadata-version' is a required field. ${help}`,
    },
    {
      name: 'metadata 3.0',
      file: 'wheel',
      changes: { metadata_version: '3.0' },
      status: 400,
      message: `'3.0' is not a valid metadata version. ${help}`,
    },
    {
      name: 'a version that is not PEP 440',
      file: 'wheel',
      changes: { version: 'one' },
      status: 400,
      message: `'one' is invalid for 'version'. ${help}`,
    },
    {
      name: 'a local version',
      file: 'wheel',
      changes: { version: '1.0.0+local' },
      status: 400,
      message:
        "The use of local versions in '1.0.0+local' is not allowed. See https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers for more information.",
    },
    {
      name: 'a wrong sha256',
      file: 'wheel',
      changes: { sha256_digest: '0'.repeat(64) },
      status: 400,
      message: 'The digest supplied does not match a digest calculated from the uploaded file.',
    },
    {
      name: 'a wrong md5',
      file: 'sdist',
      changes: { md5_digest: '0'.repeat(32) },
      status: 400,
      message: 'The digest supplied does not match a digest calculated from the uploaded file.',
    },
    {
      name: 'an egg',
      file: 'wheel',
      filename: 'cwalpha-1.0.0-py3.egg',
      status: 400,
      message:
        'Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information',
    },
    {
      name: 'a wheel sent as an sdist',
      file: 'wheel',
      changes: { filetype: 'sdist', pyversion: 'source' },
      status: 400,
      message:
        'Invalid file extension: Extension .whl is invalid for filetype sdist. See https://www.python.org/dev/peps/pep-0527 for more information.',
    },
    {
      name: 'an sdist that is not a tar',
      file: 'wheel',
      changes: sdist,
      filename: 'cwalpha-1.0.0.tar.gz',
      status: 400,
      message: 'Invalid distribution file. File is not a tarfile',
    },
    {
      name: 'a platform PyPI refuses',
      file: 'wheel',
      filename: 'cwalpha-1.0.0-py3-none-linux_x86_64.whl',
      status: 400,
      message: "Binary wheel 'cwalpha-1.0.0-py3-none-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'.",
    },
    {
      name: 'a wheel of another version',
      file: 'wheel',
      changes: { version: '1.0.1' },
      status: 400,
      message: "Version in filename should be '1.0.1' not '1.0.0'.",
    },
    {
      name: 'a wheel of another project',
      file: 'wheel',
      changes: { name: 'cw-other' },
      status: 400,
      message: "Start filename for 'cw-other' with 'cw_other'.",
    },
    {
      name: 'a wheel name with a build tag that is no number',
      file: 'wheel',
      filename: 'cwalpha-1.0.0-x1-py3-none-any.whl',
      status: 400,
      message: "Invalid build number: x1 in 'cwalpha-1.0.0-x1-py3-none-any'",
    },
    {
      name: 'an sdist name that is not normalized (PEP 625)',
      file: 'sdist',
      filename: 'CWAlpha-1.0.0.tar.gz',
      status: 400,
      message: "Filename 'CWAlpha-1.0.0.tar.gz' is invalid, should be 'cwalpha-1.0.0.tar.gz'.",
    },
    {
      name: 'an sdist version that is not normalized',
      file: 'sdist',
      changes: { version: '1.0.0.RC1' },
      filename: 'cwalpha-1.0.0.RC1.tar.gz',
      status: 400,
      message: "Filename 'cwalpha-1.0.0.RC1.tar.gz' is invalid, should be 'cwalpha-1.0.0rc1.tar.gz'.",
    },
    {
      name: 'an sdist of another project',
      file: 'sdist',
      changes: { name: 'cwother' },
      status: 400,
      message: "Start filename for 'cwother' with 'cwother'.",
    },
    {
      name: 'an empty attestation list',
      file: 'wheel',
      changes: { attestations: '[]' },
      status: 400,
      message:
        'Invalid attestations supplied during upload: Malformed attestations: an empty attestation set is not permitted',
    },
    {
      name: 'attestations that are not JSON',
      file: 'wheel',
      changes: { attestations: '{' },
      status: 400,
      message: `Invalid attestations supplied during upload: Malformed attestations: ${jsonError('{')}`,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const form = await twineForm(
        c.file === 'wheel' ? built.wheel : built.sdist,
        c.file === 'wheel' ? wheel : sdist,
        c.changes,
        c.filename,
      );
      const auth = c.auth === undefined ? basicAuth(index.token) : c.auth;
      const reply = await fetch(index.uploadUrl, {
        method: 'POST',
        body: form,
        ...(auth ? { headers: { Authorization: auth } } : {}),
      });
      assert.deepEqual({ status: reply.status, reason: reply.statusText }, { status: c.status, reason: c.message });
      assert.ok((await reply.text()).includes(c.message));
      assert.deepEqual(index.files(), []);
    });
  }

  it('takes the same wheel when nothing is wrong with it, under a token sent as Bearer', async () => {
    const reply = await fetch(index.uploadUrl, {
      method: 'POST',
      body: await twineForm(built.wheel, wheel),
      headers: { Authorization: `Bearer ${index.token}` },
    });
    assert.equal(reply.status, 200, reply.statusText);
    assert.deepEqual(
      index.files().map((f) => f.filename),
      ['cwalpha-1.0.0-py3-none-any.whl'],
    );
  });

  it('redirects an upload to /legacy with 308, as PyPI does', async () => {
    const reply = await fetch(`${index.url}/legacy`, {
      method: 'POST',
      redirect: 'manual',
      body: await twineForm(built.sdist, sdist),
      headers: { Authorization: basicAuth(index.token) },
    });
    assert.deepEqual([reply.status, reply.headers.get('location')], [308, '/legacy/']);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
