// Writes to existing ReplicaSets: scaling (with Argo's ScalingReplicaSet event) and annotation
// patches, each kept in step with the plan's working copy so later stages see the change.
import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { Rollout } from '../../api/types.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, replaceReplicaSet, type PlanContext } from './plan-context.js';
import { revisionOf } from './replica-set-roles.js';

/** The rollout's desired replicas (default 1). */
export function desiredReplicas(ctx: PlanContext): number {
  return ctx.rollout.spec.replicas ?? 1;
}

// Rollout annotations Argo never copies to its ReplicaSets (annotationsToSkip).
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', ANNOTATIONS.revision, ANNOTATIONS.revisionHistory, ANNOTATIONS.desiredReplicas, 'notified.notifications.argoproj.io']);

/** The rollout's annotations a ReplicaSet carries too (Argo's copyRolloutAnnotationsToReplicaSet). */
export function copiedRolloutAnnotations(rollout: Rollout): Record<string, string> {
  return Object.fromEntries(Object.entries(rollout.metadata?.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)));
}

/** Applies a merge-patch of annotations to an annotation map (null removes). */
export function mergeAnnotations(base: Record<string, string> | undefined, patch: Record<string, string | null>): Record<string, string> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Patches a ReplicaSet's annotations (only those that change) and keeps the working copy in step. */
export function annotateReplicaSet(ctx: PlanContext, rs: ReplicaSet, annotations: Record<string, string | null>): void {
  const current = rs.metadata.annotations ?? {};
  const changes = Object.fromEntries(Object.entries(annotations).filter(([k, v]) => (v === null ? k in current : current[k] !== v)));
  // Already as asked.
  if (Object.keys(changes).length === 0) return;
  replaceReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: mergeAnnotations(current, changes) } });
  // The ReplicaSet being created is written whole, with these annotations, by its create action.
  if (ctx.creating?.metadata.name === rs.metadata.name) return;
  ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', metadata: { annotations: changes } });
}

// desired-replicas follows spec.replicas; a scale-down deadline is dropped with the last pod unless kept.
function scaleAnnotations(ctx: PlanContext, rs: ReplicaSet, replicas: number, keepDeadline: boolean): Record<string, string | null> {
  const current = rs.metadata.annotations ?? {};
  const out: Record<string, string | null> = {};
  const desired = String(desiredReplicas(ctx));
  if (current[ANNOTATIONS.desiredReplicas] !== desired) out[ANNOTATIONS.desiredReplicas] = desired;
  const dropDeadline = replicas === 0 && !keepDeadline && current[ANNOTATIONS.scaleDownDeadline] !== undefined;
  if (dropDeadline) out[ANNOTATIONS.scaleDownDeadline] = null;
  return out;
}

function recordScaling(ctx: PlanContext, rs: ReplicaSet, from: number, to: number): void {
  const direction = from < to ? 'up' : 'down';
  const name = rs.metadata.name ?? '';
  recordEvent(ctx, REASONS.scaling, MESSAGES.scaled({ direction, rs: name, revision: revisionOf(rs), from, to }));
  ctx.reasons.push(`scaled ${direction} ${name} from ${from} to ${to}`);
}

/**
 * Scales a ReplicaSet (and keeps its desired-replicas annotation current), recording Argo's
 * ScalingReplicaSet event ("Scaled up ReplicaSet x (revision 2) from 1 to 3"). Returns whether the
 * replica count changed; an annotation-only update does not count as scaling.
 */
export function scaleReplicaSet(ctx: PlanContext, rs: ReplicaSet, replicas: number, options: { keepDeadline?: boolean } = {}): boolean {
  const current = rs.spec.replicas ?? 1;
  const annotations = scaleAnnotations(ctx, rs, replicas, options.keepDeadline ?? false);
  const sizeChanged = current !== replicas;
  // Right size, right annotations.
  if (!sizeChanged && Object.keys(annotations).length === 0) return false;
  replaceReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: mergeAnnotations(rs.metadata.annotations, annotations) }, spec: { ...rs.spec, replicas } });
  // The ReplicaSet being created takes the new count in its create action.
  if (ctx.creating?.metadata.name !== rs.metadata.name) ctx.actions.push({ kind: 'scaleReplicaSet', name: rs.metadata.name ?? '', replicas, annotations });
  if (sizeChanged) recordScaling(ctx, rs, current, replicas);
  return sizeChanged;
}
