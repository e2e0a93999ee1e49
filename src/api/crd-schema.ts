// Turns a TypeBox schema into a Kubernetes structural openAPIV3Schema
// (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema).
//
// The rules, and why:
// - every node gets a `type`, except int-or-string nodes, which the API server types itself;
// - a union of string literals becomes `type: string` + `enum` (e.g. phase);
// - a union of objects (canary step, metric provider) becomes ONE object with every member's
//   properties and none of them required, because structural schemas forbid anyOf over
//   differing shapes; "exactly one of" is then a validation rule, as it is in Argo;
// - `Type.Record(string, X)` becomes `additionalProperties: X` (labels, annotations);
// - TypeBox's symbol keys, `$id`, `const`, `patternProperties` and `additionalProperties: false`
//   never reach the output: only whitelisted keywords are copied.
import type { TSchema } from '@sinclair/typebox';

export type StructuralType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface StructuralSchema {
  type?: StructuralType;
  description?: string;
  format?: string;
  enum?: (string | number | boolean)[];
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
}

type SchemaNode = Readonly<Record<string, unknown>>;

const COPIED_KEYWORDS = [
  'description',
  'format',
  'default',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean']);

/** The structural openAPIV3Schema for a TypeBox schema; throws, naming the path, on shapes Kubernetes cannot express. */
export function toStructuralSchema(schema: TSchema): StructuralSchema {
  return convertNode(schema, '');
}

function convertNode(node: SchemaNode, path: string): StructuralSchema {
  if (node['x-kubernetes-int-or-string'] === true) return withKeywords(node, {});
  if (Array.isArray(node.anyOf)) return convertUnion(node, path);
  if ('const' in node) return convertLiteral(node, path);
  if (node.type === 'object') return convertObject(node, path);
  if (node.type === 'array') return convertArray(node, path);
  if (typeof node.type === 'string' && SCALAR_TYPES.has(node.type)) {
    return withKeywords(node, { type: node.type as StructuralType });
  }
  throw new Error(`${path || '<root>'}: no structural equivalent for ${JSON.stringify(node)}`);
}

function withKeywords(node: SchemaNode, out: StructuralSchema): StructuralSchema {
  const target = out as Record<string, unknown>;
  for (const key of COPIED_KEYWORDS) {
    if (node[key] !== undefined) target[key] = node[key];
  }
  for (const key of Object.keys(node)) {
    if (key.startsWith('x-kubernetes-')) target[key] = node[key];
  }
  return out;
}

function convertLiteral(node: SchemaNode, path: string): StructuralSchema {
  const value = node.const;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(`${path}: only string, number or boolean literals are supported`);
  }
  const type = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number';
  return withKeywords(node, { type, enum: [value] });
}

function convertArray(node: SchemaNode, path: string): StructuralSchema {
  if (!isNode(node.items)) throw new Error(`${path}: an array needs a single 'items' schema`);
  return withKeywords(node, { type: 'array', items: convertNode(node.items, `${path}[]`) });
}

function convertObject(node: SchemaNode, path: string): StructuralSchema {
  const out = withKeywords(node, { type: 'object' });
  const properties = convertProperties(node, path);
  if (Object.keys(properties).length > 0) out.properties = properties;
  const required = readRequired(node);
  if (required.length > 0) out.required = required;
  // A preserve-unknown object keeps any value, so its value schema (if any) says nothing.
  if (node['x-kubernetes-preserve-unknown-fields'] === true) return out;
  const valueSchema = mapValueSchema(node);
  if (valueSchema !== undefined) out.additionalProperties = convertNode(valueSchema, `${path}{}`);
  return out;
}

function convertProperties(node: SchemaNode, path: string): Record<string, StructuralSchema> {
  const source = isNode(node.properties) ? node.properties : {};
  const out: Record<string, StructuralSchema> = {};
  for (const name of Object.keys(source).sort()) {
    const child = source[name];
    if (!isNode(child)) throw new Error(`${path}.${name}: not a schema`);
    out[name] = convertNode(child, `${path}.${name}`);
  }
  return out;
}

function readRequired(node: SchemaNode): string[] {
  if (!Array.isArray(node.required)) return [];
  return node.required.filter((name): name is string => typeof name === 'string').sort();
}

// Type.Record puts the value schema under one patternProperties key; a hand-written schema may
// use additionalProperties directly. `additionalProperties: false` is dropped (not structural).
function mapValueSchema(node: SchemaNode): SchemaNode | undefined {
  if (isNode(node.additionalProperties)) return node.additionalProperties;
  if (!isNode(node.patternProperties)) return undefined;
  const values = Object.values(node.patternProperties).filter(isNode);
  return values.length === 1 ? values[0] : undefined;
}

function convertUnion(node: SchemaNode, path: string): StructuralSchema {
  const members = flattenUnion(node);
  if (members.every(isStringLiteral) && node['x-rollouts-open-enum'] === true) return withKeywords(node, { type: 'string' });
  if (members.every(isStringLiteral)) {
    return withKeywords(node, { type: 'string', enum: members.map((member) => member.const as string) });
  }
  if (members.every((member) => member.type === 'object')) return mergeObjects(node, members, path);
  throw new Error(`${path}: a union must be all string literals or all objects`);
}

function flattenUnion(node: SchemaNode): SchemaNode[] {
  const members = (node.anyOf as unknown[]).filter(isNode);
  return members.flatMap((member) => (Array.isArray(member.anyOf) ? flattenUnion(member) : [member]));
}

function mergeObjects(node: SchemaNode, members: SchemaNode[], path: string): StructuralSchema {
  const properties: Record<string, StructuralSchema> = {};
  for (const member of members) {
    const converted = convertObject(member, path);
    for (const [name, schema] of Object.entries(converted.properties ?? {})) {
      const existing = properties[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(schema)) {
        throw new Error(`${path}.${name}: union members disagree on this property`);
      }
      properties[name] = schema;
    }
  }
  const sorted = Object.keys(properties).sort();
  return withKeywords(node, { type: 'object', properties: Object.fromEntries(sorted.map((name) => [name, properties[name]])) });
}

function isStringLiteral(node: SchemaNode): boolean {
  return typeof node.const === 'string';
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
