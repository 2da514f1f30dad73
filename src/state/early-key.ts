/**
 * The state's passphrase key, derived from the first moment of the process.
 *
 * PBKDF2 at the iterations a bundle names takes 0.1 to 0.2 s on libuv's thread pool, and a run
 * cannot read its state before it is done. The run starts it as soon as it knows its store
 * (src/renewal/run.ts, prepareRunState), but that is after the start script, argv and the
 * inputs; so the start script's loader calls {@link deriveStateKeyEarly} before anything else
 * loads, and the run's own derivation takes the key started here when it is for the same
 * passphrase, salt and iterations ({@link takeEarlyStateKey}).
 *
 * This reads the inputs the way the front ends will, only for the common cases, and guesses
 * nothing it cannot check: a guess that differs from what the run then reads costs one unused
 * derivation on the thread pool, never a wrong key, since the run compares all three. The bundle
 * is read as the run's own early read does: 4 KiB, never through a link, never waiting on a FIFO;
 * nothing is taken from it but a salt and an iteration count within the bounds decryption accepts.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { pbkdf2 } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** PBKDF2-HMAC-SHA512 iterations certwright writes for a passphrase (OWASP's figure). */
export const PBES2_ITERATIONS = 210_000;

/** The prefix of a raw key (no derivation). */
export const RAW_KEY_PREFIX = 'cwk1:';

/** The protected header parameter of certwright's own format: how the plaintext was packed and the key derived. */
export const FORMAT_HEADER = 'cwf';

/** An iteration count a bundle may name: not so few that it is weak, not so many that reading it hangs the run. */
export const usableIterations = (count: unknown): count is number =>
  Number.isInteger(count) && (count as number) >= 10_000 && (count as number) <= PBES2_ITERATIONS * 5;

/**
 * The salt and iteration count a stored bundle's header names for its passphrase key, or
 * undefined: not a bundle, not one of a passphrase, or a count out of bounds. `stored` may be
 * stale, cut short or planted; nothing else is taken from it.
 */
export function passphraseDerivationOf(stored: string): { salt: string; iterations: number } | undefined {
  try {
    const header = JSON.parse(Buffer.from(stored.trim().split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      alg?: unknown;
      [FORMAT_HEADER]?: { s?: unknown; c?: unknown };
    };
    const format = header.alg === 'dir' ? header[FORMAT_HEADER] : undefined;
    if (typeof format?.s !== 'string' || !usableIterations(format.c)) return undefined;
    return { salt: format.s, iterations: format.c };
  } catch {
    return undefined;
  }
}

/** PBKDF2-HMAC-SHA512 of `passphrase` to a 256-bit key, on the thread pool. */
export function derivePassphraseKey(passphrase: string, salt: string, iterations: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    pbkdf2(passphrase, Buffer.from(salt, 'base64url'), iterations, 32, 'sha512', (error, bytes) =>
      error ? reject(error) : resolve(new Uint8Array(bytes)),
    ),
  );
}

interface EarlyKey {
  readonly passphrase: string;
  readonly salt: string;
  readonly iterations: number;
  readonly key: Promise<Uint8Array>;
}

/** Shared through the global object: the loader and the start script each carry a copy of this module. */
const EARLY = Symbol.for('certwright.state-key.early');
const slot = globalThis as { [EARLY]?: EarlyKey };

/**
 * The first 4 KiB of the bundle file at `path` (a header is far shorter), or undefined when it
 * cannot be read: one synchronous read, never through a link, never waiting on a FIFO.
 */
export function peekBundleFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync(fd, buffer, 0, 4096, 0)).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The value of `--name VALUE` or `--name=VALUE` in `argv`, the last one given. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === `--${name}`) found = argv[++i];
    else if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
  }
  return found;
}

/** The bundle a `store` names, when it can be had without the network: a file, or a secret's `state` input. */
function storedBundle(store: string, secretState: string | undefined): string | undefined {
  if (store.startsWith('file:')) {
    const path = store.slice('file:'.length);
    return path.includes('{') ? undefined : peekBundleFile(path); // a shard's path is the run's to fill in
  }
  return store.startsWith('secret:') ? secretState : undefined;
}

/**
 * Where this process's state is and its passphrase, read as the front ends read them: the
 * Action's main step (dist/main.js) with its `store`, `state-key` and `state` inputs (INPUT_*,
 * or the CERTWRIGHT_* fallbacks of the secret ones); the CLI's `renew`, with `--store` or its
 * default file and CERTWRIGHT_STATE_KEY. Undefined when this is neither, or a run that starts
 * its state over.
 */
function earlyInputs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { passphrase: string; bundle: string } | undefined {
  const input = (name: string) => env[`INPUT_${name.toUpperCase()}`]?.trim() || undefined;
  const fallback = (name: string) => env[`CERTWRIGHT_${name.toUpperCase().replace(/-/g, '_')}`]?.trim() || undefined;
  let store: string | undefined;
  let passphrase: string | undefined;
  let bundle: string | undefined;
  // The Action's main step: its post step (post.js) and other entries never open the state.
  if ((store = input('store')) && /(^|\/)main\.js$/.test(argv[1] ?? '')) {
    if (input('state-reset')?.toLowerCase() === 'true') return undefined;
    passphrase = input('state-key') ?? fallback('state-key');
    bundle = storedBundle(store, input('state') ?? fallback('state'));
  } else if (argv.slice(2).includes('renew') && !argv.includes('--state-reset')) {
    const home = env.XDG_CONFIG_HOME || join(homedir(), '.config');
    store = flagValue(argv, 'store') ?? `file:${join(home, 'certwright', 'state.jwe')}`;
    passphrase = fallback('state-key');
    bundle = storedBundle(store, fallback('state'));
  }
  if (!passphrase || passphrase.length < 16 || passphrase.startsWith(RAW_KEY_PREFIX) || !bundle) return undefined;
  return { passphrase, bundle };
}

/**
 * Starts deriving the key of this process's state, if it is a passphrase's and the bundle can be
 * read now (see above). Never throws and never waits: it only ever saves time.
 */
export function deriveStateKeyEarly(
  argv: readonly string[] = process.argv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  try {
    if (slot[EARLY]) return;
    const inputs = earlyInputs(argv, env);
    const derivation = inputs && passphraseDerivationOf(inputs.bundle);
    if (!inputs || !derivation) return;
    const key = derivePassphraseKey(inputs.passphrase, derivation.salt, derivation.iterations);
    key.catch(() => undefined); // the run derives again, and meets the error itself
    slot[EARLY] = { passphrase: inputs.passphrase, ...derivation, key };
  } catch {
    // only ever saves time
  }
}

/** The key started early for exactly this passphrase, salt and iteration count, given out once; else undefined. */
export function takeEarlyStateKey(
  passphrase: string,
  salt: string,
  iterations: number,
): Promise<Uint8Array> | undefined {
  const early = slot[EARLY];
  if (!early || early.passphrase !== passphrase || early.salt !== salt || early.iterations !== iterations)
    return undefined;
  delete slot[EARLY];
  return early.key;
}
