// Semantic validation of a Rollout, with Argo's rules and messages: what the CRD schema cannot say.
// The first error becomes the InvalidSpec condition ("The Rollout "x" is invalid: <error>").
import { pauseDurationSeconds } from './duration.js';
import type { Rollout } from './types.js';
import type { CanaryStep } from './schema/canary-step.js';
import type { CanaryStrategy } from './schema/canary-strategy.js';

/** One problem in a spec, rendered the way Kubernetes renders field errors. */
export interface SpecError {
  field: string;
  kind: 'Invalid' | 'Required';
  value?: unknown;
  message: string;
}

/** "spec.x: Invalid value: 3: must be …" / "spec.x: Required value: …" (Kubernetes' field.Error text). */
export function formatSpecError(e: SpecError): string {
  if (e.kind === 'Required') return `${e.field}: Required value${e.message ? `: ${e.message}` : ''}`;
  return `${e.field}: Invalid value: ${renderValue(e.value)}: ${e.message}`;
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

const invalid = (field: string, value: unknown, message: string): SpecError => ({ field, kind: 'Invalid', value, message });
const required = (field: string, message: string): SpecError => ({ field, kind: 'Required', message });

export const MESSAGES = {
  missingField: (f: string): string => `Rollout has missing field '${f}'`,
  setWeight: (max: number): string => `SetWeight needs to be between 0 and ${max}`,
  step: 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause',
  duration: 'Duration needs to be greater than 0',
  maxSurgeMaxUnavailable: 'MaxSurge and MaxUnavailable both can not be zero',
  multipleStrategies: 'Multiple Strategies can not be listed',
  duplicatedServicesCanary: 'This rollout uses the same service for the stable and canary services, but two different services are required.',
  duplicatedServicesBlueGreen: 'This rollout uses the same service for the active and preview services, but two different services are required.',
  trafficRoutingServices: 'Canary service and Stable service must to be set to use Traffic Routing',
  setCanaryScale: 'SetCanaryScale requires TrafficRouting to be set',
  scaleDownDelay: 'Canary scaleDownDelaySeconds can only be used with traffic routing',
  dynamicStableScale: 'Canary dynamicStableScale can only be used with traffic routing',
  selectorMismatch: '`selector` does not match template `labels`',
  emptySelector: 'empty selector is invalid for deployment',
  nonNegative: 'must be greater than or equal to 0',
} as const;

type Labels = Record<string, string>;

function selectorMatches(selector: { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] }, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      default:
        return !has;
    }
  });
}

function nonNegative(field: string, value: number | undefined): SpecError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, MESSAGES.nonNegative)] : [];
}

function validateSelectorAndTemplate(rollout: Rollout): SpecError[] {
  const spec = rollout.spec;
  if (spec.workloadRef) return [];
  const selector = spec.selector;
  if (!selector) return [required('spec.selector', MESSAGES.missingField('.spec.selector'))];
  const size = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
  if (size === 0) return [invalid('spec.selector', selector, MESSAGES.emptySelector)];
  const labels = spec.template?.metadata?.labels ?? {};
  const errors: SpecError[] = [];
  if (!selectorMatches(selector as Parameters<typeof selectorMatches>[0], labels)) errors.push(invalid('spec.template.metadata.labels', labels, MESSAGES.selectorMismatch));
  const containers = spec.template?.spec?.containers ?? [];
  if (containers.length === 0) errors.push(required('spec.template.spec.containers', ''));
  return errors;
}

function validateNumbers(rollout: Rollout): SpecError[] {
  const spec = rollout.spec;
  const deadline = spec.progressDeadlineSeconds ?? 600;
  const errors = [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
    ...nonNegative('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds),
  ];
  if (deadline <= (spec.minReadySeconds ?? 0)) errors.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  return errors;
}

// Argo's check: a percentage counts by its number, so "0%" and 0 are both zero.
function intOrPercentValue(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const n = Number.parseInt(value.replace(/%$/, ''), 10);
  return Number.isNaN(n) ? 0 : n;
}

function validateStep(step: CanaryStep, path: string, canary: CanaryStrategy): SpecError[] {
  const s = step as Record<string, unknown>;
  const set = (k: string): boolean => s[k] !== undefined && s[k] !== null;
  const errors: SpecError[] = [];
  const primary = ['setWeight', 'pause', 'experiment', 'analysis'].filter(set);
  const any = ['setWeight', 'pause', 'experiment', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'].filter(set);
  if (primary.length > 1 || any.length === 0) errors.push(invalid(path, any.join(', ') || '{}', MESSAGES.step));
  if (typeof s.setWeight === 'number' && (s.setWeight < 0 || s.setWeight > 100)) errors.push(invalid(`${path}.setWeight`, s.setWeight, MESSAGES.setWeight(100)));
  if ('pause' in step && step.pause?.duration !== undefined && pauseDurationSeconds(step.pause.duration) < 0) {
    errors.push(invalid(`${path}.pause.duration`, step.pause.duration, MESSAGES.duration));
  }
  if (set('setCanaryScale') && !canary.trafficRouting) errors.push(required('spec.strategy.canary.trafficRouting', MESSAGES.setCanaryScale));
  return errors;
}

function validateCanary(canary: CanaryStrategy): SpecError[] {
  const path = 'spec.strategy.canary';
  const errors: SpecError[] = [];
  if (intOrPercentValue(canary.maxSurge, 25) === 0 && intOrPercentValue(canary.maxUnavailable, 25) === 0) errors.push(invalid(`${path}.maxSurge`, canary.maxSurge ?? 0, MESSAGES.maxSurgeMaxUnavailable));
  if (canary.canaryService && canary.canaryService === canary.stableService) errors.push(invalid(`${path}.stableService`, canary.stableService, MESSAGES.duplicatedServicesCanary));
  if (canary.trafficRouting && !canary.trafficRouting.plugins && !(canary.trafficRouting.istio && canary.trafficRouting.istio.destinationRule)) {
    if (!canary.stableService) errors.push(invalid(`${path}.stableService`, '', MESSAGES.trafficRoutingServices));
    if (!canary.canaryService) errors.push(invalid(`${path}.canaryService`, '', MESSAGES.trafficRoutingServices));
  }
  if (!canary.trafficRouting && canary.scaleDownDelaySeconds !== undefined) errors.push(invalid(`${path}.scaleDownDelaySeconds`, canary.scaleDownDelaySeconds, MESSAGES.scaleDownDelay));
  if (!canary.trafficRouting && canary.dynamicStableScale) errors.push(invalid(`${path}.dynamicStableScale`, true, MESSAGES.dynamicStableScale));
  (canary.steps ?? []).forEach((step, i) => errors.push(...validateStep(step, `${path}.steps[${i}]`, canary)));
  return errors;
}

function validateStrategy(rollout: Rollout): SpecError[] {
  const strategy = rollout.spec.strategy ?? {};
  if (!strategy.canary && !strategy.blueGreen) return [required('spec.strategy', MESSAGES.missingField('.spec.strategy.canary or .spec.strategy.blueGreen'))];
  if (strategy.canary && strategy.blueGreen) return [invalid('spec.strategy', 'blueGreen: true canary: true', MESSAGES.multipleStrategies)];
  if (strategy.blueGreen) {
    const bg = strategy.blueGreen;
    return bg.activeService === bg.previewService ? [invalid('spec.strategy.blueGreen.activeService', bg.activeService, MESSAGES.duplicatedServicesBlueGreen)] : [];
  }
  return strategy.canary ? validateCanary(strategy.canary) : [];
}

/** Every semantic problem of a Rollout's spec, in Argo's order (the first one is reported). */
export function validateRollout(rollout: Rollout): SpecError[] {
  return [...validateNumbers(rollout), ...validateSelectorAndTemplate(rollout), ...validateStrategy(rollout)];
}

/** The InvalidSpec condition message Argo writes for the first error. */
export function invalidSpecMessage(name: string, error: SpecError): string {
  return `The Rollout "${name}" is invalid: ${formatSpecError(error)}`;
}
