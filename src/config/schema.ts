/**
 * The JSON Schema of a config file, generated (scripts/generate.ts) from the same key table the
 * parser checks: editors complete and check keys as you type, and refuse what certwright would.
 * Draft-07, the version YAML editors (yaml-language-server, JetBrains) support best.
 */
import { DEPLOY_TARGETS } from '../deploy/index.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { fileKeys, type FileKey, type FileLevel } from './file-keys.js';
import { inputDescription } from './inputs.js';

/** Where the schema is published: the v1 tag of the repository, as `$schema` lines name it. */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/certwright/certwright/v1/schema/certwright.schema.json';

type Schema = Record<string, unknown>;

/** An item of a `server` list: a directory URL or alias, or one with its own External Account Binding. */
// Object keywords apply to objects only (draft-07): a string item passes them untouched.
const SERVER_ITEM: Schema = {
  type: ['string', 'object'],
  properties: {
    url: { type: 'string', description: 'ACME directory URL, or letsencrypt / letsencrypt-staging.' },
    'eab-kid': { type: 'string', description: 'External Account Binding key ID from this CA.' },
    'eab-hmac-key': { type: 'string', description: 'External Account Binding HMAC key (base64url) from this CA.' },
  },
  required: ['url'],
  additionalProperties: false,
};

/** The value an input takes: text, a number or true/false, as the Action's inputs; a list where one is allowed. */
function valueSchema(key: FileKey): Schema {
  const input = key.input;
  if (!input) return {};
  const base: Schema = { description: inputDescription(input) };
  if (input.default !== undefined) base.default = input.flag ? input.default === 'true' : input.default;
  if (input.name === 'dns-provider') base.examples = PROVIDERS.map((p) => p.name);
  if (input.name === 'server') return { ...base, type: ['string', 'array'], items: SERVER_ITEM };
  if (input.repeatable || input.kind === 'list')
    return { ...base, type: ['string', 'array'], items: { type: 'string' } };
  return { ...base, type: input.flag ? ['boolean', 'string'] : ['string', 'number', 'boolean'] };
}

/**
 * A key the file may not hold (anywhere, or below its top level): the reason as its description, and no value it may
 * take.
 */
function refusedSchema(key: FileKey): Schema {
  const why = key.refused
    ? `Not read from a config file: ${key.refused}.`
    : `Applies to the whole run (${key.runWide}): set it at the top level of the file.`;
  return { description: why, not: {} };
}

/**
 * The properties of one level: `own` (the file's own keys), a `$ref` to each input's definition
 * where it is read, a refusal with its reason for a refused or run-wide key; any other key is
 * refused by `additionalProperties`.
 */
function properties(level: FileLevel, own: Record<string, Schema>): Schema {
  const out: Record<string, Schema> = {};
  for (const key of fileKeys().values()) {
    if (own[key.name]) out[key.name] = own[key.name] as Schema;
    else if (key.input && key.levels.includes(level)) out[key.name] = { $ref: `#/definitions/${key.name}` };
    else if (key.input && (key.refused || key.runWide)) out[key.name] = refusedSchema(key);
  }
  return out;
}

/**
 * One item of `deploy`: `target` and that target's settings without its prefix (`regions` for
 * `acm-regions`), each described as its option is; any other key is refused.
 */
function deployItemSchema(): Schema {
  return {
    type: 'object',
    required: ['target'],
    properties: { target: { description: 'The deploy target.', enum: DEPLOY_TARGETS.map((t) => t.name) } },
    // Which keys are allowed depends on the target: each `then` below refuses the others.
    additionalProperties: true,
    allOf: DEPLOY_TARGETS.map((t) => ({
      if: { properties: { target: { const: t.name } }, additionalProperties: true },
      then: {
        additionalProperties: false,
        properties: {
          target: {},
          ...Object.fromEntries(
            t.options.map((o) => [o.name.slice(t.name.length + 1), { $ref: `#/definitions/${o.name}` }]),
          ),
        },
      },
    })),
  };
}

/** The whole schema, as scripts/generate.ts writes it to schema/certwright.schema.json. */
export function configSchema(): Schema {
  const keys = fileKeys();
  const describe = (name: string) => keys.get(name)?.description;
  const definitions: Record<string, Schema> = {};
  for (const key of keys.values()) if (key.input && key.levels.length > 0) definitions[key.name] = valueSchema(key);
  definitions['deploy-target'] = deployItemSchema();
  const deploy = { description: describe('deploy'), type: 'array', items: { $ref: '#/definitions/deploy-target' } };
  definitions.certificate = {
    type: 'object',
    description: 'One certificate: its domains, and any input of its own over those of the top level.',
    additionalProperties: false,
    properties: properties('certificate', {
      deploy,
      zones: { description: describe('zones'), type: 'object', additionalProperties: { $ref: '#/definitions/zone' } },
    }),
  };
  definitions.zone = {
    type: 'object',
    description: "The DNS provider of one zone: dns-provider and that provider's inputs.",
    additionalProperties: false,
    properties: properties('zone', {}),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'certwright config file',
    description:
      'Several certificates renewed in one run (config: FILE in the Action, renew --config FILE in the CLI). ' +
      'Top-level keys are inputs shared by every certificate.',
    type: 'object',
    required: ['certificates'],
    additionalProperties: false,
    properties: properties('top', {
      deploy,
      concurrency: { description: describe('concurrency'), type: ['integer', 'string'], default: 2 },
      certificates: {
        description: describe('certificates'),
        type: 'array',
        minItems: 1,
        items: { $ref: '#/definitions/certificate' },
      },
    }),
    definitions,
  };
}
