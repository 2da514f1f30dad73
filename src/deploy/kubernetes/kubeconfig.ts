/**
 * Where the API server is and how to prove who we are, from a kubeconfig (the file the clouds'
 * set-context steps write: `aws eks update-kubeconfig`, get-gke-credentials, aks-set-context) or
 * from the pod's service account. Read as kubectl reads it: `KUBECONFIG` may list several files
 * (the first to name a cluster, user or context wins), relative paths are relative to the file
 * that holds them. What certwright will not do (skip TLS verification, legacy auth providers,
 * basic auth) is refused in one line that says what to use instead.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parseYaml } from '../../options/yaml.js';
import type { ExecConfig } from './exec-credential.js';

/** How requests prove who they are. */
export type ClusterCredentials =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'token-file'; readonly path: string }
  | { readonly kind: 'client-certificate'; readonly certPem: string; readonly keyPem: string }
  | { readonly kind: 'exec'; readonly exec: ExecConfig; readonly user: string };

export interface ClusterAccess {
  /** `https://host:port`, without a trailing slash. */
  readonly server: string;
  /** The CA that signed the API server's certificate (PEM), when the kubeconfig names one. */
  readonly caPem?: string | undefined;
  readonly credentials: ClusterCredentials;
  /** `context prod-eks`, `in-cluster service account`: for logs and errors. */
  readonly source: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface AccessSettings {
  /** `kubernetes-kubeconfig`. */
  readonly kubeconfig?: string | undefined;
  /** `kubernetes-context`. */
  readonly context?: string | undefined;
  /** Where a pod's service account is mounted; tests point it elsewhere. */
  readonly serviceAccountDir?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;
type Entry = Record<string, unknown>;
/** A named cluster, user or context, with the folder of the file it came from (relative paths start there). */
interface Named {
  readonly value: Entry;
  readonly baseDir: string;
}
interface Kubeconfig {
  readonly files: readonly string[];
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, Named>;
  readonly users: ReadonlyMap<string, Named>;
  readonly contexts: ReadonlyMap<string, Named>;
}

/** The kubeconfig files to read, or `in-cluster` when there is none and the run is in a pod. */
async function kubeconfigPaths(settings: AccessSettings, env: Env): Promise<string[] | 'in-cluster'> {
  if (settings.kubeconfig) return [settings.kubeconfig];
  const listed = (env.KUBECONFIG ?? '').split(':').filter((path) => path !== '');
  if (listed.length > 0) return listed;
  const fallback = join(env.HOME ?? '', '.kube', 'config');
  if (env.HOME && (await exists(fallback))) return [fallback];
  if (env.KUBERNETES_SERVICE_HOST) return 'in-cluster';
  throw new Error(
    'kubernetes: no kubeconfig (KUBECONFIG is not set, ~/.kube/config does not exist) and not in a pod; ' +
      "run your cloud's set-context step first (aws eks update-kubeconfig, get-gke-credentials, aks-set-context) " +
      'or set kubernetes-kubeconfig',
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/** The API server and credentials of the context settings name (or the current one). */
export async function clusterAccess(settings: AccessSettings, env: Env): Promise<ClusterAccess> {
  const paths = await kubeconfigPaths(settings, env);
  if (paths === 'in-cluster') return inClusterAccess(settings.serviceAccountDir ?? SERVICE_ACCOUNT_DIR, env);
  const config = await loadKubeconfig(paths, Boolean(settings.kubeconfig));
  return accessFromContext(config, settings.context);
}

async function loadKubeconfig(paths: readonly string[], explicit: boolean): Promise<Kubeconfig> {
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  let currentContext: string | undefined;
  const read: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      // kubectl skips a listed file that is missing; a path the user gave must be there.
      if (explicit) throw new Error(`kubernetes-kubeconfig: cannot read ${path}`, { cause });
      continue;
    }
    const document = parseDocument(path, text);
    read.push(path);
    const baseDir = dirname(path);
    currentContext ??= stringField(document, 'current-context') || undefined;
    addNamed(clusters, document, 'clusters', 'cluster', baseDir, path);
    addNamed(users, document, 'users', 'user', baseDir, path);
    addNamed(contexts, document, 'contexts', 'context', baseDir, path);
  }
  if (read.length === 0)
    throw new Error(`kubernetes: none of the kubeconfig files in KUBECONFIG exist (${paths.join(':')})`);
  return { files: read, currentContext, clusters, users, contexts };
}

function parseDocument(path: string, text: string): Entry {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    // The parser's message quotes the file, and a kubeconfig holds tokens and keys.
    throw new Error(`kubernetes: the kubeconfig ${path} is not valid YAML`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document))
    throw new Error(
      `kubernetes: the kubeconfig ${path} is not a kubeconfig (expected a mapping with clusters, users and contexts)`,
    );
  return document as Entry;
}

function addNamed(
  into: Map<string, Named>,
  document: Entry,
  list: string,
  field: string,
  baseDir: string,
  path: string,
): void {
  const items = document[list] ?? [];
  if (!Array.isArray(items)) throw new Error(`kubernetes: the kubeconfig ${path}: ${list} is not a list`);
  for (const item of items as unknown[]) {
    const name = isEntry(item) ? item.name : undefined;
    const value = isEntry(item) ? item[field] : undefined;
    if (typeof name !== 'string' || !isEntry(value))
      throw new Error(`kubernetes: the kubeconfig ${path}: an entry of ${list} has no name or no ${field}`);
    if (!into.has(name)) into.set(name, { value, baseDir });
  }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(entry: Entry, field: string): string {
  const value = entry[field];
  return typeof value === 'string' ? value : '';
}

async function accessFromContext(config: Kubeconfig, wanted: string | undefined): Promise<ClusterAccess> {
  const name = wanted ?? config.currentContext;
  const known = [...config.contexts.keys()].join(', ') || 'none';
  if (name === undefined)
    throw new Error(`kubernetes: the kubeconfig has no current-context; set kubernetes-context to one of: ${known}`);
  const context = config.contexts.get(name);
  if (!context)
    throw new Error(
      `kubernetes: the kubeconfig (${config.files.join(':')}) has no context "${name}"; ` +
        `${wanted ? 'set kubernetes-context to' : 'contexts are'} one of: ${known}`,
    );
  const clusterName = stringField(context.value, 'cluster');
  const userName = stringField(context.value, 'user');
  const cluster = config.clusters.get(clusterName);
  if (!cluster)
    throw new Error(
      `kubernetes: context "${name}" names cluster "${clusterName}", which the kubeconfig does not define`,
    );
  const user = config.users.get(userName);
  if (!user)
    throw new Error(`kubernetes: context "${name}" names user "${userName}", which the kubeconfig does not define`);
  const { server, caPem } = await clusterEndpoint(clusterName, cluster);
  return { server, caPem, credentials: await userCredentials(userName, user), source: `context ${name}` };
}

async function clusterEndpoint(name: string, cluster: Named): Promise<{ server: string; caPem: string | undefined }> {
  const entry = cluster.value;
  if (entry['insecure-skip-tls-verify'] === true)
    throw new Error(
      `kubernetes: cluster "${name}" sets insecure-skip-tls-verify; certwright sends a private key there and ` +
        'will not skip verifying the API server: give the cluster certificate-authority-data instead',
    );
  for (const field of ['proxy-url', 'tls-server-name'])
    if (stringField(entry, field))
      throw new Error(`kubernetes: cluster "${name}" sets ${field}, which certwright does not support; remove it`);
  const server = serverUrl(stringField(entry, 'server'), `cluster "${name}"`);
  const caPem = await pemFrom(entry, 'certificate-authority', cluster.baseDir, `cluster "${name}"`);
  return { server, caPem };
}

function serverUrl(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`kubernetes: ${where} has no valid server URL ("${text}"); expected https://host:port`);
  }
  if (url.protocol !== 'https:')
    throw new Error(
      `kubernetes: ${where} has server ${url.origin}, not https; the API server must be reached over TLS`,
    );
  return text.replace(/\/+$/, '');
}

/** `<field>-data` (base64) or `<field>` (a file path) of `entry`, as text. */
async function pemFrom(entry: Entry, field: string, baseDir: string, where: string): Promise<string | undefined> {
  const data = stringField(entry, `${field}-data`);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = stringField(entry, field);
  if (!file) return undefined;
  const path = isAbsolute(file) ? file : join(baseDir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new Error(`kubernetes: ${where}: cannot read ${field} ${path}`, { cause });
  }
}

async function userCredentials(name: string, user: Named): Promise<ClusterCredentials> {
  const entry = user.value;
  const where = `user "${name}"`;
  if (isEntry(entry.exec)) return { kind: 'exec', exec: execConfig(entry.exec, user.baseDir, where), user: name };
  const token = stringField(entry, 'token');
  if (token) return { kind: 'token', token };
  const tokenFile = stringField(entry, 'tokenFile');
  if (tokenFile) return { kind: 'token-file', path: isAbsolute(tokenFile) ? tokenFile : join(user.baseDir, tokenFile) };
  const certPem = await pemFrom(entry, 'client-certificate', user.baseDir, where);
  const keyPem = await pemFrom(entry, 'client-key', user.baseDir, where);
  if (certPem && keyPem) return { kind: 'client-certificate', certPem, keyPem };
  if (isEntry(entry['auth-provider'])) {
    const provider = stringField(entry['auth-provider'], 'name');
    throw new Error(
      `kubernetes: ${where} uses the auth-provider "${provider}", which kubectl no longer has; ` +
        "rewrite the kubeconfig with your cloud's current set-context step (it writes an exec plugin)",
    );
  }
  if (stringField(entry, 'username'))
    throw new Error(`kubernetes: ${where} uses basic auth, which Kubernetes removed; use a token or an exec plugin`);
  throw new Error(
    `kubernetes: ${where} has no credentials certwright can use (token, tokenFile, client certificate, exec)`,
  );
}

function execConfig(exec: Entry, baseDir: string, where: string): ExecConfig {
  const command = stringField(exec, 'command');
  const apiVersion = stringField(exec, 'apiVersion');
  if (!command) throw new Error(`kubernetes: ${where}: exec has no command`);
  if (apiVersion !== 'client.authentication.k8s.io/v1' && apiVersion !== 'client.authentication.k8s.io/v1beta1')
    throw new Error(
      `kubernetes: ${where}: exec apiVersion "${apiVersion}" is not supported; ` +
        'expected client.authentication.k8s.io/v1 or v1beta1 (update the plugin and the kubeconfig)',
    );
  if (exec.interactiveMode === 'Always')
    throw new Error(
      `kubernetes: ${where}: its exec plugin needs a terminal (interactiveMode: Always), which a CI job has not`,
    );
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env = Array.isArray(exec.env)
    ? (exec.env as unknown[])
        .filter(isEntry)
        .map((item) => [stringField(item, 'name'), stringField(item, 'value')] as const)
    : [];
  // As kubectl: a command with a path separator that is not absolute is relative to the kubeconfig.
  const resolved = command.includes('/') && !isAbsolute(command) ? join(baseDir, command) : command;
  return {
    apiVersion,
    command: resolved,
    args,
    env: Object.fromEntries(env.filter(([name]) => name !== '')),
    installHint: stringField(exec, 'installHint') || undefined,
    provideClusterInfo: exec.provideClusterInfo === true,
  };
}

/** The pod's own service account: its token, its CA, the API server from the environment. */
async function inClusterAccess(dir: string, env: Env): Promise<ClusterAccess> {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  const server = serverUrl(`https://${host.includes(':') ? `[${host}]` : host}:${port}`, 'the in-cluster service');
  let caPem: string;
  try {
    caPem = await readFile(join(dir, 'ca.crt'), 'utf8');
  } catch (cause) {
    throw new Error(
      `kubernetes: in a pod (KUBERNETES_SERVICE_HOST is set) but no service account is mounted at ${dir}`,
      {
        cause,
      },
    );
  }
  return {
    server,
    caPem,
    credentials: { kind: 'token-file', path: join(dir, 'token') },
    source: 'in-cluster service account',
  };
}
