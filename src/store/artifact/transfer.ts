/**
 * The two calls of @actions/artifact the artifact store makes, as the store needs them. Only
 * src/action may load @actions/*: the Action lends its client (src/action/artifact-store.ts),
 * and the tests a local artifact service at the same boundary.
 */
export interface ArtifactTransfer {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { readonly retentionDays?: number },
  ): Promise<unknown>;
  downloadArtifact(
    artifactId: number,
    options?: {
      readonly path?: string;
      readonly findBy?: {
        readonly token: string;
        readonly workflowRunId: number;
        readonly repositoryOwner: string;
        readonly repositoryName: string;
      };
    },
  ): Promise<unknown>;
}
