// The canary replica arithmetic in one import. Each part lives in its own file:
//   rollout-surge.ts                  maxSurge / maxUnavailable / spec.replicas defaults
//   canary-step-state.ts              current step, weight in effect, setCanaryScale, abort weight
//   replica-set-counts.ts             totals over ReplicaSets and per-ReplicaSet readings
//   canary-replica-counts.ts          basic canary (pods are the traffic split)
//   traffic-routed-replica-counts.ts  canary behind a traffic router
//   canary-replica-progress.ts        whether a step's counts are reached
import { calculateReplicaCountsForBasicCanary, type CanaryReplicaInput, type ReplicaCounts } from './canary-replica-counts.js';
import { calculateReplicaCountsForTrafficRoutedCanary } from './traffic-routed-replica-counts.js';

export * from './rollout-surge.js';
export * from './canary-step-state.js';
export * from './replica-set-counts.js';
export * from './canary-replica-counts.js';
export * from './traffic-routed-replica-counts.js';
export * from './canary-replica-progress.js';

/** The canary and stable counts for the rollout's kind of canary: traffic-routed or basic. */
export function calculateReplicaCountsForCanary(input: CanaryReplicaInput): ReplicaCounts {
  return input.rollout.spec.strategy?.canary?.trafficRouting
    ? calculateReplicaCountsForTrafficRoutedCanary(input)
    : calculateReplicaCountsForBasicCanary(input);
}
