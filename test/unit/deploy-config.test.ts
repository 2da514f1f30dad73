import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDeployFailure, parseDeployTo } from '../../src/config/deploy.js';
import { parseConfigFile } from '../../src/config/file.js';
import { planCertificates } from '../../src/config/plan.js';
import { parseBundle, serializeBundle, type StateBundle } from '../../src/state/bundle.js';
import { makeTlsCertificate } from '../../src/testing/testbed.js';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = {
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
  'github-repository': 'acme/site',
  'github-token': 'a-token',
};

const parse = (yaml: string) => parseConfigFile(yaml, 'c.yml', base);

describe('deploy targets in the inputs and the config file', () => {
  it('deploy-to configures each target from the same inputs, in order', () => {
    const targets = parseDeployTo({ ...base, 'deploy-to': 'github-secret', 'github-secret-name': 'TLS' });
    assert.deepEqual(
      targets.map((t) => [t.name, t.key]),
      [['github-secret', 'github-secret:acme/site/TLS_FULLCHAIN,TLS_PRIVKEY']],
    );
  });

  const refusedInputs: [string, Record<string, string>, string][] = [
    [
      'an unknown target, naming the nearest',
      { 'deploy-to': 'github-secrets' },
      'deploy-to: "github-secrets" is not a deploy target; did you mean "github-secret"? expected one of ',
    ],
    [
      'the same place twice',
      { 'deploy-to': 'github-secret, github-secret', 'github-secret-name': 'TLS' },
      'deploy-to: github-secret (TLS_FULLCHAIN, TLS_PRIVKEY in repository acme/site) is listed twice; list each place once',
    ],
    [
      'a deploy-failure policy that is none',
      { 'deploy-failure': 'ignore' },
      'deploy-failure: "ignore" is not a policy; expected fail or warn',
    ],
  ];
  for (const [what, inputs, message] of refusedInputs) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => {
          parseDeployFailure(inputs);
          parseDeployTo({ ...base, ...inputs });
        },
        (error: Error) => error.message.startsWith(message) && !error.message.includes('\n'),
      );
    });
  }

  it('a deploy item takes settings without the prefix, over the top level and the entry; a top-level deploy list is the default', async () => {
    const config = await parse(`
github-secret-repository: acme/other
deploy:
  - { target: github-secret, name: SHARED }
certificates:
  - domains: [a.example.com]
    deploy:
      - { target: github-secret, name: A, format: pfx, pfx-password: p4ssword-a }
      - { target: github-secret, github-secret-name: A2, repository: acme/third }
  - domains: [b.example.com]
`);
    const [a, b] = config.certificates;
    assert.deepEqual(
      a?.deploy?.map((t) => t.key),
      ['github-secret:acme/other/A_PFX', 'github-secret:acme/third/A2_FULLCHAIN,A2_PRIVKEY'],
    );
    assert.deepEqual(
      b?.deploy?.map((t) => t.key),
      ['github-secret:acme/other/SHARED_FULLCHAIN,SHARED_PRIVKEY'],
    );
  });

  const refusedFiles: [string, string, string][] = [
    [
      'an unknown target, naming the nearest',
      'deploy: [{ target: github-secert }]',
      'config: c.yml: certificates[0]: deploy[0]: target: "github-secert" is not a deploy target; did you mean "github-secret"? expected one of ',
    ],
    [
      'an unknown setting, naming the nearest of the target',
      'deploy: [{ target: github-secret, nmae: TLS }]',
      'config: c.yml: certificates[0]: deploy[0]: unknown key "nmae" for target github-secret; did you mean "name"?',
    ],
    [
      'an item without a target',
      'deploy: [{ name: TLS }]',
      "config: c.yml: certificates[0]: deploy[0]: expected a mapping with target: NAME and the target's settings",
    ],
    [
      "a target's own error, with where it is",
      'deploy: [{ target: github-secret, name: GITHUB_X }]',
      'config: c.yml: certificates[0]: deploy[0]: github-secret-name: "GITHUB_X" is not a usable secret name',
    ],
    [
      'deploy-to in the file',
      'deploy-to: github-secret',
      'config: c.yml: certificates[0]: deploy-to: not read from a config file: a config file lists them per certificate',
    ],
  ];
  for (const [what, entry, message] of refusedFiles) {
    it(`a config file: refuses ${what}`, async () => {
      await assert.rejects(parse(`certificates:\n  - domains: [a.example.com]\n    ${entry}\n`), (error: Error) =>
        error.message.startsWith(message),
      );
    });
  }

  it('deploy-to with a config file is refused: the file says where each certificate goes', async () => {
    await assert.rejects(planCertificates({ ...base, config: 'c.yml', 'deploy-to': 'github-secret' }), {
      message:
        'deploy-to: with config, each certificate lists its targets in the file, as deploy: [{ target: NAME, ... }]',
    });
  });
});

describe('what deploy targets hold, in the state bundle', () => {
  async function lineagePems() {
    const tls = await makeTlsCertificate(await mkdtemp(join(tmpdir(), 'certwright-deploy-state-')));
    return {
      keyPem: await readFile(tls.keyFile, 'utf8'),
      chainPem: (await readFile(tls.certFile, 'utf8')) + tls.caPem,
    };
  }

  it('keeps each target record through a write and a read, and reads a lineage without any', async () => {
    const pems = await lineagePems();
    const lineage = {
      name: 'a',
      domains: ['localhost'],
      keyType: 'ecdsa-p256' as const,
      server: 'https://ca.example/dir',
      provider: 'rfc2136',
      ...pems,
      history: [{ serial: '0a', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-04-01T00:00:00.000Z' }],
    };
    const deployed = {
      'acm:eu-west-1': {
        serial: '0a',
        id: 'arn:aws:acm:eu-west-1:1:certificate/x',
        details: { 'eu-west-1': 'arn' },
        at: 1_700_000_000_000,
      },
      'github-secret:acme/site/TLS_FULLCHAIN,TLS_PRIVKEY': {
        serial: '09',
        id: 'TLS_FULLCHAIN,TLS_PRIVKEY',
        at: 1_600_000_000_000,
      },
    };
    const bundle: StateBundle = {
      version: 2,
      accounts: {},
      lineages: { a: { ...lineage, deployed }, b: { ...lineage, name: 'b' } },
      pendingCleanup: [],
    };
    const read = parseBundle(serializeBundle(bundle));
    assert.deepEqual(read.lineages.a?.deployed, deployed);
    assert.equal(read.lineages.b?.deployed, undefined, 'a lineage without targets has no deployed map');
    const v1 = parseBundle(JSON.stringify({ ...bundle, version: 1, lineages: { b: { ...lineage, name: 'b' } } }));
    assert.equal(v1.lineages.b?.deployed, undefined, 'a version 1 bundle loads');
  });

  it('refuses a malformed target record, naming where', async () => {
    const pems = await lineagePems();
    const lineage = {
      name: 'a',
      domains: ['localhost'],
      keyType: 'ecdsa-p256',
      server: 'https://ca.example/dir',
      provider: 'rfc2136',
      ...pems,
      history: [],
      deployed: { k: { serial: '0a', id: 'x', at: 'yesterday' } },
    };
    assert.throws(
      () => parseBundle(JSON.stringify({ version: 1, accounts: {}, lineages: { a: lineage }, pendingCleanup: [] })),
      {
        message: /^state: the bundle is not valid: bundle\.lineages\["a"\]\.deployed\["k"\]\.at should be a number;/,
      },
    );
  });
});
