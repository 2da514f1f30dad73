import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CertificateGroups } from '../../src/action/log.js';
import { actionLogger } from '../../src/action/inputs.js';

/** What `work` writes to stdout (where @actions/core writes workflow commands and log lines). */
function captureStdout(work: () => void): string[] {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  try {
    work();
  } finally {
    process.stdout.write = write;
  }
  return written.join('').split('\n').filter(Boolean);
}

describe('CertificateGroups', () => {
  it('streams the first certificate live, holds the others, and replays each as its own group in order', () => {
    const lines = captureStdout(() => {
      const groups = new CertificateGroups(actionLogger);
      const a = groups.open('a.example', 'issuing: no certificate yet');
      const b = groups.open('b.example', 'renewing: due');
      const c = groups.open('c.example', 'renewing: due');
      b.info('b first');
      a.info('a first');
      c.info('c only');
      c.end();
      b.warn('b second');
      a.end();
      b.info('b live');
      b.end();
    });
    assert.deepEqual(lines, [
      '::group::a.example: issuing: no certificate yet',
      'a.example: a first',
      '::endgroup::',
      '::group::b.example: renewing: due',
      'b.example: b first',
      '::warning::b.example: b second',
      'b.example: b live',
      '::endgroup::',
      '::group::c.example: renewing: due',
      'c.example: c only',
      '::endgroup::',
    ]);
  });

  it('a certificate that ends while held still gets its group when its turn comes', () => {
    const lines = captureStdout(() => {
      const groups = new CertificateGroups(actionLogger);
      const a = groups.open('a', 'issuing');
      const b = groups.open('b', 'issuing');
      b.info('done early');
      b.end();
      a.end();
    });
    assert.deepEqual(lines, [
      '::group::a: issuing',
      '::endgroup::',
      '::group::b: issuing',
      'b: done early',
      '::endgroup::',
    ]);
  });
});

describe('secretParts', () => {
  it('masks a JSON secret as a whole and each secret field inside it, never names or URLs', async () => {
    const { secretParts } = await import('../../src/action/inputs.js');
    const credentials = JSON.stringify({
      'example.com': {
        username: 'c36f50e8-4632-44f0-83fe-e070fef28a10',
        password: 'htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z',
        fulldomain: 'd420c923.auth.example.org',
        subdomain: 'd420c923',
        server_url: 'https://auth.example.org',
      },
    });
    assert.deepEqual(secretParts(credentials), [credentials, 'htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z']);
    assert.deepEqual(secretParts('plain-token-value'), ['plain-token-value']);
    assert.deepEqual(secretParts(JSON.stringify({ private_key: '-----BEGIN KEY-----', client_email: 'ci@x.iam' })), [
      JSON.stringify({ private_key: '-----BEGIN KEY-----', client_email: 'ci@x.iam' }),
      '-----BEGIN KEY-----',
    ]);
  });
});
