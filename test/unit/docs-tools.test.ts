import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { brokenLink, defaultFiles, headingAnchors, headingSlug, markdownLinks } from '../../scripts/check-links.js';
import { parseProviderDocs, readProviderDocs } from '../../scripts/provider-docs.js';
import { steady, TOLERANCE } from '../../scripts/sizes.js';
import { AZURE_ACTIONS } from '../../src/dns/providers/azure/metadata.js';
import { GOOGLE_DNS_PERMISSIONS } from '../../src/dns/providers/google/metadata.js';
import { PROVIDERS } from '../../src/dns/providers/index.js';
import { ROUTE53_ACTIONS } from '../../src/dns/providers/route53/metadata.js';

describe('check-links', () => {
  it('finds inline links, images and reference definitions, never inside code', () => {
    const markdown = [
      'See [the docs](docs/a.md#b) and ![logo](img/logo.png "Logo").',
      '`[not](a-link.md)` in a code span',
      '```md',
      '[not](in-a-fence.md)',
      '```',
      '[ref]: ../SECURITY.md',
    ].join('\n');
    assert.deepEqual(markdownLinks(markdown), [
      { target: 'docs/a.md#b', line: 1 },
      { target: 'img/logo.png', line: 1 },
      { target: '../SECURITY.md', line: 6 },
    ]);
  });

  it("makes GitHub's anchors, repeated headings numbered", () => {
    assert.equal(
      headingSlug(
        '`route53`: Amazon Route 53 through the official AWS SDK (GitHub OIDC with aws-actions/configure-aws-credentials)',
      ),
      'route53-amazon-route-53-through-the-official-aws-sdk-github-oidc-with-aws-actionsconfigure-aws-credentials',
    );
    assert.equal(headingSlug('Secret: `store: secret:NAME`'), 'secret-store-secretname');
    assert.deepEqual(
      [...headingAnchors('# npm\n## npm\n```sh\n# not a heading\n```\n### PyPI & more ##')],
      ['npm', 'npm-1', 'pypi--more'],
    );
  });

  it('names a missing file and a missing heading; leaves URLs and good links alone', async () => {
    const at = (target: string) => brokenLink('docs/providers.md', { target, line: 1 });
    assert.equal(await at('../README.md'), undefined);
    assert.equal(await at('stores.md#secret-store-secretname'), undefined);
    assert.equal(await at('#dns-providers'), undefined);
    assert.equal(await at('https://example.com/nowhere.md'), undefined);
    assert.equal(await at('../src/vendor/'), undefined);
    assert.equal(await at('nowhere.md'), 'no such file: docs/nowhere.md');
    assert.equal(
      await at('stores.md#no-such-heading'),
      'no heading with the anchor #no-such-heading in docs/stores.md',
    );
    assert.equal(await at('../../outside.md'), 'leads outside the repository');
  });

  it('finds no broken relative link in the README, CONTRIBUTING.md, docs/ and the READMEs in src/', async () => {
    const files = await defaultFiles();
    assert.ok(files.includes('README.md') && files.includes('docs/providers.md'));
    assert.ok(files.includes('src/dns/providers/cloudflare/README.md'));
    const { readFile } = await import('node:fs/promises');
    const broken: string[] = [];
    for (const file of files)
      for (const link of markdownLinks(await readFile(file, 'utf8'))) {
        const why = await brokenLink(file, link);
        if (why) broken.push(`${file}:${link.line}: ${why}`);
      }
    assert.deepEqual(broken, []);
  });
});

describe("a provider's README.md", () => {
  const good = [
    '# acme',
    'Intro, not copied.',
    '## Credentials',
    'A token.',
    '## Least privilege',
    'Only TXT.',
    '```sh',
    '## a comment in a code block, not a section',
    '```',
    '## Example',
    '```yaml',
    '- uses: certwright/certwright@v1',
    '```',
    '## Tested against',
    'A fake.',
  ].join('\n');

  it('gives its four sections, a "## " line inside a code block being text', () => {
    const docs = parseProviderDocs('acme', 'x/README.md', good);
    assert.equal(docs.Credentials, 'A token.');
    assert.equal(docs['Least privilege'], 'Only TXT.\n```sh\n## a comment in a code block, not a section\n```');
    assert.equal(docs['Tested against'], 'A fake.');
  });

  it('is refused, naming the file, when its title, a section or a section name is wrong', () => {
    assert.throws(() => parseProviderDocs('other', 'x/README.md', good), {
      message: 'generate: x/README.md starts with "# acme"; expected "# other"',
    });
    assert.throws(() => parseProviderDocs('acme', 'x/README.md', good.replace('## Tested against\nA fake.', '')), {
      message: 'generate: x/README.md has no "## Tested against" section, or it is empty',
    });
    assert.throws(() => parseProviderDocs('acme', 'x/README.md', `${good}\n## Notes\nmore`), {
      message:
        'generate: x/README.md has a section "## Notes"; expected only Credentials, Least privilege, Example, Tested against',
    });
  });

  it('exists for every provider folder, with an example step of this action', async () => {
    const folders = (await readdir('src/dns/providers', { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name !== 'testing')
      .map((e) => e.name);
    assert.deepEqual(folders.sort(), PROVIDERS.map((p) => p.name).sort());
    for (const name of folders) {
      const docs = await readProviderDocs(name);
      assert.match(docs.Example, /^```yaml\n- uses: certwright\/certwright@v1\n {2}with:\n/, name);
      assert.match(docs.Example, new RegExp(`dns-provider: ${name}\\n`), name);
    }
  });

  it("grants, in its least-privilege policy, every permission the provider's code names in its errors", async () => {
    const needed: [string, readonly string[]][] = [
      ['azure', AZURE_ACTIONS],
      ['google', GOOGLE_DNS_PERMISSIONS],
      ['route53', ROUTE53_ACTIONS],
    ];
    for (const [name, permissions] of needed) {
      const policy = (await readProviderDocs(name))['Least privilege'];
      const missing = permissions.filter((permission) => !policy.includes(permission));
      assert.deepEqual(missing, [], name);
    }
  });
});

describe('size figures in the docs', () => {
  const fresh = 'product code about 20,000, test code about 30,000 in 4 files';

  it('stay as written while every figure is within the tolerance', () => {
    const written = 'product code about 19,500, test code about 30,900 in 4 files';
    assert.ok(Math.abs(19_500 - 20_000) <= TOLERANCE * 20_000);
    assert.equal(steady(fresh, written), written);
  });

  it('are written again once a figure drifts further, or the wording or a count changed', () => {
    assert.equal(steady(fresh, 'product code about 18,000, test code about 30,000 in 4 files'), fresh);
    assert.equal(steady(fresh, 'product code about 20,000, test code about 30,000 in 3 files'), fresh);
    assert.equal(steady(fresh, undefined), fresh);
  });
});
