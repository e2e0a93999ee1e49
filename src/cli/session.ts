import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RolloutsError } from '../shared/errors.js';
import { createKubeClient } from '../kube/kube-client.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import type { GlobalOptions, KubeSession } from './cli-types.js';

/**
 * Connects as kubectl would with the same flags: --kubeconfig (else $KUBECONFIG, ~/.kube/config),
 * --context (else the current one), and -n (else the context's namespace, else "default").
 */
export function connectKube(globals: GlobalOptions, version: string): KubeSession {
  if (noKubeconfig(globals)) throw new RolloutsError('CONFIG_INVALID', 'no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config');
  const kc = loadKubeConfig({ kubeconfig: globals.kubeconfig, context: globals.context });
  const client = createKubeClient(kc, { userAgent: `kubectl-rollouts/${version}` });
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return { client, namespace: globals.namespace || namespace || 'default' };
}

// Without any kubeconfig the client would fall back to http://localhost:8080 and fail obscurely.
function noKubeconfig(globals: GlobalOptions): boolean {
  if (globals.kubeconfig || process.env.KUBECONFIG || process.env.KUBERNETES_SERVICE_HOST) return false;
  return !existsSync(join(homedir(), '.kube', 'config'));
}
