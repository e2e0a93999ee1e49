// What every operation shares: how a rollout is named, what an operation returns, and how a missing
// rollout is reported (the same words whichever call found it missing).
import type { Rollout } from '../api/types.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { isNotFound } from '../kube/kube-errors.js';
import { rolloutNotFoundError } from '../kube/load-rollout-tree.js';
import { RESOURCES } from '../kube/resources.js';
import { RolloutsError } from '../shared/errors.js';

/** A rollout by namespace and name. */
export interface RolloutRef {
  namespace: string;
  name: string;
}

/** What an operation did: the line the CLI prints (Argo's words) and the rollout as the API returned it. */
export interface OpResult {
  message: string;
  rollout: Rollout;
  /** The workload that was changed instead of the rollout (spec.workloadRef), if any. */
  workload?: KubeObject;
}

/** A request that cannot apply to this rollout (a container it does not have, a revision it never had). */
export class InvalidRequestError extends RolloutsError {
  constructor(message: string) {
    super('ROLLOUT_INVALID_SPEC', message);
    this.name = 'InvalidRequestError';
  }
}

/** The error for a rollout that does not exist, e.g. rollouts.argoproj.io "checkout" not found. */
export const rolloutNotFound = rolloutNotFoundError;

/** Runs a call on the rollout itself, reporting a 404 as the rollout being missing. */
export async function onRollout<T>(ref: RolloutRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw isNotFound(err) ? rolloutNotFound(ref, err) : err;
  }
}

/** Reads the rollout. */
export function getRollout(client: KubeClient, ref: RolloutRef): Promise<Rollout> {
  return onRollout(ref, () => client.get<Rollout & KubeObject>(RESOURCES.rollouts, ref.namespace, ref.name));
}

/** Merge-patches the rollout (its spec and metadata; status is ignored there when it is a subresource). */
export function patchRollout(client: KubeClient, ref: RolloutRef, patch: unknown): Promise<Rollout> {
  return onRollout(ref, () => client.patch<Rollout & KubeObject>(RESOURCES.rollouts, ref.namespace, ref.name, patch, { type: 'merge' }));
}

/**
 * Merge-patches the rollout's status subresource, as Argo's plugin does; undefined on a 404, which
 * means the CRD has no status subresource (Argo before 0.10) — or the rollout is gone, which the
 * caller's next call on the rollout itself reports.
 */
export async function patchStatusSubresource(client: KubeClient, ref: RolloutRef, patch: unknown): Promise<Rollout | undefined> {
  try {
    return await client.patch<Rollout & KubeObject>(RESOURCES.rollouts, ref.namespace, ref.name, patch, { type: 'merge', subresource: 'status' });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A status change: to the status subresource, else (no subresource) to the rollout itself, as Argo's plugin does. */
export async function patchRolloutStatus(client: KubeClient, ref: RolloutRef, patch: unknown): Promise<Rollout> {
  return (await patchStatusSubresource(client, ref, patch)) ?? patchRollout(client, ref, patch);
}
