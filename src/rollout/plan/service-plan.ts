import type { ReplicaSet, Service } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { dynamicRollbackCanaryHash } from './dynamic-rollback.js';
import { podHashOf } from './replica-set-roles.js';

function fullyAvailable(rs: ReplicaSet): boolean {
  const replicas = rs.spec.replicas ?? 1;
  const available = rs.status?.availableReplicas ?? 0;
  return replicas !== 0 && available !== 0 && replicas <= available;
}

// A service not yet managed waits for its target to be fully available before it is adopted; a
// managed one switches as soon as the target has any available pod (Argo's ensureSVCTargets).
function canSwitch(service: Service, rs: ReplicaSet): boolean {
  const managed = service.metadata.annotations?.[ANNOTATIONS.managedBy] !== undefined;
  if (!managed && !fullyAvailable(rs)) return false;
  return (rs.status?.availableReplicas ?? 0) > 0;
}

function mayTarget(ctx: PlanContext, service: Service, rs: ReplicaSet, checkAvailability: boolean): boolean {
  if (!checkAvailability || canSwitch(service, rs)) return true;
  ctx.reasons.push(`service ${service.metadata.name ?? ''} waits for ReplicaSet ${rs.metadata.name ?? ''} to be available before switching`);
  return false;
}

/**
 * Points a service at a ReplicaSet's pods. With `checkAvailability` false (an abort behind a router)
 * it switches even to pods that are not all available: stable pods are there, and waiting on them
 * can stall forever behind readiness gates.
 */
export function ensureTarget(ctx: PlanContext, serviceName: string | undefined, rs: ReplicaSet | undefined, checkAvailability = true): void {
  if (!rs || !serviceName) return;
  const service = ctx.services.get(serviceName);
  if (!service) return;
  const current = service.spec?.selector?.[LABELS.podTemplateHash] ?? '';
  const desired = podHashOf(rs);
  if (current === desired || !mayTarget(ctx, service, rs, checkAvailability)) return;
  ctx.actions.push({ kind: 'setServiceSelector', service: serviceName, podTemplateHash: desired });
  recordEvent(ctx, 'SwitchService', `Switched selector for service '${serviceName}' from '${current}' to '${desired}'`);
}

/**
 * Pins the stable service on the stable pods and the canary service on the canary pods; after an
 * abort the canary service goes back to stable too — here without a router, in the traffic plan
 * (after the router write) with one. While rolling back to stable with dynamicStableScale the canary
 * service waits for stable's pods.
 */
export function reconcileStableAndCanaryServices(ctx: PlanContext): void {
  const canary = ctx.rollout.spec.strategy?.canary;
  if (!canary) return;
  ensureTarget(ctx, canary.stableService, ctx.roles.stableRS);
  if (ctx.pause.isAborted()) {
    if (!canary.trafficRouting) ensureTarget(ctx, canary.canaryService, ctx.roles.stableRS);
    return;
  }
  if (dynamicRollbackCanaryHash(ctx) !== undefined) {
    ctx.reasons.push(`canary service ${canary.canaryService ?? ''} waits for stable to be available before switching back`);
    return;
  }
  ensureTarget(ctx, canary.canaryService, ctx.roles.newRS);
}
