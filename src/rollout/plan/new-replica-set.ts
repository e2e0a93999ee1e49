// The ReplicaSet of the current template when none exists yet (Argo's createDesiredReplicaSet).
import type { OwnerReference, ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { PodTemplateMetadata } from '../../api/schema/common.js';
import type { Rollout } from '../../api/types.js';
import { MESSAGES, REASONS } from './conditions.js';
import { ephemeralMetadataOf, ephemeralRecord } from './ephemeral-metadata.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { copiedRolloutAnnotations, desiredReplicas } from './replica-set-actions.js';
import { maxRevision, revisionOf } from './replica-set-roles.js';

type Template = ReplicaSet['spec']['template'];

// The rollout's template with the role metadata merged in and the pod-template hash label added.
function templateWith(template: Template, metadata: PodTemplateMetadata | undefined, hash: string): Template {
  const current = template.metadata ?? {};
  const labels = { ...current.labels, ...metadata?.labels, [LABELS.podTemplateHash]: hash };
  const annotations = { ...current.annotations, ...metadata?.annotations };
  return { ...template, metadata: { ...current, labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) } };
}

// Beside a stable ReplicaSet the new one is the canary (preview); the very first one becomes stable (active) at once.
function roleMetadata(ctx: PlanContext): PodTemplateMetadata | undefined {
  const meta = ephemeralMetadataOf(ctx);
  return ctx.roles.stableRS !== undefined ? meta.canary : meta.stable;
}

function annotationsFor(ctx: PlanContext, revision: number, metadata: PodTemplateMetadata | undefined): Record<string, string> {
  const record = ephemeralRecord(metadata);
  return {
    ...copiedRolloutAnnotations(ctx.rollout),
    [ANNOTATIONS.revision]: String(revision),
    [ANNOTATIONS.desiredReplicas]: String(desiredReplicas(ctx)),
    ...(record ? { [ANNOTATIONS.ephemeralMetadata]: record } : {}),
  };
}

// The rollout's selector narrowed to this template's pods.
function selectorWithHash(rollout: Rollout, hash: string): ReplicaSet['spec']['selector'] {
  const selector = rollout.spec.selector;
  return { ...selector, matchLabels: { ...selector?.matchLabels, [LABELS.podTemplateHash]: hash } } as ReplicaSet['spec']['selector'];
}

function controllerRef(rollout: Rollout): OwnerReference {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.metadata?.name ?? '', uid: rollout.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function newReplicaSet(ctx: PlanContext, revision: number): ReplicaSet {
  const ro = ctx.rollout;
  const hash = ctx.currentHash;
  const metadata = roleMetadata(ctx);
  const template = templateWith(ro.spec.template ?? {}, metadata, hash);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${ro.metadata?.name ?? ''}-${hash}`,
      namespace: ro.metadata?.namespace,
      labels: template.metadata?.labels,
      annotations: annotationsFor(ctx, revision, metadata),
      ownerReferences: [controllerRef(ro)],
      creationTimestamp: ctx.now.toUTC().toISO() ?? undefined,
    },
    spec: { replicas: 0, minReadySeconds: ro.spec.minReadySeconds ?? 0, selector: selectorWithHash(ro, hash), template },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

/**
 * Plans the ReplicaSet of the current template: `<rollout>-<hash>`, owned by the rollout, selected by
 * its hash, at revision max(old)+1 (revisions 1 and 3 exist → 4), created with 0 replicas. The
 * create action is only emitted at the end of the plan (flushCreate), so the scaling stage of the
 * same plan can still raise the count: creation and first scale are one API call.
 */
export function planNewReplicaSet(ctx: PlanContext): ReplicaSet {
  const revision = maxRevision(ctx.roles.older) + 1;
  const rs = newReplicaSet(ctx, revision);
  ctx.creating = rs;
  ctx.roles = { ...ctx.roles, newRS: rs, all: [...ctx.roles.all, rs] };
  // Re-created after being deleted while stable: it is the stable ReplicaSet too.
  if (ctx.roles.stableRS === undefined && ctx.rollout.status?.stableRS === ctx.currentHash) ctx.roles.stableRS = rs;
  ctx.reasons.push(`creating ReplicaSet ${rs.metadata.name ?? ''} at revision ${revision}`);
  return rs;
}

/** Emits the create action for the planned ReplicaSet, first in the plan, with whatever count the plan settled on. */
export function flushCreate(ctx: PlanContext): void {
  const rs = ctx.creating;
  // Nothing created in this plan.
  if (!rs) return;
  const { status: _status, ...body } = rs;
  const metadata = { ...body.metadata };
  delete metadata.creationTimestamp;
  ctx.actions.unshift({ kind: 'createReplicaSet', replicaSet: { ...body, metadata } });
  recordEvent(ctx, REASONS.newReplicaSet, MESSAGES.newReplicaSetDetailed(rs.metadata.name ?? '', revisionOf(rs)));
  ctx.creating = undefined;
}
