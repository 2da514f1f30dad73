import { createHash } from 'node:crypto';

/**
 * One job of a matrix that splits a config's certificates (`shard: I/N`, counted from 1 as
 * test runners do). Each certificate belongs to one shard by a stable hash of its name, so
 * every job agrees without talking to the others, and adding a certificate moves no other.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The shard (1..count) a certificate name belongs to. */
export function shardOf(name: string, count: number): number {
  return (createHash('sha256').update(name).digest().readUInt32BE(0) % count) + 1;
}

/** Reads `shard` (`I/N`); undefined when not set. */
export function parseShard(text: string | undefined): Shard | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 256 || index < 1 || index > count) {
    throw new Error(
      `shard: "${value}" is not a shard; expected I/N with 1 <= I <= N <= 256, e.g. shard: ` +
        `\${{ matrix.shard }}/4 with matrix.shard: [1, 2, 3, 4]`,
    );
  }
  return { index, count };
}

/** `{shard}` in a store setting becomes the shard's index, so each job keeps its own state. */
export function storeForShard(store: string, shard: Shard | undefined): string {
  return shard ? store.replaceAll('{shard}', String(shard.index)) : store;
}
