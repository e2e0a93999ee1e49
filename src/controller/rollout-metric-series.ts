// What /metrics says about one Rollout, as Argo's rollout collector computes it (controller/metrics/rollouts.go).
// Pure: the collector in metrics.ts turns these values into gauge samples at scrape time.
import type { Rollout } from '../api/types.js';

/** Argo's rollout_info phase: where the last reconcile left the rollout. */
export type RolloutMetricPhase = 'Progressing' | 'Completed' | 'Paused' | 'Error' | 'Timeout' | 'Abort' | 'InvalidSpec';

/** The phases rollout_phase (deprecated) has one series for each, in Argo's order. InvalidSpec has none. */
export const ROLLOUT_PHASE_SERIES = ['Completed', 'Progressing', 'Paused', 'Timeout', 'Error', 'Abort'] as const;

// The Progressing condition's reason → phase; any other reason (ReplicaSetUpdated, RolloutResumed…) is Progressing.
const PHASE_BY_PROGRESSING_REASON: Readonly<Record<string, RolloutMetricPhase>> = {
  NewReplicaSetAvailable: 'Completed',
  RolloutPaused: 'Paused',
  ReplicaSetCreateError: 'Error',
  ProgressDeadlineExceeded: 'Timeout',
  RolloutAborted: 'Abort',
};

/**
 * Argo's calculatePhase: an InvalidSpec condition wins; otherwise the Progressing condition's reason
 * decides (RolloutPaused → Paused, ProgressDeadlineExceeded → Timeout…); no condition → Progressing.
 */
export function rolloutMetricPhase(rollout: Pick<Rollout, 'status'>): RolloutMetricPhase {
  const conditions = rollout.status?.conditions ?? [];
  if (conditions.some((c) => c.type === 'InvalidSpec')) return 'InvalidSpec';
  const reason = conditions.find((c) => c.type === 'Progressing')?.reason ?? '';
  return PHASE_BY_PROGRESSING_REASON[reason] ?? 'Progressing';
}

// Argo names only these routers, and the last one set in this order wins; others (traefik, apisix, plugins) give "".
const ARGO_NAMED_ROUTERS = [
  ['alb', 'ALB'],
  ['ambassador', 'Ambassador'],
  ['istio', 'Istio'],
  ['nginx', 'Nginx'],
  ['smi', 'SMI'],
  ['appMesh', 'AppMesh'],
] as const;

/** rollout_info's strategy (blueGreen, canary or none) and traffic_router (Istio, SMI… or "") labels. */
export function rolloutStrategyLabels(rollout: Pick<Rollout, 'spec'>): { strategy: 'blueGreen' | 'canary' | 'none'; trafficRouter: string } {
  const { blueGreen, canary } = rollout.spec.strategy ?? {};
  if (blueGreen) return { strategy: 'blueGreen', trafficRouter: '' };
  if (!canary) return { strategy: 'none', trafficRouter: '' };
  const routing: Readonly<Record<string, unknown>> = canary.trafficRouting ?? {};
  const named = ARGO_NAMED_ROUTERS.filter(([field]) => routing[field] !== undefined && routing[field] !== null);
  return { strategy: 'canary', trafficRouter: named.at(-1)?.[1] ?? '' };
}

/**
 * The rollout_info_replicas_* gauges. Unavailable is status.replicas − status.availableReplicas (5
 * pods of which 3 available → 2); desired is spec.replicas, 1 when unset.
 */
export function rolloutReplicaGauges(rollout: Pick<Rollout, 'spec' | 'status'>): { available: number; unavailable: number; desired: number; updated: number } {
  const status = rollout.status ?? {};
  const available = status.availableReplicas ?? 0;
  return { available, unavailable: (status.replicas ?? 0) - available, desired: rollout.spec.replicas ?? 1, updated: status.updatedReplicas ?? 0 };
}
