/**
 * A local stand-in for the GitHub REST endpoints certwright uses to write secrets. It holds a
 * real libsodium key pair per scope, checks requests as strictly as GitHub does (token, JSON,
 * key_id, base64, visibility for organisations, secret names), and decrypts what is PUT so the
 * test can compare it with what was sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';

export interface GithubApi {
  readonly url: string;
  /** Decrypted secret values by API path (`/repos/o/r/actions/secrets/NAME`). */
  readonly secrets: Map<string, string>;
  /** Every request as `METHOD path`. */
  readonly requests: string[];
  /** Workflow artifacts the list endpoint serves (a local artifact service adds to it). */
  readonly artifacts: { id: number; name: string; expired: boolean; created_at: string; workflow_run: { id: number } }[];
  close(): Promise<void>;
}

export async function startGithubApi(options: { token: string; readOnlyToken?: string }): Promise<GithubApi> {
  await sodium.ready;
  const keys = new Map<string, { id: string; pair: { publicKey: Uint8Array; privateKey: Uint8Array } }>();
  const keyFor = (scope: string): { id: string; pair: { publicKey: Uint8Array; privateKey: Uint8Array } } => {
    let key = keys.get(scope);
    if (!key) {
      key = { id: String(3380204578043523366n + BigInt(keys.size)), pair: sodium.crypto_box_keypair() };
      keys.set(scope, key);
    }
    return key;
  };
  const secrets = new Map<string, string>();
  const artifacts: GithubApi['artifacts'] = [];
  const requests: string[] = [];
  const send = (res: http.ServerResponse, status: number, body?: object) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body ? JSON.stringify(body) : undefined);
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(`${req.method} ${path}`);
      const auth = req.headers.authorization ?? '';
      const token = auth.replace(/^(token|bearer) /i, '');
      if (token !== options.token && token !== options.readOnlyToken) return send(res, 401, { message: 'Bad credentials' });
      const listing = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts$/.test(path);
      if (listing && req.method === 'GET') {
        const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name');
        const found = artifacts.filter((a) => name === null || a.name === name);
        return send(res, 200, { total_count: found.length, artifacts: found });
      }
      const match = /^\/(repos\/[^/]+\/[^/]+(?:\/environments\/[^/]+)?|orgs\/[^/]+)\/(?:actions\/)?secrets\/([^/]+)$/.exec(path);
      if (!match || (path.startsWith('/repos/') && path.includes('/environments/') === path.includes('/actions/'))) return send(res, 404, { message: 'Not Found' });
      const [, scope = '', leaf = ''] = match;
      if (req.method === 'GET' && leaf === 'public-key') {
        const key = keyFor(scope);
        return send(res, 200, { key_id: key.id, key: sodium.to_base64(key.pair.publicKey, sodium.base64_variants.ORIGINAL) });
      }
      if (req.method !== 'PUT') return send(res, 404, { message: 'Not Found' });
      if (token === options.readOnlyToken) return send(res, 403, { message: 'Resource not accessible by integration' });
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(leaf) || /^GITHUB_/i.test(leaf)) return send(res, 422, { message: 'Invalid secret name' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, { message: 'Unsupported Media Type' });
      let body: { encrypted_value?: string; key_id?: string; visibility?: string };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
      const key = keyFor(scope);
      if (body.key_id !== key.id) return send(res, 422, { message: 'key_id does not match the current public key' });
      if (scope.startsWith('orgs/') && !['all', 'private', 'selected'].includes(body.visibility ?? '')) return send(res, 422, { message: 'visibility is required' });
      let value: string;
      try {
        const sealed = sodium.from_base64(body.encrypted_value ?? '', sodium.base64_variants.ORIGINAL);
        value = sodium.to_string(sodium.crypto_box_seal_open(sealed, key.pair.publicKey, key.pair.privateKey));
      } catch {
        return send(res, 422, { message: 'encrypted_value could not be decrypted with the public key' });
      }
      if (Buffer.byteLength(value) > 48 * 1024) return send(res, 422, { message: 'Secret value is too large (48 KB)' });
      const existed = secrets.has(path);
      secrets.set(path, value);
      return send(res, existed ? 204 : 201, existed ? undefined : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secrets,
    requests,
    artifacts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
