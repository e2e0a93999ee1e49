// Offline checks of an object against its kind's TypeBox schema, reported as Kubernetes field
// errors with paths, e.g. `spec.replicas: Invalid value: "three": expected integer` and, as Argo's
// strict decoding refuses them, unknown fields: `spec.strategy.canary.stepz: Invalid value: …: unknown field`.
import type { TSchema } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { goScalar, goString, type SpecError } from './field-error.js';

type SchemaNode = Readonly<Record<string, unknown>>;

// RFC 3339, as Kubernetes writes metav1.Time: 2024-05-01T12:00:00Z (fraction and offset allowed).
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => RFC3339.test(value));

/** "/spec/strategy/canary/steps/0/setWeight" → "spec.strategy.canary.steps[0].setWeight". */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

/** A value as Go's %#v would show it in a field error: strings quoted, scalars bare, else its type. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return goScalar(value);
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? '[]interface {}{…}' : 'map[string]interface {}{…}';
}

function invalidAt(pointer: string, value: unknown, message: string): SpecError {
  return { field: fieldPath(pointer), kind: 'Invalid', value: goValue(value), message };
}

/** The one-key members of a union, by key: a canary step ({setWeight} | {pause} | …) or a metric provider. */
function oneKeyMembers(node: SchemaNode): Map<string, TSchema> {
  const members = Array.isArray(node.anyOf) ? (node.anyOf as SchemaNode[]) : [];
  const byKey = new Map<string, TSchema>();
  for (const m of members) {
    const keys = Object.keys((m.properties ?? {}));
    if (keys.length === 1) byKey.set(keys[0], m as TSchema);
  }
  return byKey;
}

/**
 * A union no member accepts. For a union of one-key objects the key written picks the member,
 * whose own errors are reported ("steps[0].pause.duration: …"); no known key → which are known.
 */
function unionErrors(e: ValueError): SpecError[] {
  const byKey = oneKeyMembers(e.schema);
  const value: unknown = e.value;
  const choices = literalChoices(e.schema);
  if (choices) return [invalidAt(e.path, value, choices)];
  if (byKey.size === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return [invalidAt(e.path, value, 'matches none of the accepted forms')];
  const chosen = Object.keys(value).filter((k) => byKey.has(k));
  if (chosen.length === 0) return [invalidAt(e.path, value, `must set one of ${[...byKey.keys()].join(', ')}`)];
  if (chosen.length > 1) return [invalidAt(e.path, value, `only one of ${chosen.join(', ')} may be set`)];
  return schemaTypeErrors(byKey.get(chosen[0]) as TSchema, value).map((inner) => ({ ...inner, field: joinField(fieldPath(e.path), inner.field) }));
}

// The keys of an object that each pick a different member of a one-key union (a step with two kinds).
function mixedKeys(node: SchemaNode, value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const byKey = oneKeyMembers(node);
  return Object.keys(value).filter((k) => byKey.has(k));
}

/** `supported values: "GET", "POST"` for a union of literals, else undefined. */
function literalChoices(node: SchemaNode): string | undefined {
  const members = Array.isArray(node.anyOf) ? (node.anyOf as SchemaNode[]) : [];
  const literals = members.map((m) => m.const);
  if (literals.length === 0 || literals.some((l) => l === undefined)) return undefined;
  return `supported values: ${literals.map((l) => JSON.stringify(l)).join(', ')}`;
}

function joinField(base: string, inner: string): string {
  if (inner === '') return base;
  return inner.startsWith('[') || base === '' ? `${base}${inner}` : `${base}.${inner}`;
}

function errorsOf(e: ValueError): SpecError[] {
  if (Array.isArray((e.schema as SchemaNode).anyOf) && e.message === 'Expected union value') return unionErrors(e);
  if (e.value === undefined) return [{ field: fieldPath(e.path), kind: 'Required', message: '' }];
  return [invalidAt(e.path, e.value, e.message.charAt(0).toLowerCase() + e.message.slice(1))];
}

/** Type, enum and required-field errors, one per path (the first TypeBox finds there). */
export function schemaTypeErrors(schema: TSchema, value: unknown): SpecError[] {
  const seen = new Set<string>();
  const errors: SpecError[] = [];
  for (const e of Value.Errors(schema, value)) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    errors.push(...errorsOf(e));
  }
  return errors;
}

/**
 * Fields the schema does not know, as "unknown field" errors. Objects that keep unknown fields
 * (maps, pod templates, plugin configs) and metadata are not looked into; a union is followed
 * into the member the value matches (none: the type check reports it).
 */
export function unknownFieldErrors(schema: TSchema, value: unknown, path = ''): SpecError[] {
  const mixed = mixedKeys(schema, value);
  if (mixed.length > 1) return [invalidAt(path, value, `only one of ${mixed.join(', ')} may be set`)];
  const node = memberFor(schema, value);
  if (!node || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return arrayErrors(node, value, path);
  return objectErrors(node, value as Record<string, unknown>, path);
}

// Several members may accept a value (optional fields): the one that knows all its keys wins.
function memberFor(node: SchemaNode, value: unknown): SchemaNode | undefined {
  const members = node.anyOf;
  if (!Array.isArray(members)) return node;
  const matching = (members as TSchema[]).filter((m) => Value.Check(m, value)) as SchemaNode[];
  return matching.find((m) => knowsAllKeys(m, value)) ?? matching[0];
}

function knowsAllKeys(node: SchemaNode, value: unknown): boolean {
  const properties = node.properties;
  if (value === null || typeof value !== 'object' || properties === null || typeof properties !== 'object') return false;
  return Object.keys(value).every((key) => key in properties);
}

function arrayErrors(node: SchemaNode, value: unknown[], path: string): SpecError[] {
  const items = node.items as TSchema | undefined;
  if (!items) return [];
  return value.flatMap((item, i) => unknownFieldErrors(items, item, `${path}/${i}`));
}

function objectErrors(node: SchemaNode, value: Record<string, unknown>, path: string): SpecError[] {
  const properties = node.properties as Record<string, TSchema> | undefined;
  if (!properties || node['x-kubernetes-preserve-unknown-fields'] === true) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = `${path}/${key}`;
    const childSchema = properties[key];
    if (!childSchema) return [invalidAt(childPath, child, 'unknown field')];
    return key === 'metadata' && path === '' ? [] : unknownFieldErrors(childSchema, child, childPath);
  });
}
