import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { RolloutsError } from '../shared/errors.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function load(kc: KubeConfig, kubeconfig: string | undefined): void {
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) kc.loadFromCluster();
  else kc.loadFromDefault();
}

function useContext(kc: KubeConfig, context: string): void {
  if (!kc.getContextObject(context)) {
    const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new RolloutsError('CONFIG_INVALID', `context "${context}" does not exist in the kubeconfig (known: ${known})`);
  }
  kc.setCurrentContext(context);
}

/**
 * Loads a kubeconfig the way Argo's controller and kubectl do: an explicit file, else in-cluster
 * service account, else $KUBECONFIG / ~/.kube/config.
 */
export function loadKubeConfig(options: { kubeconfig?: string; context?: string } = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    load(kc, options.kubeconfig);
  } catch (err) {
    const where = options.kubeconfig ?? process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
    throw new RolloutsError('CONFIG_INVALID', `cannot load kubeconfig ${where}: ${(err as Error).message}`, { cause: err });
  }
  if (options.context) useContext(kc, options.context);
  if (!kc.getCurrentCluster()) throw new RolloutsError('CONFIG_INVALID', 'no cluster configured: pass --kubeconfig, set KUBECONFIG, or run inside a cluster');
  return kc;
}
