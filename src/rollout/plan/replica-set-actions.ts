import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { PodTemplateMetadata } from '../../api/schema/common.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, replaceReplicaSet, type PlanContext } from './plan-context.js';
import { maxRevision, revisionOf } from './replica-set-roles.js';

/** The rollout's desired replicas (default 1). */
export function desiredReplicas(ctx: PlanContext): number {
  return ctx.rollout.spec.replicas ?? 1;
}

function withMetadata(template: ReplicaSet['spec']['template'], metadata: PodTemplateMetadata | undefined, hash: string): ReplicaSet['spec']['template'] {
  const labels = { ...(template.metadata?.labels ?? {}), ...(metadata?.labels ?? {}), [LABELS.podTemplateHash]: hash };
  const annotations = { ...(template.metadata?.annotations ?? {}), ...(metadata?.annotations ?? {}) };
  const meta: NonNullable<ReplicaSet['spec']['template']['metadata']> = { ...(template.metadata ?? {}), labels };
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  return { ...template, metadata: meta };
}

// Argo injects the canary's ephemeral metadata into a ReplicaSet created beside a stable one, and the
// stable metadata into the very first one (which becomes stable at once).
function ephemeralMetadataForNew(ctx: PlanContext): PodTemplateMetadata | undefined {
  const strategy = ctx.rollout.spec.strategy;
  const besideStable = ctx.roles.stableRS !== undefined;
  if (strategy?.canary) return besideStable ? strategy.canary.canaryMetadata : strategy.canary.stableMetadata;
  if (strategy?.blueGreen) return besideStable ? strategy.blueGreen.previewMetadata : strategy.blueGreen.activeMetadata;
  return undefined;
}

/**
 * Plans the ReplicaSet of the current template: `<rollout>-<hash>`, owned by the rollout, selected by
 * its hash, at revision max(old)+1, created with 0 replicas (the scaling stage of the same plan may
 * raise the count before it is written, so creation and first scale are one API call).
 */
export function planNewReplicaSet(ctx: PlanContext): ReplicaSet {
  const ro = ctx.rollout;
  const hash = ctx.currentHash;
  const revision = maxRevision(ctx.roles.older) + 1;
  const template = withMetadata(ro.spec.template ?? {}, ephemeralMetadataForNew(ctx), hash);
  const selector = { ...(ro.spec.selector ?? {}), matchLabels: { ...(ro.spec.selector?.matchLabels ?? {}), [LABELS.podTemplateHash]: hash } };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${ro.metadata?.name ?? ''}-${hash}`,
      namespace: ro.metadata?.namespace,
      labels: template.metadata?.labels,
      annotations: { [ANNOTATIONS.revision]: String(revision), [ANNOTATIONS.desiredReplicas]: String(desiredReplicas(ctx)) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: ro.metadata?.name ?? '', uid: ro.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
      creationTimestamp: ctx.now.toUTC().toISO() ?? undefined,
    },
    spec: { replicas: 0, minReadySeconds: ro.spec.minReadySeconds ?? 0, selector: selector as ReplicaSet['spec']['selector'], template },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
  ctx.creating = rs;
  ctx.roles = { ...ctx.roles, newRS: rs, all: [...ctx.roles.all, rs] };
  if (ctx.roles.stableRS === undefined && ro.status?.stableRS === hash) ctx.roles.stableRS = rs;
  ctx.reasons.push(`creating ReplicaSet ${rs.metadata.name ?? ''} at revision ${revision}`);
  return rs;
}

/** Emits the create action for the planned ReplicaSet with whatever count the plan settled on. */
export function flushCreate(ctx: PlanContext): void {
  const rs = ctx.creating;
  if (!rs) return;
  const { status: _status, ...body } = rs;
  const metadata = { ...body.metadata };
  delete metadata.creationTimestamp;
  ctx.actions.unshift({ kind: 'createReplicaSet', replicaSet: { ...body, metadata } });
  const revision = revisionOf(rs);
  recordEvent(ctx, REASONS.newReplicaSet, MESSAGES.newReplicaSetDetailed(rs.metadata.name ?? '', revision));
  ctx.creating = undefined;
}

function scaleAnnotations(ctx: PlanContext, rs: ReplicaSet, replicas: number, keepDeadline: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const desired = String(desiredReplicas(ctx));
  if (rs.metadata.annotations?.[ANNOTATIONS.desiredReplicas] !== desired) out[ANNOTATIONS.desiredReplicas] = desired;
  if (replicas === 0 && !keepDeadline && rs.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline] !== undefined) out[ANNOTATIONS.scaleDownDeadline] = null;
  return out;
}

/**
 * Scales a ReplicaSet (and keeps its desired-replicas annotation current), recording Argo's
 * ScalingReplicaSet event. Returns whether the replica count changed.
 */
export function scaleReplicaSet(ctx: PlanContext, rs: ReplicaSet, replicas: number, options: { keepDeadline?: boolean } = {}): boolean {
  const current = rs.spec.replicas ?? 1;
  const annotations = scaleAnnotations(ctx, rs, replicas, options.keepDeadline ?? false);
  const sizeChanged = current !== replicas;
  if (!sizeChanged && Object.keys(annotations).length === 0) return false;
  const updated: ReplicaSet = { ...rs, metadata: { ...rs.metadata, annotations: mergeAnnotations(rs.metadata.annotations, annotations) }, spec: { ...rs.spec, replicas } };
  replaceReplicaSet(ctx, updated);
  if (ctx.creating?.metadata.name !== rs.metadata.name) ctx.actions.push({ kind: 'scaleReplicaSet', name: rs.metadata.name ?? '', replicas, annotations });
  if (sizeChanged) {
    const direction = current < replicas ? 'up' : 'down';
    recordEvent(ctx, REASONS.scaling, MESSAGES.scaled(direction, rs.metadata.name ?? '', revisionOf(rs), current, replicas));
    ctx.reasons.push(`scaled ${direction} ${rs.metadata.name ?? ''} from ${current} to ${replicas}`);
  }
  return sizeChanged;
}

/** Applies a merge-patch of annotations to an annotation map (null removes). */
export function mergeAnnotations(base: Record<string, string> | undefined, patch: Record<string, string | null>): Record<string, string> {
  const out = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Patches a ReplicaSet's annotations (a scale-down deadline, a revision) and keeps the working copy in step. */
export function annotateReplicaSet(ctx: PlanContext, rs: ReplicaSet, annotations: Record<string, string | null>): void {
  const current = rs.metadata.annotations ?? {};
  const changes = Object.fromEntries(Object.entries(annotations).filter(([k, v]) => (v === null ? k in current : current[k] !== v)));
  if (Object.keys(changes).length === 0) return;
  replaceReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: mergeAnnotations(current, changes) } });
  if (ctx.creating?.metadata.name === rs.metadata.name) return;
  ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', metadata: { annotations: changes } });
}

/**
 * Keeps the new ReplicaSet's revision above every older one and the rollout's revision annotation
 * equal to it (Argo's syncReplicaSetRevision): undo and re-applying an old template bump it again.
 */
export function syncRevision(ctx: PlanContext): void {
  const newRS = ctx.roles.newRS;
  if (!newRS) return;
  const wanted = maxRevision(ctx.roles.older) + 1;
  let revision = revisionOf(newRS);
  if (revision < wanted) {
    annotateReplicaSet(ctx, newRS, { [ANNOTATIONS.revision]: String(wanted) });
    revision = wanted;
  }
  if ((newRS.spec.minReadySeconds ?? 0) !== (ctx.rollout.spec.minReadySeconds ?? 0) && ctx.creating?.metadata.name !== newRS.metadata.name) {
    ctx.actions.push({ kind: 'patchReplicaSet', name: newRS.metadata.name ?? '', minReadySeconds: ctx.rollout.spec.minReadySeconds ?? 0 });
  }
  const current = ctx.rollout.metadata?.annotations?.[ANNOTATIONS.revision];
  if (current !== String(revision)) {
    ctx.actions.push({ kind: 'patchRolloutMetadata', metadata: { annotations: { [ANNOTATIONS.revision]: String(revision) } } });
    recordEvent(ctx, REASONS.rolloutUpdated, MESSAGES.rolloutUpdated(revision));
  }
}
