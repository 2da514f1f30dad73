/**
 * A DNS provider's or a deploy target's long-form docs: the README.md in its folder, beside metadata.ts. It starts
 * with `# <name>` and has one `## ` section each for credentials, least privilege, an example
 * step and what its tests run against (Markdown; a `## ` line inside a code block is text).
 * scripts/generate.ts puts them into docs/providers.md and docs/deploy.md.
 */
import { readFile } from 'node:fs/promises';

/** The sections every provider's README.md has, in the order docs/providers.md shows them. */
export const PROVIDER_DOC_SECTIONS = ['Credentials', 'Least privilege', 'Example', 'Tested against'] as const;
export type ProviderDocs = Record<(typeof PROVIDER_DOC_SECTIONS)[number], string>;

/** The sections of `markdown`, the README.md at `path` of provider `name`; throws naming the file and what is wrong. */
export function parseProviderDocs(name: string, path: string, markdown: string): ProviderDocs {
  const lines = markdown.split('\n');
  if (lines[0] !== `# ${name}`)
    throw new Error(`generate: ${path} starts with "${lines[0] ?? ''}"; expected "# ${name}"`);
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  let fenced = false;
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^## (.+)$/.exec(line)?.[1];
    if (heading !== undefined) sections.set(heading, (current = []));
    else current?.push(line);
  }
  const unknown = [...sections.keys()].filter((s) => !(PROVIDER_DOC_SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(
      `generate: ${path} has a section "## ${unknown[0]}"; expected only ${PROVIDER_DOC_SECTIONS.join(', ')}`,
    );
  const docs = {} as ProviderDocs;
  for (const section of PROVIDER_DOC_SECTIONS) {
    const text = sections.get(section)?.join('\n').trim();
    if (!text) throw new Error(`generate: ${path} has no "## ${section}" section, or it is empty`);
    docs[section] = text;
  }
  return docs;
}

/** The docs of provider `name`, from src/dns/providers/<name>/README.md. */
export async function readProviderDocs(name: string): Promise<ProviderDocs> {
  const path = `src/dns/providers/${name}/README.md`;
  return parseProviderDocs(name, path, await readFile(path, 'utf8'));
}

/** The docs of deploy target `name`, from src/deploy/<name>/README.md: the same sections as a provider's. */
export async function readDeployTargetDocs(name: string): Promise<ProviderDocs> {
  const path = `src/deploy/${name}/README.md`;
  return parseProviderDocs(name, path, await readFile(path, 'utf8'));
}
