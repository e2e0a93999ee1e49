import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { FieldSpec, MessageSchema, ScalarType, SpecialType, ValueType } from './schema.js';
import {
  decodeIntOrString,
  decodeQuantity,
  decodeRawExtension,
  decodeString,
  decodeTime,
  lenBytes,
  varint,
} from './special-types.js';
import { readFields, readPackedVarints, toInt32, toInt64, type WireField } from './wire.js';

/** Where we are, for error messages: `Deployment.spec.template.spec.containers`. */
interface Ctx {
  schema: MessageSchema;
  path: string;
}

type VarintScalar = Exclude<ScalarType, 'string' | 'bytes'>;

/** One protobuf message decoded into its Kubernetes JSON form, following the schema's tables. */
export function decodeMessage(schema: MessageSchema, message: string, bytes: Uint8Array): JsonObject {
  return decodeObject({ schema, path: message }, message, bytes);
}

function decodeObject(ctx: Ctx, message: string, bytes: Uint8Array): JsonObject {
  const fields = ctx.schema.get(message);
  // A table bug, not a client error: the schema test checks every reference resolves.
  if (!fields) throw new Error(`protobuf schema has no message ${message} (at ${ctx.path})`);
  const out: JsonObject = {};
  for (const wf of readFields(bytes)) {
    const spec = fields.get(wf.field);
    // Unknown field: a newer client or a field we chose not to model; protobuf says skip it.
    if (!spec) continue;
    applyField(out, spec, wf, { schema: ctx.schema, path: `${ctx.path}.${spec.json}` });
  }
  return out;
}

function applyField(out: JsonObject, spec: FieldSpec, wf: WireField, ctx: Ctx): void {
  switch (spec.shape) {
    case 'single':
      applySingle(out, spec, wf, ctx);
      return;
    case 'repeated':
      appendRepeated(out, spec, wf, ctx);
      return;
    case 'map':
      putMapEntry(out, spec, wf, ctx);
      return;
  }
}

function applySingle(out: JsonObject, spec: FieldSpec, wf: WireField, ctx: Ctx): void {
  const value = decodeValue(spec.value, wf, ctx);
  if (spec.inline && isJsonObject(value)) {
    Object.assign(out, value);
    return;
  }
  // A field sent twice: protobuf keeps the last value, and a zero value is omitted like any other.
  if (isOmitted(spec, value)) delete out[spec.json];
  else out[spec.json] = value;
}

/** Go's omitempty: zero scalars and the zero Time vanish unless the field is a pointer or has no omitempty. */
function isOmitted(spec: FieldSpec, value: JsonValue): boolean {
  if (spec.keep) return false;
  if (spec.value.kind === 'scalar') return value === '' || value === 0 || value === false;
  return spec.value.kind === 'special' && spec.value.special === 'Time' && value === null;
}

function appendRepeated(out: JsonObject, spec: FieldSpec, wf: WireField, ctx: Ctx): void {
  const items = packedItems(spec.value, wf) ?? [decodeValue(spec.value, wf, ctx)];
  const list = out[spec.json];
  out[spec.json] = Array.isArray(list) ? [...list, ...items] : items;
}

function isVarintScalar(type: ValueType): type is { kind: 'scalar'; scalar: VarintScalar } {
  return type.kind === 'scalar' && type.scalar !== 'string' && type.scalar !== 'bytes';
}

/** Numbers of a packed repeated field; undefined when the field was sent one element at a time. */
function packedItems(type: ValueType, wf: WireField): JsonValue[] | undefined {
  if (wf.wire !== 'len' || !isVarintScalar(type)) return undefined;
  return readPackedVarints(wf.bytes).map((v) => fromVarint(type.scalar, v));
}

/** A map entry is a message {1: key, 2: value}; keys are always strings in Kubernetes. */
function putMapEntry(out: JsonObject, spec: FieldSpec, wf: WireField, ctx: Ctx): void {
  let key = '';
  let value = zeroMapValue(spec.value);
  for (const f of readFields(lenBytes(wf, ctx.path))) {
    if (f.field === 1) key = decodeString(f, `${ctx.path} key`);
    else if (f.field === 2) value = decodeValue(spec.value, f, { schema: ctx.schema, path: `${ctx.path}[${key}]` });
  }
  const existing = out[spec.json];
  const map: JsonObject = isJsonObject(existing) ? existing : {};
  map[key] = value;
  out[spec.json] = map;
}

function zeroMapValue(type: ValueType): JsonValue {
  if (type.kind === 'special' && type.special === 'Quantity') return '0';
  return isVarintScalar(type) ? fromVarint(type.scalar, 0n) : '';
}

function decodeValue(type: ValueType, wf: WireField, ctx: Ctx): JsonValue {
  switch (type.kind) {
    case 'scalar':
      return decodeScalar(type.scalar, wf, ctx.path);
    case 'special':
      return decodeSpecial(type.special, lenBytes(wf, ctx.path), ctx.path);
    case 'message':
      return decodeObject(ctx, type.message, lenBytes(wf, ctx.path));
  }
}

function decodeScalar(scalar: ScalarType, wf: WireField, where: string): JsonValue {
  switch (scalar) {
    case 'string':
      return decodeString(wf, where);
    case 'bytes':
      // Go's encoding/json prints []byte as standard base64: Secret.data, ConfigMap.binaryData.
      return Buffer.from(lenBytes(wf, where)).toString('base64');
    default:
      return fromVarint(scalar, varint(wf, where));
  }
}

function fromVarint(scalar: VarintScalar, value: bigint): number | boolean {
  switch (scalar) {
    case 'int32':
      return toInt32(value);
    case 'int64':
      return toInt64(value);
    case 'bool':
      return value !== 0n;
  }
}

function decodeSpecial(special: SpecialType, bytes: Uint8Array, where: string): JsonValue {
  switch (special) {
    case 'Time':
      return decodeTime(bytes, where);
    case 'IntOrString':
      return decodeIntOrString(bytes, where);
    case 'Quantity':
      return decodeQuantity(bytes, where);
    case 'RawExtension':
      return decodeRawExtension(bytes, where);
  }
}
