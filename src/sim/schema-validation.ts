// Custom resources checked against their CRD's structural schema the way kube-apiserver 1.32 does:
// prune unknown fields, prune non-nullable nulls, default, then validate with kube-openapi's rules,
// reporting in the exact words of field.Error so kubectl users see what a real cluster prints.
import { cloneJson } from './json.js';
import type { JsonObject } from './json.js';
import { applyDefaults } from './schema-defaults.js';
import { embeddedErrors, listObjectErrors } from './schema-list-types.js';
import { validateNode } from './schema-openapi-validator.js';
import { pruneNonNullableNulls, pruneUnknownFields } from './schema-pruning.js';
import type { FieldError, FieldValidation, PreparedObject, StructuralSchema } from './schema-types.js';

export type { FieldError, FieldValidation, PreparedObject, StructuralSchema } from './schema-types.js';
export {
  formatFieldError,
  formatFieldErrorBody,
  formatInvalidMessage,
  formatUnknownFieldWarnings,
  formatUnknownFieldsMessage,
} from './schema-messages.js';
export { validateCrdDefinition } from './schema-crd-checks.js';

/** Prunes (unless Strict), defaults and validates a copy of a custom resource in kube-apiserver's order. */
export function prepareCustomObject(
  obj: JsonObject,
  schema: StructuralSchema,
  options: { fieldValidation: FieldValidation },
): PreparedObject {
  const object = cloneJson(obj);
  // Under Strict the caller answers 400 with these paths, so nothing needs pruning.
  const detected = pruneUnknownFields(object, schema, options.fieldValidation !== 'Strict');
  // kube-apiserver only tracks unknown paths when someone will read them (Warn's warnings, Strict's 400).
  const unknownFields = options.fieldValidation === 'Ignore' ? [] : detected;
  pruneNonNullableNulls(object, schema);
  applyDefaults(object, schema);
  return { object, errors: validateCustomObject(object, schema), unknownFields };
}

/** The schema, embedded-resource and list-type errors of an already pruned and defaulted custom resource. */
export function validateCustomObject(obj: JsonObject, schema: StructuralSchema): FieldError[] {
  return [
    ...validateNode(obj, schema, '').errors,
    ...embeddedErrors(obj, schema, ''),
    ...listObjectErrors(obj, schema, ''),
  ];
}
