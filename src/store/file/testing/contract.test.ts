import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit } from '../../github.js';
import { storeKinds } from '../../kinds.js';
import { openThroughSpec, storeContract } from '../../testing/contract.js';

const kinds = storeKinds({ github: createOctokit });

storeContract({
  kind: 'file',
  concurrentWrites: 'merge',
  locks: true,
  async fresh() {
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-file-store-')), 'state.jwe');
    return {
      open: (options) => openThroughSpec({ store: `file:${path}` }, kinds, options?.reset),
      plant: (text) => writeFile(path, text, { mode: 0o600 }),
    };
  },
});
