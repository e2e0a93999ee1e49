// The two helpers Argo's utils/replicaset/canary_test.go builds its cases with, on our builders, so
// that ported cases read as Argo's do.
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import type { CanaryStep, Rollout, RolloutTrafficRouting, SetCanaryScale } from '../../../../src/api/types.js';
import type { IntOrString } from '../../../../src/rollout/plan/rollout-surge.js';
import { aReplicaSet, aRollout } from '../../../fixtures/rollout-builder.js';

export interface ArgoRolloutArgs {
  replicas: number;
  setWeight: number;
  /** Argo's helper always sets both; an omitted value is Go's zero IntOrString, i.e. 0. */
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  currentPodHash: string;
  stablePodHash: string;
  setCanaryScale?: SetCanaryScale;
  trafficRouting?: RolloutTrafficRouting;
}

/** Argo's newRollout: one step carrying setWeight (and setCanaryScale when given). */
export function argoRollout(a: ArgoRolloutArgs): Rollout {
  const step = (a.setCanaryScale ? { setWeight: a.setWeight, setCanaryScale: a.setCanaryScale } : { setWeight: a.setWeight }) as CanaryStep;
  return aRollout()
    .withReplicas(a.replicas)
    .withSteps(step)
    .withCanary({ maxSurge: a.maxSurge ?? 0, maxUnavailable: a.maxUnavailable ?? 0, ...(a.trafficRouting ? { trafficRouting: a.trafficRouting } : {}) })
    .withStatus({ stableRS: a.stablePodHash, currentPodHash: a.currentPodHash })
    .build();
}

/** Argo's newRS: named and labelled by hash, with spec.replicas and status.availableReplicas. */
export function argoRS(hash: string, specReplicas: number, availableReplicas: number): ReplicaSet {
  return aReplicaSet(hash).withReplicas(specReplicas).withAvailable(availableReplicas).build();
}
