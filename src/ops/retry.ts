import type { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';
import { patchRolloutStatus, type OpResult, type RolloutRef } from './rollout-ref.js';

/** The patch `retry rollout` sends (merge, status subresource). */
export const RETRY_PATCH = { status: { abort: false } } as const;

/** `retry rollout`: clears status.abort so that an aborted update starts again from the first step. */
export async function retry(client: KubeClient, ref: RolloutRef, _options: Record<string, never> = {}, _now?: DateTime): Promise<OpResult> {
  const rollout = await patchRolloutStatus(client, ref, RETRY_PATCH);
  return { message: `rollout '${ref.name}' retried`, rollout };
}
