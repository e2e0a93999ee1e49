// The revision bookkeeping of the new ReplicaSet and the rollout (Argo's syncReplicaSetRevision).
import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { annotateReplicaSet, copiedRolloutAnnotations } from './replica-set-actions.js';
import { maxRevision, revisionOf } from './replica-set-roles.js';

/**
 * The annotations the new ReplicaSet should change: the rollout's own annotations copied over, and
 * a revision above every older ReplicaSet's. A ReplicaSet brought back (undo: revisions 1 and 2
 * exist, revision 1's template is current) moves to 3 and keeps "1" in revision-history.
 */
function revisionAnnotations(ctx: PlanContext, rs: ReplicaSet): Record<string, string> {
  const wanted = maxRevision(ctx.roles.older) + 1;
  const current = rs.metadata.annotations ?? {};
  const out: Record<string, string> = { ...copiedRolloutAnnotations(ctx.rollout) };
  // Already the newest: the revision stays.
  if (revisionOf(rs) >= wanted) return out;
  out[ANNOTATIONS.revision] = String(wanted);
  const previous = current[ANNOTATIONS.revision];
  // A ReplicaSet that had a revision keeps it in its history.
  if (previous === undefined) return out;
  const history = current[ANNOTATIONS.revisionHistory];
  out[ANNOTATIONS.revisionHistory] = history ? `${history},${previous}` : previous;
  return out;
}

// minReadySeconds follows the rollout's on the ReplicaSet it runs (the one being created already has it).
function syncMinReadySeconds(ctx: PlanContext, rs: ReplicaSet): void {
  const wanted = ctx.rollout.spec.minReadySeconds ?? 0;
  if ((rs.spec.minReadySeconds ?? 0) === wanted || ctx.creating?.metadata.name === rs.metadata.name) return;
  ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', minReadySeconds: wanted });
}

/**
 * Keeps the new ReplicaSet's revision above every older one and the rollout's revision annotation
 * equal to it, recording RolloutUpdated when the rollout's changes: undo and re-applying an old
 * template bump it again.
 */
export function syncRevision(ctx: PlanContext): void {
  const newRS = ctx.roles.newRS;
  // No ReplicaSet for the current template (blue-green before creation): nothing to number.
  if (!newRS) return;
  annotateReplicaSet(ctx, newRS, revisionAnnotations(ctx, newRS));
  syncMinReadySeconds(ctx, newRS);
  const revision = revisionOf(ctx.roles.newRS);
  ctx.revision = revision;
  // The rollout already shows this revision.
  if (ctx.rollout.metadata?.annotations?.[ANNOTATIONS.revision] === String(revision)) return;
  ctx.actions.push({ kind: 'patchRolloutMetadata', metadata: { annotations: { [ANNOTATIONS.revision]: String(revision) } } });
  recordEvent(ctx, REASONS.rolloutUpdated, MESSAGES.rolloutUpdated(revision));
}
