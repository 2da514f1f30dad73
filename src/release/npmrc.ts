import { readFile } from 'node:fs/promises';

/**
 * The auth token npm would send to `registry`, from .npmrc files (first match wins):
 * `//host[:port]/path/:_authToken=VALUE`, the longest path that prefixes the registry URL,
 * with `${VAR}` expanded from the environment as npm does.
 */
export async function tokenFromNpmrc(registry: string, files: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const target = registry.replace(/^https?:/, '').replace(/\/?$/, '/');
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    let best: { scope: string; token: string } | undefined;
    for (const line of text.split(/\r?\n/)) {
      const match = /^\s*(\/\/[^\s=]+?):_authToken\s*=\s*(.+?)\s*$/.exec(line);
      if (!match) continue;
      const scope = (match[1] as string).replace(/\/?$/, '/');
      if (!target.startsWith(scope) || (best && best.scope.length >= scope.length)) continue;
      const token = (match[2] as string).replace(/^"(.*)"$/, '$1').replace(/\$\{([^}]+)\}/g, (_, name: string) => env[name] ?? '');
      if (token) best = { scope, token };
    }
    if (best) return best.token;
  }
  return undefined;
}
