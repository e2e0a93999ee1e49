// Semantic validation of a Rollout, with Argo's rules, order and messages (ValidateRolloutSpec):
// what the CRD schema cannot say. The first error becomes the InvalidSpec condition
// ("The Rollout "x" is invalid: <error>"), so the order of the rules is part of the contract.
import { formatSpecError, goEmptyLabelSelector, goScalar, goString, goStringMap, invalid, required, type SpecError } from './field-error.js';
import type { LabelSelector, Rollout } from './types.js';
import { validateBlueGreen, validateCanary } from './validate-canary.js';

export { formatSpecError, type SpecError } from './field-error.js';
export { MESSAGES as STRATEGY_MESSAGES } from './validate-canary.js';

export const MESSAGES = {
  missingField: (f: string): string => `Rollout has missing field '${f}'`,
  multipleStrategies: 'Multiple Strategies can not be listed',
  selectorMismatch: '`selector` does not match template `labels`',
  emptySelector: 'empty selector is invalid for deployment',
  nonNegative: 'must be greater than or equal to 0',
  deadlineAfterMinReady: 'must be greater than minReadySeconds',
  containersNotList: 'must be a list of containers',
  containerNotObject: 'must be a container (an object with a name and an image)',
} as const;

const DEFAULT_REVISION_HISTORY_LIMIT = 10;
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

type Labels = Record<string, string>;
type Requirement = { key: string; operator: string; values?: string[] };

// Whether a label set satisfies one matchExpressions requirement.
const REQUIREMENT_MATCHES: Record<string, (has: boolean, value: string | undefined, values: string[]) => boolean> = {
  In: (has, value, values) => has && values.includes(value ?? ''),
  NotIn: (has, value, values) => !has || !values.includes(value ?? ''),
  Exists: (has) => has,
  DoesNotExist: (has) => !has,
};

function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (Object.entries(selector.matchLabels ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  return ((selector.matchExpressions ?? []) as Requirement[]).every((e) => {
    const matches = REQUIREMENT_MATCHES[e.operator] ?? REQUIREMENT_MATCHES.DoesNotExist;
    return matches(Object.hasOwn(labels, e.key), labels[e.key], e.values ?? []);
  });
}

function nonNegative(field: string, value: number): SpecError[] {
  return value < 0 ? [invalid(field, goScalar(value), MESSAGES.nonNegative)] : [];
}

function selectorErrors(selector: LabelSelector | undefined): SpecError[] {
  if (!selector) return [required('spec.selector', MESSAGES.missingField('.spec.selector'))];
  const size = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
  return size === 0 ? [invalid('spec.selector', goEmptyLabelSelector(selector), MESSAGES.emptySelector)] : [];
}

// The selector must select the template's labels; a missing or empty selector is reported as such.
function templateLabelErrors(selector: LabelSelector | undefined, labels: Labels | undefined): SpecError[] {
  if (!selector || selectorErrors(selector).length > 0 || selectorMatches(selector, labels ?? {})) return [];
  return [invalid('spec.template.metadata.labels', goStringMap(labels), MESSAGES.selectorMismatch)];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== '';

// One container: an object with a name and an image (Kubernetes' ValidateContainers, first rules).
function containerErrors(container: unknown, path: string): SpecError[] {
  if (!isObject(container)) return [invalid(path, goString(JSON.stringify(container) ?? ''), MESSAGES.containerNotObject)];
  return (['name', 'image'] as const).filter((field) => !isNonEmptyString(container[field])).map((field) => required(`${path}.${field}`, ''));
}

// The pod template schema keeps unknown fields, so the API server takes any value here; the
// ReplicaSet made from it would be refused every pass and the rollout would never get a status.
// E.g. containers: "nginx" → spec.template.spec.containers: Invalid value: "\"nginx\"": must be a list of containers.
function containersErrors(containers: unknown): SpecError[] {
  const path = 'spec.template.spec.containers';
  if (containers === undefined || containers === null || (Array.isArray(containers) && containers.length === 0)) return [required(path, '')];
  if (!Array.isArray(containers)) return [invalid(path, goString(JSON.stringify(containers)), MESSAGES.containersNotList)];
  return containers.flatMap((c, i) => containerErrors(c, `${path}[${i}]`));
}

// Kubernetes' ValidatePodTemplateSpecForReplicaSet, for the parts a Rollout can get wrong: the
// labels, and at least one container, each with a name and an image.
function templateErrors(rollout: Rollout): SpecError[] {
  const { selector, template } = rollout.spec;
  return [...templateLabelErrors(selector, template?.metadata?.labels), ...containersErrors(template?.spec?.containers)];
}

// A Rollout referring to a Deployment's template (workloadRef) has neither selector nor template of its own.
function selectorAndTemplateErrors(rollout: Rollout): SpecError[] {
  if (rollout.spec.workloadRef) return [];
  return [...selectorErrors(rollout.spec.selector), ...templateErrors(rollout)];
}

function limitErrors(rollout: Rollout): SpecError[] {
  const spec = rollout.spec;
  const deadline = spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const errors = [
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds ?? 0),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT),
    ...nonNegative('spec.progressDeadlineSeconds', deadline),
  ];
  if (deadline <= (spec.minReadySeconds ?? 0)) errors.push(invalid('spec.progressDeadlineSeconds', goScalar(deadline), MESSAGES.deadlineAfterMinReady));
  return errors;
}

// Argo reports these two under spec.strategy.strategy (its parent path is already spec.strategy).
function strategyErrors(rollout: Rollout): SpecError[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (!canary && !blueGreen) return [required('spec.strategy.strategy', MESSAGES.missingField('.spec.strategy.canary or .spec.strategy.blueGreen'))];
  if (canary && blueGreen) return [invalid('spec.strategy.strategy', goString('blueGreen: true canary: true'), MESSAGES.multipleStrategies)];
  if (blueGreen) return validateBlueGreen(blueGreen, rollout.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT);
  return canary ? validateCanary(canary) : [];
}

/**
 * Every semantic problem of a Rollout's spec, in Argo's order (the first one is reported):
 * replicas, selector and template, minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds,
 * then the strategy.
 */
export function validateRollout(rollout: Rollout): SpecError[] {
  return [...nonNegative('spec.replicas', rollout.spec.replicas ?? 1), ...selectorAndTemplateErrors(rollout), ...limitErrors(rollout), ...strategyErrors(rollout)];
}

/** The InvalidSpec condition message Argo writes for the first error. */
export function invalidSpecMessage(name: string, error: SpecError): string {
  return `The Rollout "${name}" is invalid: ${formatSpecError(error)}`;
}
