// canaryMetadata / stableMetadata (previewMetadata / activeMetadata): labels and annotations that
// follow the role of a ReplicaSet (Argo's reconcileEphemeralMetadata). They are written on its pod
// template and on its running pods, and removed again when the ReplicaSet loses the role. What was
// applied is remembered in the rollout.argoproj.io/ephemeral-metadata annotation, so that only keys
// the controller added are ever removed (keys set by others, e.g. a sidecar injector, are kept).
import type { Pod, ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { PodTemplateMetadata } from '../../api/schema/common.js';
import type { MetadataPatch } from './plan-types.js';
import { replaceReplicaSet, type PlanContext } from './plan-context.js';
import { mergeAnnotations } from './replica-set-actions.js';

type StringMap = Record<string, string>;

// The metadata last applied to a ReplicaSet ({} when none was recorded or the record is unreadable).
function appliedMetadata(rs: ReplicaSet): PodTemplateMetadata {
  const raw = rs.metadata.annotations?.[ANNOTATIONS.ephemeralMetadata];
  if (!raw) return {};
  try {
    return JSON.parse(raw) as PodTemplateMetadata;
  } catch {
    return {};
  }
}

function sortedMap(map: StringMap | undefined): StringMap | undefined {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, (map as StringMap)[k]])) : undefined;
}

/**
 * The record annotation's value as Argo writes it (Go's json.Marshal of PodTemplateMetadata: labels
 * then annotations, keys sorted, empty maps left out), or null (remove it) when there is nothing to record.
 * { annotations: { b: '2', a: '1' } } → '{"annotations":{"a":"1","b":"2"}}'.
 */
export function ephemeralRecord(metadata: PodTemplateMetadata | undefined): string | null {
  const labels = sortedMap(metadata?.labels);
  const annotations = sortedMap(metadata?.annotations);
  return labels || annotations ? JSON.stringify({ labels, annotations }) : null;
}

const has = (map: StringMap | undefined, key: string): boolean => map !== undefined && Object.hasOwn(map, key);

/**
 * One map's merge patch (Argo's SyncEphemeralPodMetadata): desired keys set where they differ,
 * previously applied keys no longer desired removed (null) if present. current {a:1, b:2},
 * previous {b}, desired {a:1, c:3} → {b: null, c: '3'}.
 */
function mapPatch(current: StringMap | undefined, previous: StringMap | undefined, desired: StringMap | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of Object.keys(previous ?? {})) if (!has(desired, k) && has(current, k)) out[k] = null;
  for (const [k, v] of Object.entries(desired ?? {})) if (current?.[k] !== v) out[k] = v;
  return out;
}

/** The labels and annotations patch taking `current` from the `previous` metadata to the `desired` one; undefined when nothing changes. */
function metadataPatch(current: { labels?: StringMap; annotations?: StringMap } | undefined, previous: PodTemplateMetadata, desired: PodTemplateMetadata | undefined): MetadataPatch | undefined {
  const labels = mapPatch(current?.labels, previous.labels, desired?.labels);
  const annotations = mapPatch(current?.annotations, previous.annotations, desired?.annotations);
  const patch: MetadataPatch = {};
  if (Object.keys(labels).length > 0) patch.labels = labels;
  if (Object.keys(annotations).length > 0) patch.annotations = annotations;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function podsOf(ctx: PlanContext, rs: ReplicaSet): Pod[] {
  const uid = rs.metadata.uid;
  return ctx.pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o) => o.uid === uid));
}

// The ReplicaSet first: pods it creates meanwhile then already carry the new metadata.
function syncTemplate(ctx: PlanContext, rs: ReplicaSet, previous: PodTemplateMetadata, desired: PodTemplateMetadata | undefined): void {
  const templateMetadata = metadataPatch(rs.spec.template.metadata, previous, desired);
  const record = ephemeralRecord(desired);
  const recordChanged = (rs.metadata.annotations?.[ANNOTATIONS.ephemeralMetadata] ?? null) !== record;
  // Template and record already as wanted.
  if (!templateMetadata && !recordChanged) return;
  const annotations = { [ANNOTATIONS.ephemeralMetadata]: record };
  ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', templateMetadata, metadata: recordChanged ? { annotations } : undefined });
  replaceReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: mergeAnnotations(rs.metadata.annotations, annotations) } });
}

function syncPods(ctx: PlanContext, rs: ReplicaSet, previous: PodTemplateMetadata, desired: PodTemplateMetadata | undefined): void {
  for (const pod of podsOf(ctx, rs)) {
    const patch = metadataPatch(pod.metadata, previous, desired);
    if (patch) ctx.actions.push({ kind: 'patchPodMetadata', name: pod.metadata.name ?? '', metadata: patch });
  }
}

function syncReplicaSet(ctx: PlanContext, rs: ReplicaSet | undefined, desired: PodTemplateMetadata | undefined): void {
  // The ReplicaSet this plan creates is created with its metadata already (planNewReplicaSet).
  if (!rs || ctx.creating?.metadata.name === rs.metadata.name) return;
  const previous = appliedMetadata(rs);
  syncTemplate(ctx, rs, previous, desired);
  // A ReplicaSet scaled to zero has no pods to update.
  if (rs.spec.replicas === 0) return;
  syncPods(ctx, rs, previous, desired);
}

/** The canary-role and stable-role metadata of the rollout's strategy. */
export function ephemeralMetadataOf(ctx: PlanContext): { canary?: PodTemplateMetadata; stable?: PodTemplateMetadata } {
  const { canary, blueGreen } = ctx.rollout.spec.strategy ?? {};
  if (canary) return { canary: canary.canaryMetadata, stable: canary.stableMetadata };
  return { canary: blueGreen?.previewMetadata, stable: blueGreen?.activeMetadata };
}

/**
 * Fully rolled out (no stable yet, or the new ReplicaSet is the stable one): the new ReplicaSet gets
 * the stable metadata. During an update: the new one gets the canary metadata and the stable one
 * the stable metadata. Every other ReplicaSet loses what it was given.
 */
export function reconcileEphemeralMetadata(ctx: PlanContext): void {
  const meta = ephemeralMetadataOf(ctx);
  // Nothing configured: nothing to add, and nothing of ours to remove.
  if (!meta.canary && !meta.stable) return;
  const { newRS, stableRS, other } = ctx.roles;
  const stableHash = ctx.rollout.status?.stableRS ?? '';
  if (stableHash === '' || stableHash === ctx.currentHash) {
    syncReplicaSet(ctx, newRS, meta.stable);
  } else {
    syncReplicaSet(ctx, newRS, meta.canary);
    syncReplicaSet(ctx, stableRS, meta.stable);
  }
  for (const rs of other) syncReplicaSet(ctx, rs, undefined);
}
