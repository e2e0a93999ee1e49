import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import { normalizePodTemplate } from '../../api/pod-template-defaults.js';
import type { ReplicaSet } from '../../api/kube-types.js';
import type { Rollout } from '../../api/types.js';

/** The rollouts-pod-template-hash of a ReplicaSet ('' when unlabelled). */
export function podHashOf(rs: ReplicaSet | undefined): string {
  return rs?.metadata.labels?.[LABELS.podTemplateHash] ?? '';
}

/** The revision annotation of a ReplicaSet as a number (0 when absent or unreadable). */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } } | undefined): number {
  const n = Number.parseInt(obj?.metadata?.annotations?.[ANNOTATIONS.revision] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/** The highest revision among ReplicaSets (0 for none). */
export function maxRevision(sets: readonly ReplicaSet[]): number {
  return sets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** How a rollout's ReplicaSets divide: the one for the current template, the stable one, and the rest. */
export interface ReplicaSetRoles {
  all: ReplicaSet[];
  newRS?: ReplicaSet;
  stableRS?: ReplicaSet;
  /** Every ReplicaSet but the new one. */
  older: ReplicaSet[];
  /** Every ReplicaSet but the new and the stable one. */
  other: ReplicaSet[];
}

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  return ta === tb ? (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '') : ta.localeCompare(tb);
}

/**
 * Sorts a rollout's live ReplicaSets into roles. The new ReplicaSet is the one labelled with the
 * current template's hash; the stable one is named by status.stableRS (it may be the new one).
 */
export function replicaSetRoles(rollout: Rollout, sets: readonly ReplicaSet[], currentHash: string): ReplicaSetRoles {
  const all = sets.filter((rs) => !rs.metadata.deletionTimestamp).sort(byCreation);
  const newRS = all.find((rs) => podHashOf(rs) === currentHash) ?? findByTemplate(rollout, all);
  const stableHash = rollout.status?.stableRS ?? '';
  const stableRS = stableHash === '' ? undefined : all.find((rs) => podHashOf(rs) === stableHash);
  const older = all.filter((rs) => rs !== newRS);
  const other = older.filter((rs) => rs !== stableRS);
  return { all, newRS, stableRS, older, other };
}

// Labels the controller adds to a ReplicaSet's template that are not in the Rollout's template.
function addedLabels(rollout: Rollout): string[] {
  const s = rollout.spec.strategy;
  const metas = [s?.canary?.canaryMetadata, s?.canary?.stableMetadata, s?.blueGreen?.previewMetadata, s?.blueGreen?.activeMetadata];
  return [LABELS.podTemplateHash, ...metas.flatMap((m) => Object.keys(m?.labels ?? {}))];
}

/**
 * The ReplicaSet running the rollout's template though labelled with another hash: a template copied
 * back from a ReplicaSet (undo) carries the API server's defaults, so its hash differs, but after
 * defaulting both sides they are the same template (Argo's PodTemplateEqualIgnoreHash fallback).
 */
function findByTemplate(rollout: Rollout, sets: readonly ReplicaSet[]): ReplicaSet | undefined {
  const drop = addedLabels(rollout);
  const wanted = normalizePodTemplate(rollout.spec.template, drop);
  return sets.find((rs) => normalizePodTemplate(rs.spec.template, drop) === wanted);
}
