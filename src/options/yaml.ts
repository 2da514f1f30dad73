import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

/**
 * The most values a YAML document may stand for once its aliases are followed. A config of
 * 10,000 certificates is about 100,000 values; a "billion laughs" document, a few lines of
 * anchors that alias each other, stands for billions and is refused before anything walks it.
 */
export const MAX_YAML_VALUES = 2_000_000;

/**
 * Parses one YAML document with the YAML 1.2 core schema (what `on:`, `yes` or `2026-12-06`
 * mean does not depend on a YAML 1.1 reading: they stay strings), refusing duplicate keys,
 * several documents, an alias that contains itself and aliases that expand past
 * MAX_YAML_VALUES. An error's message completes a sentence that starts with the file's name
 * ("is not valid YAML: duplicated mapping key (3:1)"): the parser's first line, with line and
 * column, never the snippet of the file it quotes below it.
 */
export function parseYaml(text: string): unknown {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    throw new Error(`is not valid YAML: ${error.message.split('\n')[0]}`, { cause: error });
  }
  if (expandedSize(value, new Map(), new Set()) > MAX_YAML_VALUES)
    throw new Error(
      `is a YAML document whose aliases expand to more than ${MAX_YAML_VALUES.toLocaleString('en')} values; ` +
        'write it out without them',
    );
  return value;
}

/**
 * How many values `value` stands for with every alias followed. The parser hands an alias as
 * the same object as its anchor, so sizes are memoized by object (linear in the document) and
 * a value met again while it is being counted is an alias inside its own anchor.
 */
function expandedSize(value: unknown, sizes: Map<object, number>, open: Set<object>): number {
  if (typeof value !== 'object' || value === null) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  if (open.has(value))
    throw new Error('is a YAML document where an alias stands inside its own anchor; remove the loop');
  open.add(value);
  let size = 1;
  for (const child of Object.values(value)) {
    size += expandedSize(child, sizes, open);
    if (size > MAX_YAML_VALUES) break;
  }
  open.delete(value);
  sizes.set(value, size);
  return size;
}
