import { isJsonObject, jsonEqual, objectAt, str, type JsonObject, type JsonValue } from './json.js';
import { labelNameError, subdomainError } from './names.js';
import { matchesLabelSelectorObject } from './selectors.js';
import type { FieldError } from './schema-validation.js';

// Kinds whose names must be DNS-1123 labels (they become DNS names themselves).
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/** The name check kube-apiserver applies to every object of a kind. */
export function validateName(kind: string, name: string): FieldError[] {
  const error = LABEL_NAMED.has(kind) ? labelNameError(name) : subdomainError(name);
  return error ? [{ type: 'Invalid', field: 'metadata.name', value: name, detail: error }] : [];
}

function goMap(labels: JsonValue | undefined): string {
  const entries = isJsonObject(labels) ? Object.entries(labels) : [];
  return `map[string]string{${entries.map(([k, v]) => `"${k}":"${str(v)}"`).join(', ')}}`;
}

function validateContainers(containers: JsonValue | undefined, field: string): FieldError[] {
  if (!Array.isArray(containers) || containers.length === 0) return [{ type: 'Required', field, detail: '' }];
  const errors: FieldError[] = [];
  containers.forEach((c, i) => {
    const entry = isJsonObject(c) ? c : {};
    if (typeof entry.name !== 'string' || entry.name === '') errors.push({ type: 'Required', field: `${field}[${i}].name`, detail: '' });
    if (typeof entry.image !== 'string' || entry.image === '') errors.push({ type: 'Required', field: `${field}[${i}].image`, detail: '' });
  });
  return errors;
}

// A workload whose selector does not select its own pods would fight itself forever.
function validateWorkload(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec');
  const template = objectAt(spec, 'template');
  const labels = objectAt(template, 'metadata').labels;
  const errors: FieldError[] = [];
  if (!isJsonObject(spec.selector)) errors.push({ type: 'Required', field: 'spec.selector', detail: '' });
  else if (!matchesLabelSelectorObject(spec.selector, isJsonObject(labels) ? (labels as Record<string, string>) : {})) {
    errors.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: goMap(labels), detail: '`selector` does not match template `labels`' });
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    errors.push({ type: 'Invalid', field: 'spec.replicas', value: spec.replicas, detail: 'must be greater than or equal to 0' });
  }
  if (old && !jsonEqual(objectAt(old, 'spec').selector, spec.selector)) {
    errors.push({ type: 'Invalid', field: 'spec.selector', value: JSON.stringify(spec.selector ?? null), detail: 'field is immutable' });
  }
  return [...errors, ...validateContainers(objectAt(template, 'spec').containers, 'spec.template.spec.containers')];
}

function validateService(obj: JsonObject): FieldError[] {
  const spec = objectAt(obj, 'spec');
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const errors: FieldError[] = [];
  ports.forEach((p, i) => {
    const port = isJsonObject(p) ? p.port : undefined;
    if (typeof port !== 'number') errors.push({ type: 'Required', field: `spec.ports[${i}].port`, detail: '' });
  });
  if (ports.length === 0 && spec.clusterIP !== 'None' && spec.type !== 'ExternalName') errors.push({ type: 'Required', field: 'spec.ports', detail: '' });
  return errors;
}

// kube-apiserver's ValidateLeaseSpec: a duration, when set, is positive; the transition count is not negative.
function validateLease(obj: JsonObject): FieldError[] {
  const spec = objectAt(obj, 'spec');
  const errors: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) errors.push({ type: 'Invalid', field: 'spec.leaseDurationSeconds', value: duration, detail: 'must be greater than 0' });
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) errors.push({ type: 'Invalid', field: 'spec.leaseTransitions', value: transitions, detail: 'must be greater than or equal to 0' });
  return errors;
}

/** The subset of kube-apiserver's built-in validation that users hit in practice. */
export function validateBuiltin(kind: string, obj: JsonObject, old?: JsonObject): FieldError[] {
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
      return validateWorkload(obj, old);
    case 'Pod':
      return validateContainers(objectAt(obj, 'spec').containers, 'spec.containers');
    case 'Job':
      return validateContainers(objectAt(objectAt(objectAt(obj, 'spec'), 'template'), 'spec').containers, 'spec.template.spec.containers');
    case 'Service':
      return validateService(obj);
    case 'Lease':
      return validateLease(obj);
    default:
      return [];
  }
}
