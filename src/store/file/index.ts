/** `store: file:PATH`: the state in a file. */
import type { StoreDefinition, StorePlugin } from '../store.js';
import { peekBundleFile } from '../../state/early-key.js';
import { FileStore } from './file-store.js';
import { metadata } from './metadata.js';

/** The kind needs nothing from a front end: both offer it as is. */
export const fileStoreKind: StoreDefinition = {
  kind: 'file',
  forms: metadata.forms,
  configure: (path) => ({
    kind: 'file',
    description: `file ${path}`,
    open: () => Promise.resolve(new FileStore(path)),
    // Read at once, not through the thread pool: the passphrase's key derivation that starts from
    // it is then under way before the run's next synchronous work (parsing a large config).
    peek: () => Promise.resolve(peekBundleFile(path)),
  }),
};

export const definition: StorePlugin = { ...metadata, offer: () => fileStoreKind };
