import type { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';
import { patchRollout, type OpResult, type RolloutRef } from './rollout-ref.js';

/** The patch `pause` sends (merge, on the rollout). */
export const PAUSE_PATCH = { spec: { paused: true } } as const;

/** `pause`: sets spec.paused; the rollout holds where it is until promoted. */
export async function pause(client: KubeClient, ref: RolloutRef, _options: Record<string, never> = {}, _now?: DateTime): Promise<OpResult> {
  const rollout = await patchRollout(client, ref, PAUSE_PATCH);
  return { message: `rollout '${ref.name}' paused`, rollout };
}
