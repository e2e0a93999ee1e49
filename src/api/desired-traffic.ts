// The traffic a canary should have after a reconcile: decided by the Rollout planner, converged to by
// the routers in src/traffic. Plain data shared by both sides (the planner imports only src/api).
import type { SetHeaderRoute, SetMirrorRoute } from './schema/canary-step.js';

/** A service and pod-template hash receiving a weight (canary, stable, or an experiment's). */
export interface WeightTarget {
  serviceName: string;
  podTemplateHash?: string;
  weight: number;
}

/** What traffic should look like after this reconcile: the whole state, never a delta. */
export interface DesiredTraffic {
  /** The canary's share, 0…maxWeight. */
  canary: WeightTarget;
  /** The stable share: maxWeight − canary − additional. */
  stable: WeightTarget;
  /** Experiment services with their own weights (none until experiments run). */
  additional: WeightTarget[];
  /** trafficRouting.maxTrafficWeight, else 100. */
  maxWeight: number;
  /**
   * The managed header and mirror routes that should exist now, in `managedRoutes` order (highest
   * precedence first). Empty removes every managed route (end of release, abort, promote --full).
   */
  headerRoutes: SetHeaderRoute[];
  mirrorRoutes: SetMirrorRoute[];
}
