import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPrivateKey } from 'node:crypto';
import { findAccount } from '../../src/acme/account.js';
import { getAuthorization } from '../../src/acme/authorization.js';
import { accountKeyFrom } from '../../src/acme/jws.js';
import { AcmeTransport } from '../../src/acme/transport.js';
import { createHttpClient } from '../../src/net/http.js';
import { silentLogger, systemClock } from '../../src/runtime.js';
import { captureLogger, issueOnBed } from '../../src/testing/engine.js';
import { execHookInputs } from '../../src/dns/providers/exec/testing/nsupdate-hooks.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { assertNoChallengeRecords } from '../../src/testing/verify.js';

async function hookLogPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'certwright-hooks-')), 'hooks.log');
}

describe('failed validations and unreachable servers', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('a wrong TXT value fails with the domain and the CA’s detail, and removes every record', async () => {
    const log = await hookLogPath();
    const logger = captureLogger();
    const domains = ['wrong.example.test', 'right-zone.other.test'];
    await assert.rejects(
      issueOnBed(bed, domains, { ...execHookInputs(bed, log, 'wrong-'), propagation: 'skip' }, logger),
      (error: Error) => {
        // Pebble's detail for a TXT record with the wrong value; both names fail, both are named.
        assert.match(
          error.message,
          /acme: validation of wrong\.example\.test failed: unauthorized: Correct value not found for DNS challenge/,
        );
        assert.match(
          error.message,
          /acme: validation of right-zone\.other\.test failed: unauthorized: Correct value not found for DNS challenge/,
        );
        return true;
      },
    );
    const cleanup = (await readFile(log, 'utf8')).split('\n').filter((l) => l.startsWith('cleanup '));
    assert.equal(cleanup.length, 2, 'the cleanup hook ran for every record');
    await assertNoChallengeRecords(bed, domains);
  });

  it('a wrong TXT value with the propagation check fails naming the record and nameserver, and cleans up', async () => {
    const log = await hookLogPath();
    const domains = ['never.example.test'];
    await assert.rejects(
      issueOnBed(bed, domains, { ...execHookInputs(bed, log, 'wrong-'), 'propagation-timeout': '1' }),
      /^Error: dns: TXT records not visible on the authoritative nameservers after 1000 ms: _acme-challenge\.never\.example\.test at 127\.0\.0\.1:\d+ \(NOERROR, 1 of 1 values missing\)/,
    );
    await assertNoChallengeRecords(bed, domains);
  });

  it('a long wait for propagation says where it stands, with the record and nameserver', async () => {
    const log = await hookLogPath();
    const logger = captureLogger();
    await assert.rejects(
      issueOnBed(
        bed,
        ['slow.example.test'],
        { ...execHookInputs(bed, log, 'wrong-'), 'propagation-timeout': '3' },
        logger,
      ),
      /^Error: dns: TXT records not visible/,
    );
    const waits = logger.lines.filter((line) => line.startsWith('info: ') && line.includes('waiting for'));
    assert.ok(waits.length >= 1, logger.lines.join('\n'));
    assert.match(
      waits[0] ?? '',
      /^info: slow\.example\.test: waiting for _acme-challenge\.slow\.example\.test on 127\.0\.0\.1:\d+ \(NOERROR, 1 of 1 values missing\): \d\.\d s of 3\.0 s$/,
    );
  });

  it('a failed attempt deactivates the authorizations it leaves pending (RFC 8555 §7.5.2)', async () => {
    const log = await hookLogPath();
    const keyFile = join(await mkdtemp(join(tmpdir(), 'certwright-acct-')), 'account.pem');
    const logger = captureLogger();
    const domains = ['deact1.example.test', 'deact2.other.test'];
    await assert.rejects(
      issueOnBed(
        bed,
        domains,
        { ...execHookInputs(bed, log, 'wrong-'), 'propagation-timeout': '1', 'account-key-file': keyFile },
        logger,
      ),
      /^Error: dns: TXT records not visible/,
    );
    const urls = logger.lines.flatMap(
      (line) => /^debug: \S+: acme: deactivated the pending authorization of \S+ \((\S+)\)$/.exec(line)?.[1] ?? [],
    );
    assert.equal(urls.length, 2, logger.lines.join('\n'));
    // Ask the CA itself, as the account that owns them.
    const transport = new AcmeTransport({
      http: createHttpClient({ userAgent: 'test', extraCaPem: bed.serverCaPem }),
      directoryUrl: bed.directoryUrl,
      accountKey: await accountKeyFrom(createPrivateKey(await readFile(keyFile, 'utf8'))),
      clock: systemClock,
      logger: silentLogger,
    });
    assert.ok(await findAccount(transport));
    for (const url of urls) assert.equal((await getAuthorization(transport, url)).authorization.status, 'deactivated');
    await assertNoChallengeRecords(bed, domains);
  });

  it('an unreachable ACME server fails naming the URL', async () => {
    await assert.rejects(
      issueOnBed(bed, ['x.example.test'], { server: 'https://127.0.0.1:9/dir' }),
      /^Error: acme: cannot reach the ACME directory at https:\/\/127\.0\.0\.1:9\/dir; check the server URL and that the CA is up/,
    );
  });
});
