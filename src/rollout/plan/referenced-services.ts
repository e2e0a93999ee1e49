// Argo's checks of the services a Rollout names (getReferencedServices, ValidateService): each must
// exist, select only labels of the Rollout's template (besides the pod-template hash), and not be
// managed by another Rollout. A problem here is an InvalidSpec like any spec error.
import { goString, invalid, type SpecError } from '../../api/field-error.js';
import type { Service } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { Rollout } from '../../api/types.js';

interface ServiceRef {
  field: string;
  name: string;
}

// In Argo's order: blue-green active then preview; canary stable then canary.
function serviceRefs(rollout: Rollout): ServiceRef[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const refs: [string, string | undefined][] = blueGreen
    ? [['spec.strategy.blueGreen.activeService', blueGreen.activeService], ['spec.strategy.blueGreen.previewService', blueGreen.previewService]]
    : [['spec.strategy.canary.stableService', canary?.stableService], ['spec.strategy.canary.canaryService', canary?.canaryService]];
  return refs.flatMap(([field, name]) => (name ? [{ field, name }] : []));
}

// A selector label the template lacks would leave the service selecting no pod (checked in key order).
function unmatchedLabel(service: Service, rollout: Rollout): string | undefined {
  const templateLabels = rollout.spec.template?.metadata?.labels ?? {};
  const selector = service.spec?.selector ?? {};
  return Object.keys(selector)
    .sort()
    .find((key) => key !== LABELS.podTemplateHash && templateLabels[key] !== selector[key]);
}

function serviceErrors(ref: ServiceRef, service: Service, rollout: Rollout): SpecError[] {
  const errors: SpecError[] = [];
  const label = unmatchedLabel(service, rollout);
  if (label !== undefined) errors.push(invalid(ref.field, goString(ref.name), `Service "${ref.name}" has unmatch label "${label}" in rollout`));
  const manager = service.metadata.annotations?.[ANNOTATIONS.managedBy];
  if (manager !== undefined && manager !== rollout.metadata?.name) errors.push(invalid(ref.field, goString(ref.name), `Service "${ref.name}" is managed by another Rollout`));
  return errors;
}

/**
 * The problems with the services a Rollout names, in Argo's order: a missing service first (Argo
 * stops at the first one it cannot get), then each service's own problems.
 * E.g. `spec.strategy.canary.stableService: Invalid value: "web": service "web" not found`.
 */
export function referencedServiceErrors(rollout: Rollout, services: ReadonlyMap<string, Service>): SpecError[] {
  const refs = serviceRefs(rollout);
  const missing = refs.find((ref) => !services.has(ref.name));
  if (missing) return [invalid(missing.field, goString(missing.name), `service "${missing.name}" not found`)];
  return refs.flatMap((ref) => serviceErrors(ref, services.get(ref.name) as Service, rollout));
}
