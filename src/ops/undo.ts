import type { DateTime } from 'luxon';
import type { ReplicaSet } from '../api/kube-types.js';
import type { PodTemplateSpec, Rollout } from '../api/types.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { RESOURCES, type ResourceRef } from '../kube/resources.js';
import { messageOf, RolloutsError } from '../shared/errors.js';
import { controlledBy, isDerivative, replicaSetForRevision, selectorString, withoutHashLabel } from './revision-history.js';
import { getRollout, InvalidRequestError, onRollout, type OpResult, type RolloutRef } from './rollout-ref.js';

export interface UndoOptions {
  /** The revision to go back to; 0 or unset: the previous one. */
  toRevision?: number;
}

/** The JSON patch `undo` sends: the pod template of the chosen revision in place of spec.template. */
export function undoPatch(template: PodTemplateSpec): { op: 'replace'; path: '/spec/template'; value: PodTemplateSpec }[] {
  return [{ op: 'replace', path: '/spec/template', value: template }];
}

// Argo restores a workloadRef's template into the referenced object; these kinds have spec.template.
const WORKLOAD_KINDS: Readonly<Record<string, ResourceRef>> = { Deployment: RESOURCES.deployments, ReplicaSet: RESOURCES.replicaSets };

/**
 * `undo`: copies the pod template of the ReplicaSet of a past revision (annotation
 * rollout.argoproj.io/revision; default the previous revision) into spec.template with a JSON
 * patch, as Argo's plugin does, which starts a new update towards that version. Skips the write when
 * the rollout already runs that template.
 */
export async function undo(client: KubeClient, ref: RolloutRef, options: UndoOptions, _now?: DateTime): Promise<OpResult> {
  const toRevision = options.toRevision ?? 0;
  if (!Number.isInteger(toRevision) || toRevision < 0) throw new InvalidRequestError(`invalid revision ${toRevision}: must be a whole number ≥ 0`);
  const rollout = await getRollout(client, ref);
  const sets = await client.list<ReplicaSet & KubeObject>(RESOURCES.replicaSets, ref.namespace, { labelSelector: selectorString(rollout.spec.selector) });
  const { rs, revision } = replicaSetForRevision(controlledBy(sets.items, rollout), ref.name, toRevision);
  const target = withoutHashLabel(rs.spec.template);
  if (rollout.spec.template && isDerivative(withoutHashLabel(rollout.spec.template), target)) {
    return { message: `skipped rollback (current template already matches revision ${revision})`, rollout };
  }
  try {
    return await restoreTemplate(client, ref, rollout, target);
  } catch (err) {
    if (err instanceof InvalidRequestError) throw err;
    // Argo's wording, keeping the cause's code (not found, conflict, unreachable) for callers.
    throw new RolloutsError(err instanceof RolloutsError ? err.code : 'KUBE_REQUEST_FAILED', `failed restoring revision ${revision}: ${messageOf(err)}`, { cause: err });
  }
}

async function restoreTemplate(client: KubeClient, ref: RolloutRef, rollout: Rollout, template: PodTemplateSpec): Promise<OpResult> {
  const message = `rollout '${ref.name}' undo`;
  const workloadRef = rollout.spec.workloadRef;
  if (!workloadRef) {
    const updated = await onRollout(ref, () => client.patch<Rollout & KubeObject>(RESOURCES.rollouts, ref.namespace, ref.name, undoPatch(template), { type: 'json' }));
    return { message, rollout: updated };
  }
  const resource = WORKLOAD_KINDS[workloadRef.kind ?? ''];
  if (!resource) throw new InvalidRequestError(`workload of type ${workloadRef.kind ?? ''} is not supported`);
  const workload = await client.patch(resource, ref.namespace, workloadRef.name ?? '', undoPatch(template), { type: 'json' });
  return { message, rollout, workload };
}
