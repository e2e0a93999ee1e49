import type { DateTime } from 'luxon';
import type { Rollout, RolloutStatus } from '../api/types.js';
import { analysisRunInfos } from './analysis-run-info.js';
import { actualWeight, canaryStepString, currentSetWeight } from './canary-progress.js';
import { experimentInfos } from './experiment-info.js';
import { ageOf } from './human-duration.js';
import { rolloutIcon } from './icons.js';
import { stepColumn } from './list-row.js';
import { metaOf } from './object-meta.js';
import { runningImages } from './images.js';
import { replicaSetInfos } from './replica-set-info.js';
import { rolloutPhase } from '../api/rollout-phase.js';
import type {
  AnalysisRunInfo,
  ContainerInfo,
  ExperimentInfo,
  ReplicaCounts,
  ReplicaSetInfo,
  RevisionInfo,
  RolloutInfo,
  RolloutTree,
} from './view-types.js';

/**
 * Everything `kubectl rollouts get rollout` and the dashboard show about one rollout, computed
 * from the rollout and the objects of its namespace (only those it owns are used), as of `now`.
 */
export function rolloutInfo(tree: RolloutTree, now: DateTime): RolloutInfo {
  const { rollout } = tree;
  const meta = metaOf(rollout);
  const replicaSets = replicaSetInfos({ uid: meta.uid, rollout }, tree.replicaSets, tree.pods, now);
  const experiments = experimentInfos(meta.uid, tree, now);
  const analysisRuns = analysisRunInfos(meta.uid, tree.analysisRuns, now);
  const { phase, message } = rolloutPhase(rollout);
  return {
    name: meta.name,
    namespace: meta.namespace,
    uid: meta.uid,
    creationTimestamp: meta.creationTimestamp,
    age: ageOf(meta.creationTimestamp, now),
    status: phase,
    icon: rolloutIcon(phase),
    message,
    ...strategyFields(rollout, replicaSets),
    images: runningImages(replicaSets, experiments),
    ...containerFields(tree),
    restartedAt: rollout.status?.restartedAt ?? 'Never',
    observedGeneration: rollout.status?.observedGeneration ?? '',
    replicas: replicaCounts(rollout),
    revisions: groupByRevision(replicaSets, experiments, analysisRuns),
  };
}

function replicaCounts(rollout: Rollout): ReplicaCounts {
  const status: RolloutStatus = rollout.status ?? {};
  return {
    desired: rollout.spec.replicas ?? 1,
    current: status.replicas ?? 0,
    updated: status.updatedReplicas ?? 0,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
}

// A rollout with a workloadRef runs the referenced Deployment's template.
function containerFields(tree: RolloutTree): Pick<RolloutInfo, 'containers' | 'initContainers'> {
  const template = tree.workload?.spec.template ?? tree.rollout.spec.template ?? {};
  const spec = template.spec ?? {};
  return { containers: containerInfos(spec.containers), initContainers: containerInfos(spec.initContainers) };
}

type StrategyFields = Pick<RolloutInfo, 'strategy' | 'step' | 'steps' | 'currentStepIndex' | 'setWeight' | 'actualWeight'>;

function strategyFields(rollout: Rollout, replicaSets: readonly ReplicaSetInfo[]): StrategyFields {
  const canary = rollout.spec.strategy?.canary;
  if (!canary) {
    const strategy = rollout.spec.strategy?.blueGreen ? 'BlueGreen' : '';
    return { strategy, step: '', steps: [], setWeight: '', actualWeight: '' };
  }
  const canaryAvailable = replicaSets.filter((rs) => rs.tags.includes('canary')).reduce((n, rs) => n + rs.available, 0);
  return {
    strategy: 'Canary',
    step: stepColumn(rollout),
    steps: (canary.steps ?? []).map(canaryStepString),
    currentStepIndex: rollout.status?.currentStepIndex,
    setWeight: String(currentSetWeight(rollout)),
    actualWeight: String(actualWeight(rollout, canaryAvailable)),
  };
}

function containerInfos(containers: readonly { name: string; image?: string }[] | undefined): ContainerInfo[] {
  return (containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '' }));
}

/** Revisions newest first, each with its ReplicaSets, then experiments, then analysis runs. */
export function groupByRevision(
  replicaSets: readonly ReplicaSetInfo[],
  experiments: readonly ExperimentInfo[],
  analysisRuns: readonly AnalysisRunInfo[],
): RevisionInfo[] {
  const numbers = new Set([...replicaSets, ...experiments, ...analysisRuns].map((x) => x.revision));
  return [...numbers]
    .sort((a, b) => b - a)
    .map((revision) => ({
      revision,
      replicaSets: replicaSets.filter((rs) => rs.revision === revision),
      experiments: experiments.filter((e) => e.revision === revision),
      analysisRuns: analysisRuns.filter((r) => r.revision === revision),
    }));
}
