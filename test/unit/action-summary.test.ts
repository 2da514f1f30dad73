import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as core from '@actions/core';
import { escapeHtml, summaryEnabled, totals, writeRunSummary } from '../../src/action/summary.js';
import type { CertificateResult } from '../../src/renewal/run.js';

const DAY = 86_400_000;
const now = Date.parse('2026-11-21T00:00:00Z');
const summary = (serial: string, daysLeft: number) => ({
  subject: 'CN=x',
  domains: ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example'],
  issuer: 'CN=ca',
  notBefore: new Date(now - (90 - daysLeft) * DAY),
  notAfter: new Date(now + daysLeft * DAY),
  serial,
});

// @actions/core keeps the summary file's path after its first write: one file, emptied for each test.
const summaryFile = mkdtemp(join(tmpdir(), 'certwright-summary-')).then((dir) => join(dir, 'summary'));

async function rendered(results: CertificateResult[]): Promise<string> {
  const file = await summaryFile;
  await writeFile(file, '');
  process.env.GITHUB_STEP_SUMMARY = file;
  core.summary.emptyBuffer();
  await writeRunSummary(results, now);
  return readFile(file, 'utf8');
}

describe('the job summary', () => {
  it('escapes an error line and puts it on its own row across the table', async () => {
    const html = await rendered([
      {
        name: 'ok',
        outcome: {
          action: 'renewed',
          reason: 'due',
          summary: summary('0a', 90),
          renewAt: new Date(now + 60 * DAY),
          elapsedMs: 1,
        },
      },
      { name: 'bad<x>', error: new Error('rfc2136: server said <html>&"\'</html>'), current: summary('0b', 3) },
    ]);
    assert.ok(
      html.includes('<td colspan="6">Error: rfc2136: server said &#60;html&#62;&#38;&#34;&#39;&#60;/html&#62;</td>'),
      html,
    );
    assert.ok(html.includes('<code>bad&#60;x&#62;</code>'));
    assert.ok(
      html.includes('⚠️ 3 (until 2026-11-24)'),
      'a failed renewal still shows the certificate in place, with its warning',
    );
    assert.ok(html.includes('a.example, b.example, c.example, d.example and 2 more'));
    assert.ok(html.includes('2027-01-20 (in 60 d)'));
    assert.match(html, /2 certificate\(s\): 1 renewed, 1 failed\./);
  });

  it('shows the names a failed certificate asked for, also when another certificate is in place', async () => {
    const html = await rendered([
      { name: 'first', error: new Error('no'), requested: ['first.example', '*.first.example'] },
      { name: 'grown', error: new Error('no'), requested: ['a.example', 'new.example'], current: summary('0c', 30) },
    ]);
    assert.ok(html.includes('<td>first.example, *.first.example</td>'), html);
    assert.ok(html.includes('<td>a.example, new.example</td>'), html);
  });

  it('counts results in the order they came, and can be switched off', () => {
    assert.equal(
      totals([
        { name: 'a', deferred: 'budget' },
        { name: 'b', error: new Error('x') },
        { name: 'c', deferred: 'budget' },
      ]),
      '2 deferred, 1 failed',
    );
    assert.equal(escapeHtml(`<&>"'`), '&#60;&#38;&#62;&#34;&#39;');
    assert.equal(summaryEnabled({}), true);
    assert.equal(summaryEnabled({ CERTWRIGHT_SUMMARY: 'false' }), false);
    assert.equal(summaryEnabled({ CERTWRIGHT_SUMMARY: 'Off' }), false);
    assert.equal(summaryEnabled({ CERTWRIGHT_SUMMARY: 'true' }), true);
  });
});
