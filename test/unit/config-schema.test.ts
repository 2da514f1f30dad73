import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { parseConfigFile } from '../../src/config/file.js';
import { fileKeyProblem, fileKeys, type FileLevel } from '../../src/config/file-keys.js';
import { configSchema, SCHEMA_URL } from '../../src/config/schema.js';

type Schema = Record<string, unknown>;

/** The keywords the generator writes; the checker below knows each, so none is silently skipped. */
const CHECKED = new Set([
  'type',
  'properties',
  'additionalProperties',
  'required',
  'items',
  'minItems',
  'not',
  '$ref',
  'enum',
  'const',
  'allOf',
  'if',
  'then',
]);
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'definitions']);

function keywordsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return out;
  for (const [key, value] of Object.entries(schema)) {
    out.add(key);
    if (key === 'properties' || key === 'definitions')
      for (const child of Object.values(value as Schema)) keywordsOf(child, out);
    else if (['items', 'additionalProperties', 'not', 'if', 'then'].includes(key)) keywordsOf(value, out);
    else if (key === 'allOf') for (const child of value as Schema[]) keywordsOf(child, out);
  }
  return out;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A small draft-07 checker for exactly the keywords in CHECKED: the paths where `value` fails `schema`. */
function check(value: unknown, schema: Schema, root: Schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    return check(value, (root.definitions as Record<string, Schema>)[name] as Schema, root, path);
  }
  if (schema.not) return check(value, schema.not as Schema, root, path).length === 0 ? [`${path}: not allowed`] : [];
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not one of the allowed values`);
  if ('const' in schema && schema.const !== value) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    const applies = !part.if || check(value, part.if as Schema, root, path).length === 0;
    if (applies && part.then) errors.push(...check(value, part.then as Schema, root, path));
  }
  if (schema.type) {
    const types = [schema.type].flat() as string[];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return [`${path}: ${actual}, expected ${types.join('|')}`];
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items)
      value.forEach((item, i) => errors.push(...check(item, schema.items as Schema, root, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? [])
      if (!(name in object)) errors.push(`${path}: ${name} missing`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, child] of Object.entries(object)) {
      const sub = properties[name] ?? schema.additionalProperties;
      if (sub === false || sub === undefined) errors.push(`${path}.${name}: not allowed`);
      else if (sub !== true) errors.push(...check(child, sub as Schema, root, `${path}.${name}`));
    }
  }
  return errors;
}

/** The YAML blocks of the README and docs/*.md that are config files, each with its file. */
async function readmeConfigs(): Promise<{ file: string; source: string }[]> {
  const docs = (await readdir('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const blocks: { file: string; source: string }[] = [];
  for (const file of ['README.md', ...docs]) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      const source = m[1] as string;
      if (/^certificates:/m.test(source)) blocks.push({ file, source });
    }
  }
  return blocks;
}

const schema = configSchema();
const base = {
  'dns-provider': 'rfc2136',
  'rfc2136-server': '127.0.0.1:53',
  'rfc2136-tsig-key': 'k',
  'rfc2136-tsig-secret': 'c2VjcmV0',
};

describe('the config file JSON Schema', () => {
  it('is the generated file, and uses only keywords the check below knows', async () => {
    assert.deepEqual(
      JSON.parse(await readFile('schema/certwright.schema.json', 'utf8')),
      schema,
      'npx tsx scripts/generate.ts writes it',
    );
    assert.equal(schema.$id, SCHEMA_URL);
    const unknown = [...keywordsOf(schema)].filter(
      (k) => !CHECKED.has(k) && !ANNOTATIONS.has(k) && !fileKeys().has(k) && !['certificate', 'zone'].includes(k),
    );
    assert.deepEqual(unknown, []);
  });

  it("accepts the README's and docs' config files, which certwright parses too", async () => {
    const configs = await readmeConfigs();
    assert.ok(
      configs.some((c) => c.file === 'README.md'),
      'the README shows a config file',
    );
    for (const { file, source } of configs) {
      assert.match(
        source,
        /^# yaml-language-server: \$schema=https:\/\/raw\.githubusercontent\.com\/certwright\/certwright\/v1\/schema\/certwright\.schema\.json$/m,
      );
      assert.deepEqual(check(YAML.parse(source), schema, schema), []);
      const parsed = await parseConfigFile(source, file, base);
      assert.ok(parsed.certificates.length > 0);
    }
  });

  const refused: [string, unknown, string][] = [
    [
      'an unknown top-level key',
      { concurency: 2, certificates: [{ domains: ['a.example.com'] }] },
      '$.concurency: not allowed',
    ],
    [
      'an unknown key in an entry',
      { certificates: [{ domains: ['a.example.com'] }, { domians: ['b.example.com'] }] },
      '$.certificates[1].domians: not allowed',
    ],
    [
      'an unknown key in a zone',
      { certificates: [{ domains: ['a.example.com'], zones: { 'example.com': { 'dns-provder': 'exec' } } }] },
      '$.certificates[0].zones.example.com.dns-provder: not allowed',
    ],
    [
      'a refused secret',
      { 'state-key': 'a passphrase of the state', certificates: [{ domains: ['a.example.com'] }] },
      '$.state-key: not allowed',
    ],
    [
      'a run-wide key in an entry',
      { certificates: [{ domains: ['a.example.com'], 'max-new-orders': 5 }] },
      '$.certificates[0].max-new-orders: not allowed',
    ],
    [
      'a mapping as a value',
      { certificates: [{ domains: { a: 'b' } }] },
      '$.certificates[0].domains: object, expected string|array',
    ],
    ['no certificates', { 'dns-provider': 'exec' }, '$: certificates missing'],
    [
      'an unknown deploy target',
      { certificates: [{ domains: ['a.example.com'], deploy: [{ target: 'kubernets' }] }] },
      '$.certificates[0].deploy[0].target: not one of the allowed values',
    ],
    [
      'a setting the deploy target does not have',
      { certificates: [{ domains: ['a.example.com'], deploy: [{ target: 'kubernetes', secrte: 'ns/tls' }] }] },
      '$.certificates[0].deploy[0].secrte: not allowed',
    ],
  ];
  for (const [what, document, error] of refused) {
    it(`refuses ${what}`, () => assert.deepEqual(check(document, schema, schema), [error]));
  }

  it('allows at each level exactly the keys the parser reads there', () => {
    const levels: [FileLevel, Schema][] = [
      ['top', schema],
      ['certificate', (schema.definitions as Record<string, Schema>).certificate as Schema],
      ['zone', (schema.definitions as Record<string, Schema>).zone as Schema],
    ];
    const sample = (name: string): unknown =>
      name === 'certificates' ? [{ domains: ['a.example.com'] }] : name === 'zones' ? {} : name === 'deploy' ? [] : 'x';
    for (const [level, levelSchema] of levels) {
      for (const name of [...fileKeys().keys(), 'not-a-key']) {
        const schemaSays = check({ [name]: sample(name) }, { ...levelSchema, required: [] }, schema).length === 0;
        assert.equal(schemaSays, fileKeyProblem(name, level) === undefined, `${name} at ${level}`);
      }
    }
  });
});
