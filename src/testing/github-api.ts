/**
 * A local stand-in for the GitHub REST endpoints certwright uses to write secrets. It holds a
 * real libsodium key pair per scope, checks requests as strictly as GitHub does (token, JSON,
 * key_id, base64, visibility for organisations, secret names), and decrypts what is PUT so the
 * test can compare it with what was sent. Organisation secrets keep their audience as GitHub
 * does: the visibility and, for `selected`, the repositories of the last PUT, listed a page at a
 * time. For artifact stores it lists artifacts (newest first, paged) and serves the runs that
 * made them, the repository's default branch, its branches and tags (git refs) and the
 * comparison of two commits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';

/** A workflow run as GET /repos/{o}/{r}/actions/runs/{id} serves it: the fields certwright reads. */
export interface WorkflowRun {
  /** The workflow file, `.github/workflows/renew.yml`. */
  readonly path: string;
  readonly event: string;
  readonly head_branch: string | null;
  readonly head_sha: string;
  /** Where the code came from: another repository for a fork's pull request; null once that fork is deleted. */
  readonly head_repository: { readonly id: number; readonly full_name: string } | null;
  readonly repository: { readonly id: number; readonly full_name: string };
}

export interface GithubApi {
  readonly url: string;
  /** Decrypted secret values by API path (`/repos/o/r/actions/secrets/NAME`). */
  readonly secrets: Map<string, string>;
  /** When each secret was last written, as GitHub reports it (whole seconds). */
  readonly updatedAt: Map<string, string>;
  /** Called after a secret's metadata is read (GET of the secret), to script another writer. */
  onSecretRead?: (path: string) => void;
  /** Every request as `METHOD path`. */
  readonly requests: string[];
  /** Every User-Agent header sent: Octokit's names the Node that ran it (`Node.js/24.21.0`). */
  readonly userAgents: Set<string>;
  /** Workflow artifacts the list endpoint serves (a local artifact service adds to it). */
  readonly artifacts: {
    id: number;
    name: string;
    expired: boolean;
    created_at: string;
    workflow_run: {
      id: number;
      repository_id: number;
      head_repository_id: number | null;
      head_branch: string | null;
      head_sha: string;
    };
  }[];
  /** Workflow runs by id, set by the test (the artifact service reads the current run's). */
  readonly runs: Map<number, WorkflowRun>;
  /** The id of the repository every /repos/{o}/{r} path names; a fork has another. */
  readonly repositoryId: number;
  /** The default branch GET /repos/{o}/{r} reports. */
  defaultBranch: string;
  /** Who may read each organisation secret, by API path, as the last PUT set it (a test may set it too). */
  readonly audiences: Map<string, { visibility: string; selectedRepositoryIds: number[] }>;
  /** Each branch's commits, oldest first: its head is the last (GET .../git/ref/heads/NAME, compare). */
  readonly branches: Map<string, string[]>;
  /** Tags by name, each the commit it points at; a tag's commit need be on no branch. */
  readonly tags: Map<string, string>;
  /** The next `times` secret PUTs whose path starts with `prefix` (any, without one) answer 503, as GitHub does in an outage. */
  failSecretWrites(times: number, prefix?: string): void;
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
  const updatedAt = new Map<string, string>();
  const created = new Map<string, string>();
  /** GitHub's timestamps have whole seconds; a write never goes back in time. */
  const stamp = (path: string) => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const last = Date.parse(updatedAt.get(path) ?? '') || 0;
    return new Date(Math.max(now.getTime(), last)).toISOString().replace('.000Z', 'Z');
  };
  const artifacts: GithubApi['artifacts'] = [];
  const audiences: GithubApi['audiences'] = new Map();
  /** GitHub's status of `head` against `base`, both SHAs: undefined when either commit is unknown. */
  const compareCommits = (base: string, head: string): string | undefined => {
    const known = (sha: string) =>
      [...api.branches.values()].some((c) => c.includes(sha)) || [...api.tags.values()].includes(sha);
    if (!known(base) || !known(head)) return undefined;
    if (base === head) return 'identical';
    const history = [...api.branches.values()].find((commits) => commits.includes(base) && commits.includes(head));
    if (!history) return 'diverged';
    return history.indexOf(head) < history.indexOf(base) ? 'behind' : 'ahead';
  };
  const requests: string[] = [];
  const userAgents = new Set<string>();
  const failing = { times: 0, prefix: '' };
  const send = (res: http.ServerResponse, status: number, body?: object) => {
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(body ? JSON.stringify(body) : undefined);
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(`${req.method} ${path}`);
      userAgents.add(req.headers['user-agent'] ?? '');
      const auth = req.headers.authorization ?? '';
      const token = auth.replace(/^(token|bearer) /i, '');
      if (token !== options.token && token !== options.readOnlyToken)
        return send(res, 401, { message: 'Bad credentials' });
      const listing = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts$/.test(path);
      if (listing && req.method === 'GET') {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const name = query.get('name');
        const perPage = Number(query.get('per_page') ?? 30);
        const page = Number(query.get('page') ?? 1);
        const found = artifacts
          .filter((a) => name === null || a.name === name)
          .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
        return send(res, 200, {
          total_count: found.length,
          artifacts: found.slice((page - 1) * perPage, page * perPage),
        });
      }
      const runPath = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)$/.exec(path);
      if (runPath && req.method === 'GET') {
        const id = Number(runPath[1]);
        const run = api.runs.get(id);
        return run ? send(res, 200, { id, ...run }) : send(res, 404, { message: 'Not Found' });
      }
      const gitRef = /^\/repos\/[^/]+\/[^/]+\/git\/ref\/(.+)$/.exec(path);
      if (gitRef && req.method === 'GET') {
        const ref = decodeURIComponent(gitRef[1] ?? '');
        const sha = ref.startsWith('heads/')
          ? api.branches.get(ref.slice('heads/'.length))?.at(-1)
          : ref.startsWith('tags/')
            ? api.tags.get(ref.slice('tags/'.length))
            : undefined;
        return sha
          ? send(res, 200, { ref: `refs/${ref}`, object: { type: 'commit', sha } })
          : send(res, 404, { message: 'Not Found' });
      }
      const compare = /^\/repos\/[^/]+\/[^/]+\/compare\/(.+)$/.exec(path);
      if (compare && req.method === 'GET') {
        const [base = '', head = ''] = decodeURIComponent(compare[1] ?? '').split('...');
        const status = compareCommits(base, head);
        return status
          ? send(res, 200, { status, ahead_by: 0, behind_by: 0, commits: [], files: [] })
          : send(res, 404, { message: 'Not Found' });
      }
      const selected = /^\/orgs\/[^/]+\/actions\/secrets\/([^/]+)\/repositories$/.exec(path);
      if (selected && req.method === 'GET') {
        const audience = audiences.get(path.slice(0, -'/repositories'.length));
        if (!audience) return send(res, 404, { message: 'Not Found' });
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
        const page = Number(query.get('page') ?? 1);
        const ids = audience.visibility === 'selected' ? audience.selectedRepositoryIds : [];
        return send(res, 200, {
          total_count: ids.length,
          repositories: ids
            .slice((page - 1) * perPage, page * perPage)
            .map((id) => ({ id, full_name: `acme/repository-${id}` })),
        });
      }
      const repository = /^\/repos\/([^/]+\/[^/]+)$/.exec(path);
      if (repository && req.method === 'GET')
        return send(res, 200, { id: api.repositoryId, full_name: repository[1], default_branch: api.defaultBranch });
      const match =
        /^\/(repos\/[^/]+\/[^/]+(?:\/environments\/[^/]+)?|orgs\/[^/]+)\/(?:actions\/)?secrets\/([^/]+)$/.exec(path);
      if (!match || (path.startsWith('/repos/') && path.includes('/environments/') === path.includes('/actions/')))
        return send(res, 404, { message: 'Not Found' });
      const [, scope = '', leaf = ''] = match;
      if (req.method === 'GET' && leaf === 'public-key') {
        const key = keyFor(scope);
        return send(res, 200, {
          key_id: key.id,
          key: sodium.to_base64(key.pair.publicKey, sodium.base64_variants.ORIGINAL),
        });
      }
      if (req.method === 'GET') {
        const value = updatedAt.get(path);
        if (value === undefined) return send(res, 404, { message: 'Not Found' });
        const audience = audiences.get(path);
        const visibility = audience
          ? {
              visibility: audience.visibility,
              ...(audience.visibility === 'selected'
                ? { selected_repositories_url: `${api.url}${path}/repositories` }
                : {}),
            }
          : {};
        send(res, 200, { name: leaf, created_at: created.get(path), updated_at: value, ...visibility });
        api.onSecretRead?.(path);
        return;
      }
      if (req.method !== 'PUT') return send(res, 404, { message: 'Not Found' });
      if (failing.times > 0 && path.startsWith(failing.prefix)) {
        failing.times--;
        return send(res, 503, { message: 'Service Unavailable' });
      }
      if (token === options.readOnlyToken) return send(res, 403, { message: 'Resource not accessible by integration' });
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(leaf) || /^GITHUB_/i.test(leaf))
        return send(res, 422, { message: 'Invalid secret name' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, { message: 'Unsupported Media Type' });
      let body: { encrypted_value?: string; key_id?: string; visibility?: string; selected_repository_ids?: unknown };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
      const key = keyFor(scope);
      if (body.key_id !== key.id) return send(res, 422, { message: 'key_id does not match the current public key' });
      if (scope.startsWith('orgs/') && !['all', 'private', 'selected'].includes(body.visibility ?? ''))
        return send(res, 422, { message: 'visibility is required' });
      const ids = body.selected_repository_ids;
      if (
        ids !== undefined &&
        (body.visibility !== 'selected' || !Array.isArray(ids) || !ids.every((id) => Number.isInteger(id)))
      ) {
        return send(res, 422, {
          message: 'selected_repository_ids is only allowed, as a list of repository ids, with visibility selected',
        });
      }
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
      if (scope.startsWith('orgs/'))
        audiences.set(path, {
          visibility: body.visibility ?? '',
          selectedRepositoryIds: Array.isArray(ids) ? (ids as number[]) : [],
        });
      const at = stamp(path);
      updatedAt.set(path, at);
      if (!existed) created.set(path, at);
      return send(res, existed ? 204 : 201, existed ? undefined : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: GithubApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secrets,
    updatedAt,
    requests,
    userAgents,
    artifacts,
    runs: new Map(),
    repositoryId: 1296269,
    defaultBranch: 'main',
    audiences,
    branches: new Map(),
    tags: new Map(),
    failSecretWrites: (times, prefix = '') => Object.assign(failing, { times, prefix }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return api;
}
