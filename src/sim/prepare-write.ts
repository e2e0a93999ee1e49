// Defaulting and validation of an object about to be stored, in kube-apiserver's order: built-in
// kinds get their defaults and built-in checks, custom resources their CRD's structural schema.
import { badRequest, invalid, type ApiError } from './api-error.js';
import { applyBuiltinDefaults } from './builtin-defaults.js';
import { validateBuiltin, validateName } from './builtin-validation.js';
import type { JsonObject } from './json.js';
import { nameOf } from './object-meta.js';
import type { ResourceType } from './resource-type.js';
import {
  formatFieldError,
  formatInvalidMessage,
  formatUnknownFieldsMessage,
  prepareCustomObject,
  validateCrdDefinition,
  type FieldError,
  type FieldValidation,
} from './schema-validation.js';

/** The object to store and the warnings to send with the response. */
export interface WriteResult {
  object: JsonObject;
  warnings: string[];
}

/** What preparing a write needs besides the object itself. */
export interface WriteContext {
  /** The stored object an update replaces; undefined on create. */
  old?: JsonObject;
  uid: string;
  fieldValidation?: FieldValidation;
  allocateClusterIP: () => string;
}

/** Defaults and validates `obj` for storage; throws 422 Invalid (or 400 for Strict unknown fields). */
export function prepareWrite(t: ResourceType, obj: JsonObject, ctx: WriteContext): WriteResult {
  const name = nameOf(obj);
  // Names are checked once, on create: an update cannot rename.
  const errors: FieldError[] = ctx.old ? [] : validateName(t.kind, name);
  if (t.builtin) return prepareBuiltin(t, obj, ctx, errors);
  return prepareCustom(t, obj, ctx.fieldValidation, errors);
}

function prepareBuiltin(t: ResourceType, obj: JsonObject, ctx: WriteContext, errors: FieldError[]): WriteResult {
  const object = applyBuiltinDefaults(t.kind, obj, { uid: ctx.uid, allocateClusterIP: ctx.allocateClusterIP });
  errors.push(...validateBuiltin(t.kind, object, ctx.old));
  if (t.kind === 'CustomResourceDefinition') errors.push(...validateCrdDefinition(object));
  if (errors.length > 0) throw invalidObject(t, nameOf(obj), errors);
  return { object, warnings: [] };
}

function prepareCustom(t: ResourceType, obj: JsonObject, fieldValidation: FieldValidation | undefined, errors: FieldError[]): WriteResult {
  if (!t.schema) return { object: obj, warnings: [] };
  const mode = fieldValidation ?? 'Strict';
  const prepared = prepareCustomObject(obj, t.schema, { fieldValidation: mode });
  if (mode === 'Strict' && prepared.unknownFields.length > 0) {
    throw badRequest(formatUnknownFieldsMessage(t.kind, t.version, prepared.unknownFields));
  }
  const all = [...errors, ...prepared.errors];
  if (all.length > 0) throw invalidObject(t, nameOf(obj), all);
  const warnings = mode === 'Warn' ? prepared.unknownFields.map((f) => `unknown field "${f}"`) : [];
  return { object: prepared.object, warnings };
}

/** kube-apiserver's 422 for field errors: `Kind.group "name" is invalid: [...]`, one cause per error. */
export function invalidObject(t: ResourceType, name: string, errors: FieldError[]): ApiError {
  const kindDotGroup = t.group === '' ? t.kind : `${t.kind}.${t.group}`;
  const causes = errors.map((e) => ({ reason: `FieldValue${e.type === 'Unsupported' ? 'NotSupported' : e.type}`, message: formatFieldError(e).replace(`${e.field}: `, ''), field: e.field }));
  return invalid({ group: t.group, kind: t.kind, name }, formatInvalidMessage(kindDotGroup, name, errors), causes);
}
