import type { StoreMetadata } from '../store.js';

export const metadata: StoreMetadata = {
  kind: 'file',
  description: 'A file on disk, written atomically with mode 0600 and locked while a run merges into it',
  forms: ['file:PATH'],
  rank: 1,
  options: [],
  concurrentWrites:
    'Merges: each save takes `PATH.lock` (naming its holder; a lock of a killed process is taken over), reads the ' +
    "file again and puts this run's changes on top of what the other run wrote, so neither loses a certificate.",
  testedAgainst:
    'The store contract suite (`src/store/testing/contract.ts`) on a real file in a temporary folder, with a second ' +
    "store writing the same file between this run's load and save.",
};
