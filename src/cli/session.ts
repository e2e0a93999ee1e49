import { createKubeClient } from '../kube/kube-client.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import { RolloutsError } from '../shared/errors.js';
import type { GlobalOptions, KubeSession } from './cli-types.js';

/**
 * Connects as kubectl would with the same flags: --kubeconfig (else $KUBECONFIG, ~/.kube/config),
 * --context (else the current one), and -n (else the context's namespace, else "default").
 */
export function connectKube(globals: GlobalOptions, version: string): KubeSession {
  const kc = loadConfig(globals);
  const client = createKubeClient(kc, { userAgent: `kubectl-rollouts/${version}` });
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { client, namespace: globals.namespace || namespace || 'default' };
}

// A --context the kubeconfig lacks is named as such, not reported as "no cluster configured".
function loadConfig(globals: GlobalOptions): ReturnType<typeof loadKubeConfig> {
  try {
    return loadKubeConfig({ kubeconfig: globals.kubeconfig, context: globals.context });
  } catch (err) {
    if (globals.context === undefined) throw err;
    const contexts = loadKubeConfig({ kubeconfig: globals.kubeconfig }).getContexts().map((c) => c.name);
    if (!contexts.includes(globals.context)) throw new RolloutsError('CONFIG_INVALID', `context "${globals.context}" does not exist in the kubeconfig`, { cause: err });
    throw err;
  }
}
