import type { DateTime } from 'luxon';
import type { Rollout } from '../api/types.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { isConflict } from '../kube/kube-errors.js';
import { RESOURCES } from '../kube/resources.js';
import { getRollout, InvalidRequestError, onRollout, type OpResult, type RolloutRef } from './rollout-ref.js';

export interface SetImageOptions {
  /** A container name (init and ephemeral containers included), or "*" for every container. */
  container: string;
  image: string;
}

// Argo retries a write that lost a race with the controller this many times.
const MAX_ATTEMPTS = 5;

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * A copy of `object` with the image of the named container(s) in spec.template.spec replaced, or
 * undefined when no container has that name. "*" matches every container of every list.
 */
export function withImage<T extends KubeObject>(object: T, options: SetImageOptions): T | undefined {
  const copy = structuredClone(object);
  const podSpec = podSpecOf(copy);
  let found = false;
  for (const list of CONTAINER_LISTS) {
    for (const c of containersIn(podSpec?.[list])) {
      if (options.container !== '*' && c.name !== options.container) continue;
      c.image = options.image;
      found = true;
    }
  }
  return found ? copy : undefined;
}

function podSpecOf(obj: KubeObject): Record<string, unknown> | undefined {
  const spec = obj.spec as { template?: { spec?: Record<string, unknown> } } | undefined;
  return spec?.template?.spec;
}

function containersIn(list: unknown): { name?: unknown; image?: unknown }[] {
  return Array.isArray(list) ? (list as { name?: unknown; image?: unknown }[]) : [];
}

/**
 * `set image`: as Argo's plugin, reads the object, changes the image and writes the whole object
 * back (PUT, so its resourceVersion guards against lost updates), retrying up to 5 times on 409.
 * A rollout with spec.workloadRef gets its Deployment updated instead.
 */
export async function setImage(client: KubeClient, ref: RolloutRef, options: SetImageOptions, _now?: DateTime): Promise<OpResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setImageOnce(client, ref, options);
    } catch (err) {
      if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

async function setImageOnce(client: KubeClient, ref: RolloutRef, options: SetImageOptions): Promise<OpResult> {
  const rollout = await getRollout(client, ref);
  const workloadName = rollout.spec.workloadRef?.name;
  if (rollout.spec.workloadRef && typeof workloadName !== 'string') throw new InvalidRequestError(`spec.workloadRef.name is not a string: ${String(workloadName)}`);
  if (workloadName !== undefined) {
    const deployment = await client.get<KubeObject>(RESOURCES.deployments, ref.namespace, workloadName);
    const workload = await client.replace(RESOURCES.deployments, ref.namespace, workloadName, changed(deployment, options));
    return { message: `deployment "${workloadName}" image updated`, rollout, workload };
  }
  const updated = await onRollout(ref, () => client.replace<Rollout & KubeObject>(RESOURCES.rollouts, ref.namespace, ref.name, changed(rollout as Rollout & KubeObject, options)));
  return { message: `rollout "${ref.name}" image updated`, rollout: updated };
}

function changed<T extends KubeObject>(object: T, options: SetImageOptions): T {
  const updated = withImage(object, options);
  if (!updated) throw new InvalidRequestError(`unable to find container named "${options.container}"`);
  return updated;
}
