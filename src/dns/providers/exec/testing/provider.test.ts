import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueOnBed } from '../../../../testing/engine.js';
import { execHookInputs } from './nsupdate-hooks.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { verifyIssued } from '../../../../testing/verify.js';

describe('exec: certbot manual hooks (nsupdate scripts against the test bed)', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('runs certbot-style hooks with certbot’s environment and issues', async () => {
    const log = join(await mkdtemp(join(tmpdir(), 'certwright-hooks-')), 'hooks.log');
    const domains = ['*.hooks.example.test', 'hooks.example.test', 'hooks.other.test'];
    const result = await issueOnBed(bed, domains, execHookInputs(bed, log));
    await verifyIssued(bed, result.paths, domains);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    const auth = lines.filter((l) => l.startsWith('auth '));
    const cleanup = lines.filter((l) => l.startsWith('cleanup '));
    assert.equal(auth.length, 3);
    assert.deepEqual(
      auth.map((l) => /remaining=(\d+)/.exec(l)?.[1]),
      ['2', '1', '0'],
    );
    for (const line of auth) {
      assert.match(line, /all=[a-z.,]+/);
      const all = /all=(\S+)/.exec(line)?.[1]?.split(',').sort();
      assert.deepEqual(all, ['hooks.example.test', 'hooks.example.test', 'hooks.other.test']);
      assert.ok(!line.includes('*'), 'CERTBOT_DOMAIN and CERTBOT_ALL_DOMAINS carry no wildcard label, as in certbot');
    }
    assert.equal(cleanup.length, 3);
    for (const line of cleanup) {
      const domain = /domain=(\S+)/.exec(line)?.[1];
      assert.match(
        line,
        new RegExp(`output=token-for-${domain?.replace(/\./g, '\\.')}$`),
        'CERTBOT_AUTH_OUTPUT is what the auth hook printed',
      );
    }
  });
});
