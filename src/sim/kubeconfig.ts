import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A kubeconfig pointing kubectl and client-node at the simulator (no credentials: it trusts loopback). */
export function kubeconfigText(server: string, contextName = 'rollouts-sim'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    server: ${server}`,
    // client-node refuses plain http unless TLS verification is explicitly off; kubectl ignores it for http.
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${contextName}-admin`,
    '  user: {}',
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${contextName}-admin`,
    '    namespace: default',
    `current-context: ${contextName}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/** Writes the kubeconfig, creating its directory. */
export function writeKubeconfig(path: string, server: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigText(server), { mode: 0o600 });
}
