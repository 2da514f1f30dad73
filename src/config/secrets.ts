/**
 * The secret values of a run, wherever they were written: inputs and flags, a config file's
 * keys, the files a credentials option names. The front ends mask them (the Action registers
 * them with the runner, the CLI redacts its output), so whatever prints one shows `***`.
 */
import { readFile } from 'node:fs/promises';
import type { InputSpec, RawInputs } from './inputs.js';

/**
 * A secret value and, when it is JSON (acme-dns credentials, a key file), every string inside
 * it under a key that names a secret (password, key, token, secret): a log masks what it is
 * given, not the fields of it a message might print. Names and URLs stay readable.
 */
export function secretParts(value: string): string[] {
  const parts = [value];
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      if (/pass|secret|token|key/i.test(key) && node.length >= 4) parts.push(node);
    } else if (node && typeof node === 'object') for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  try {
    walk(JSON.parse(value), '');
  } catch {
    // not JSON: the value as a whole
  }
  return parts;
}

/** The values of `raw`'s secret inputs, each with its parts. */
export function secretsIn(raw: RawInputs, specs: readonly InputSpec[]): string[] {
  return specs.flatMap((spec) => {
    const text = spec.secret ? raw[spec.name]?.trim() : undefined;
    return text ? secretParts(text) : [];
  });
}

/**
 * What the credentials files that `raw` names hold, with its parts. A file that cannot be read
 * is skipped: the option's own parser says what is wrong with it, and there is nothing to mask.
 */
export async function secretsInFiles(raw: RawInputs, specs: readonly InputSpec[]): Promise<string[]> {
  const paths = specs.flatMap((spec) =>
    spec.secretFile && raw[spec.name]?.trim() ? [raw[spec.name]?.trim() as string] : [],
  );
  const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => '')));
  return texts.flatMap((text) => (text.trim() ? secretParts(text.trim()) : []));
}
