import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { listRuns, startLocalServer, type LocalServer } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { fetchControllerRequests, readSavedControllerRequests, type RecordedRequest } from '../../helpers/controller-requests.js';
import { startControllerProcess } from '../../helpers/controller-process.js';
import { RolloutProbe, canaryRolloutYaml } from '../../helpers/rollout-fixtures.js';
import { permissionOf, permissionsOf, readRules, staleReasons, ungranted, unexplained, wildcardsIn, type Grants, type Permission, type SourcedRequest } from '../../helpers/rbac-rules.js';
import { eventually, ROOT, startSimProcess } from '../../helpers/sim-process.js';
import { blueGreenOverDeployment, canaryRollout, edgeFixtures, edgeRollout, workloadFixtures } from './rbac-workload.js';

const CLUSTER_ROLE_FILE = join(ROOT, 'deploy', 'role', 'clusterrole.yaml');
const NAMESPACE_ROLE_FILE = join(ROOT, 'deploy', 'role', 'controller-namespace-role.yaml');
/** The controller's namespace when POD_NAMESPACE is unset, as in these tests (src/controller/main.ts). */
const CONTROLLER_NAMESPACE = 'argo-rollouts';

/**
 * Granted permissions the workload below does not exercise, each with why the controller needs it.
 * Every other granted permission must be used by the workload itself (saved records from other tests
 * only add requests to check, so the verdict on unused rules does not depend on what ran before).
 * A permission listed here that the workload starts using fails the test: take it off the list.
 */
const NOT_EXERCISED = new Map<Permission, string>([
  ['argoproj.io rollouts/finalizers update', 'OwnerReferencesPermissionEnforcement: ReplicaSets and AnalysisRuns name their Rollout as owner with blockOwnerDeletion; rollouts-sim does not enforce it'],
  ['argoproj.io analysisruns/finalizers update', 'OwnerReferencesPermissionEnforcement: job-provider Jobs name their AnalysisRun as owner with blockOwnerDeletion; rollouts-sim does not enforce it'],
]);

function grants(): Grants {
  return {
    cluster: permissionsOf(readRules(CLUSTER_ROLE_FILE, 'ClusterRole', 'argo-rollouts')),
    controllerNamespace: permissionsOf(readRules(NAMESPACE_ROLE_FILE, 'Role', 'argo-rollouts-controller')),
  };
}

const sourced = (requests: RecordedRequest[], source: string, controllerNamespaces: string[]): SourcedRequest[] => requests.map((r) => ({ ...r, source, controllerNamespaces }));

// Given rollouts-sim and one controller, when a workload runs everything the controller does (a canary
// with Istio subset routing, job and web analysis reading a Secret, ephemeral metadata, promote, abort
// during a running job, retry, restart, history limits; a blue-green rollout taking over a Deployment;
// a canary behind NGINX, SMI and the Gateway API),
// then every request the controller made is granted by deploy/'s rules, and every granted permission was
// used or is listed above with its reason. Records other integration tests left in
// test-output/controller-requests/ (test/helpers/controller-requests.ts) are held to the same rules.
describe("deploy/'s RBAC rules against the controller's requests", () => {
  // --leader-elect as deploy/ runs it: the Lease in the controller namespace is read, created and renewed.
  const bed = useControllerBed({ controllerArgs: ['--leader-elect'] });
  let web: LocalServer;
  let workload: RecordedRequest[] = [];

  beforeAll(async () => {
    web = await startLocalServer(() => ({ status: 200, body: { score: 1 } }));
    expect((await bed.sim.kubectl(['create', 'namespace', CONTROLLER_NAMESPACE])).code).toBe(0);
    for (const crd of ['istio', 'smi', 'gateway-api']) expect((await bed.sim.kubectl(['apply', '-f', `test/fixtures/crds/${crd}.yaml`])).stderr).toBe('');
    await eventually(async () => ((await bed.sim.kubectl(['get', 'virtualservices,destinationrules,trafficsplits,httproutes'])).code === 0 ? true : undefined), 'router kinds served');
    const applied = await bed.sim.kubectl(['apply', '-f', '-'], workloadFixtures(web.url));
    expect(applied.stderr).toBe('');
  }, 30_000);

  afterAll(async () => {
    await web?.stop();
  });

  const apply = async (yaml: string): Promise<void> => {
    const result = await bed.sim.kubectl(['apply', '-f', '-'], yaml);
    if (result.code !== 0) throw new Error(result.stderr);
  };
  const rbac = (): RolloutProbe => new RolloutProbe(bed.sim, 'rbac');
  const pausedAt = (index: number) => (s: { currentStepIndex?: number; pauseConditions?: unknown[] }): boolean => s.currentStepIndex === index && (s.pauseConditions?.length ?? 0) > 0;

  it('runs the canary workload: analysis, promote, abort during a running Job, retry, restart, history limits', async () => {
    await apply(canaryRollout('rbac:1'));
    await rbac().until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 20_000);
    await apply(canaryRollout('rbac:2'));
    await rbac().until('paused after the job and web analysis', pausedAt(2), 30_000);
    await bed.rollouts(['promote', 'rbac']);
    await rbac().until('the 600 s job analysis running', (s) => s.currentStepIndex === 4, 20_000);
    await eventually(async () => ((await bed.sim.kubectl(['get', 'jobs', '-o', 'name'])).stdout.split('\n').filter(Boolean).length >= 2 ? true : undefined), 'the slow Job created');
    await bed.rollouts(['abort', 'rbac']);
    await rbac().until('aborted', (s) => s.phase === 'Degraded' && s.abort === true);
    await eventually(async () => ((await listRuns(bed.sim)).some((r) => r.spec.terminate === true) ? true : undefined), 'the slow run terminated');
    await bed.rollouts(['retry', 'rollout', 'rbac']);
    await rbac().until('paused again after analysis', pausedAt(2), 30_000);
    await bed.rollouts(['promote', 'rbac', '--full']);
    await rbac().until('second revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 30_000);
    await bed.rollouts(['restart', 'rbac']);
    await rbac().until('restarted', (s) => s.restartedAt !== undefined, 20_000);
    await apply(canaryRollout('rbac:3'));
    await rbac().until('paused at the third revision', pausedAt(2), 30_000);
    await bed.rollouts(['promote', 'rbac', '--full']);
    await rbac().until('third revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 30_000);
    // revisionHistoryLimit 1: the first revision's ReplicaSet goes once its scale-down delay passed.
    await eventually(async () => (Object.keys(await rbac().replicasByImage()).includes('rbac:1') ? undefined : true), 'revision 1 deleted', 15_000);
  }, 180_000);

  it('runs the blue-green workload over a Deployment (workloadRef, scaled down on success)', async () => {
    await apply(blueGreenOverDeployment());
    await new RolloutProbe(bed.sim, 'legacy').until('healthy', (s) => s.phase === 'Healthy', 20_000);
    await eventually(async () => ((await bed.sim.kubectl(['get', 'deploy', 'legacy', '-o', 'jsonpath={.spec.replicas}'])).stdout === '0' ? true : undefined), 'Deployment scaled down');
  }, 40_000);

  it('runs a canary behind NGINX, SMI and the Gateway API at once', async () => {
    await apply(edgeFixtures());
    const edge = new RolloutProbe(bed.sim, 'edge');
    await apply(edgeRollout('edge:1'));
    await edge.until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 20_000);
    await apply(edgeRollout('edge:2'));
    await edge.until('paused at 50%', pausedAt(1), 20_000);
    await bed.rollouts(['promote', 'edge', '--full']);
    await edge.until('second revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 20_000);
  }, 60_000);

  it('the rules grant every request and nothing unused without a reason', async () => {
    // Watches are counted when their stream ends: stop the controller first.
    await bed.controller.kill();
    await new Promise((r) => setTimeout(r, 200));
    workload = await fetchControllerRequests(bed.sim.url);
    const saved = [...readSavedControllerRequests(ROOT)].flatMap(([file, record]) => sourced(record.requests, `test-output/controller-requests/${file}`, record.controllerNamespaces));
    const all = [...sourced(workload, 'the RBAC workload', [CONTROLLER_NAMESPACE]), ...saved];
    const g = grants();
    const granted = new Set([...g.cluster, ...g.controllerNamespace]);
    const usedByWorkload = new Set(workload.map(permissionOf));

    const wildcards = [...wildcardsIn(readRules(CLUSTER_ROLE_FILE, 'ClusterRole', 'argo-rollouts')), ...wildcardsIn(readRules(NAMESPACE_ROLE_FILE, 'Role', 'argo-rollouts-controller'))];
    // One comparison, so that a failure names every problem at once.
    expect({
      'wildcards in the rules': wildcards,
      'requests the rules do not grant': ungranted(all, g),
      'granted, never used, no reason in NOT_EXERCISED': unexplained(granted, usedByWorkload, NOT_EXERCISED),
      'stale NOT_EXERCISED entries': staleReasons(NOT_EXERCISED, granted, usedByWorkload),
    }).toEqual({ 'wildcards in the rules': [], 'requests the rules do not grant': [], 'granted, never used, no reason in NOT_EXERCISED': [], 'stale NOT_EXERCISED entries': [] });
  }, 20_000);
});

// Given a controller started with --namespace (as deploy/namespaced starts it), when it runs a canary,
// then every request it makes stays in that namespace: a Role there is all the RBAC it needs.
describe('namespaced mode needs no cluster RBAC', () => {
  it('makes no cluster-scoped and no all-namespaces request', async () => {
    const sim = await startSimProcess({ podReadySeconds: 0.3 });
    try {
      expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
      expect((await sim.kubectl(['create', 'namespace', 'team-a'])).code).toBe(0);
      const controller = startControllerProcess(sim, ['--namespace', 'team-a'], { POD_NAMESPACE: 'team-a' });
      const applied = await sim.kubectl(['apply', '-n', 'team-a', '-f', '-'], canaryRolloutYaml('shop', 'shop:1'));
      expect(applied.code).toBe(0);
      await eventually(async () => ((await sim.kubectl(['get', 'ro', 'shop', '-n', 'team-a', '-o', 'jsonpath={.status.phase}'])).stdout === 'Healthy' ? true : undefined), 'shop healthy in team-a', 20_000);
      await controller.kill();
      await new Promise((r) => setTimeout(r, 200));
      const outside = (await fetchControllerRequests(sim.url)).filter((r) => r.namespace !== 'team-a').map((r) => `${permissionOf(r)} (in ${r.namespace || 'cluster scope / all namespaces'})`);
      expect({ 'requests outside team-a': [...new Set(outside)].sort() }).toEqual({ 'requests outside team-a': [] });
    } finally {
      await sim.stop();
    }
  }, 40_000);
});
