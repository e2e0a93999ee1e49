// Finding the ReplicaSet of a rollout revision and comparing pod templates, for `undo`.
import type { ReplicaSet } from '../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../api/labels.js';
import type { LabelSelector, PodTemplateSpec, Rollout } from '../api/types.js';
import { InvalidRequestError } from './rollout-ref.js';

/**
 * A label selector in the API's string form: "app=checkout,tier in (web,api),!legacy".
 * An empty selector is "" (everything), as Kubernetes reads it.
 */
export function selectorString(selector: LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) => {
    const values = `(${[...(e.values ?? [])].sort().join(',')})`;
    if (e.operator === 'In') return `${e.key} in ${values}`;
    if (e.operator === 'NotIn') return `${e.key} notin ${values}`;
    return e.operator === 'Exists' ? e.key : `!${e.key}`;
  });
  return [...labels, ...expressions].join(',');
}

/** The ReplicaSets whose controller is the rollout (owner reference with controller: true and its uid). */
export function controlledBy(sets: readonly ReplicaSet[], rollout: Rollout): ReplicaSet[] {
  const uid = rollout.metadata?.uid;
  return sets.filter((rs) => (rs.metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid));
}

// Argo reads a missing annotation as revision 0 and skips a ReplicaSet whose annotation is not a number.
function revisionOf(rs: ReplicaSet): number | undefined {
  const text = rs.metadata.annotations?.[ANNOTATIONS.revision];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

/**
 * The ReplicaSet to roll back to: the one of revision `toRevision`, or with 0 the second newest
 * revision (the one before the current). E.g. revisions 3, 4, 5 → undo picks 4; --to-revision 3 picks 3.
 */
export function replicaSetForRevision(sets: readonly ReplicaSet[], rolloutName: string, toRevision: number): { rs: ReplicaSet; revision: number } {
  const known = sets.flatMap((rs) => {
    const revision = revisionOf(rs);
    return revision === undefined ? [] : [{ rs, revision }];
  });
  if (toRevision > 0) {
    const match = known.find((k) => k.revision === toRevision);
    if (!match) throw new InvalidRequestError(`unable to find specified revision ${toRevision} in history`);
    return match;
  }
  const previous = [...known].sort((a, b) => b.revision - a.revision)[1];
  if (!previous) throw new InvalidRequestError(`no revision found for rollout "${rolloutName}"`);
  return previous;
}

/** A copy of a pod template without the rollouts-pod-template-hash label (which only ReplicaSets carry). */
export function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[LABELS.podTemplateHash];
  return copy;
}

/**
 * Kubernetes' semantic DeepDerivative: whether `a` says nothing that `b` contradicts. Unset, empty
 * and null values in `a` match anything; objects compare the keys `a` has; arrays compare `a`'s
 * elements with b's at the same positions. E.g. {image: "x"} derives from {image: "x", ports: []}.
 */
export function isDerivative(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || a === '') return true;
  if (Array.isArray(a)) return a.length === 0 || (Array.isArray(b) && a.length <= b.length && a.every((v, i) => isDerivative(v, b[i])));
  if (typeof a === 'object') return objectDerives(a as Record<string, unknown>, b);
  return a === b;
}

function objectDerives(a: Record<string, unknown>, b: unknown): boolean {
  const keys = Object.keys(a);
  if (keys.length === 0) return true;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const other = b as Record<string, unknown>;
  return keys.every((k) => (k in other ? isDerivative(a[k], other[k]) : isUnset(a[k])));
}

// A key b lacks matches only when a's value is unset there too (Go compares it with an invalid value).
function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}
