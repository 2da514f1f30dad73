import { runCommand } from '../../../process/command.js';
import { hostNameProblem, quotedName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';

export interface ExecSettings {
  readonly authHook: string;
  readonly cleanupHook?: string;
  readonly timeoutMs: number;
}

interface HookResult {
  readonly stdout: string;
}

function baseDomain(domain: string): string {
  return domain.startsWith('*.') ? domain.slice(2) : domain;
}

/**
 * Hooks get names as environment variables that scripts paste into shell and nsupdate
 * commands: whatever the record came from (the DNS core, a crash journal), each name is a host
 * name or no hook runs.
 */
function refuseOddNames(record: ChallengeRecord): void {
  const names = {
    CERTBOT_DOMAIN: baseDomain(record.domain),
    CERTWRIGHT_FQDN: record.fqdn,
    CERTWRIGHT_ZONE: record.zone,
  };
  for (const [variable, name] of Object.entries(names)) {
    const problem = hostNameProblem(name);
    if (problem)
      throw new Error(
        `exec: refusing to run a hook with ${variable}=${quotedName(name)}: not a host name (${problem})`,
      );
  }
}

/**
 * Runs the user's commands with certbot's manual-hook environment, so certbot
 * `--manual-auth-hook` / `--manual-cleanup-hook` scripts work unchanged: one auth run per
 * challenge, in order, and one cleanup run per challenge with the auth hook's output.
 */
export class ExecProvider implements DnsProvider {
  readonly name = 'exec';
  private readonly authOutputs = new Map<string, string>();

  constructor(
    private readonly settings: ExecSettings,
    private readonly context: ProviderContext,
  ) {}

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(',');
    for (const [index, record] of records.entries()) {
      const env = this.hookEnv(record, allDomains, records.length - index - 1);
      const { stdout } = await this.run('auth', this.settings.authHook, record, env);
      this.authOutputs.set(`${record.fqdn} ${record.value}`, stdout.trim());
    }
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const hook = this.settings.cleanupHook;
    if (!hook) return;
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(',');
    const failures: string[] = [];
    for (const [index, record] of records.entries()) {
      // After a crash (the post step) the auth output is gone: clean up with an empty one.
      const output = this.authOutputs.get(`${record.fqdn} ${record.value}`) ?? '';
      const env = { ...this.hookEnv(record, allDomains, records.length - index - 1), CERTBOT_AUTH_OUTPUT: output };
      try {
        await this.run('cleanup', hook, record, env);
        this.authOutputs.delete(`${record.fqdn} ${record.value}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private hookEnv(record: ChallengeRecord, allDomains: string, remaining: number): NodeJS.ProcessEnv {
    return {
      ...this.context.env,
      CERTBOT_DOMAIN: baseDomain(record.domain),
      CERTBOT_VALIDATION: record.value,
      CERTBOT_ALL_DOMAINS: allDomains,
      CERTBOT_REMAINING_CHALLENGES: String(remaining),
      // certwright's own additions: where the core found the record should go.
      CERTWRIGHT_FQDN: record.fqdn,
      CERTWRIGHT_ZONE: record.zone,
    };
  }

  private async run(
    kind: 'auth' | 'cleanup',
    command: string,
    record: ChallengeRecord,
    env: NodeJS.ProcessEnv,
  ): Promise<HookResult> {
    let result;
    try {
      result = await runCommand({ command, env, timeoutMs: this.settings.timeoutMs });
    } catch (error) {
      throw new Error(`exec: ${kind} hook for ${record.domain} could not start`, { cause: error });
    }
    const { code, signal, stdout, stderr, timedOut } = result;
    if (stderr.trim()) this.context.logger.debug(`exec: ${kind} hook for ${record.domain}: ${stderr.trim()}`);
    if (code === 0 && !timedOut) return { stdout };
    const why = timedOut
      ? `ran over exec-timeout (${this.settings.timeoutMs / 1000} s) and was stopped with everything it started`
      : signal
        ? `was killed (${signal})`
        : `exited with ${code}`;
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`exec: ${kind} hook for ${record.domain} ${why}${tail ? `: ${tail}` : ''}`);
  }
}
