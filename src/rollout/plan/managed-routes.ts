// The header and mirror routes a canary has at its current step. Argo applies each setHeaderRoute /
// setMirrorRoute step to the router as it is reached and lets the route live in the router's object;
// here the same result is computed from the steps alone, so every reconcile states the whole set.
import type { Rollout, SetHeaderRoute, SetMirrorRoute } from '../../api/types.js';

/** The managed routes in effect, each list in trafficRouting.managedRoutes order. */
export interface ManagedRouteState {
  headerRoutes: SetHeaderRoute[];
  mirrorRoutes: SetMirrorRoute[];
}

/** No managed route: the end of a release, an abort, a full promotion. */
export const NO_MANAGED_ROUTES: ManagedRouteState = { headerRoutes: [], mirrorRoutes: [] };

function inManagedOrder<T extends { name?: string }>(rollout: Rollout, byName: Map<string, T>): T[] {
  const order = (rollout.spec.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
  return order.flatMap((name) => {
    const route = byName.get(name);
    return route ? [route] : [];
  });
}

/**
 * Folds the route steps from the first to `index` (inclusive): a step with a match sets its route,
 * one without removes it. Steps [setHeaderRoute h1 (match), setWeight, setHeaderRoute h1 (no match)]
 * at index 1 → h1; at index 2 → none.
 */
export function managedRoutesAt(rollout: Rollout, index: number): ManagedRouteState {
  const headers = new Map<string, SetHeaderRoute>();
  const mirrors = new Map<string, SetMirrorRoute>();
  for (const step of (rollout.spec.strategy?.canary?.steps ?? []).slice(0, index + 1)) {
    if ('setHeaderRoute' in step && step.setHeaderRoute?.name) applyRoute(headers, step.setHeaderRoute.name, step.setHeaderRoute);
    if ('setMirrorRoute' in step && step.setMirrorRoute) applyRoute(mirrors, step.setMirrorRoute.name, step.setMirrorRoute);
  }
  return { headerRoutes: inManagedOrder(rollout, headers), mirrorRoutes: inManagedOrder(rollout, mirrors) };
}

function applyRoute<T extends { match?: unknown[] }>(routes: Map<string, T>, name: string, route: T): void {
  if (route.match && route.match.length > 0) routes.set(name, route);
  else routes.delete(name);
}
