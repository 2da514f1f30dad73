import { emptyBundle, parseBundle, serializeBundle, type StateBundle } from './bundle.js';
import { decryptState, encryptState, type StateKey } from './encryption.js';
import type { StateStore } from './store.js';

/** Loads and decrypts the bundle, or an empty one when the store holds none yet. */
export async function loadState(store: StateStore, key: StateKey): Promise<StateBundle> {
  return (await loadStateText(store, key)).bundle;
}

/** The bundle and the encrypted text it came from (so a later save can tell whether it changed); `read`: that text, already loaded. */
export async function loadStateText(store: StateStore, key: StateKey, read?: string): Promise<{ bundle: StateBundle; encrypted: string | undefined }> {
  const encrypted = read ?? (await store.load());
  if (encrypted === undefined || encrypted.trim() === '') return { bundle: emptyBundle(), encrypted };
  return { bundle: parseBundle(await decryptState(encrypted, key)), encrypted };
}

/**
 * Encrypts and writes the bundle. Refuses, writing nothing, when the store cannot hold it.
 * Returns the encrypted text (the Action masks it).
 */
export async function saveState(store: StateStore, key: StateKey, bundle: StateBundle, onSecret?: (value: string) => void): Promise<string> {
  const encrypted = await encryptState(serializeBundle(bundle), key);
  onSecret?.(encrypted);
  const size = Buffer.byteLength(encrypted);
  if (store.maxBytes !== undefined && size > store.maxBytes) {
    const lineages = Object.keys(bundle.lineages).length;
    throw new Error(
      `state: the encrypted bundle is ${Math.ceil(size / 1024)} KB (${lineages} certificates) and ${store.description} holds at most ${Math.floor(store.maxBytes / 1024)} KB; ` +
        'nothing was written. Use store: artifact:NAME or file:PATH, or split the certificates over several secrets',
    );
  }
  await store.save(encrypted);
  return encrypted;
}
