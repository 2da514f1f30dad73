import { emptyBundle, parseBundle, serializeBundle, type StateBundle } from './bundle.js';
import { decryptStateText, encryptState, START_OVER_HINT, type StateKey } from './encryption.js';
import type { StateStore } from './state-store.js';

/** Loads and decrypts the bundle, or an empty one when the store holds none yet. */
export async function loadState(store: StateStore, key: StateKey): Promise<StateBundle> {
  return (await loadStateText(store, key)).bundle;
}

/**
 * The bundle and the encrypted text it came from (so a later save can tell whether it changed); `read`: that text,
 * already loaded.
 * `legacyKey`: it was opened with a passphrase read as a raw key (the old rule), so it should be written again.
 * A store that holds nothing (undefined) is a first run; one that holds an empty text is refused:
 * something went wrong with it, and a new state must not be written over it.
 */
export async function loadStateText(
  store: StateStore,
  key: StateKey,
  read?: string,
): Promise<{ bundle: StateBundle; encrypted: string | undefined; legacyKey: boolean }> {
  const encrypted = read ?? (await store.load());
  if (encrypted === undefined) return { bundle: emptyBundle(), encrypted, legacyKey: false };
  if (encrypted.trim() === '')
    throw new Error(
      `state: the ${store.description} exists but is empty, so it cannot be loaded, and a new state is not written ` +
        `over it; ${START_OVER_HINT}`,
    );
  const { text, legacyKey } = await decryptStateText(encrypted, key);
  return { bundle: parseBundle(text), encrypted, legacyKey };
}

/**
 * Encrypts and writes the bundle. Refuses, writing nothing, when the store cannot hold it.
 * Returns the encrypted text (the Action masks it).
 */
export async function saveState(
  store: StateStore,
  key: StateKey,
  bundle: StateBundle,
  onSecret?: (value: string) => void,
): Promise<string> {
  const encrypted = await encryptState(serializeBundle(bundle), key);
  onSecret?.(encrypted);
  const size = Buffer.byteLength(encrypted);
  if (store.maxBytes !== undefined && size > store.maxBytes) {
    const lineages = Object.keys(bundle.lineages).length;
    throw new Error(
      `state: the encrypted bundle is ${Math.ceil(size / 1024)} KB (${lineages} certificates) and ` +
        `${store.description} holds at most ${Math.floor(store.maxBytes / 1024)} KB; ` +
        'nothing was written. Use store: artifact:NAME or file:PATH, or split the certificates over several secrets',
    );
  }
  await store.save(encrypted);
  return encrypted;
}
