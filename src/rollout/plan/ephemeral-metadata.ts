import type { Pod, ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { PodTemplateMetadata } from '../../api/schema/common.js';
import type { MetadataPatch } from './plan-types.js';
import { replaceReplicaSet, type PlanContext } from './plan-context.js';

// The ephemeral metadata last applied to a ReplicaSet is remembered in an annotation, so that keys
// dropped later (canary → stable) can be removed from its template and pods.
function appliedMetadata(rs: ReplicaSet): PodTemplateMetadata {
  const raw = rs.metadata.annotations?.[ANNOTATIONS.ephemeralMetadata];
  if (!raw) return {};
  try {
    return JSON.parse(raw) as PodTemplateMetadata;
  } catch {
    return {};
  }
}

function mapPatch(current: Record<string, string> | undefined, previous: Record<string, string> | undefined, desired: Record<string, string> | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of Object.keys(previous ?? {})) if (!(desired && k in desired) && current && k in current) out[k] = null;
  for (const [k, v] of Object.entries(desired ?? {})) if (current?.[k] !== v) out[k] = v;
  return out;
}

function metadataPatch(current: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined, previous: PodTemplateMetadata, desired: PodTemplateMetadata | undefined): MetadataPatch | undefined {
  const labels = mapPatch(current?.labels, previous.labels, desired?.labels);
  const annotations = mapPatch(current?.annotations, previous.annotations, desired?.annotations);
  const patch: MetadataPatch = {};
  if (Object.keys(labels).length) patch.labels = labels;
  if (Object.keys(annotations).length) patch.annotations = annotations;
  return patch.labels || patch.annotations ? patch : undefined;
}

function podsOf(ctx: PlanContext, rs: ReplicaSet): Pod[] {
  const uid = rs.metadata.uid;
  return ctx.pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o) => o.uid === uid));
}

function sync(ctx: PlanContext, rs: ReplicaSet | undefined, desired: PodTemplateMetadata | undefined): void {
  if (!rs || ctx.creating?.metadata.name === rs.metadata.name) return;
  const previous = appliedMetadata(rs);
  const templatePatch = metadataPatch(rs.spec.template.metadata, previous, desired);
  const record = desired && (desired.labels || desired.annotations) ? JSON.stringify(desired) : null;
  const recordChanged = (rs.metadata.annotations?.[ANNOTATIONS.ephemeralMetadata] ?? null) !== record;
  if (templatePatch || recordChanged) {
    ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', templateMetadata: templatePatch, metadata: recordChanged ? { annotations: { [ANNOTATIONS.ephemeralMetadata]: record } } : undefined });
    replaceReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: { ...(rs.metadata.annotations ?? {}), ...(record ? { [ANNOTATIONS.ephemeralMetadata]: record } : {}) } } });
  }
  if ((rs.spec.replicas ?? 1) === 0) return;
  for (const pod of podsOf(ctx, rs)) {
    const patch = metadataPatch(pod.metadata, previous, desired);
    if (patch) ctx.actions.push({ kind: 'patchPodMetadata', name: pod.metadata.name ?? '', metadata: patch });
  }
}

/**
 * canaryMetadata / stableMetadata (previewMetadata / activeMetadata): labels and annotations that
 * follow the role of a ReplicaSet. They are written on its pod template and on its running pods, and
 * removed from ReplicaSets that no longer have the role.
 */
export function reconcileEphemeralMetadata(ctx: PlanContext): void {
  const strategy = ctx.rollout.spec.strategy;
  const canaryMeta = strategy?.canary ? strategy.canary.canaryMetadata : strategy?.blueGreen?.previewMetadata;
  const stableMeta = strategy?.canary ? strategy.canary.stableMetadata : strategy?.blueGreen?.activeMetadata;
  if (!canaryMeta && !stableMeta) return;
  const { newRS, stableRS, other } = ctx.roles;
  const stableHash = ctx.rollout.status?.stableRS ?? '';
  const fullyRolledOut = stableHash === '' || stableHash === ctx.currentHash;
  if (fullyRolledOut) sync(ctx, newRS, stableMeta);
  else {
    sync(ctx, newRS, canaryMeta);
    sync(ctx, stableRS, stableMeta);
  }
  for (const rs of other) sync(ctx, rs, undefined);
}
