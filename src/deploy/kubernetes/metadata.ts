import type { DeployMetadata } from '../target.js';

export const metadata: DeployMetadata = {
  name: 'kubernetes',
  description:
    'A kubernetes.io/tls Secret, created or updated through the API server (kubeconfig, exec plugins, in-cluster)',
  options: [
    {
      name: 'kubernetes-secret',
      description:
        'The Secret to write, as `namespace/name` ' +
        '(type `kubernetes.io/tls`: `tls.crt` with the full chain, `tls.key`).',
      required: true,
    },
    {
      name: 'kubernetes-context',
      description:
        'The kubeconfig context to use (as set by aws eks update-kubeconfig, get-gke-credentials or ' +
        "aks-set-context); default the kubeconfig's current-context.",
    },
    {
      name: 'kubernetes-kubeconfig',
      description:
        'Path of the kubeconfig; default `KUBECONFIG` (a colon-separated list is merged as kubectl does), ' +
        'then `~/.kube/config`, then the in-cluster service account.',
    },
    {
      name: 'kubernetes-include-ca',
      description: "Also write `ca.crt` with the issuer's chain (the certificate without the leaf).",
      kind: 'boolean',
      default: 'false',
    },
  ],
};
