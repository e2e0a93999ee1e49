import { ANNOTATIONS, LABELS } from '../../api/labels.js';
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
  const newRS = all.find((rs) => podHashOf(rs) === currentHash);
  const stableHash = rollout.status?.stableRS ?? '';
  const stableRS = stableHash === '' ? undefined : all.find((rs) => podHashOf(rs) === stableHash);
  const older = all.filter((rs) => rs !== newRS);
  const other = older.filter((rs) => rs !== stableRS);
  return { all, newRS, stableRS, older, other };
}
