import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfigFile } from '../../src/config/file.js';
import { fileKeys } from '../../src/config/file-keys.js';
import { RENEW_INPUTS } from '../../src/config/inputs.js';
import { parseRunPlan } from '../../src/config/plan.js';

const base = {
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
};

describe('config file', () => {
  it('merges run inputs < file top level < entry, and routes zones to providers', async () => {
    const file = await parseConfigFile(
      `concurrency: 3
key-type: ecdsa-p384
certificates:
  - domains: [a.example.com, '*.a.example.com']
  - cert-name: mixed
    key-type: rsa-2048
    domains: [b.example.com, b.example.net]
    zones:
      example.net: { dns-provider: exec, exec-auth-hook: ./auth.sh }
`,
      'certwright.yml',
      base,
    );
    assert.equal(file.concurrency, 3);
    const [first, second] = file.certificates;
    assert.equal(first?.request.name, 'a.example.com');
    assert.equal(first?.request.keyType, 'ecdsa-p384');
    assert.equal(second?.request.name, 'mixed');
    assert.equal(second?.request.keyType, 'rsa-2048');
    assert.equal(second?.request.dns.provider.name, 'zones(example.net=exec,*=rfc2136)');
  });

  it('entries that differ only in their names share their parsed settings; any input of their own parses apart', async () => {
    const file = await parseConfigFile(
      `key-type: ecdsa-p384
certificates:
  - domains: [a.example.com]
  - { cert-name: b, domains: [b.example.com] }
  - { domains: [c.example.com], key-type: ecdsa-p384 }
  - { domains: [d.example.com], key-type: rsa-2048 }
  - { domains: [e.example.com], key-type: rsa-2048 }
`,
      'certwright.yml',
      { ...base, 'key-type': 'ecdsa-p256' },
    );
    const [a, b, c, d, e] = file.certificates.map((job) => job.request);
    assert.deepEqual(
      [a, b, c, d, e].map((r) => [r?.name, r?.keyType]),
      [
        ['a.example.com', 'ecdsa-p384'],
        ['b', 'ecdsa-p384'],
        ['c.example.com', 'ecdsa-p384'],
        ['d.example.com', 'rsa-2048'],
        ['e.example.com', 'rsa-2048'],
      ],
    );
    assert.equal(a?.ca, b?.ca, 'the names alone differ: one parse');
    assert.equal(d?.ca, e?.ca, 'the same input of their own: one parse');
    assert.notEqual(a?.ca, d?.ca);
    assert.deepEqual(c?.ca, a?.ca, 'an own input equal to the inherited one parses to the same settings');
  });

  const errors: [string, string, string][] = [
    [
      'no list',
      'server: x',
      'config: c.yml has no certificates list; expected "certificates:" with at least one entry that has domains',
    ],
    ['not YAML', 'certificates: [', 'config: c.yml is not valid YAML: '],
    [
      'a duplicate key',
      'certificates: [{domains: a.example.com}]\ncertificates: [{domains: b.example.com}]',
      'config: c.yml is not valid YAML: duplicated mapping key (2:1)',
    ],
    [
      'a "billion laughs" of aliases',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => {
        const [from, to] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
        return `${to}: &${to} [*${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}]`;
      }).join('\n')}\ncertificates: [{domains: a.example.com, cert-name: *i}]`,
      'config: c.yml is a YAML document whose aliases expand to more than 2,000,000 values; write it out without them',
    ],
    [
      'an alias inside its own anchor',
      'loop: &l [*l]\ncertificates: [{domains: a.example.com}]',
      'config: c.yml is a YAML document where an alias stands inside its own anchor; remove the loop',
    ],
    [
      'bad concurrency',
      'concurrency: 0\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: concurrency "0" is not supported; expected a whole number from 1 to 16',
    ],
    [
      'a bad name',
      'certificates: [{domains: [a..example.com]}]',
      'config: c.yml: certificates[0]: domains: "a..example.com" is not a valid certificate name',
    ],
    [
      'a duplicate cert-name',
      'certificates: [{domains: a.example.com}, {domains: b.example.com, cert-name: a.example.com}]',
      'config: c.yml: certificates[1]: cert-name: "a.example.com" is used twice; give each certificate its own cert-name',
    ],
    [
      'a zone without inputs',
      'certificates: [{domains: a.example.com, zones: {example.com: exec}}]',
      'config: c.yml: certificates[0]: zones: example.com should map to provider inputs such as dns-provider',
    ],
    [
      'a zone provider missing its hook',
      'certificates: [{domains: a.example.com, zones: {example.com: {dns-provider: exec}}}]',
      'config: c.yml: certificates[0]: exec-auth-hook: missing',
    ],
  ];
  it('reads YAML 1.2: on, yes and a date stay text, as in workflow files', async () => {
    const file = await parseConfigFile(
      'certificates: [{domains: a.example.com, cert-name: yes, next-run: 2026-12-06}]',
      'c.yml',
      base,
    );
    assert.equal(file.certificates[0]?.request.name, 'yes');
  });

  for (const [what, yaml, message] of errors) {
    it(`rejects ${what}`, async () => {
      await assert.rejects(parseConfigFile(yaml, 'c.yml', base), (error: Error) => error.message.startsWith(message));
    });
  }

  const keyErrors: [string, string, string][] = [
    [
      'an unknown top-level key',
      'concurency: 2\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: unknown key "concurency"; did you mean "concurrency"?',
    ],
    [
      'an unknown key in an entry',
      'certificates: [{domains: a.example.com}, {domains: b.example.com}, {domians: c.example.com}]',
      'config: c.yml: certificates[2]: unknown key "domians"; did you mean "domains"?',
    ],
    [
      'an unknown key in a zone',
      'certificates: [{domains: a.example.com, zones: {example.com: {dns-provder: exec}}}]',
      'config: c.yml: certificates[0].zones.example.com: unknown key "dns-provder"; did you mean "dns-provider"?',
    ],
    [
      'a command-line spelling',
      'dns: exec\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: unknown key "dns"; did you mean "dns-provider"? (dns is its command-line spelling)',
    ],
    [
      'a key nothing is near',
      'xyzzy: 1\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: unknown key "xyzzy"; expected an input named in docs/inputs.md (the file\'s JSON Schema checks keys as you type)',
    ],
    [
      'a certificate input in a zone',
      'certificates: [{domains: a.example.com, zones: {example.com: {dns-provider: exec, key-type: rsa}}}]',
      "config: c.yml: certificates[0].zones.example.com: key-type is not read in a zone, which takes dns-provider and that provider's inputs; set it on the certificate",
    ],
    [
      'zones at the top level',
      'zones: {}\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: zones is not read at the top level of the file; set it in a certificate entry',
    ],
    [
      'max-new-orders in an entry',
      'certificates: [{domains: a.example.com, max-new-orders: 5}]',
      "config: c.yml: certificates[0]: max-new-orders applies to the whole run (it is the order budget of the run's ACME account); set it at the top level of the file",
    ],
    [
      'dry-run in an entry',
      'certificates: [{domains: a.example.com, dry-run: true}]',
      'config: c.yml: certificates[0]: dry-run applies to the whole run (a dry run saves nothing, for every certificate of the run); set it at the top level of the file',
    ],
    [
      'concurrency in an entry',
      'certificates: [{domains: a.example.com, concurrency: 5}]',
      'config: c.yml: certificates[0]: concurrency applies to the whole run (it is how many certificates the run works on at once); set it at the top level of the file',
    ],
    [
      'state-key',
      'state-key: a passphrase of the state\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: state-key: not read from a config file: a secret does not belong in a file kept in a repository; pass it as the state-key input from a secret (CLI: the CERTWRIGHT_STATE_KEY variable)',
    ],
    [
      'github-token in an entry',
      'certificates: [{domains: a.example.com, github-token: ghp_x}]',
      'config: c.yml: certificates[0]: github-token: not read from a config file: a secret does not belong in a file kept in a repository; pass it as the github-token input from a secret (CLI: the CERTWRIGHT_GITHUB_TOKEN variable)',
    ],
    [
      'store',
      'store: file:/tmp/x\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: store: not read from a config file: where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: --store)',
    ],
    [
      'github-api-url',
      'github-api-url: https://evil.example\ncertificates: [{domains: a.example.com}]',
      "config: c.yml: github-api-url: not read from a config file: the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)",
    ],
    [
      'shard',
      'shard: 1/2\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: shard: not read from a config file: each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ${{ matrix.shard }}/N; CLI: --shard)',
    ],
    [
      'a mapping as a value',
      'certificates: [{domains: {a: b}}]',
      'config: c.yml: certificates[0]: domains: a mapping is not a value here; expected text, a number, true/false or a list of them',
    ],
    [
      'plain http for the ACME server',
      'server: http://acme.example/dir\ncertificates: [{domains: a.example.com}]',
      'config: c.yml: certificates[0]: server: http://acme.example/dir is plain http, which ACME does not allow',
    ],
  ];
  for (const [what, yaml, message] of keyErrors) {
    it(`refuses ${what}, in one line naming the key and its place`, async () => {
      await assert.rejects(parseConfigFile(yaml, 'c.yml', base), (error: Error) => {
        assert.ok(error.message.startsWith(message), error.message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    });
  }

  it('decides every renewal input: read per certificate, at the top level only, or refused with a reason', () => {
    const keys = fileKeys();
    for (const input of RENEW_INPUTS) {
      const key = keys.get(input.name);
      assert.ok(key && (key.levels.length > 0 || key.refused), input.name);
    }
    const placeOf = (name: string) => (keys.get(name)?.refused ? 'refused' : keys.get(name)?.levels.join(','));
    assert.deepEqual(
      [
        'max-new-orders',
        'warn-days',
        'dry-run',
        'force-renewal',
        'deploy-hook',
        'store',
        'state',
        'state-key',
        'shard',
        'config',
      ].map(placeOf),
      [
        'top',
        'top',
        'top',
        'top,certificate',
        'top,certificate',
        'refused',
        'refused',
        'refused',
        'refused',
        'refused',
      ],
    );
  });

  it("honours max-new-orders and warn-days from the top level, over the run's own", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-config-'));
    const config = join(dir, 'c.yml');
    await writeFile(config, 'max-new-orders: 5\nwarn-days: 3\ncertificates: [{domains: a.example.com}]\n');
    const plan = await parseRunPlan({ ...base, config, 'max-new-orders': '250' }, { storeKinds: [] });
    assert.deepEqual([plan.maxNewOrders, plan.warnDays], [5, 3]);
    await writeFile(config, 'max-new-orders: none\ncertificates: [{domains: a.example.com}]\n');
    await assert.rejects(parseRunPlan({ ...base, config }, { storeKinds: [] }), {
      message: /^max-new-orders: "none" is not a count; /,
    });
  });

  it('tells onSecret every secret of the file and of the credentials files it names, before any check can fail', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-config-'));
    const credentials = join(dir, 'acmedns.json');
    await writeFile(
      credentials,
      JSON.stringify({
        'a.example.com': {
          username: 'user-1',
          password: 'password-from-the-credentials-file',
          fulldomain: 'x.auth.example.org',
          subdomain: 'x',
        },
      }),
    );
    const yaml = `cloudflare-api-token: token-from-the-top-level
certificates:
  - domains: [a.example.com]
    pfx-password: pfx-password-of-an-entry
    zones:
      example.com: { dns-provider: acme-dns, acme-dns-credentials-file: ${credentials} }
  - domains: [b.example.com]
    state-key: refused-but-seen-all-the-same
`;
    const seen: string[] = [];
    await assert.rejects(
      parseConfigFile(yaml, 'c.yml', base, { onSecret: (value) => seen.push(value) }),
      /certificates\[1\]: state-key: not read from a config file/,
    );
    for (const secret of [
      'token-from-the-top-level',
      'pfx-password-of-an-entry',
      'password-from-the-credentials-file',
      'refused-but-seen-all-the-same',
    ])
      assert.ok(seen.includes(secret), secret);
    assert.ok(!seen.includes('user-1'), 'a user name is not a secret');
  });
});
