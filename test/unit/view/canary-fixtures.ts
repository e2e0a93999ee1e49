// Builders for a canary rollout and what it owns (ReplicaSets, pods, AnalysisRuns), in the states the
// view, golden and CLI tests print. Times are relative to NOW, so ages are fixed.
import { DateTime } from 'luxon';
import type { Pod, ReplicaSet } from '../../../src/api/kube-types.js';
import type { AnalysisRun, CanaryStep, Rollout, RolloutStatus } from '../../../src/api/types.js';
import type { RolloutTree } from '../../../src/view/view-types.js';

export const NOW = DateTime.fromISO('2024-05-01T12:00:00Z', { zone: 'utc' });

/** An RFC 3339 time `ago` before NOW, e.g. ago({ minutes: 5 }). */
export function ago(duration: { days?: number; hours?: number; minutes?: number; seconds?: number }): string {
  return NOW.minus(duration).toISO({ suppressMilliseconds: true }) ?? '';
}

export const ROLLOUT_UID = 'uid-rollout-checkout';

export const STEPS: CanaryStep[] = [
  { setWeight: 20 },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { pause: {} },
  { setWeight: 60 },
  { pause: { duration: '30s' } },
];

/** One version of the app: its revision, pod-template hash and image. */
export interface Version {
  revision: number;
  hash: string;
  image: string;
}

export const V1: Version = { revision: 1, hash: '5d8f7c9b4', image: 'ghcr.io/example/checkout:1.3.0' };
export const V2: Version = { revision: 2, hash: '7b6c5d4f8', image: 'ghcr.io/example/checkout:1.4.0' };
export const V3: Version = { revision: 3, hash: '9c7f6b5d2', image: 'ghcr.io/example/checkout:1.5.0' };

/** The checkout rollout running `current`'s template with the given status. */
export function aRollout(current: Version, status: RolloutStatus, extra: { generation?: number; paused?: boolean } = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: ROLLOUT_UID,
      generation: extra.generation ?? 3,
      creationTimestamp: ago({ days: 3 }),
      annotations: { 'rollout.argoproj.io/revision': String(current.revision) },
    },
    spec: {
      replicas: 5,
      paused: extra.paused,
      selector: { matchLabels: { app: 'checkout' } },
      template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'checkout', image: current.image }] } },
      strategy: { canary: { canaryService: 'checkout-canary', stableService: 'checkout-stable', steps: STEPS } },
    },
    status: { observedGeneration: String(extra.generation ?? 3), ...status },
  };
}

/** The ReplicaSet of `version`, wanting `replicas` pods of which `available` are available. */
export function aReplicaSet(version: Version, replicas: number, available = replicas, created = ago({ days: 3 - version.revision / 2 })): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `checkout-${version.hash}`,
      namespace: 'shop',
      uid: `uid-rs-${version.hash}`,
      generation: 1,
      creationTimestamp: created,
      labels: { app: 'checkout', 'rollouts-pod-template-hash': version.hash },
      annotations: { 'rollout.argoproj.io/revision': String(version.revision) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'checkout', uid: ROLLOUT_UID, controller: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'checkout', 'rollouts-pod-template-hash': version.hash } },
      template: {
        metadata: { labels: { app: 'checkout', 'rollouts-pod-template-hash': version.hash } },
        spec: { containers: [{ name: 'checkout', image: version.image }] },
      },
    },
    status: { replicas, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  };
}

const SUFFIXES = ['4xkzq', '7mw2p', 'b9rtn', 'c5hvl', 'd8jsf'];

/** `count` pods of a ReplicaSet; the first `ready` of them Running and ready, the others starting. */
export function podsOf(rs: ReplicaSet, count: number, ready = count, created = rs.metadata.creationTimestamp): Pod[] {
  return Array.from({ length: count }, (_, i) => aPod(rs, SUFFIXES[i] ?? `p${i}`, i < ready, created));
}

function aPod(rs: ReplicaSet, suffix: string, ready: boolean, created: string | undefined): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.metadata.name}-${suffix}`,
      namespace: 'shop',
      uid: `uid-pod-${suffix}-${rs.metadata.name}`,
      creationTimestamp: created,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true }],
    },
    spec: { containers: [{ name: 'checkout', image: rs.spec.template.spec?.containers?.[0]?.image }] },
    status: ready
      ? { phase: 'Running', containerStatuses: [{ name: 'checkout', ready: true, restartCount: 0, state: { running: { startedAt: created } } }] }
      : { phase: 'Pending', containerStatuses: [{ name: 'checkout', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
  };
}

/** The AnalysisRun of the analysis step for `version`. */
export function anAnalysisRun(version: Version, phase: 'Running' | 'Successful' | 'Failed', counts: { successful?: number; failed?: number }): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: `checkout-${version.hash}-${version.revision}-1`,
      namespace: 'shop',
      uid: `uid-ar-${version.hash}`,
      creationTimestamp: ago({ minutes: 4 }),
      annotations: { 'rollout.argoproj.io/revision': String(version.revision) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'checkout', uid: ROLLOUT_UID, controller: true }],
    },
    spec: { metrics: [{ name: 'success-rate', provider: { prometheus: { query: 'x' } } }] },
    status: {
      phase,
      metricResults: [{ name: 'success-rate', phase, count: (counts.successful ?? 0) + (counts.failed ?? 0), successful: counts.successful, failed: counts.failed }],
    },
  };
}

const CONDITION_TIME = ago({ minutes: 5 });

/**
 * The scenarios the tests share:
 * - healthy: V2 fully promoted, 5 stable pods, V1 scaled down;
 * - progressing: V3 at step 1 of 5 (analysis running) with 1 canary pod, V2 stable;
 * - paused: V3 at step 2 (pause {}), CanaryPauseStep;
 * - aborted: V3 aborted after its analysis failed, canary scaled down, Degraded;
 * - invalid: a spec the controller rejected (no status.phase: the phase is computed).
 */
export function scenario(name: 'healthy' | 'progressing' | 'paused' | 'aborted' | 'invalid'): RolloutTree {
  switch (name) {
    case 'healthy': {
      const stable = aReplicaSet(V2, 5);
      return tree(
        aRollout(V2, { phase: 'Healthy', currentPodHash: V2.hash, stableRS: V2.hash, currentStepIndex: 5, replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 }),
        [stable, aReplicaSet(V1, 0)],
        podsOf(stable, 5),
      );
    }
    case 'progressing': {
      const canary = aReplicaSet(V3, 1, 1, ago({ minutes: 5 }));
      const stable = aReplicaSet(V2, 4);
      return tree(
        aRollout(V3, { phase: 'Progressing', message: 'more replicas need to be updated', currentPodHash: V3.hash, stableRS: V2.hash, currentStepIndex: 1, replicas: 5, updatedReplicas: 1, readyReplicas: 5, availableReplicas: 5 }),
        [canary, stable, aReplicaSet(V1, 0)],
        [...podsOf(canary, 1), ...podsOf(stable, 4)],
        [anAnalysisRun(V3, 'Running', { successful: 2 })],
      );
    }
    case 'paused': {
      const canary = aReplicaSet(V3, 1, 1, ago({ minutes: 5 }));
      const stable = aReplicaSet(V2, 4);
      return tree(
        aRollout(V3, {
          phase: 'Paused',
          message: 'CanaryPauseStep',
          pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago({ minutes: 2 }) }],
          controllerPause: true,
          currentPodHash: V3.hash,
          stableRS: V2.hash,
          currentStepIndex: 2,
          replicas: 5,
          updatedReplicas: 1,
          readyReplicas: 5,
          availableReplicas: 5,
        }),
        [canary, stable, aReplicaSet(V1, 0)],
        [...podsOf(canary, 1), ...podsOf(stable, 4)],
        [anAnalysisRun(V3, 'Successful', { successful: 5 })],
      );
    }
    case 'aborted': {
      const canary = aReplicaSet(V3, 0, 0, ago({ minutes: 5 }));
      const stable = aReplicaSet(V2, 5);
      const message = 'Rollout aborted update to revision 3: Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)';
      return tree(
        aRollout(V3, {
          phase: 'Degraded',
          message: `RolloutAborted: ${message}`,
          abort: true,
          abortedAt: ago({ minutes: 1 }),
          conditions: [{ type: 'Progressing', status: 'False', reason: 'RolloutAborted', message, lastUpdateTime: CONDITION_TIME, lastTransitionTime: CONDITION_TIME }],
          currentPodHash: V3.hash,
          stableRS: V2.hash,
          currentStepIndex: 0,
          replicas: 5,
          updatedReplicas: 0,
          readyReplicas: 5,
          availableReplicas: 5,
        }),
        [canary, stable, aReplicaSet(V1, 0)],
        podsOf(stable, 5),
        [anAnalysisRun(V3, 'Failed', { successful: 1, failed: 2 })],
      );
    }
    case 'invalid': {
      const stable = aReplicaSet(V2, 5);
      const message = 'The Rollout "checkout" is invalid: spec.strategy.canary.steps[0].setWeight: Invalid value: 120: must be between 0 and 100';
      return tree(
        aRollout(V2, {
          conditions: [{ type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message, lastUpdateTime: CONDITION_TIME, lastTransitionTime: CONDITION_TIME }],
          currentPodHash: V2.hash,
          stableRS: V2.hash,
          replicas: 5,
          updatedReplicas: 5,
          readyReplicas: 5,
          availableReplicas: 5,
        }),
        [stable],
        podsOf(stable, 5),
      );
    }
  }
}

function tree(rollout: Rollout, replicaSets: ReplicaSet[], pods: Pod[], analysisRuns: AnalysisRun[] = []): RolloutTree {
  return { rollout, replicaSets, pods, analysisRuns, experiments: [] };
}
