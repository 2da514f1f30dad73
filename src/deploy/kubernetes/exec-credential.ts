/**
 * Exec credential plugins (`users[].user.exec` in a kubeconfig: `aws eks get-token`,
 * `gke-gcloud-auth-plugin`, `kubelogin`): the command runs as hooks do (its own process group,
 * a timeout that ends the group, bounded output, the runner's channels kept from it) and prints
 * an `ExecCredential` whose `status` holds a token or a client certificate. Its output is a
 * credential and its stderr may be: neither reaches a log or an error, only its exit code does.
 */
import { commandEnv, runCommand } from '../../process/command.js';

/** The kubeconfig's `exec` section, paths resolved. */
export interface ExecConfig {
  readonly apiVersion: 'client.authentication.k8s.io/v1' | 'client.authentication.k8s.io/v1beta1';
  readonly command: string;
  readonly args: readonly string[];
  /** `env` of the section: set for the plugin on top of the job's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly installHint?: string | undefined;
  /** The plugin is told the cluster (server, CA) in `KUBERNETES_EXEC_INFO`. */
  readonly provideClusterInfo: boolean;
}

/** What the plugin proved us to be, until when. */
export interface ExecCredential {
  readonly token?: string;
  readonly clientCertificate?: { readonly certPem: string; readonly keyPem: string };
  /** Epoch milliseconds; absent: valid for the run. */
  readonly expiresAt?: number;
}

export const EXEC_TIMEOUT_MS = 60_000;

/** A word for `/bin/sh -c`, quoted so the shell passes it on unchanged. */
function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function execInfo(exec: ExecConfig, cluster: { server: string; caPem?: string | undefined }): string {
  const clusterInfo = exec.provideClusterInfo
    ? {
        cluster: {
          server: cluster.server,
          ...(cluster.caPem ? { 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } : {}),
        },
      }
    : {};
  return JSON.stringify({
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...clusterInfo },
  });
}

/** Runs the plugin and reads its ExecCredential. `what` names it in errors (`user "eks"`). */
export async function runExecPlugin(
  exec: ExecConfig,
  cluster: { server: string; caPem?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  what: string,
): Promise<ExecCredential> {
  const shown = `the credential plugin "${exec.command}" of ${what}`;
  const result = await runCommand({
    command: [exec.command, ...exec.args].map(shellWord).join(' '),
    env: { ...commandEnv(env, []), ...exec.env, KUBERNETES_EXEC_INFO: execInfo(exec, cluster) },
    timeoutMs: EXEC_TIMEOUT_MS,
  }).catch((cause: unknown) => {
    throw new Error(`kubernetes: ${shown} could not be started`, { cause });
  });
  if (result.timedOut) throw new Error(`kubernetes: ${shown} did not finish within ${EXEC_TIMEOUT_MS / 1000} s`);
  if (result.code !== 0) {
    const hint = result.code === 127 && exec.installHint ? `; ${oneLine(exec.installHint)}` : '';
    throw new Error(
      `kubernetes: ${shown} exited with ${result.code === null ? `signal ${result.signal}` : `code ${result.code}`}` +
        `${hint} (its output is not shown: it may hold credentials; run the command in the job to see it)`,
    );
  }
  return parseExecCredential(result.stdout, exec.apiVersion, shown);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The plugin's stdout as an ExecCredential of the version asked for; errors never quote it. */
export function parseExecCredential(stdout: string, apiVersion: string, shown: string): ExecCredential {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`kubernetes: ${shown} did not print an ExecCredential (its output is not JSON)`);
  }
  const object = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (object.kind !== 'ExecCredential' || object.apiVersion !== apiVersion)
    throw new Error(
      `kubernetes: ${shown} printed ` +
        `${describeField(object.kind, 'something')} ${describeField(object.apiVersion, '')}`.trimEnd() +
        `, expected an ExecCredential of ${apiVersion}`,
    );
  const status = (typeof object.status === 'object' && object.status !== null ? object.status : {}) as Record<
    string,
    unknown
  >;
  const expiresAt = expiry(status.expirationTimestamp, shown);
  if (typeof status.token === 'string' && status.token !== '') return { token: status.token, ...expiresAt };
  if (typeof status.clientCertificateData === 'string' && typeof status.clientKeyData === 'string')
    return { clientCertificate: { certPem: status.clientCertificateData, keyPem: status.clientKeyData }, ...expiresAt };
  throw new Error(`kubernetes: ${shown} printed an ExecCredential without a token or a client certificate in status`);
}

/** A field of the plugin's output as an error may show it: a short string, never a structure. */
function describeField(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.slice(0, 80) : fallback;
}

function expiry(value: unknown, shown: string): { expiresAt?: number } {
  if (value === undefined || value === null || value === '') return {};
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw new Error(`kubernetes: ${shown} printed an expirationTimestamp that is not a time`);
  return { expiresAt: at };
}
