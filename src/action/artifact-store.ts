/**
 * The artifact store as the Action offers it: the store's logic lives in src/store/artifact/;
 * only the Action may load @actions/artifact, so it lends the client from here.
 */
import { definition as artifactStore } from '../store/artifact/index.js';
import type { ArtifactTransfer } from '../store/artifact/transfer.js';
import type { StoreDefinition } from '../store/store.js';
import { actionOctokit } from './github.js';

/** @actions/artifact (2.9 MB) is loaded only by a run whose store is an artifact. */
export async function defaultTransfer(): Promise<ArtifactTransfer> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** `store: artifact:NAME` with the Action's clients; `transfer` stands in for @actions/artifact in tests. */
export function artifactStoreKind(transfer: () => Promise<ArtifactTransfer> = defaultTransfer): StoreDefinition {
  return artifactStore.offer({ github: actionOctokit, artifacts: transfer });
}
