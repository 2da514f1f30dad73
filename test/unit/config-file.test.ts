import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigFile } from '../../src/config/file.js';

const base = { 'dns-provider': 'rfc2136', 'rfc2136-server': '127.0.0.1:53', 'rfc2136-tsig-key': 'k', 'rfc2136-tsig-secret': 'c2VjcmV0' };

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

  const errors: [string, string, string][] = [
    ['no list', 'server: x', 'config: c.yml has no certificates list; expected "certificates:" with at least one entry that has domains'],
    ['not YAML', 'certificates: [', 'config: c.yml is not valid YAML: '],
    ['bad concurrency', 'concurrency: 0\ncertificates: [{domains: a.example.com}]', 'config: c.yml: concurrency "0" is not supported; expected a whole number from 1 to 16'],
    ['a bad name', 'certificates: [{domains: [a..example.com]}]', 'config: c.yml: certificates[0]: domains: "a..example.com" is not a valid certificate name'],
    ['a duplicate cert-name', 'certificates: [{domains: a.example.com}, {domains: b.example.com, cert-name: a.example.com}]', 'config: c.yml: certificates[1]: cert-name: "a.example.com" is used twice; give each certificate its own cert-name'],
    ['a zone without inputs', 'certificates: [{domains: a.example.com, zones: {example.com: exec}}]', 'config: c.yml: certificates[0]: zones: example.com should map to provider inputs such as dns-provider'],
    ['a zone provider missing its hook', 'certificates: [{domains: a.example.com, zones: {example.com: {dns-provider: exec}}}]', 'config: c.yml: certificates[0]: exec-auth-hook: missing'],
  ];
  for (const [what, yaml, message] of errors) {
    it(`rejects ${what}`, async () => {
      await assert.rejects(parseConfigFile(yaml, 'c.yml', base), (error: Error) => error.message.startsWith(message));
    });
  }
});
