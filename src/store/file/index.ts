/** `store: file:PATH`: the state in a file. */
import type { StoreDefinition, StorePlugin } from '../store.js';
import { FileStore, peekFile } from './file-store.js';
import { metadata } from './metadata.js';

/** The kind needs nothing from a front end: both offer it as is. */
export const fileStoreKind: StoreDefinition = {
  kind: 'file',
  forms: metadata.forms,
  configure: (path) => ({
    kind: 'file',
    description: `file ${path}`,
    open: () => Promise.resolve(new FileStore(path)),
    peek: () => peekFile(path),
  }),
};

export const definition: StorePlugin = { ...metadata, offer: () => fileStoreKind };
