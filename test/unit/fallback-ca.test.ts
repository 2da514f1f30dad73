import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcmeProblem } from '../../src/acme/problem.js';
import { parseConfigFile } from '../../src/config/file.js';
import { parseCertificateRequest, parseRenewalPolicy, SERVER_ALIASES } from '../../src/config/inputs.js';
import {
  CaUnreachableError,
  caCandidates,
  fallbackReason,
  markingUnreachable,
  UNANSWERED_IN_A_ROW,
} from '../../src/issue/fallback.js';
import type { HttpClient } from '../../src/net/http.js';

const base = {
  domains: 'a.example.com',
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
};
const ZEROSSL = 'https://acme.zerossl.com/v2/DV90';
const EAB = { 'eab-kid': 'kid-1', 'eab-hmac-key': 'c2VjcmV0LWtleQ' };

const problem = (type: string, status: number) =>
  new AcmeProblem('newOrder', { type: `urn:ietf:params:acme:error:${type}`, detail: 'said the CA' }, status, 'u');

describe('fallback CA: which failures move on to the next CA', () => {
  const cases: [string, unknown, RegExp | undefined][] = [
    ['rateLimited', problem('rateLimited', 429), /^rate limited \(said the CA\)$/],
    ['5xx after retries', problem('serverInternal', 500), /^server error HTTP 500 after retries$/],
    ['503 without a problem type', problem('about:blank', 503), /^server error HTTP 503/],
    [
      'no answer, wrapped by the directory fetch',
      new Error('acme: cannot reach the ACME directory at https://a/dir', {
        cause: new CaUnreachableError('connect ECONNREFUSED 127.0.0.1:443'),
      }),
      /^unreachable \(connect ECONNREFUSED 127\.0\.0\.1:443\)$/,
    ],
    ['unauthorized', problem('unauthorized', 403), undefined],
    ['caa', problem('caa', 403), undefined],
    ['rejectedIdentifier', problem('rejectedIdentifier', 400), undefined],
    ['externalAccountRequired (bad or missing EAB)', problem('externalAccountRequired', 400), undefined],
    ['malformed', problem('malformed', 400), undefined],
    ['a DNS provider that cannot be reached', new Error('rfc2136: connect ECONNREFUSED'), undefined],
  ];
  for (const [what, error, expected] of cases) {
    it(`${what}: ${expected ? 'falls through' : 'stops'}`, () => {
      const reason = fallbackReason(error);
      if (expected) assert.match(reason ?? '', expected);
      else assert.equal(reason, undefined);
    });
  }
});

describe('a CA that stops answering', () => {
  const DIR = 'https://ca.test/dir';
  /** An HTTP client whose answers `answers` scripts (true: 200, false: no answer); counts what reaches it. */
  function scripted(answers: () => boolean) {
    const seen = { requests: 0 };
    const http: HttpClient = () => {
      seen.requests++;
      return answers()
        ? Promise.resolve({ status: 200, headers: {}, body: Buffer.alloc(0), url: DIR })
        : Promise.reject(new Error('http: POST https://ca.test/order timed out after 30000 ms'));
    };
    return { http, seen };
  }
  const ask = (http: HttpClient) => http({ method: 'POST', url: 'https://ca.test/order' });

  it(`is not asked again in the run after ${UNANSWERED_IN_A_ROW} requests in a row without an answer`, async () => {
    const { http, seen } = scripted(() => false);
    const ca = markingUnreachable(http, DIR);
    for (let i = 0; i < 40; i++) await assert.rejects(ask(ca), CaUnreachableError);
    assert.equal(seen.requests, UNANSWERED_IN_A_ROW, 'the rest failed without a request');
    await assert.rejects(ask(ca), (error: Error) => {
      assert.ok(error instanceof CaUnreachableError, 'still a reason to try the next CA');
      assert.equal(
        error.message,
        `acme: the CA at ${DIR} did not answer ${UNANSWERED_IN_A_ROW} requests in a row (the last: http: POST ` +
          'https://ca.test/order timed out after 30000 ms); it is not asked again in this run, and the next run tries it again',
      );
      assert.match(fallbackReason(error) ?? '', /^unreachable /);
      return true;
    });
  });

  it('an answer in between starts the count again: a CA that answers now and then is still asked', async () => {
    let n = 0;
    const { http, seen } = scripted(() => ++n % UNANSWERED_IN_A_ROW === 0);
    const ca = markingUnreachable(http, DIR);
    for (let i = 0; i < UNANSWERED_IN_A_ROW * 4; i++) await ask(ca).catch(() => undefined);
    assert.equal(seen.requests, UNANSWERED_IN_A_ROW * 4);
  });

  it('each CA has its own count', async () => {
    const down = markingUnreachable(scripted(() => false).http, DIR);
    for (let i = 0; i < UNANSWERED_IN_A_ROW; i++) await ask(down).catch(() => undefined);
    const up = scripted(() => true);
    assert.equal((await ask(markingUnreachable(up.http, 'https://other.test/dir'))).status, 200);
  });
});

describe('fallback CA: server as a list', () => {
  it('a single server works as before: EAB goes to it, no fallbacks', () => {
    const { ca } = parseCertificateRequest({ ...base, server: ZEROSSL, ...EAB });
    assert.equal(ca.directoryUrl, ZEROSSL);
    assert.deepEqual(ca.account.eab, { kid: 'kid-1', hmacKey: 'c2VjcmV0LWtleQ' });
    assert.equal(ca.fallbacks, undefined);
    assert.equal(ca.account.eabIfRequired, undefined);
  });

  it('a list (commas or newlines, aliases allowed): the rest are fallbacks; shared EAB only where required', () => {
    const { ca } = parseCertificateRequest({ ...base, server: `letsencrypt,\n${ZEROSSL}`, ...EAB });
    assert.equal(ca.directoryUrl, SERVER_ALIASES.letsencrypt);
    assert.equal(ca.account.eab, undefined);
    assert.deepEqual(ca.account.eabIfRequired, { kid: 'kid-1', hmacKey: 'c2VjcmV0LWtleQ' });
    assert.deepEqual(ca.fallbacks, [
      { directoryUrl: ZEROSSL, eabIfRequired: { kid: 'kid-1', hmacKey: 'c2VjcmV0LWtleQ' } },
    ]);
    const [first, second] = caCandidates({ ...ca, account: { ...ca.account, keyFile: '/k.pem' } });
    assert.equal(first?.account.keyFile, '/k.pem');
    assert.equal(second?.directoryUrl, ZEROSSL);
    assert.equal(second?.account.keyFile, undefined, "the first CA's key file is not a fallback's");
  });

  const refused: [string, string, string][] = [
    [
      'plain http to a host that is not loopback, second in the list',
      `letsencrypt, http://acme.example.com/dir`,
      'server: http://acme.example.com/dir is plain http, which ACME does not allow (RFC 8555 §6.1: anyone on the ' +
        'path could change what the CA answers); use https (plain http only for a loopback test server such as ' +
        '127.0.0.1)',
    ],
    [
      'a CA listed twice',
      `letsencrypt, ${SERVER_ALIASES.letsencrypt}`,
      `server: ${SERVER_ALIASES.letsencrypt} is listed twice; list each CA once, in the order to try them`,
    ],
    [
      'not a URL',
      'letsencrypt, zerossl',
      'server: "zerossl" is not a URL; expected an ACME directory URL such as ' +
        'https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging',
    ],
  ];
  for (const [what, server, error] of refused) {
    it(`refuses ${what}, before any CA is asked`, () => {
      assert.throws(() => parseCertificateRequest({ ...base, server }), { message: error });
    });
  }

  it('dry-run-server takes a list as well', () => {
    const policy = parseRenewalPolicy({ 'dry-run-server': `letsencrypt-staging, ${ZEROSSL}` });
    assert.equal(policy.dryRunServer, SERVER_ALIASES['letsencrypt-staging']);
    assert.deepEqual(policy.dryRunFallbacks, [ZEROSSL]);
  });
});

describe('fallback CA: a config file lists servers, with EAB per server', () => {
  it('an item with url, eab-kid and eab-hmac-key gives that CA its own EAB; its key is a secret', async () => {
    const secrets: string[] = [];
    const file = await parseConfigFile(
      `server:
  - letsencrypt
  - url: ${ZEROSSL}
    eab-kid: zero-kid
    eab-hmac-key: emVyby1obWFj
certificates:
  - domains: [a.example.com]
`,
      'certwright.yml',
      base,
      { onSecret: (secret) => secrets.push(secret) },
    );
    const ca = file.certificates[0]?.request.ca;
    assert.equal(ca?.directoryUrl, SERVER_ALIASES.letsencrypt);
    assert.equal(ca?.account.eab, undefined);
    assert.deepEqual(ca?.fallbacks, [{ directoryUrl: ZEROSSL, eab: { kid: 'zero-kid', hmacKey: 'emVyby1obWFj' } }]);
    assert.ok(secrets.includes('emVyby1obWFj'), 'the EAB key is masked');
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown key', `[{url: ${ZEROSSL}, eab-key: x}]`, /server: "eab-key" is not a key of a server item/],
    ['no url', '[{eab-kid: x}]', /server: an item without url/],
    [
      'half an EAB',
      `[{url: ${ZEROSSL}, eab-kid: x}]`,
      /server: https:\/\/acme\.zerossl\.com\/v2\/DV90: eab-hmac-key: missing/,
    ],
  ];
  for (const [what, server, error] of bad) {
    it(`refuses ${what} in a server item`, async () => {
      await assert.rejects(
        parseConfigFile(`server: ${server}\ncertificates:\n  - domains: [a.example.com]\n`, 'c.yml', base),
        error,
      );
    });
  }
});
