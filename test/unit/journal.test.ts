import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { captureLogger } from '../../src/testing/engine.js';
import { RecordJournal, type JournalEntry } from '../../src/state/journal.js';

const VALUE = 'a'.repeat(43);

function planned(certName: string, value = VALUE) {
  const fqdn = `_acme-challenge.${certName}`;
  return {
    certName,
    provider: 'rfc2136',
    createdAt: new Date().toISOString(),
    records: [{ domain: certName, fqdn, zone: 'example.test', value }],
  };
}

/** The PID of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function journalIn(): Promise<{ folder: string; journal: RecordJournal; log: ReturnType<typeof captureLogger> }> {
  const home = await mkdtemp(join(tmpdir(), 'certwright-journal-'));
  const folder = join(home, 'records-in-flight');
  const log = captureLogger();
  return { folder, journal: new RecordJournal(folder, log), log };
}

describe('the records journal: one file per run and certificate', () => {
  it('notes a run’s records in its own 0600 file in a 0700 folder, replaces them on a second note, and forgets them', async () => {
    const { folder, journal } = await journalIn();
    await journal.note(planned('a.example.test'));
    await journal.note(planned('b.example.test'));
    await journal.note({ ...planned('a.example.test'), records: [] });
    const files = (await readdir(folder)).sort();
    assert.equal(files.length, 2, files.join(', '));
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    for (const file of files) assert.equal((await stat(join(folder, file))).mode & 0o777, 0o600);
    const a = files.find((f) => f.startsWith('a_example_test.')) ?? '';
    const entry = JSON.parse(await readFile(join(folder, a), 'utf8')) as JournalEntry;
    assert.deepEqual(
      [entry.certName, entry.pid, entry.host, entry.records.length],
      ['a.example.test', process.pid, hostname(), 0],
    );
    await journal.forget('a.example.test');
    assert.deepEqual(
      (await readdir(folder)).map((f) => f.split('.')[0]),
      ['b_example_test'],
    );
  });

  it('makes its folder ahead of the order (0700), and a note whose folder could not be made tries again', async () => {
    const { folder, journal } = await journalIn();
    await journal.prepare();
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    assert.deepEqual(await readdir(folder), [], 'nothing noted yet');
    await journal.note(planned('a.example.test'));
    assert.equal((await readdir(folder)).length, 1);

    // A file where the folder goes: prepare fails quietly, the note says why; once it is gone, the next note writes.
    const blocked = await journalIn();
    await writeFile(blocked.folder, 'not a folder');
    await assert.rejects(blocked.journal.prepare());
    await assert.rejects(blocked.journal.note(planned('a.example.test')), /EEXIST|ENOTDIR|not a folder|is a file/);
    await rm(blocked.folder);
    await blocked.journal.note(planned('a.example.test'));
    assert.equal((await readdir(blocked.folder)).length, 1);
  });

  it('writes a note by rename without a disk flush, where other atomic writes flush', async () => {
    const { folder, journal } = await journalIn();
    // An atomic write sends only its fsync to the thread pool (src/fs/atomic-file.ts): each request there is a flush.
    let flushes = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'FSREQCALLBACK' && flushes++) }).enable();
    try {
      await journal.note(planned('a.example.test'));
      assert.equal(flushes, 0);
      assert.equal((await readdir(folder)).length, 1);
      flushes = 0;
      await writeFileAtomic(join(folder, '..', 'elsewhere.pem'), 'key', 0o600);
      assert.equal(flushes, 1);
    } finally {
      hook.disable();
    }
  });

  it("finds what a killed run left for a certificate, never a live run's or another certificate's", async () => {
    const { folder, journal, log } = await journalIn();
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const plant = async (name: string, entry: object | string) =>
      writeFile(join(folder, name), JSON.stringify(entry), { mode: 0o600 });
    const dead = deadPid();
    // Names as the journal gives them (readable part, hash, PID, host), from a note of another journal.
    await new RecordJournal(folder, captureLogger()).note(planned('c.example.test'));
    const [own] = await readdir(folder);
    const prefix = (own ?? '').split('.').slice(0, 2).join('.');
    await plant(`${prefix}.${dead}.h.json`, { ...planned('c.example.test'), pid: dead, host: hostname() });
    await plant(`${prefix}.1.h.json`, { ...planned('c.example.test'), pid: 1, host: hostname() }); // init: alive
    await plant(`${prefix}.2.h.json`, { ...planned('c.example.test'), pid: 2, host: 'elsewhere' }); // another host, fresh
    await plant(`${prefix}.3.h.json`, { ...planned('other.example.test'), pid: dead, host: hostname() }); // renamed file
    await plant(`${prefix}.4.h.json`, 'not an entry');
    const left = await journal.leftBehind('c.example.test', Date.now());
    assert.deepEqual(
      left.map((e) => [e.certName, e.pid, e.host]),
      [['c.example.test', dead, hostname()]],
    );
    assert.ok(
      log.lines.some((line) => /^warn: .*\.4\.h\.json is not a records journal entry/.test(line)),
      log.lines.join('\n'),
    );
    await journal.forget('c.example.test', left);
    assert.equal((await readdir(folder)).length, 5, 'only the removed entry’s file went');
    const later = await journal.leftBehind('c.example.test', Date.now() + 2 * 86_400_000);
    assert.deepEqual(
      later.map((e) => e.host),
      ['elsewhere'],
      'an entry of another host counts as left behind after a day',
    );
  });

  it('adopts the single file of earlier versions into the folder, then removes it', async () => {
    const { folder, journal } = await journalIn();
    const dead = deadPid();
    await writeFile(
      `${folder}.json`,
      JSON.stringify({ entries: [{ ...planned('d.example.test'), pid: dead, host: hostname() }, { junk: true }] }),
      { mode: 0o600 },
    );
    const left = await journal.leftBehind('d.example.test', Date.now());
    assert.deepEqual(
      left.map((e) => e.certName),
      ['d.example.test'],
    );
    await assert.rejects(stat(`${folder}.json`), { code: 'ENOENT' });
    await journal.forget('d.example.test', left);
    assert.deepEqual(await readdir(folder), []);
  });
});
