import type { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';
import { patchRolloutStatus, type OpResult, type RolloutRef } from './rollout-ref.js';

/** The patch `abort` sends (merge, status subresource). */
export const ABORT_PATCH = { status: { abort: true } } as const;

/**
 * `abort`: sets status.abort, which sends all traffic back to the stable ReplicaSet and scales the
 * canary down. spec.template still holds the new version: retry (or a new template) moves on again.
 */
export async function abort(client: KubeClient, ref: RolloutRef, _options: Record<string, never> = {}, _now?: DateTime): Promise<OpResult> {
  const rollout = await patchRolloutStatus(client, ref, ABORT_PATCH);
  return { message: `rollout '${ref.name}' aborted`, rollout };
}
