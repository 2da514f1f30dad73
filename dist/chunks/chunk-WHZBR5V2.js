import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/vendor/pages.ts
var MAX_PAGES = 1e3;
async function allPages(what, first, fetchPage, maxPages = MAX_PAGES) {
  const items = [];
  const seen = /* @__PURE__ */ new Set();
  for (let cursor = first; cursor !== void 0; ) {
    const key = JSON.stringify(cursor);
    if (seen.has(key) || seen.size >= maxPages)
      throw new Error(`${what}: the pages do not end (page ${seen.size + 1} goes back to ${key})`);
    seen.add(key);
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.items.length === 0 ? void 0 : page.next;
  }
  return items;
}
function nextPageUrl(link, base, what) {
  if (typeof link !== "string" || link === "") return void 0;
  let next;
  try {
    next = new URL(link, `${base.replace(/\/+$/, "")}/`);
  } catch {
    throw new Error(`${what}: the next-page link is not a URL`);
  }
  const under = new URL(`${base.replace(/\/+$/, "")}/`);
  if (next.origin !== under.origin || !next.pathname.startsWith(under.pathname)) {
    throw new Error(
      `${what}: the next page is at ${next.origin}${next.pathname}, outside ${base}; not sending the token there`
    );
  }
  return next.href;
}

export {
  allPages,
  nextPageUrl
};
