import type { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';
import { promotePatches, type PromoteOptions } from './promote-patches.js';
import { getRollout, patchRollout, patchStatusSubresource, type OpResult, type RolloutRef } from './rollout-ref.js';

export type { PromoteOptions } from './promote-patches.js';

/**
 * `promote`: reads the rollout, then sends Argo's patches — the status part to the status
 * subresource first, then the spec part (spec.paused=false) to the rollout. Sends nothing when there
 * is nothing to leave (a healthy rollout), and still reports it promoted, as Argo does.
 */
export async function promote(client: KubeClient, ref: RolloutRef, options: PromoteOptions, _now?: DateTime): Promise<OpResult> {
  let rollout = await getRollout(client, ref);
  const patches = promotePatches(rollout, options);
  let spec = patches.spec;
  if (patches.status) {
    const patched = await patchStatusSubresource(client, ref, patches.status);
    // Without a status subresource the unified patch carries status and spec together.
    if (patched) rollout = patched;
    else spec = patches.unified;
  }
  if (spec) rollout = await patchRollout(client, ref, spec);
  return { message: `rollout '${ref.name}' ${options.full ? 'fully promoted' : 'promoted'}`, rollout };
}
