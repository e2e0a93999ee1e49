import { expect } from '@jest/globals';
import type { RunningSim } from '../helpers/sim-process.js';

// What every fault case checks at its end, read straight from the simulator's API (no controller code).

interface OwnedObject {
  metadata: { name: string; uid: string; labels?: Record<string, string>; ownerReferences?: { uid: string; kind: string; name: string }[] };
}

interface ReplicaSetObject extends OwnedObject {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: { containers: { image: string }[] } } };
}

interface RolloutObject extends OwnedObject {
  spec: { selector: { matchLabels: Record<string, string> }; strategy: { canary?: { canaryService?: string; stableService?: string } } };
  status?: { phase?: string; message?: string; stableRS?: string; currentPodHash?: string; abort?: boolean };
}

interface TrafficSplitObject {
  spec: { backends?: { service: string; weight: string | number }[] };
}

interface ServiceObject {
  spec: { selector?: Record<string, string> };
}

/** What the end state is expected to be. */
export interface EndStateExpectation {
  namespace?: string;
  /** `Healthy` for a release that finished, `Degraded` when the fault is the point (an abort). */
  phase: 'Healthy' | 'Degraded';
  /** The image the stable ReplicaSet must run. */
  stableImage: string;
  /** A fragment the Degraded message must contain. */
  messageContains?: string;
  /** A routed canary keeps its aborted ReplicaSet up for abortScaleDownDelaySeconds (default 30 s). */
  abortedCanaryMayStayUp?: boolean;
  /** An SMI TrafficSplit (split.smi-spec.io/v1alpha1) the Rollout routes through: 100% stable, 0% canary. */
  trafficSplit?: string;
  /** No two AnalysisRuns of the Rollout for the same hash, type and step (none created twice by a retried reconcile). */
  uniqueAnalysisRuns?: boolean;
}

const HASH = 'rollouts-pod-template-hash';
const RUN_KEY_LABELS = [HASH, 'rollout-type', 'step-index'];

async function getJson<T>(sim: RunningSim, path: string): Promise<T> {
  const res = await sim.request('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json as T;
}

/** The ReplicaSets selected by the rollout's labels, in its namespace. */
async function replicaSetsOf(sim: RunningSim, ns: string, ro: RolloutObject): Promise<ReplicaSetObject[]> {
  const selector = Object.entries(ro.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const list = await getJson<{ items: ReplicaSetObject[] }>(sim, `/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=${encodeURIComponent(selector)}`);
  return list.items;
}

/** The TrafficSplit's backend weights (strings in v1alpha1) read as numbers must be { '<stable>': 100, '<canary>': 0 }. */
async function expectTrafficSplitOnStable(sim: RunningSim, ns: string, name: string, canary: { canaryService?: string; stableService?: string } | undefined): Promise<void> {
  const split = await getJson<TrafficSplitObject>(sim, `/apis/split.smi-spec.io/v1alpha1/namespaces/${ns}/trafficsplits/${name}`);
  const weights = Object.fromEntries((split.spec.backends ?? []).map((b) => [b.service, Number(b.weight)]));
  expect({ trafficSplit: name, weights }).toEqual({ trafficSplit: name, weights: { [canary?.stableService ?? '']: 100, [canary?.canaryService ?? '']: 0 } });
}

/** Each AnalysisRun owned by the Rollout has its own (hash, rollout-type, step-index): e.g. `web-6d4f-2-3` and `web-6d4f-2-3.1` for one step is a duplicate. */
async function expectUniqueAnalysisRuns(sim: RunningSim, ns: string, ro: RolloutObject): Promise<void> {
  const list = await getJson<{ items: OwnedObject[] }>(sim, `/apis/argoproj.io/v1alpha1/namespaces/${ns}/analysisruns`);
  const owned = list.items.filter((run) => (run.metadata.ownerReferences ?? []).some((o) => o.uid === ro.metadata.uid));
  const keys = owned.map((run) => RUN_KEY_LABELS.map((l) => run.metadata.labels?.[l] ?? '').join('/'));
  const duplicated = owned.filter((_, i) => keys.indexOf(keys[i]) !== i).map((run) => run.metadata.name);
  expect({ duplicateAnalysisRuns: duplicated }).toEqual({ duplicateAnalysisRuns: [] });
}

/**
 * Asserts the state a fault-free run reaches: the expected phase, exactly one ReplicaSet per pod-template
 * hash, every ReplicaSet owned by the Rollout (no orphans), only the stable one scaled up, and both
 * Services (stable and canary) selecting the stable hash — which is where traffic must be after an abort;
 * on request, an SMI TrafficSplit at 100% stable and no AnalysisRun created twice.
 */
export async function expectCleanEndState(sim: RunningSim, name: string, want: EndStateExpectation): Promise<void> {
  const ns = want.namespace ?? 'default';
  const ro = await getJson<RolloutObject>(sim, `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${name}`);
  const status = ro.status ?? {};
  expect({ rollout: name, phase: status.phase }).toEqual({ rollout: name, phase: want.phase });
  if (want.messageContains !== undefined) expect(status.message ?? '').toContain(want.messageContains);

  const sets = await replicaSetsOf(sim, ns, ro);
  const hashes = sets.map((rs) => rs.metadata.labels?.[HASH] ?? '(no hash label)');
  expect(new Set(hashes).size).toBe(hashes.length);
  for (const rs of sets) {
    const owners = (rs.metadata.ownerReferences ?? []).filter((o) => o.uid === ro.metadata.uid);
    expect({ replicaSet: rs.metadata.name, ownedByRollout: owners.length === 1 }).toEqual({ replicaSet: rs.metadata.name, ownedByRollout: true });
  }

  const stable = sets.find((rs) => rs.metadata.labels?.[HASH] === status.stableRS);
  expect(stable?.spec.template.spec.containers[0].image).toBe(want.stableImage);
  const scaledUp = sets.filter((rs) => (rs.spec.replicas ?? 0) > 0 && rs !== stable);
  const mayStayUp = want.abortedCanaryMayStayUp === true ? status.currentPodHash : undefined;
  expect(scaledUp.filter((rs) => rs.metadata.labels?.[HASH] !== mayStayUp).map((rs) => rs.metadata.name)).toEqual([]);
  expect((stable?.spec.replicas ?? 0) > 0).toBe(true);

  const canary = ro.spec.strategy.canary;
  for (const service of [canary?.stableService, canary?.canaryService]) {
    if (service === undefined) continue;
    const svc = await getJson<ServiceObject>(sim, `/api/v1/namespaces/${ns}/services/${service}`);
    expect({ service, selects: svc.spec.selector?.[HASH] }).toEqual({ service, selects: status.stableRS });
  }
  if (want.trafficSplit !== undefined) await expectTrafficSplitOnStable(sim, ns, want.trafficSplit, canary);
  if (want.uniqueAnalysisRuns === true) await expectUniqueAnalysisRuns(sim, ns, ro);
}
