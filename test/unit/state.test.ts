import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHook } from 'node:async_hooks';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { CompactEncrypt, decodeProtectedHeader } from 'jose';
import { derToPem } from '../../src/crypto/pem.js';
import {
  BUNDLE_VERSION,
  emptyBundle,
  parseBundle,
  serializeBundle,
  type Lineage,
  type StateBundle,
} from '../../src/state/bundle.js';
import {
  decryptState,
  encryptState,
  parseStateKey,
  prepareStateKey,
  RAW_KEY_PREFIX,
} from '../../src/state/encryption.js';
import { prepareRunState } from '../../src/renewal/run.js';
import { fileStoreKind } from '../../src/store/file/index.js';
import { FileStore } from '../../src/store/file/file-store.js';
import type { StateStore } from '../../src/state/state-store.js';
import { StateSession } from '../../src/state/session.js';
import { loadState, saveState } from '../../src/state/persist.js';

const KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** `lineages` fake lineages; `padding` random bytes stand in for a certificate of that size. */
function bundleWith(lineages: number, padding = 0): StateBundle {
  const entries = Array.from({ length: lineages }, (_, i): [string, StateBundle['lineages'][string]] => [
    `cert${i}`,
    {
      name: `cert${i}`,
      domains: [`c${i}.example.com`],
      keyType: 'ecdsa-p256' as const,
      server: 'https://ca.test/dir',
      provider: 'rfc2136',
      keyPem: KEY_PEM,
      chainPem: padding ? derToPem(randomBytes(padding), 'CERTIFICATE') : CERT_PEM,
      history: [{ serial: '01', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2026-04-01T00:00:00.000Z' }],
    },
  ]);
  return {
    ...emptyBundle(),
    accounts: { 'https://ca.test/dir': { url: 'https://ca.test/acct/1', keyPem: KEY_PEM } },
    lineages: Object.fromEntries(entries),
  };
}

const passphrase = parseStateKey('correct horse battery staple');
const rawKey = parseStateKey(`${RAW_KEY_PREFIX}${randomBytes(32).toString('base64url')}`);

/** The protected header of a compact JWE. */
const headerOf = (jwe: string) =>
  decodeProtectedHeader(jwe) as { alg: string; cwf?: { z?: string; s?: string; c?: number } };

/** A bundle as certwright wrote it before `cwk1:`: `dir` with the 32 bytes the state-key's base64 stood for. */
async function legacyRawBundle(stateKey: string, bundle: StateBundle): Promise<string> {
  const key = Buffer.from(stateKey.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, ''), 'base64url');
  assert.equal(key.length, 32);
  return new CompactEncrypt(deflateRawSync(Buffer.from(serializeBundle(bundle))))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state', cwf: { z: 'deflate' } })
    .encrypt(key);
}

describe('state key', () => {
  it('only cwk1: and 43 base64url characters is a raw key; anything else is a passphrase', () => {
    assert.equal(parseStateKey(`cwk1:${randomBytes(32).toString('base64url')}`).kind, 'key');
    assert.equal(
      parseStateKey(randomBytes(32).toString('base64')).kind,
      'passphrase',
      'the old raw form is a passphrase now',
    );
    assert.equal(parseStateKey(randomBytes(32).toString('base64url')).kind, 'passphrase');
    assert.equal(parseStateKey('a passphrase long enough').kind, 'passphrase');
    assert.throws(
      () => parseStateKey('short'),
      /^Error: state-key: too short; expected a passphrase of 16 or more characters, or a raw 256-bit key: cwk1: followed by 32 random bytes in base64url/,
    );
    assert.throws(
      () => parseStateKey(''),
      /^Error: state-key: missing; expected a passphrase \(16\+ characters\) or a raw 256-bit key: cwk1: followed by/,
    );
    for (const bad of [
      'cwk1:',
      `cwk1:${randomBytes(31).toString('base64url')}`,
      `cwk1:${randomBytes(32).toString('base64')}`,
      `cwk1:${randomBytes(33).toString('base64url')}`,
    ]) {
      assert.throws(
        () => parseStateKey(bad),
        /^Error: state-key: starts with cwk1: but is not a raw 256-bit key; expected cwk1: followed by 32 random bytes in base64url/,
        bad,
      );
    }
  });

  it('a 43-character alphanumeric passphrase is stretched with PBKDF2, not used as the AES key', async () => {
    const looksRaw = 'Tr0ub4dorAndThreeMoreWordsThatMakeFortyThre';
    assert.equal(looksRaw.length, 43);
    const key = parseStateKey(looksRaw);
    assert.equal(key.kind, 'passphrase');
    const header = headerOf(await encryptState(serializeBundle(bundleWith(1)), key));
    assert.equal(header.alg, 'dir');
    assert.equal(header.cwf?.c, 210_000, 'PBKDF2 iterations in the header');
    assert.equal(typeof header.cwf?.s, 'string', 'a PBKDF2 salt in the header');
  });

  for (const [form, legacy] of [
    ['43 base64url characters', randomBytes(32).toString('base64url')],
    ['44 base64 characters (openssl rand -base64 32)', randomBytes(32).toString('base64')],
  ] as const) {
    it(`a bundle written with an old raw key of ${form} still opens with that state-key, and is written again stretched`, async () => {
      const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
      const bundle = bundleWith(2);
      await writeFile(path, await legacyRawBundle(legacy, bundle));
      const store = new FileStore(path);
      const key = parseStateKey(legacy);
      assert.deepEqual(await loadState(store, key), bundle);
      const session = await StateSession.open(store, key);
      assert.equal(session.changed, true, 'the session asks to be written again');
      await session.save();
      const header = headerOf(await readFile(path, 'utf8'));
      assert.equal(header.cwf?.c, 210_000, 'written again with the key stretched');
      assert.deepEqual(await loadState(store, key), bundle);
      await assert.rejects(
        loadState(
          new FileStore(path),
          parseStateKey(`cwk1:${Buffer.from(legacy.replace(/=$/, ''), 'base64').toString('base64url')}`),
        ),
        /^Error: state-key: the bundle was encrypted with a passphrase, and state-key is a raw key/,
      );
    });
  }

  it('the cwk1: form of an old raw key opens the old bundle as a raw key, and writes without PBKDF2', async () => {
    const legacy = randomBytes(32).toString('base64url');
    const old = await legacyRawBundle(legacy, bundleWith(1));
    const key = parseStateKey(`cwk1:${legacy}`);
    assert.deepEqual(parseBundle(await decryptState(old, key)), bundleWith(1));
    assert.equal(headerOf(await encryptState(serializeBundle(bundleWith(1)), key)).cwf?.s, undefined);
    await assert.rejects(
      decryptState(old, parseStateKey('a passphrase long enough')),
      /^Error: state-key: the bundle was encrypted with a raw 256-bit key, and state-key is a passphrase; use the state-key that wrote it/,
    );
  });
});

describe('the encrypted state bundle', () => {
  for (const [kind, key, derived] of [
    ['passphrase', passphrase, true],
    ['256-bit key', rawKey, false],
  ] as const) {
    it(`round-trips through a file with a ${kind} (dir + A256GCM${derived ? ', key derived by PBKDF2' : ''}), deflated, mode 0600`, async () => {
      const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
      const store = new FileStore(path);
      assert.deepEqual(await loadState(store, key), emptyBundle());
      const bundle = bundleWith(2);
      await saveState(store, key, bundle);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      const text = await readFile(path, 'utf8');
      const header = JSON.parse(Buffer.from(text.split('.')[0] ?? '', 'base64url').toString()) as {
        alg: string;
        cwf: { z: string; s?: string; c?: number };
      };
      assert.equal(header.alg, 'dir');
      assert.equal(header.cwf.z, 'deflate');
      assert.equal(header.cwf.c, derived ? 210_000 : undefined);
      assert.ok(!text.includes('PRIVATE KEY') && !text.includes('cert0'), 'nothing readable in the stored text');
      assert.deepEqual(await loadState(store, key), bundle);
    });
  }

  it('a wrong passphrase fails clearly and changes nothing', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
    const store = new FileStore(path);
    await saveState(store, passphrase, bundleWith(1));
    const before = await readFile(path, 'utf8');
    await assert.rejects(loadState(store, parseStateKey('not the right passphrase')), {
      message:
        'state-key: cannot decrypt the bundle: the state-key is not the one that wrote it (or the bundle was altered); use the state-key that wrote it, or set state-reset: true to start over with an empty state',
    });
    await assert.rejects(
      loadState(store, rawKey),
      /^Error: state-key: the bundle was encrypted with a passphrase, and state-key is a raw key; use the state-key that wrote it, or set state-reset: true to start over$/,
    );
    assert.equal(await readFile(path, 'utf8'), before);
  });

  it('a corrupted bundle fails clearly', async () => {
    const jwe = await encryptState(JSON.stringify(bundleWith(1)), rawKey);
    const parts = jwe.split('.');
    const tampered = [...parts.slice(0, 3), `${parts[3]?.slice(0, -4)}AAAA`, parts[4]].join('.');
    await assert.rejects(decryptState(tampered, rawKey), /^Error: state-key: cannot decrypt the bundle/);
    await assert.rejects(decryptState('garbage', rawKey), {
      message:
        'state: not an encrypted certwright bundle (no JWE header); it is corrupted or not the right secret/file: restore it from a backup, or set state-reset: true to start over with an empty state',
    });
    const wrongShape = { ...bundleWith(1), version: 1, lineages: { x: { name: 'x' } } };
    assert.throws(() => parseBundle(JSON.stringify(wrongShape)), {
      message:
        'state: the bundle is not valid: bundle.lineages["x"].domains should be a list; restore it from a backup, or set state-reset: true to start over with an empty state',
    });
  });

  it('reads a version 1 bundle encrypted with PBES2-HS512+A256KW (an earlier certwright) and writes it back as version 2', async () => {
    const v1 = { ...bundleWith(2), version: 1 };
    const old = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(v1)))
      .setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', cty: 'certwright-state' })
      .setKeyManagementParameters({ p2c: 210_000 })
      .encrypt(new TextEncoder().encode('correct horse battery staple'));
    const key = parseStateKey('correct horse battery staple');
    const bundle = parseBundle(await decryptState(old, key));
    assert.deepEqual(bundle, { ...v1, version: BUNDLE_VERSION });
    const again = await encryptState(serializeBundle(bundle), key);
    assert.deepEqual(parseBundle(await decryptState(again, key)), bundle);
  });

  it('writes each issuing certificate once, and keeps the newest five serials', () => {
    const many = bundleWith(3);
    const withChain = Object.fromEntries(
      Object.entries(many.lineages).map(([name, l]) => [
        name,
        {
          ...l,
          chainPem: CERT_PEM + derToPem(Buffer.from('intermediate'), 'CERTIFICATE'),
          history: Array.from({ length: 8 }, (_, i) => ({
            serial: `0${i}`,
            notBefore: '2026-01-01T00:00:00.000Z',
            notAfter: '2026-04-01T00:00:00.000Z',
          })),
        },
      ]),
    );
    const text = serializeBundle({ ...many, lineages: withChain });
    const compact = JSON.parse(text) as {
      issuers: string[];
      lineages: Record<string, { chain: number[]; history: unknown[] }>;
    };
    assert.equal(compact.issuers.length, 1);
    assert.deepEqual(
      Object.values(compact.lineages).map((l) => l.chain),
      [[0], [0], [0]],
    );
    assert.equal(compact.lineages.cert0?.history.length, 5);
    const back = parseBundle(text);
    assert.equal(back.lineages.cert1?.chainPem, withChain.cert1?.chainPem);
    assert.deepEqual(
      back.lineages.cert1?.history.map((h) => h.serial),
      ['03', '04', '05', '06', '07'],
    );
  });

  it("keeps a lineage's revocation; lineages without one still load; a malformed one is refused", () => {
    const bundle = bundleWith(2);
    const revoked = {
      ...bundle,
      lineages: {
        ...bundle.lineages,
        cert0: {
          ...(bundle.lineages.cert0 as Lineage),
          revoked: { at: '2026-02-01T00:00:00.000Z', reason: 'keycompromise' },
        },
      },
    };
    const back = parseBundle(serializeBundle(revoked));
    assert.deepEqual(back.lineages.cert0?.revoked, { at: '2026-02-01T00:00:00.000Z', reason: 'keycompromise' });
    assert.ok(!('revoked' in (back.lineages.cert1 ?? {})));
    const compact = JSON.parse(serializeBundle(revoked)) as { lineages: Record<string, Record<string, unknown>> };
    (compact.lineages.cert0 as Record<string, unknown>).revoked = { at: '2026-02-01T00:00:00.000Z' };
    assert.throws(() => parseBundle(JSON.stringify(compact)), {
      message: /^state: the bundle is not valid: bundle\.lineages\["cert0"\]\.revoked\.reason should be a string;/,
    });
  });

  it('a bundle from a newer certwright is refused', () => {
    const newer = { ...bundleWith(1), version: BUNDLE_VERSION + 1 };
    assert.throws(() => parseBundle(JSON.stringify(newer)), {
      message: `state: the bundle was written by a newer certwright (bundle version ${BUNDLE_VERSION + 1}, this one reads up to ${BUNDLE_VERSION}); upgrade certwright`,
    });
  });

  it('a bundle over the store limit is refused and nothing is written', async () => {
    const writes: string[] = [];
    const secretSized: StateStore = {
      description: 'secret CERTWRIGHT_STATE',
      maxBytes: 48 * 1024,
      load: () => Promise.resolve(undefined),
      save: (t) => Promise.resolve(void writes.push(t)),
    };
    await assert.rejects(
      saveState(secretSized, rawKey, bundleWith(40, 1200)),
      /^Error: state: the encrypted bundle is \d+ KB \(40 certificates\) and secret CERTWRIGHT_STATE holds at most 48 KB; nothing was written/,
    );
    assert.deepEqual(writes, []);
    await saveState(secretSized, rawKey, bundleWith(2));
    assert.equal(writes.length, 1);
  });

  it('a file that is not a bundle is refused with its own message', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
    await writeFile(path, 'hello');
    await assert.rejects(loadState(new FileStore(path), rawKey), /^Error: state: not an encrypted certwright bundle/);
  });

  it('a file that exists but is empty is refused, not read as a first run', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
    await writeFile(path, '\n');
    await assert.rejects(loadState(new FileStore(path), rawKey), {
      message: `state: the file ${path} exists but is empty, so it cannot be loaded, and a new state is not written over it; restore it from a backup, or set state-reset: true to start over with an empty state`,
    });
  });
});

describe('the state key derived early, from a header read without a lock', () => {
  const header = (format: unknown) =>
    `${Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', cwf: format })).toString('base64url')}.x.y.z.w`;
  const saltOf = async (key: ReturnType<typeof parseStateKey>) =>
    (decodeProtectedHeader(await encryptState('{}', key)) as { cwf: { s: string } }).cwf.s;

  it('takes the salt of a well-formed header, so the run derives once and writes with that salt', async () => {
    const key = parseStateKey('a passphrase for the early derivation');
    prepareStateKey(header({ z: 'deflate', s: 'cGxhbnRlZC1zYWx0', c: 210_000 }), key);
    assert.equal(await saltOf(key), 'cGxhbnRlZC1zYWx0');
  });

  it('a planted or damaged file starts nothing: an endless iteration count, no salt, another algorithm, not JSON', async () => {
    for (const planted of [
      header({ s: 'aGFuZy10aGUtcnVu', c: 1e12 }),
      header({ s: 'dG9vLWZldw', c: 10 }),
      header({ c: 210_000 }),
      `${Buffer.from(JSON.stringify({ alg: 'PBES2-HS512+A256KW', cwf: { s: 'b3RoZXI', c: 210_000 } })).toString('base64url')}.x`,
      'not a bundle at all',
      '',
    ]) {
      const key = parseStateKey('a passphrase for the early derivation');
      prepareStateKey(planted, key);
      assert.ok(!['aGFuZy10aGUtcnVu', 'dG9vLWZldw', 'b3RoZXI'].includes(await saltOf(key)), planted);
    }
  });

  it("a file store's bundle starts the derivation before the run's next synchronous work, not after an I/O turn", async () => {
    // A large config file is parsed synchronously right after: a derivation that waits for an
    // I/O callback would start only once the parse is over, and the run would wait for it after.
    const key = parseStateKey('a passphrase for the early derivation');
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-state-')), 'state.jwe');
    await saveState(new FileStore(path), key, bundleWith(1));
    const started: string[] = [];
    const hook = createHook({ init: (_id, type) => void (type === 'PBKDF2REQUEST' && started.push(type)) }).enable();
    try {
      const later = parseStateKey('a passphrase for the early derivation');
      prepareRunState({ store: fileStoreKind.configure(path, {}), key: later });
      await Promise.resolve(); // microtasks only: no I/O callback can have run
      assert.deepEqual(started, ['PBKDF2REQUEST']);
      assert.equal((await loadState(new FileStore(path), later)).lineages.cert0?.name, 'cert0');
      assert.equal(started.length, 1, 'the read derives no second time');
    } finally {
      hook.disable();
    }
  });
});
