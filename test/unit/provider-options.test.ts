import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definition as cloudflare } from '../../src/dns/providers/cloudflare/index.js';
import { PROVIDERS } from '../../src/dns/providers/index.js';
import { ZoneIds } from '../../src/dns/providers/options.js';
import { definition as rfc2136 } from '../../src/dns/providers/rfc2136/index.js';
import { definition as route53 } from '../../src/dns/providers/route53/index.js';
import { optionDescription, withEnvFallbacks } from '../../src/options/option.js';
import { swapChanges } from '../../src/dns/providers/route53/provider.js';
import { quoteTxt, unquoteTxt } from '../../src/dns/providers/txt.js';

describe('TXT presentation form', () => {
  it('quotes, escapes and splits at 255 bytes, and reads it back', () => {
    assert.equal(quoteTxt('abc'), '"abc"');
    assert.equal(quoteTxt('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
    const long = 'x'.repeat(300);
    assert.equal(quoteTxt(long), `"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);
    for (const value of ['abc', 'say "hi" \\ bye', long]) assert.equal(unquoteTxt(quoteTxt(value)), value);
    assert.equal(unquoteTxt('plain-unquoted'), 'plain-unquoted');
    assert.equal(unquoteTxt('"a\\065b"'), 'aAb', 'decimal escapes');
  });
});

describe('zone IDs per zone', () => {
  const parse = (text: string) => ZoneIds.parse({ ids: text }, 'ids', /^Z[0-9A-Z]+$/, 'Z1');
  it('one ID serves every name; pairs pick the most specific zone', () => {
    assert.equal(parse('ZONE1').idFor('_acme-challenge.a.example.com'), 'ZONE1');
    const ids = parse('example.com=Z1, sub.example.com=Z2');
    assert.equal(ids.idFor('_acme-challenge.example.com'), 'Z1');
    assert.equal(ids.idFor('_acme-challenge.x.sub.example.com'), 'Z2');
    assert.equal(ids.zoneFor('_acme-challenge.x.sub.example.com'), 'sub.example.com');
    assert.equal(ids.idFor('_acme-challenge.example.org'), undefined);
  });
  const bad: [string, string][] = [
    ['lower', 'ids: "lower" is not a zone ID; expected one such as Z1'],
    ['example.com=Z1,Z2', 'ids: "Z2" is not zone=ID; give one ID alone, or zone=ID pairs such as example.com=Z1'],
    ['example.com=Z1,EXAMPLE.com.=Z2', 'ids: zone example.com is listed twice; give each zone one ID'],
    [
      '*.example.com=Z1',
      'ids: "*.example.com" is not a zone name (no wildcards); expected zone=ID pairs such as example.com=Z1',
    ],
  ];
  for (const [text, message] of bad)
    it(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parse(text), { message }));
});

describe('provider settings', () => {
  const cases: [typeof route53, Record<string, string>, string][] = [
    [
      route53,
      { 'route53-region': 'mars' },
      'route53-region: "mars" is not an AWS region; expected one such as us-east-1',
    ],
    [route53, { 'route53-ttl': '0' }, 'route53-ttl: "0" is out of range; expected whole seconds from 1 to 172800'],
    [
      route53,
      { 'route53-private-zone': 'maybe' },
      'route53-private-zone: "maybe" is not a boolean; expected true or false',
    ],
    [
      route53,
      { 'route53-external-id': 'x' },
      'route53-external-id: given without route53-assume-role-arn; set the role that requires it',
    ],
    [
      route53,
      { 'route53-assume-role-arn': 'dns-role' },
      'route53-assume-role-arn: "dns-role" is not an IAM role ARN; expected one such as arn:aws:iam::123456789012:role/certwright-dns',
    ],
    [
      route53,
      { 'route53-endpoint': 'https://key:secret@route53.example' },
      "route53-endpoint: the URL carries credentials; pass them through the provider's credential inputs instead",
    ],
    [
      route53,
      { 'route53-hosted-zone-id': 'example.com=nope' },
      'route53-hosted-zone-id: "nope" is not a zone ID; expected one such as Z0123456789EXAMPLE',
    ],
    [
      cloudflare,
      {},
      'cloudflare-api-token: missing; expected a Cloudflare API token with DNS:Edit (or set CLOUDFLARE_API_TOKEN)',
    ],
    [
      cloudflare,
      { 'cloudflare-api-token': 'abc def' },
      'cloudflare-api-token: contains whitespace; paste the token exactly as Cloudflare showed it',
    ],
    [
      cloudflare,
      { 'cloudflare-api-token': 't', 'cloudflare-ttl': '30' },
      'cloudflare-ttl: "30" is below Cloudflare\'s minimum; expected 1 (automatic) or 60 to 86400',
    ],
    [
      cloudflare,
      { 'cloudflare-api-token': 't', 'cloudflare-zone-id': 'example.com=Z1' },
      'cloudflare-zone-id: "Z1" is not a zone ID; expected one such as 023e105f4ecef8ad9ca31a8372d0c353',
    ],
  ];
  for (const [provider, values, message] of cases) {
    it(`${provider.name}: ${message.split(':')[0]}`, () =>
      assert.throws(() => provider.configure(values), { message }));
  }
  it('refuses a plain http API URL that would carry the credentials off this machine', () => {
    const cases: [string, Record<string, string>][] = [
      ['cloudflare-api-url', { 'cloudflare-api-token': 't' }],
      ['digitalocean-api-url', { 'digitalocean-token': 't' }],
      ['google-api-url', {}],
      ['azure-api-url', { 'azure-subscription-id': '00000000-0000-0000-0000-000000000000' }],
      ['route53-endpoint', {}],
      ['acme-dns-server', { 'acme-dns-credentials-file': '/nonexistent.json' }],
    ];
    for (const [option, values] of cases) {
      const definition = PROVIDERS.find((p) => p.options.some((o) => o.name === option));
      assert.ok(definition, option);
      assert.throws(() => definition.configure({ ...values, [option]: 'http://api.example.com/v1/' }), {
        message: `${option}: http://api.example.com/v1 is plain http, so the provider's credentials would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)`,
      });
      for (const fine of [
        'https://api.example.com/v1',
        'http://127.0.0.1:8080/v1',
        'http://[::1]:8080',
        'http://localhost:8080',
      ])
        assert.ok(definition.configure({ ...values, [option]: fine }), `${option}: ${fine}`);
    }
  });

  it('refuses a plain http server_url in acme-dns credentials, where the account password would go', () => {
    const credentials = JSON.stringify({
      'example.com': {
        username: 'u',
        password: 'p4ssw0rd-secret',
        fulldomain: 'abc.auth.example.org',
        subdomain: 'abc',
        server_url: 'http://auth.example.org',
      },
    });
    const definition = PROVIDERS.find((p) => p.name === 'acme-dns');
    assert.throws(() => definition?.configure({ 'acme-dns-credentials': credentials, domains: 'example.com' }), {
      message:
        'acme-dns-credentials: server_url of the entry for "example.com": http://auth.example.org is plain http, so the account password would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)',
    });
  });

  it('describes itself without the token', () => {
    const configured = cloudflare.configure({ 'cloudflare-api-token': 'sekrit-token' });
    assert.doesNotMatch(configured.description, /sekrit/);
    assert.equal(
      route53.configure({ 'route53-hosted-zone-id': 'example.com=Z1' }).description,
      'route53 (hosted zone example.com=Z1)',
    );
  });
});

describe('Route 53 compare-and-swap batches', () => {
  const read = { ttl: 300, values: ['"foreign"', '"ours"'] };
  it('adds next to foreign values with DELETE of the set as read and CREATE of the new one, keeping its TTL', () => {
    assert.deepEqual(
      swapChanges('_acme-challenge.a.test', { ttl: 300, values: ['"foreign"'] }, new Set(['ours']), 'add', 60),
      [
        {
          Action: 'DELETE',
          ResourceRecordSet: {
            Name: '_acme-challenge.a.test',
            Type: 'TXT',
            TTL: 300,
            ResourceRecords: [{ Value: '"foreign"' }],
          },
        },
        {
          Action: 'CREATE',
          ResourceRecordSet: {
            Name: '_acme-challenge.a.test',
            Type: 'TXT',
            TTL: 300,
            ResourceRecords: [{ Value: '"foreign"' }, { Value: '"ours"' }],
          },
        },
      ],
    );
  });
  it('creates a missing set with the configured TTL, one value per distinct value', () => {
    assert.deepEqual(swapChanges('n.test', undefined, new Set(['v']), 'add', 60), [
      {
        Action: 'CREATE',
        ResourceRecordSet: { Name: 'n.test', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v"' }] },
      },
    ]);
  });
  it('changes nothing when the values are there already, or already gone', () => {
    assert.deepEqual(swapChanges('n.test', read, new Set(['ours']), 'add', 60), []);
    assert.deepEqual(swapChanges('n.test', { ttl: 60, values: ['"foreign"'] }, new Set(['ours']), 'remove', 60), []);
    assert.deepEqual(swapChanges('n.test', undefined, new Set(['ours']), 'remove', 60), []);
  });
  it('removes only its own values, and deletes the set exactly as read when nothing else is left', () => {
    assert.deepEqual(
      swapChanges('n.test', read, new Set(['ours']), 'remove', 60).map((c) => [
        c.Action,
        c.ResourceRecordSet?.ResourceRecords?.map((r) => r.Value),
      ]),
      [
        ['DELETE', ['"foreign"', '"ours"']],
        ['CREATE', ['"foreign"']],
      ],
    );
    assert.deepEqual(
      swapChanges('n.test', { ttl: 60, values: ['"ours"'] }, new Set(['ours']), 'remove', 60).map((c) => c.Action),
      ['DELETE'],
    );
  });
});

describe("the vendor's own environment variables", () => {
  it('fill an option that was not given, secret or not, after CERTWRIGHT_<NAME> for a secret; a given value wins', () => {
    const specs = PROVIDERS.find((p) => p.name === 'rfc2136')?.options ?? [];
    const env = {
      RFC2136_NAMESERVER: 'ns1.example.net:5353',
      RFC2136_TSIG_KEY: 'lego-key',
      RFC2136_TSIG_SECRET: 'from-lego',
      CERTWRIGHT_RFC2136_TSIG_SECRET: 'from-certwright',
    };
    const { raw, filled } = withEnvFallbacks({ 'rfc2136-tsig-key': 'given-key' }, specs, env);
    assert.equal(raw['rfc2136-server'], 'ns1.example.net:5353');
    assert.equal(raw['rfc2136-tsig-key'], 'given-key');
    assert.equal(raw['rfc2136-tsig-secret'], 'from-certwright');
    assert.deepEqual(filled.sort(), ['rfc2136-server', 'rfc2136-tsig-secret']);
    const lego = withEnvFallbacks({}, specs, { RFC2136_TSIG_SECRET: 'from-lego' }).raw;
    assert.equal(lego['rfc2136-tsig-secret'], 'from-lego');
    const configured = rfc2136.configure({
      ...withEnvFallbacks({}, specs, { ...env, RFC2136_TSIG_SECRET: 'c2VjcmV0', CERTWRIGHT_RFC2136_TSIG_SECRET: '' })
        .raw,
      'rfc2136-tsig-algorithm': 'HMAC-SHA512.',
    });
    assert.match(configured.description, /ns1\.example\.net:5353 with TSIG key lego-key \(hmac-sha512\)/);
  });

  it('belong to options without a default: the Action fills defaults in, so a variable would never be read there', () => {
    const shadowed = PROVIDERS.flatMap((p) => p.options).filter((o) => o.envAliases?.length && o.default !== undefined);
    assert.deepEqual(
      shadowed.map((o) => o.name),
      [],
    );
  });

  it('are named in the option descriptions (action.yml, --help, docs)', () => {
    const server = PROVIDERS.flatMap((p) => p.options).find((o) => o.name === 'rfc2136-server');
    assert.ok(server);
    assert.match(optionDescription(server), /Also read from RFC2136_NAMESERVER\.$/);
  });
});
