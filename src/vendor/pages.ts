/** Paged lists, whatever the vendor's cursor: a page number, a token, a next-page link. */

/** One page of a list and the cursor of the next (undefined on the last). */
export interface Page<T, C> {
  readonly items: readonly T[];
  readonly next: C | undefined;
}

/** A bound on pages followed, against a cursor that never ends. */
const MAX_PAGES = 1000;

/**
 * Every item of a paged list, page after page from `first`. An empty page ends it too; a cursor
 * seen before or more than `maxPages` pages is an error (`what` names the list).
 */
export async function allPages<T, C>(
  what: string,
  first: C,
  fetchPage: (cursor: C) => Promise<Page<T, C>>,
  maxPages = MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  for (let cursor: C | undefined = first; cursor !== undefined;) {
    const key = JSON.stringify(cursor);
    if (seen.has(key) || seen.size >= maxPages)
      throw new Error(`${what}: the pages do not end (page ${seen.size + 1} goes back to ${key})`);
    seen.add(key);
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.items.length === 0 ? undefined : page.next;
  }
  return items;
}

/**
 * A next-page link, resolved against `base`, only when it stays under `base` (origin and path
 * prefix): the token sent with it goes nowhere else. Undefined for no link.
 */
export function nextPageUrl(link: unknown, base: string, what: string): string | undefined {
  if (typeof link !== 'string' || link === '') return undefined;
  let next: URL;
  try {
    next = new URL(link, `${base.replace(/\/+$/, '')}/`);
  } catch {
    throw new Error(`${what}: the next-page link is not a URL`);
  }
  const under = new URL(`${base.replace(/\/+$/, '')}/`);
  if (next.origin !== under.origin || !next.pathname.startsWith(under.pathname)) {
    throw new Error(
      `${what}: the next page is at ${next.origin}${next.pathname}, outside ${base}; not sending the token there`,
    );
  }
  return next.href;
}
