import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface Container {
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface DeploymentView {
  spec: { replicas: number; template: { spec: { serviceAccountName: string; securityContext?: Record<string, unknown>; containers: Container[] } } };
}

const getJson = async <T>(sim: RunningSim, args: string[]): Promise<T> => {
  const result = await sim.kubectl(['get', ...args, '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};
const names = async (sim: RunningSim, args: string[]): Promise<string[]> => (await sim.kubectl(['get', ...args, '-o', 'name'])).stdout.trim().split('\n').filter(Boolean).sort();

/** The controller's own flags, from its --help. */
function controllerFlags(): string[] {
  const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'controller', 'main.js'), '--help'], { encoding: 'utf8' }).stdout;
  return [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]);
}

// Given a fresh rollouts-sim, when a user runs `kubectl apply -k deploy/` (or the namespaced variant),
// then the controller's namespace, CRDs, ServiceAccount, RBAC, metrics Service and Deployment exist as
// written, a second apply changes nothing, and the Deployment passes only flags the controller knows.
describe('kubectl apply -k deploy/', () => {
  let sim: RunningSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('installs the cluster-wide controller', async () => {
    sim = await startSimProcess();
    const applied = await sim.kubectl(['apply', '-k', 'deploy/']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(await names(sim, ['crd'])).toEqual(['analysisruns', 'analysistemplates', 'clusteranalysistemplates', 'experiments', 'rollouts'].map((r) => `customresourcedefinition.apiextensions.k8s.io/${r}.argoproj.io`));
    expect(await names(sim, ['clusterroles'])).toEqual(['argo-rollouts', 'argo-rollouts-aggregate-to-admin', 'argo-rollouts-aggregate-to-edit', 'argo-rollouts-aggregate-to-view'].map((n) => `clusterrole.rbac.authorization.k8s.io/${n}`));
    const view = await getJson<{ metadata: { labels: Record<string, string> } }>(sim, ['clusterrole', 'argo-rollouts-aggregate-to-view']);
    expect(view.metadata.labels['rbac.authorization.k8s.io/aggregate-to-view']).toBe('true');
    const binding = await getJson<{ roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace: string }[] }>(sim, ['clusterrolebinding', 'argo-rollouts']);
    expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'argo-rollouts' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'argo-rollouts', namespace: 'argo-rollouts' }]);
    expect(await names(sim, ['-n', 'argo-rollouts', 'sa,role,rolebinding,svc,deploy'])).toEqual([
      'deployment.apps/argo-rollouts',
      'role.rbac.authorization.k8s.io/argo-rollouts-controller',
      'rolebinding.rbac.authorization.k8s.io/argo-rollouts-controller',
      'service/argo-rollouts-metrics',
      'serviceaccount/argo-rollouts',
    ]);
    const service = await getJson<{ spec: { ports: { port: number }[] } }>(sim, ['-n', 'argo-rollouts', 'svc', 'argo-rollouts-metrics']);
    expect(service.spec.ports.map((p) => p.port)).toEqual([8090]);

    const deployment = await getJson<DeploymentView>(sim, ['-n', 'argo-rollouts', 'deploy', 'argo-rollouts']);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.serviceAccountName).toBe('argo-rollouts');
    expect(container.args).toContain('--leader-elect');
    expect(container.ports).toEqual([{ name: 'healthz', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 8090, protocol: 'TCP' }]);
    expect(container.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'healthz' });
    expect(container.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'healthz' });
    expect(container.resources?.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    // Room for 10,000 Rollouts (~450 MB RSS), with the V8 heap capped below the limit.
    expect(container.resources?.limits?.memory).toBe('1Gi');
    expect(container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe('--max-old-space-size=768');
    expect(container.securityContext).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.env?.find((e) => e.name === 'POD_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.namespace');

    const known = controllerFlags();
    expect((container.args ?? []).map((a) => a.split('=')[0]).filter((flag) => !known.includes(flag))).toEqual([]);

    const again = await sim.kubectl(['apply', '-k', 'deploy/']);
    expect(again.stdout.split('\n').filter((l) => l && !l.endsWith(' unchanged'))).toEqual([]);
  }, 30_000);

  it('installs the namespaced controller with a Role and no cluster RBAC (deploy/namespaced)', async () => {
    sim = await startSimProcess();
    expect((await sim.kubectl(['create', 'namespace', 'team-a'])).code).toBe(0);
    const applied = await sim.kubectl(['apply', '-n', 'team-a', '-k', 'deploy/namespaced']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(await names(sim, ['-n', 'team-a', 'sa,role,rolebinding,svc,deploy'])).toEqual([
      'deployment.apps/argo-rollouts',
      'role.rbac.authorization.k8s.io/argo-rollouts',
      'role.rbac.authorization.k8s.io/argo-rollouts-controller',
      'rolebinding.rbac.authorization.k8s.io/argo-rollouts',
      'rolebinding.rbac.authorization.k8s.io/argo-rollouts-controller',
      'service/argo-rollouts-metrics',
      'serviceaccount/argo-rollouts',
    ]);
    expect(await names(sim, ['clusterroles,clusterrolebindings'])).toEqual([]);
    const deployment = await getJson<DeploymentView>(sim, ['-n', 'team-a', 'deploy', 'argo-rollouts']);
    expect(deployment.spec.template.spec.containers[0].args).toContain('--namespace=$(POD_NAMESPACE)');
  }, 30_000);
});
