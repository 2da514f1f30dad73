import * as core from '@actions/core';
import type { ChallengeRecord } from '../dns/provider.js';

/** The `core.saveState` key holding the TXT records of every certificate in flight. */
export const PENDING_RECORDS_STATE = 'pending-records';

/** One certificate's records in flight, with what the post step needs to rebuild its providers. */
export interface PendingRecords {
  readonly certName: string;
  /** The config file the certificate came from; absent when the step's inputs describe it. */
  readonly config?: string;
  readonly records: readonly ChallengeRecord[];
}

/**
 * The main step's crash record: every certificate whose records exist, written whole to the
 * step state on each change, so certificates renewed side by side never erase each other's.
 */
export class CrashJournal {
  private readonly entries = new Map<string, PendingRecords>();

  constructor(private readonly configPath: string | undefined) {
    core.saveState(PENDING_RECORDS_STATE, '[]');
  }

  readonly planned = (certName: string, records: readonly ChallengeRecord[]): void => {
    this.entries.set(certName, { certName, ...(this.configPath ? { config: this.configPath } : {}), records });
    this.write();
  };

  readonly removed = (certName: string): void => {
    this.entries.delete(certName);
    this.write();
  };

  private write(): void {
    core.saveState(PENDING_RECORDS_STATE, JSON.stringify([...this.entries.values()]));
  }
}

/** The records the main step left, as the post step reads them; malformed state reads as none. */
export function readPendingRecords(saved: string): PendingRecords[] {
  if (!saved) return [];
  const parsed = JSON.parse(saved) as unknown;
  if (!Array.isArray(parsed)) return [];
  return (parsed as unknown[]).filter(isPendingRecords);
}

function isPendingRecords(entry: unknown): entry is PendingRecords {
  const candidate = entry as Partial<PendingRecords> | null | undefined;
  return typeof candidate?.certName === 'string' && Array.isArray(candidate.records);
}
