// Two more rollouts for the golden tests of `get rollout`: blue-green (active / preview) and a canary
// behind a traffic router (ActualWeight from status.canary.weights, not from pod counts). They reuse
// the canary fixtures' versions, ReplicaSets and pods, so ages stay fixed relative to NOW.
import type { Rollout } from '../../../src/api/types.js';
import type { RolloutTree } from '../../../src/view/view-types.js';
import { aReplicaSet, aRollout, ago, anAnalysisRun, podsOf, V1, V2, V3 } from './canary-fixtures.js';

/**
 * Blue-green waiting for promotion: V3 is the preview (3 pods, ready), V2 the active and stable
 * (3 pods), V1 scaled down; the pre-promotion analysis has passed.
 */
export function blueGreenPaused(): RolloutTree {
  const preview = aReplicaSet(V3, 3, 3, ago({ minutes: 5 }));
  const active = aReplicaSet(V2, 3);
  const base = aRollout(V3, {
    phase: 'Paused',
    message: 'BlueGreenPause',
    pauseConditions: [{ reason: 'BlueGreenPause', startTime: ago({ minutes: 2 }) }],
    controllerPause: true,
    currentPodHash: V3.hash,
    stableRS: V2.hash,
    blueGreen: { activeSelector: V2.hash, previewSelector: V3.hash },
    replicas: 6,
    updatedReplicas: 3,
    readyReplicas: 6,
    availableReplicas: 3,
  });
  const rollout: Rollout = {
    ...base,
    spec: { ...base.spec, replicas: 3, strategy: { blueGreen: { activeService: 'checkout-active', previewService: 'checkout-preview', autoPromotionEnabled: false } } },
  };
  return {
    rollout,
    replicaSets: [preview, active, aReplicaSet(V1, 0)],
    pods: [...podsOf(preview, 3), ...podsOf(active, 3)],
    analysisRuns: [anAnalysisRun(V3, 'Successful', { successful: 3 })],
    experiments: [],
  };
}

/**
 * A canary behind Istio at step 1 (setWeight 20) whose router has so far been set to 10: the
 * ActualWeight is the router's (10), not the pods' share (1 of 5 = 20).
 */
export function canaryWithTrafficRouting(): RolloutTree {
  const canary = aReplicaSet(V3, 1, 1, ago({ minutes: 5 }));
  const stable = aReplicaSet(V2, 5);
  const base = aRollout(V3, {
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    currentPodHash: V3.hash,
    stableRS: V2.hash,
    currentStepIndex: 1,
    canary: { weights: { canary: { weight: 10, serviceName: 'checkout-canary', podTemplateHash: V3.hash }, stable: { weight: 90, serviceName: 'checkout-stable', podTemplateHash: V2.hash } } },
    replicas: 6,
    updatedReplicas: 1,
    readyReplicas: 6,
    availableReplicas: 6,
  });
  const canaryStrategy = base.spec.strategy?.canary;
  const rollout: Rollout = {
    ...base,
    spec: {
      ...base.spec,
      strategy: { canary: { ...canaryStrategy, trafficRouting: { istio: { virtualService: { name: 'checkout-vs', routes: ['primary'] } } } } },
    },
  };
  return {
    rollout,
    replicaSets: [canary, stable, aReplicaSet(V1, 0)],
    pods: [...podsOf(canary, 1), ...podsOf(stable, 5)],
    analysisRuns: [anAnalysisRun(V3, 'Running', { successful: 1 })],
    experiments: [],
  };
}
