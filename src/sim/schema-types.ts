// The shapes shared by schema pruning, defaulting and validation of custom resources.
import type { JsonObject, JsonValue } from './json.js';

/** The subset of OpenAPI v3 a CRD's `openAPIV3Schema` may use. */
export interface StructuralSchema {
  type?: string;
  description?: string;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: boolean | StructuralSchema;
  enum?: JsonValue[];
  nullable?: boolean;
  default?: JsonValue;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  allOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  not?: StructuralSchema;
}

/** One field-level error, shaped like k8s.io/apimachinery's field.Error. */
export interface FieldError {
  type: 'Invalid' | 'Required' | 'Unsupported' | 'TooLong' | 'TooMany' | 'Duplicate';
  field: string;
  /** The offending value as kube-apiserver shows it; absent where field.Error omits it. */
  value?: JsonValue;
  detail: string;
}

/** The `fieldValidation` query parameter of a write. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What prepareCustomObject hands back to the request handler. */
export interface PreparedObject {
  object: JsonObject;
  errors: FieldError[];
  unknownFields: string[];
}

/** A FieldError; `value` is left out when undefined, as field.Error omits it. */
export function fieldError(type: FieldError['type'], field: string, value: JsonValue | undefined, detail: string): FieldError {
  return value === undefined ? { type, field, detail } : { type, field, value, detail };
}
