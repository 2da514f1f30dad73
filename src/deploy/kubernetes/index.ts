import { booleanOption, optionalOption, requireOption } from '../../options/parse.js';
import type { DeployTargetDefinition } from '../target.js';
import { metadata } from './metadata.js';

/** A DNS-1123 label: what a namespace name must be. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: what a Secret's name must be. */
const SECRET_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Where the Secret goes: `kubernetes-secret` as `namespace/name`. */
export function parseSecretRef(text: string): { namespace: string; name: string } {
  const [namespace = '', name = '', ...rest] = text.split('/');
  const expected = 'expected namespace/name, such as ingress/example-com-tls';
  if (rest.length > 0 || name === '')
    throw new Error(`kubernetes-secret: "${text}" is not namespace/name; ${expected}`);
  if (!NAMESPACE.test(namespace))
    throw new Error(
      `kubernetes-secret: "${namespace}" is not a namespace name (lower-case letters, digits, -); ${expected}`,
    );
  if (!SECRET_NAME.test(name))
    throw new Error(
      `kubernetes-secret: "${name}" is not a Secret name (lower-case letters, digits, - and .); ${expected}`,
    );
  return { namespace, name };
}

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const secret = parseSecretRef(
      requireOption(values, 'kubernetes-secret', 'namespace/name, such as ingress/web-tls'),
    );
    const context = optionalOption(values, 'kubernetes-context');
    const kubeconfig = optionalOption(values, 'kubernetes-kubeconfig');
    const includeCa = booleanOption(values, 'kubernetes-include-ca', false, 'true to also write ca.crt');
    const settings = { ...secret, context, kubeconfig, includeCa };
    const where = `${secret.namespace}/${secret.name}`;
    return {
      name: 'kubernetes',
      description: `kubernetes (Secret ${where}, ${context ? `context ${context}` : 'current context'})`,
      key: `kubernetes:${context ?? ''}/${where}`,
      async create(deployContext) {
        const { KubernetesTarget } = await import('./target.js');
        return new KubernetesTarget(settings, deployContext);
      },
    };
  },
};
