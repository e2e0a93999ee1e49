import { createKubeClient } from '../kube/kube-client.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import type { GlobalOptions, KubeSession } from './cli-types.js';

/**
 * Connects as kubectl would with the same flags: --kubeconfig (else $KUBECONFIG, ~/.kube/config),
 * --context (else the current one), and -n (else the context's namespace, else "default").
 */
export function connectKube(globals: GlobalOptions, version: string): KubeSession {
  const kc = loadKubeConfig({ kubeconfig: globals.kubeconfig, context: globals.context });
  const client = createKubeClient(kc, { userAgent: `kubectl-rollouts/${version}` });
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { client, namespace: globals.namespace || namespace || 'default' };
}
