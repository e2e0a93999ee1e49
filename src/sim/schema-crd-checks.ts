// The handful of CustomResourceDefinition checks the simulator needs to refuse a broken CRD with 422.
import { isDns1035Label, isDns1123Subdomain } from './dns-names.js';
import { isJsonObject, stringOr, type JsonObject, type JsonValue } from './json.js';
import { fieldError, type FieldError } from './schema-types.js';

function asObject(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

function crdNameErrors(crd: JsonObject, spec: JsonObject): FieldError[] {
  const name = stringOr(asObject(crd.metadata).name);
  if (name === '') return [fieldError('Required', 'metadata.name', undefined, 'name or generateName is required')];
  const msgs = isDns1123Subdomain(name);
  if (name !== `${stringOr(asObject(spec.names).plural)}.${stringOr(spec.group)}`) msgs.push('must be spec.names.plural+"."+spec.group');
  return msgs.map((m) => fieldError('Invalid', 'metadata.name', name, m));
}

function groupAndScopeErrors(spec: JsonObject): FieldError[] {
  const group = stringOr(spec.group);
  const errors: FieldError[] = [];
  const groupErrs = isDns1123Subdomain(group);
  if (group === '') errors.push(fieldError('Required', 'spec.group', undefined, ''));
  else if (groupErrs.length > 0) errors.push(fieldError('Invalid', 'spec.group', group, groupErrs.join(',')));
  else if (!group.includes('.')) errors.push(fieldError('Invalid', 'spec.group', group, 'should be a domain with at least one dot'));
  const scope = stringOr(spec.scope);
  if (scope === '') errors.push(fieldError('Required', 'spec.scope', undefined, ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    errors.push(fieldError('Unsupported', 'spec.scope', scope, 'supported values: "Cluster", "Namespaced"'));
  }
  return errors;
}

function rootTypeErrors(schema: JsonObject, index: number): FieldError[] {
  const typePath = `spec.versions[${index}].schema.openAPIV3Schema.type`;
  if (schema.type === undefined || schema.type === '') {
    return [fieldError('Required', typePath, undefined, 'must not be empty at the root')];
  }
  return schema.type === 'object' ? [] : [fieldError('Invalid', typePath, schema.type, 'must be object at the root')];
}

function versionsErrors(versions: JsonObject[]): FieldError[] {
  const errors: FieldError[] = [];
  const names = versions.map((v) => stringOr(v.name));
  const hasSchema = versions.map((v) => isJsonObject(asObject(v.schema).openAPIV3Schema));
  hasSchema.forEach((present, i) => {
    if (!present) errors.push(fieldError('Required', `spec.versions[${i}].schema.openAPIV3Schema`, undefined, 'schemas are required'));
  });
  versions.forEach((version, i) => {
    const nameErrs = isDns1035Label(names[i]);
    if (nameErrs.length > 0) errors.push(fieldError('Invalid', `spec.versions[${i}].name`, names[i], nameErrs.join(',')));
    if (hasSchema[i]) errors.push(...rootTypeErrors(asObject(asObject(version.schema).openAPIV3Schema), i));
  });
  // kube-apiserver prints the whole internal versions slice with %#v here; the simulator leaves it out.
  if (new Set(names).size < names.length) {
    errors.push(fieldError('Invalid', 'spec.versions', undefined, 'must contain unique version names'));
  }
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errors.push(fieldError('Invalid', 'spec.versions', undefined, 'must have exactly one version marked as storage version'));
  }
  return errors;
}

function kindLikeErrors(field: string, value: string): FieldError[] {
  const errs = isDns1035Label(value.toLowerCase());
  if (value === '' || errs.length === 0) return [];
  return [fieldError('Invalid', field, value, `may have mixed case, but should otherwise match: ${errs.join(',')}`)];
}

function nameFormatErrors(field: string, value: string): FieldError[] {
  const errs = value === '' ? [] : isDns1035Label(value);
  return errs.length === 0 ? [] : [fieldError('Invalid', field, value, errs.join(','))];
}

function namesErrors(names: JsonObject): FieldError[] {
  const plural = stringOr(names.plural);
  const kind = stringOr(names.kind);
  // v1 defaulting fills singular and listKind from kind before validation runs.
  const singular = stringOr(names.singular) || kind.toLowerCase();
  const listKind = stringOr(names.listKind) || (kind === '' ? '' : `${kind}List`);
  const required: Array<[string, string]> = [['plural', plural], ['singular', singular], ['kind', kind], ['listKind', listKind]];
  const errors = required
    .filter(([, value]) => value === '')
    .map(([field]) => fieldError('Required', `spec.names.${field}`, undefined, ''));
  errors.push(...nameFormatErrors('spec.names.plural', plural), ...nameFormatErrors('spec.names.singular', singular));
  errors.push(...kindLikeErrors('spec.names.kind', kind), ...kindLikeErrors('spec.names.listKind', listKind));
  if (kind !== '' && kind === listKind) {
    errors.push(fieldError('Invalid', 'spec.names.listKind', listKind, 'kind and listKind may not be the same'));
  }
  return errors;
}

/** The subset of kube-apiserver's CustomResourceDefinition validation the simulator enforces, in its order. */
export function validateCrdDefinition(crd: JsonObject): FieldError[] {
  const spec = asObject(crd.spec);
  const versions = Array.isArray(spec.versions) ? spec.versions.map(asObject) : [];
  return [
    ...crdNameErrors(crd, spec),
    ...groupAndScopeErrors(spec),
    ...versionsErrors(versions),
    ...namesErrors(asObject(spec.names)),
  ];
}
