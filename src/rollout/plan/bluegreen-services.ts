// The preview and active services of a blue-green rollout (Argo's reconcilePreviewService and
// reconcileActiveService): preview follows the new ReplicaSet at once, active switches to it only
// when all its pods are available and the pause and pre-promotion analysis are over.
import { ANNOTATIONS } from '../../api/labels.js';
import { isSaturated, serviceHash, type BlueGreenPlan } from './bluegreen-context.js';
import { completedBlueGreenPause, completedPrePromotionAnalysis, isFastTracked } from './bluegreen-pause.js';
import { readyForPause } from './bluegreen-replicas.js';
import { haltReason } from './canary-replicas.js';
import { recordEvent } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';

type Role = 'active' | 'preview';

// Argo's switchServiceSelector: a no-op when the service (as cached) already selects the hash and
// is ours. The event compares with the selector the plan believes in (see createBlueGreenPlan).
function switchSelector(plan: BlueGreenPlan, role: Role, serviceName: string, hash: string): void {
  const { ctx } = plan;
  const service = ctx.services.get(serviceName);
  const managed = service?.metadata.annotations?.[ANNOTATIONS.managedBy] !== undefined;
  if (hash === '' || (serviceHash(service) === hash && managed)) return;
  const current = plan.selectors[role];
  ctx.actions.push({ kind: 'setServiceSelector', service: serviceName, podTemplateHash: hash });
  plan.selectors[role] = hash;
  // Adopting a service already on the hash (or writing again what the cache does not show yet)
  // changes no traffic: no switch to report.
  if (current === hash) return;
  recordEvent(ctx, 'SwitchService', `Switched selector for service '${serviceName}' from '${current}' to '${hash}'`);
  ctx.reasons.push(`${role} service ${serviceName} switched to ${hash}`);
}

/** Points the preview service (when there is one) at the new ReplicaSet, unless progress is halted. */
export function reconcilePreviewService(plan: BlueGreenPlan): void {
  const name = plan.strategy.previewService;
  // No preview service, or it does not exist (yet).
  if (!name || !plan.ctx.services.get(name)) return;
  if (haltReason(plan.ctx)) return;
  switchSelector(plan, 'preview', name, podHashOf(plan.ctx.roles.newRS));
}

// The hash the active service should select: where it is, the new ReplicaSet once the switch is
// due, and the stable one after an abort.
function desiredActiveHash(plan: BlueGreenPlan): string {
  const { ctx } = plan;
  const newHash = podHashOf(ctx.roles.newRS);
  if (ctx.rollout.status?.abort) return ctx.rollout.status.stableRS ?? plan.selectors.active;
  if (isFastTracked(plan)) return newHash;
  if (completedBlueGreenPause(plan) && completedPrePromotionAnalysis(plan)) return newHash;
  return plan.selectors.active;
}

/**
 * Switches the active service. Never before every pod of the new ReplicaSet is available at full
 * size (so it never selects pods that are not ready); then to the new ReplicaSet when fast-tracked
 * (first deploy, rollback, promote --full) or when the pause and pre-promotion analysis are done,
 * and back to stable after an abort.
 */
export function reconcileActiveService(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  const name = plan.strategy.activeService;
  if (!ctx.services.get(name) || haltReason(ctx)) return;
  if (!readyForPause(ctx) || !isSaturated(ctx, ctx.roles.newRS)) {
    ctx.reasons.push(`active service ${name} waits for ReplicaSet ${ctx.roles.newRS?.metadata.name ?? ''} to be fully available`);
    return;
  }
  switchSelector(plan, 'active', name, desiredActiveHash(plan));
}
