/**
 * Checks that every relative link in the docs leads somewhere: to a file or folder that exists
 * and, with a `#fragment`, to a heading of that Markdown file (GitHub's anchors). Links in code
 * blocks and code spans are text; links with a scheme (`https:`, `mailto:`) are not checked.
 *
 *   node --import tsx scripts/check-links.ts [FILE...]
 *
 * Without FILE: README.md, CONTRIBUTING.md, SECURITY.md, docs/*.md and every README.md under
 * src/. Prints one line per broken link (file:line, the link, what is wrong) and exits 1 if any.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One link of a Markdown file: its target as written, and the line it is on. */
export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** The Markdown lines outside fenced code blocks, with their 1-based numbers, code spans blanked. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) lines.push({ text: text.replace(/(`+)[^`]*?\1/g, ''), line: index + 1 });
  });
  return lines;
}

/** Inline links and images (`[text](target "title")`) and reference definitions (`[id]: target`). */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      links.push({ target: match[1] ?? '', line });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (definition) links.push({ target: definition[1] ?? '', line });
  }
  return links;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, each space a hyphen. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings; a repeated heading gets `-1`, `-2`, … as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const text of markdown.split('\n')) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(text)) fenced = !fenced;
    const heading = fenced ? undefined : /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Why `link` in `file` leads nowhere, or undefined when it is fine (or not relative). */
export async function brokenLink(file: string, link: MarkdownLink): Promise<string | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target) || link.target.startsWith('//')) return undefined;
  const [rawPath = '', fragment] = link.target.split('#', 2);
  const path = decodeURIComponent(rawPath);
  const target = path === '' ? file : normalize(join(dirname(file), path));
  if (relative('.', target).startsWith('..')) return 'leads outside the repository';
  if (!existsSync(target)) return `no such file: ${relative('.', target)}`;
  if (fragment === undefined || fragment === '') return undefined;
  if (!target.endsWith('.md') || statSync(target).isDirectory()) return undefined;
  const anchors = headingAnchors(await readFile(target, 'utf8'));
  return anchors.has(decodeURIComponent(fragment).toLowerCase())
    ? undefined
    : `no heading with the anchor #${fragment} in ${relative('.', target)}`;
}

/** The files checked by default: the front door, CONTRIBUTING, SECURITY, docs/, and the READMEs in src/. */
export async function defaultFiles(): Promise<string[]> {
  const docs = (await readdir('docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  const inSrc = (await readdir('src', { recursive: true }))
    .filter((f) => f === 'README.md' || f.endsWith('/README.md'))
    .map((f) => join('src', f));
  return ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...docs.sort(), ...inSrc.sort()].filter((f) => existsSync(f));
}

async function main(args: string[]): Promise<number> {
  const files = args.length > 0 ? args : await defaultFiles();
  const problems: string[] = [];
  for (const file of files) {
    for (const link of markdownLinks(await readFile(file, 'utf8'))) {
      const why = await brokenLink(file, link);
      if (why) problems.push(`links: ${file}:${link.line}: (${link.target}) ${why}`);
    }
  }
  for (const problem of problems) console.log(problem);
  if (problems.length === 0) console.log(`links: ${files.length} files, every relative link leads somewhere`);
  return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`links: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
