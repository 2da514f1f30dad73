import { optionalOption, requireOption, urlOption } from '../../options/parse.js';
import type { DeployTargetDefinition } from '../target.js';
import { metadata } from './metadata.js';

/** A path segment of Vault: no empty segment, no dot segments, no characters Vault reads as syntax. */
const SEGMENT = /^[A-Za-z0-9_.@+-]+$/;

/** `vault-path` as a KV v2 mount and the secret's path in it. */
export function parseKvPath(text: string): { mount: string; path: string } {
  const expected = 'expected mount/path of a KV v2 engine, such as secret/certs/example.com';
  const segments = text.replace(/^\/+|\/+$/g, '').split('/');
  if (segments.length < 2) throw new Error(`vault-path: "${text}" has no path after the mount; ${expected}`);
  if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..'))
    throw new Error(`vault-path: "${text}" has an empty or invalid segment; ${expected}`);
  if (segments[1] === 'data' || segments[1] === 'metadata')
    throw new Error(
      `vault-path: "${text}" names the API's ${segments[1]}/ segment; give the secret's path without it, ${expected}`,
    );
  const [mount = '', ...rest] = segments;
  return { mount, path: rest.join('/') };
}

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const { mount, path } = parseKvPath(
      requireOption(values, 'vault-path', 'mount/path, such as secret/certs/example.com'),
    );
    const addr = urlOption(values, 'vault-addr', 'https://vault.example.com:8200');
    const token = optionalOption(values, 'vault-token');
    const role = optionalOption(values, 'vault-role');
    if (!token && !role)
      throw new Error(
        "vault-role: missing; expected the JWT auth role to log in as with the job's OIDC token, " +
          'or set vault-token (VAULT_TOKEN)',
      );
    const authMount = optionalOption(values, 'vault-auth-mount') ?? 'jwt';
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(authMount))
      throw new Error(`vault-auth-mount: "${authMount}" is not a mount path; expected such as jwt or github-jwt`);
    const settings = {
      addr,
      mount,
      path,
      auth: token ? ({ kind: 'token', token } as const) : ({ kind: 'jwt', role: role ?? '', authMount } as const),
      namespace: optionalOption(values, 'vault-namespace'),
      audience: optionalOption(values, 'vault-oidc-audience'),
    };
    const how = token ? 'token' : `JWT role ${role}`;
    return {
      name: 'vault',
      description: `vault (KV v2 ${mount}/${path}${addr ? ` at ${addr}` : ''}, ${how})`,
      key: `vault:${settings.namespace ? `${settings.namespace}:` : ''}${mount}/${path}`,
      async create(context) {
        const { VaultTarget } = await import('./target.js');
        return new VaultTarget(settings, context);
      },
    };
  },
};
