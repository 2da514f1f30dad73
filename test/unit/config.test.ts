import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCertificateRequest, parseDomains, type RawInputs } from '../../src/config/inputs.js';

const PROVIDER_NAMES =
  'acme-dns, azure, cloudflare, desec, digitalocean, dnsimple, exec, gandi, google, hetzner, httpreq, infoblox, linode, ovh, powerdns, rfc2136, route53, vultr';

const valid: RawInputs = {
  domains: 'example.com',
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
};

describe('parseCertificateRequest', () => {
  it('parses a full config with defaults', () => {
    const request = parseCertificateRequest({
      ...valid,
      domains: ' Example.COM., *.example.com\nwww.example.com ',
      email: 'a@example.com, b@example.com',
    });
    assert.deepEqual(request.domains, ['example.com', '*.example.com', 'www.example.com']);
    assert.equal(request.name, 'example.com');
    assert.deepEqual(request.ca.account, { emails: ['a@example.com', 'b@example.com'], agreeTos: false });
    assert.equal(request.ca.directoryUrl, 'https://acme-v02.api.letsencrypt.org/directory');
    assert.equal(request.keyType, 'ecdsa-p256');
    assert.deepEqual(request.dns.propagation, { mode: 'check', timeoutMs: 120_000, intervalMs: 500 });
    assert.equal(request.dns.provider.description, 'rfc2136 at 127.0.0.1:53 with TSIG key k (hmac-sha256)');
  });

  it('converts IDNs and names a wildcard-only certificate after its base', () => {
    const request = parseCertificateRequest({ ...valid, domains: '*.bücher.example' });
    assert.deepEqual(request.domains, ['*.xn--bcher-kva.example']);
    assert.equal(request.name, 'xn--bcher-kva.example');
  });

  const errors: [string, RawInputs, string][] = [
    [
      'empty domains',
      { domains: ' , ' },
      'domains: empty; expected at least one name, such as example.com, *.example.com',
    ],
    [
      'wildcard not left-most',
      { domains: 'www.*.example.com' },
      'domains: "www.*.example.com" is not a valid certificate name: a wildcard must be the whole left-most label, as in *.example.com',
    ],
    [
      'partial wildcard label',
      { domains: 'w*.example.com' },
      'domains: "w*.example.com" is not a valid certificate name: a wildcard must be the whole left-most label, as in *.example.com',
    ],
    [
      'bad characters',
      { domains: 'exa_mple.com' },
      'domains: "exa_mple.com" is not a valid certificate name: the label "exa_mple" has characters other than letters, digits and hyphens',
    ],
    [
      'single label',
      { domains: 'localhost' },
      'domains: "localhost" is not a valid certificate name: it needs at least two labels, as in example.com',
    ],
    [
      'IP address',
      { domains: '10.0.0.1' },
      'domains: "10.0.0.1" is not a valid certificate name: it looks like an IP address; certwright issues for DNS names only',
    ],
    [
      'hyphen edge',
      { domains: '-a.example.com' },
      'domains: "-a.example.com" is not a valid certificate name: the label "-a" starts or ends with a hyphen',
    ],
    [
      'duplicates',
      { domains: 'a.example.com, A.example.com.' },
      'domains: "a.example.com" is listed twice; list each name once',
    ],
    ['no provider', { 'dns-provider': '' }, `dns-provider: missing; expected one of ${PROVIDER_NAMES}`],
    [
      'unknown provider',
      { 'dns-provider': 'route66' },
      `dns-provider: "route66" is not a known provider; expected one of ${PROVIDER_NAMES}`,
    ],
    [
      'missing TSIG secret',
      { 'rfc2136-tsig-secret': '' },
      'rfc2136-tsig-secret: missing; expected the base64 TSIG secret (or set CERTWRIGHT_RFC2136_TSIG_SECRET)',
    ],
    [
      'TSIG secret not base64',
      { 'rfc2136-tsig-secret': 'not base64!' },
      'rfc2136-tsig-secret: not valid base64; expected the secret line of tsig-keygen output, such as "kH3...=="',
    ],
    [
      'missing TSIG key',
      { 'rfc2136-tsig-key': undefined },
      'rfc2136-tsig-key: missing; expected the TSIG key name, such as certwright-key',
    ],
    [
      'unknown TSIG algorithm',
      { 'rfc2136-tsig-algorithm': 'hmac-md5' },
      'rfc2136-tsig-algorithm: "hmac-md5" is not supported; expected one of hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1',
    ],
    [
      'missing server',
      { 'rfc2136-server': undefined },
      'rfc2136-server: missing; expected the primary server as host:port, such as 127.0.0.1:53',
    ],
    [
      'bad port',
      { 'rfc2136-server': 'ns1.example.com:0' },
      'rfc2136-server: "ns1.example.com:0" is not a server address; expected host, host:port or [ipv6]:port, such as 127.0.0.1:5353',
    ],
    [
      'bad nameserver',
      { nameservers: '127.0.0.1:53, :53' },
      'nameservers: ":53" is not a server address; expected host, host:port or [ipv6]:port, such as 127.0.0.1:5353',
    ],
    [
      'bad server URL',
      { server: 'acme.example.com' },
      'server: "acme.example.com" is not a URL; expected an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging',
    ],
    [
      'bad key type',
      { 'key-type': 'dsa' },
      'key-type: "dsa" is not supported; expected one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096, ecdsa or rsa',
    ],
    [
      'bad RSA size',
      { 'key-type': 'rsa', 'rsa-key-size': '1024' },
      'rsa-key-size: "1024" is not supported; expected 2048, 3072 or 4096',
    ],
    [
      'bad curve',
      { 'key-type': 'ecdsa', 'elliptic-curve': 'secp521r1' },
      'elliptic-curve: "secp521r1" is not supported; expected secp256r1 or secp384r1',
    ],
    [
      'EAB half given',
      { 'eab-kid': 'kid-1' },
      'eab-hmac-key: missing; eab-kid was given, and External Account Binding needs both',
    ],
    [
      'bad email',
      { email: 'ops-at-example.com' },
      'email: "ops-at-example.com" is not an e-mail address; expected name@example.com',
    ],
    ['bad boolean', { 'agree-tos': 'maybe' }, 'agree-tos: "maybe" is not a boolean; expected true or false'],
    ['bad propagation mode', { propagation: 'sleep' }, 'propagation: "sleep" is not a mode; expected check or skip'],
    [
      'bad timeout',
      { 'propagation-timeout': '2m' },
      'propagation-timeout: "2m" is not a duration; expected seconds, such as 120',
    ],
    [
      'exec without hook',
      { 'dns-provider': 'exec' },
      'exec-auth-hook: missing; expected the command that creates the TXT record (certbot --manual-auth-hook)',
    ],
  ];
  for (const [what, change, message] of errors) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseCertificateRequest({ ...valid, ...change }), { message });
    });
  }

  it('refuses plain http for the ACME server unless it is this machine', () => {
    const message = (url: string) =>
      `server: ${url} is plain http, which ACME does not allow (RFC 8555 §6.1: anyone on the path could change what the CA answers); use https (plain http only for a loopback test server such as 127.0.0.1)`;
    assert.throws(() => parseCertificateRequest({ ...valid, server: 'http://acme.example/dir' }), {
      message: message('http://acme.example/dir'),
    });
    assert.throws(() => parseCertificateRequest({ ...valid, server: 'http://128.0.0.1:14000/dir?x=1' }), {
      message: message('http://128.0.0.1:14000/dir'),
    });
    assert.throws(() => parseCertificateRequest({ ...valid, server: 'http://localhost.example/dir' }), {
      message: message('http://localhost.example/dir'),
    });
    for (const local of [
      'http://127.0.0.1:14000/dir',
      'http://127.8.9.10/dir',
      'http://[::1]:14000/dir',
      'http://localhost:14000/dir',
      'http://ca.localhost/dir',
      'https://acme.example/dir',
    ]) {
      assert.equal(parseCertificateRequest({ ...valid, server: local }).ca.directoryUrl, local);
    }
  });

  it('refuses more than 100 names', () => {
    const names = Array.from({ length: 101 }, (_, i) => `h${i}.example.com`).join(',');
    assert.throws(() => parseDomains(names), /^Error: domains: 101 names; CAs accept at most 100 per certificate/);
  });
});
