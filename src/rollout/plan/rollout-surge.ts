// How far a rollout may go above and below its replica count while it moves pods between
// ReplicaSets: maxSurge and maxUnavailable resolved to pod counts, the way Argo resolves them.
import { getValueFromIntOrPercent, type IntOrString } from '../../api/int-or-percent.js';
import type { Rollout } from '../../api/types.js';

export { getValueFromIntOrPercent, type IntOrString } from '../../api/int-or-percent.js';

/** spec.replicas when unset. */
export const DEFAULT_REPLICAS = 1;
// Argo's defaults are the strings "25", which its IntOrString reading treats as 25 percent.
export const DEFAULT_MAX_SURGE: IntOrString = '25';
export const DEFAULT_MAX_UNAVAILABLE: IntOrString = '25';

/** spec.replicas, or 1 when unset. */
export function getReplicasOrDefault(replicas: number | undefined): number {
  return replicas ?? DEFAULT_REPLICAS;
}

/** strategy.canary.maxSurge, or "25" (percent). */
export function getMaxSurgeOrDefault(rollout: Rollout): IntOrString {
  return rollout.spec.strategy?.canary?.maxSurge ?? DEFAULT_MAX_SURGE;
}

/** strategy.blueGreen.maxUnavailable, else strategy.canary.maxUnavailable, else "25" (percent). */
export function getMaxUnavailableOrDefault(rollout: Rollout): IntOrString {
  const strategy = rollout.spec.strategy;
  return strategy?.blueGreen?.maxUnavailable ?? strategy?.canary?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
}

/** maxSurge and maxUnavailable as pod counts. */
export interface Fenceposts {
  surge: number;
  unavailable: number;
}

/**
 * Resolves maxSurge (rounding up) and maxUnavailable (rounding down) together against `desired`
 * pods; an unset value counts as 0. When both come to 0 — "0%" of 10, or 25% of 1 rounded down
 * with no surge — unavailable becomes 1, so the rollout can still move (surge may be blocked by
 * quota). 39%/39% of 10 → surge 4, unavailable 3. Undefined when either value is malformed
 * (validation refuses it as InvalidSpec, so a planned rollout never gets here; callers use 0).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): Fenceposts | undefined {
  const surge = getValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  if (surge === undefined) return undefined;
  const unavailable = getValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (unavailable === undefined) return undefined;
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/**
 * How many pods above spec.replicas a canary rollout may run. 10 replicas with maxSurge "50%" → 5;
 * with maxSurge 0 and maxUnavailable 0% → 0. Blue-green has no surge: 0.
 */
export function maxSurge(rollout: Rollout): number {
  // Blue-green brings up the full preview set instead of surging.
  if (!rollout.spec.strategy?.canary) return 0;
  const replicas = getReplicasOrDefault(rollout.spec.replicas);
  return resolveFenceposts(getMaxSurgeOrDefault(rollout), getMaxUnavailableOrDefault(rollout), replicas)?.surge ?? 0;
}

/**
 * How many of spec.replicas may be unavailable during an update, never more than spec.replicas.
 * Canary: resolved together with maxSurge (both 0 → 1). 10 replicas, maxUnavailable "50%" → 5;
 * 5 replicas, maxUnavailable 10 → 5; 0 replicas → 0. Blue-green: maxUnavailable rounded down
 * alone (the default 25% of 1 replica → 0).
 */
export function maxUnavailable(rollout: Rollout): number {
  const replicas = getReplicasOrDefault(rollout.spec.replicas);
  // Nothing to keep available.
  if (replicas === 0) return 0;
  const configured = getMaxUnavailableOrDefault(rollout);
  const unavailable = rollout.spec.strategy?.canary
    ? resolveFenceposts(getMaxSurgeOrDefault(rollout), configured, replicas)?.unavailable
    : getValueFromIntOrPercent(configured, replicas, false);
  return Math.min(unavailable ?? 0, replicas);
}
