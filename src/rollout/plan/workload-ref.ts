// workloadRef: a Rollout that takes its pod template (and selector) from an existing Deployment, so a
// team can migrate without touching the Deployment. Argo resolves the template into the Rollout's spec
// before reconciling; so does this, purely, from the Deployment in the snapshot.
import { invalid, goString, type SpecError } from '../../api/field-error.js';
import type { Deployment } from '../../api/kube-types.js';
import type { Rollout } from '../../api/types.js';
import type { PlanContext } from './plan-context.js';

/** The Rollout with the Deployment's template and selector filled in, or the error explaining why not. */
export function resolveWorkloadRef(rollout: Rollout, deployment: Deployment | undefined): { rollout: Rollout } | { error: SpecError } {
  const ref = rollout.spec.workloadRef;
  if (!ref) return { rollout };
  const error = workloadRefError(rollout, deployment);
  if (error || !deployment) return { error: error ?? invalid('spec.workloadRef', goString(ref.name ?? ''), 'not found') };
  const spec = { ...rollout.spec, template: deployment.spec.template, selector: rollout.spec.selector ?? deployment.spec.selector };
  return { rollout: { ...rollout, spec } };
}

// Only apps/v1 Deployments are followed; the Rollout must not also carry a template; the Deployment must exist.
function workloadRefError(rollout: Rollout, deployment: Deployment | undefined): SpecError | undefined {
  const ref = rollout.spec.workloadRef ?? {};
  const field = 'spec.workloadRef';
  const apiVersion = ref.apiVersion ?? 'apps/v1';
  if (ref.kind !== 'Deployment' || apiVersion !== 'apps/v1') return invalid(field, goString(`${apiVersion}/${ref.kind ?? ''}`), 'workloadRef only supports apps/v1 Deployments');
  if (hasTemplate(rollout)) return invalid('spec.template', goString('non-empty'), 'template must be empty for workload reference rollout');
  const name = ref.name ?? '';
  return deployment ? undefined : invalid(field, goString(name), `deployments.apps "${name}" not found`);
}

function hasTemplate(rollout: Rollout): boolean {
  const t = rollout.spec.template;
  return !!t && ((t.spec?.containers?.length ?? 0) > 0 || Object.keys(t.metadata?.labels ?? {}).length > 0);
}

/**
 * How many replicas the referenced Deployment should keep (undefined: leave it). `onsuccess` scales it
 * to zero once the Rollout has been Healthy at its first revision; `progressively` hands pods over as
 * the Rollout's become ready (replicas − readyReplicas), then zero once Healthy; `never` leaves it.
 * E.g. progressively, 6 replicas and 4 ready → the Deployment keeps 2.
 */
export function desiredWorkloadReplicas(rollout: Rollout, revision: number, deployment: Deployment | undefined): number | undefined {
  const mode = scaleDownMode(rollout);
  // Only the migration revision hands over from the Deployment, and only when asked to.
  if (!deployment || revision !== 1 || mode === undefined) return undefined;
  if (rollout.status?.phase === 'Healthy') return 0;
  if (mode === 'onsuccess') return undefined;
  const ready = rollout.status?.readyReplicas ?? 0;
  return Math.max(0, (rollout.spec.replicas ?? 1) - ready);
}

function scaleDownMode(rollout: Rollout): 'onsuccess' | 'progressively' | undefined {
  const mode = rollout.spec.workloadRef?.scaleDown;
  return mode === 'onsuccess' || mode === 'progressively' ? mode : undefined;
}

/** Scales the referenced Deployment down as workloadRef.scaleDown asks, one write when it changes. */
export function reconcileWorkload(ctx: PlanContext): void {
  const desired = desiredWorkloadReplicas(ctx.rollout, ctx.revision, ctx.workload);
  const deployment = ctx.workload;
  // Nothing asked, or already there.
  if (desired === undefined || !deployment || (deployment.spec.replicas ?? 1) === desired) return;
  ctx.actions.push({ kind: 'scaleDeployment', name: deployment.metadata.name ?? '', replicas: desired });
  ctx.reasons.push(`scaling Deployment ${deployment.metadata.name ?? ''} to ${desired} (workloadRef.scaleDown ${ctx.rollout.spec.workloadRef?.scaleDown ?? ''})`);
}
