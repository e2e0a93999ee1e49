// Building blocks shared by every CRD schema. Each helper picks the JSON-schema shape that
// `toStructuralSchema` can turn into a Kubernetes structural schema without special cases.
import { Type } from '@sinclair/typebox';
import type { SchemaOptions, Static, TInteger, TLiteral, TProperties, TString, TUnion, TUnsafe } from '@sinclair/typebox';

/** A 32-bit integer, as Go's int32 fields are. */
export function Int32(options: SchemaOptions = {}): TInteger {
  return Type.Integer({ format: 'int32', ...options });
}

/** A 64-bit integer, as Go's int64 fields are. */
export function Int64(options: SchemaOptions = {}): TInteger {
  return Type.Integer({ format: 'int64', ...options });
}

/** An RFC 3339 timestamp (metav1.Time). */
export function Time(options: SchemaOptions = {}): TString {
  return Type.String({ format: 'date-time', ...options });
}

/** A Go duration string such as `30s`, `5m` or `1h` (parsed in one place, src/api/duration.ts). */
export function DurationString(options: SchemaOptions = {}): TString {
  return Type.String(options);
}

/** A closed set of strings: the TS type is the literal union, the CRD gets `enum`. */
export function StringEnum<const T extends string[]>(
  values: [...T],
  options: SchemaOptions = {},
): TUnion<{ [K in keyof T]: TLiteral<T[K]> }> {
  const literals = values.map((value) => Type.Literal(value));
  return Type.Union(literals, options) as TUnion<{ [K in keyof T]: TLiteral<T[K]> }>;
}

/**
 * Values the controller understands, where Argo's CRD accepts any string: the TypeScript type is the
 * union, but the CRD says only `type: string`, so that YAML Argo's API server accepts applies here too
 * and a wrong value is reported by the controller (InvalidSpec) rather than refused at apply.
 */
export function KnownStrings<const T extends string[]>(
  values: [...T],
  options: SchemaOptions = {},
): TUnion<{ [K in keyof T]: TLiteral<T[K]> }> {
  return StringEnum(values, { ...options, 'x-rollouts-open-enum': true });
}

/** Kubernetes' intstr.IntOrString: `3` or `"25%"` (or a duration such as `"30s"` for pauses). */
export function IntOrString(options: SchemaOptions = {}): TUnion<[TInteger, TString]> {
  // A real union so TypeBox's Value.Check works; the CRD keeps only the marker.
  return Type.Union([Type.Integer(), Type.String()], { ...options, 'x-kubernetes-int-or-string': true });
}

/**
 * An object kept as written: the API server neither validates nor prunes its fields. `T` is the
 * TypeScript view; at run time it is any object (plus the given `properties`, if any).
 */
export function PreserveUnknownObject<T>(
  options: SchemaOptions & { properties?: TProperties } = {},
): TUnsafe<T> {
  const { properties, ...rest } = options;
  const marker = { ...rest, 'x-kubernetes-preserve-unknown-fields': true };
  // Built from real TypeBox kinds (not Type.Unsafe) so that Value.Check can still check it.
  const schema = properties ? Type.Object(properties, marker) : Type.Record(Type.String(), Type.Unknown(), marker);
  return schema as unknown as TUnsafe<T>;
}

/** A string → string map such as labels or annotations. */
export const StringMapSchema = Type.Record(Type.String(), Type.String());
export type StringMap = Static<typeof StringMapSchema>;

export const ConditionStatusSchema = StringEnum(['True', 'False', 'Unknown']);
export type ConditionStatus = Static<typeof ConditionStatusSchema>;

export const OwnerReferenceSchema = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  uid: Type.String(),
  controller: Type.Optional(Type.Boolean()),
  blockOwnerDeletion: Type.Optional(Type.Boolean()),
});
export type OwnerReference = Static<typeof OwnerReferenceSchema>;

// The CRD keeps the root `metadata` as a bare object (the API server owns its schema); this
// typed shape is what our code reads and writes.
export const ObjectMetaSchema = Type.Object({
  name: Type.Optional(Type.String()),
  generateName: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  generation: Type.Optional(Int64()),
  creationTimestamp: Type.Optional(Time()),
  deletionTimestamp: Type.Optional(Time()),
  labels: Type.Optional(StringMapSchema),
  annotations: Type.Optional(StringMapSchema),
  ownerReferences: Type.Optional(Type.Array(OwnerReferenceSchema)),
  finalizers: Type.Optional(Type.Array(Type.String())),
});
export type ObjectMeta = Static<typeof ObjectMetaSchema>;

export const LabelSelectorRequirementSchema = Type.Object({
  key: Type.String(),
  operator: Type.String(),
  values: Type.Optional(Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic' })),
});

export const LabelSelectorSchema = Type.Object(
  {
    matchLabels: Type.Optional(StringMapSchema),
    matchExpressions: Type.Optional(
      Type.Array(LabelSelectorRequirementSchema, { 'x-kubernetes-list-type': 'atomic' }),
    ),
  },
  { 'x-kubernetes-map-type': 'atomic' },
);
export type LabelSelector = Static<typeof LabelSelectorSchema>;

/** Extra labels and annotations put on pods, ReplicaSets or AnalysisRuns. */
export const PodTemplateMetadataSchema = Type.Object({
  labels: Type.Optional(StringMapSchema),
  annotations: Type.Optional(StringMapSchema),
});
export type PodTemplateMetadata = Static<typeof PodTemplateMetadataSchema>;

export interface Container {
  name: string;
  image?: string;
  [field: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  [field: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: { labels?: StringMap; annotations?: StringMap; [field: string]: unknown };
  spec?: PodSpec;
}

// Pod templates are validated by the API server when the ReplicaSet is created; repeating the
// whole core/v1 schema here would only let the two drift.
export const PodTemplateSpecSchema = PreserveUnknownObject<PodTemplateSpec>();
