import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { RolloutsError } from '../shared/errors.js';

/**
 * Loads a kubeconfig the way Argo's controller and kubectl do: an explicit file, else in-cluster
 * service account, else $KUBECONFIG / ~/.kube/config.
 */
export function loadKubeConfig(options: { kubeconfig?: string; context?: string } = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (err) {
    throw new RolloutsError('CONFIG_INVALID', `cannot load kubeconfig ${options.kubeconfig ?? process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config')}: ${(err as Error).message}`, { cause: err });
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) throw new RolloutsError('CONFIG_INVALID', `context "${options.context}" does not exist in the kubeconfig (known: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) throw new RolloutsError('CONFIG_INVALID', 'no cluster configured: pass --kubeconfig, set KUBECONFIG, or run inside a cluster');
  return kc;
}
