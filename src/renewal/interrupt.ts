/**
 * What a run does when it is told to stop (Ctrl-C, a cancelled GitHub job: SIGINT, then SIGTERM
 * 7.5 s later, then SIGKILL): end the user's commands, remove every TXT record in flight with
 * its certificate's own provider within a bound, say what could not be removed, and exit
 * 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once.
 */
import type { ChallengeRecord, ConfiguredProvider, ProviderContext } from '../dns/provider.js';
import { endAllCommands } from '../process/command.js';
import { errorMessage, type Logger } from '../runtime.js';
import type { EngineContext } from './resources.js';
import { runCertificates, runHttpClients, type CertificateResult, type RunPlan } from './run.js';

/** Within the 7.5 s a cancelled GitHub job gets between SIGINT and SIGKILL, with room to spare. */
export const STOP_CLEANUP_MS = 5_000;

/** The TXT records of every certificate in flight, as the engine reports them. */
export class RecordsInFlight {
  readonly #entries = new Map<string, readonly ChallengeRecord[]>();

  readonly planned = (certName: string, records: readonly ChallengeRecord[]): void => {
    this.#entries.set(certName, records);
  };

  readonly removed = (certName: string): void => {
    this.#entries.delete(certName);
  };

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Removes every record in flight with `providerFor(certName)`, all certificates at once,
   * within `timeoutMs`. Returns a line for each certificate whose records may remain.
   */
  async removeAll(
    providerFor: (certName: string) => ConfiguredProvider | undefined,
    context: ProviderContext,
    timeoutMs: number,
    /** Told each certificate whose records are gone (the Action's crash record forgets them). */
    onRemoved?: (certName: string) => void | Promise<void>,
  ): Promise<string[]> {
    const errors = new Map<string, string>();
    const work = [...this.#entries].map(async ([certName, records]) => {
      try {
        const configured = providerFor(certName);
        if (!configured) throw new Error(`no provider for ${certName}`);
        await (await configured.create(context)).deleteRecords(records);
        this.#entries.delete(certName);
        await onRemoved?.(certName);
      } catch (error) {
        errors.set(certName, errorMessage(error));
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(work), deadline]);
    clearTimeout(timer);
    return [...this.#entries].map(([certName, records]) => {
      const names = [...new Set(records.map((r) => r.fqdn))].join(', ');
      return `${certName}: TXT at ${names}: ${errors.get(certName) ?? `not removed within ${timeoutMs / 1000} s`}`;
    });
  }
}

/**
 * Installs the stop handlers: on the first SIGINT or SIGTERM, `stop` runs (bounded by its own
 * caller), then the process exits 130 or 143. Returns a function that removes them.
 */
export function onStopSignals(stop: (signal: NodeJS.Signals) => Promise<void>, logger: Logger): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    logger.warn(`Received ${signal}: stopping, and removing the TXT records in flight`);
    endAllCommands();
    void stop(signal)
      .catch((error: unknown) => logger.warn(`could not clean up: ${errorMessage(error)}`))
      .finally(() => process.exit(code));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** What a front end hears when its run is stopped. */
export interface StopReport {
  /** A certificate whose records may remain, as one line. */
  left(line: string): void;
  /** A certificate whose records are gone. */
  removed?(certName: string): void | Promise<void>;
  /** The cleanup is over; the process exits next. */
  stopped?(signal: NodeJS.Signals): void;
}

/**
 * Runs the plan as runCertificates does; if the process is told to stop meanwhile, removes the
 * records `inFlight` holds (the context must report to it) and exits, as onStopSignals says.
 */
export async function runUntilStopped(
  plan: RunPlan,
  context: EngineContext,
  inFlight: RecordsInFlight,
  report: StopReport,
): Promise<CertificateResult[]> {
  const release = onStopSignals(async (signal) => {
    const providerFor = (name: string) => plan.certificates.find((c) => c.request.name === name)?.request.dns.provider;
    const left = await inFlight.removeAll(
      providerFor,
      { ...context, http: runHttpClients(context).forTrust() },
      STOP_CLEANUP_MS,
      (certName) => report.removed?.(certName),
    );
    for (const line of left) report.left(line);
    report.stopped?.(signal);
  }, context.logger);
  try {
    return await runCertificates(plan, context);
  } finally {
    release();
    endAllCommands(); // a hook still running past the cleanup bound would keep the process alive
  }
}
