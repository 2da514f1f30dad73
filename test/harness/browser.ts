import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where rendered pages are kept for a person to look at (`.cache/screenshots/`, not committed). */
export const SCREENSHOTS = fileURLToPath(new URL('../../.cache/screenshots/', import.meta.url));

/** Roughly how github.com styles a job summary's HTML: enough to see a broken table. */
const PAGE_STYLE = `body{font:14px -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:16px}
table{border-collapse:collapse;display:block;width:max-content;max-width:100%;overflow:auto}
th,td{border:1px solid #d1d9e0;padding:6px 13px}tr:nth-child(2n){background:#f6f8fa}
code{background:#eff1f3;border-radius:6px;padding:.2em .4em;font-size:85%}`;

/**
 * Renders a job summary's HTML with headless Chromium (Debian's `chromium`, which the test
 * command installs): a PNG screenshot kept in SCREENSHOTS, and the DOM as the browser parsed
 * it, so a test can check the table a person would see rather than the text that was written.
 */
export async function renderSummary(html: string, name: string): Promise<{ dom: string; screenshot: string }> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const page = join(SCREENSHOTS, `${name}.html`);
  const screenshot = join(SCREENSHOTS, `${name}.png`);
  await writeFile(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_STYLE}</style></head><body>${html}</body></html>`,
  );
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--no-first-run',
    `--user-data-dir=${join(dirname(page), `profile-${name}`)}`,
  ];
  await run('chromium', [...flags, '--window-size=1280,720', `--screenshot=${screenshot}`, `file://${page}`], {
    timeout: 60_000,
  });
  const { stdout } = await run('chromium', [...flags, '--dump-dom', `file://${page}`], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if ((await stat(screenshot)).size < 1_000) throw new Error(`chromium wrote an empty screenshot ${screenshot}`);
  return { dom: stdout, screenshot };
}

/** The cells of every row of the first table in a DOM dump, as text, with each cell's colspan. */
export function tableRows(dom: string): { text: string; colspan: number }[][] {
  const table = /<table>([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? '';
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<t([hd])([^>]*)>([\s\S]*?)<\/t\1>/g)].map(([, , attrs, inner]) => ({
      text: (inner ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
      colspan: Number(/colspan="(\d+)"/.exec(attrs ?? '')?.[1] ?? 1),
    })),
  );
}
