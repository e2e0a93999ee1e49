/**
 * How the message tables are written. Each message maps a protobuf field number to a
 * declaration `"<jsonName> <type>[ keep][ inline]"`, for example
 *   3: 'containerPort int32 keep'   → field 3 becomes `containerPort`, a 0 is still printed
 *   2: 'volumeSource VolumeSource inline' → the nested fields merge into the parent object
 * Types: string | int32 | int64 | bool | bytes (base64 in JSON) | Time | IntOrString |
 * Quantity | RawExtension | <MessageName> | []<type> (repeated) | map<string|bytes|Quantity>
 * (string keys).
 *
 * `keep` mirrors Go: a pointer field (`*int32 replicas`) or one without `omitempty`
 * (`containerPort`) prints its zero value; every other scalar is dropped when zero, as
 * `omitempty` does. Messages print whenever they are on the wire, because Go's generated
 * marshaller writes every non-pointer struct (hence `"strategy": {}`) and only set pointers.
 * Two deliberate departures from Go, both meaning the same to the API: an empty list or map
 * is absent (Go prints `null` for the few without omitempty, like `containers`), and the zero
 * Time is absent unless `keep` (Go 1.32 prints `"creationTimestamp": null`; newer Kubernetes
 * omits it too).
 */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';
export type SpecialType = 'Time' | 'IntOrString' | 'Quantity' | 'RawExtension';

export type ValueType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'special'; special: SpecialType }
  | { kind: 'message'; message: string };

export interface FieldSpec {
  json: string;
  value: ValueType;
  shape: 'single' | 'repeated' | 'map';
  keep: boolean;
  inline: boolean;
}

/** Message name → field number → declaration string. */
export type MessageTable = Record<string, Record<number, string>>;

/** Message name → field number → parsed field. */
export type MessageSchema = Map<string, Map<number, FieldSpec>>;

const SCALARS: readonly string[] = ['string', 'int32', 'int64', 'bool', 'bytes'];
const SPECIALS: readonly string[] = ['Time', 'IntOrString', 'Quantity', 'RawExtension'];
const FLAGS: readonly string[] = ['keep', 'inline'];

function parseValueType(name: string): ValueType {
  if (SCALARS.includes(name)) return { kind: 'scalar', scalar: name as ScalarType };
  if (SPECIALS.includes(name)) return { kind: 'special', special: name as SpecialType };
  if (!/^[A-Z]\w*$/.test(name)) throw new Error(`not a type: "${name}"`);
  return { kind: 'message', message: name };
}

function parseShape(type: string): { shape: FieldSpec['shape']; element: string } {
  if (type.startsWith('[]')) return { shape: 'repeated', element: type.slice(2) };
  const map = /^map<(\w+)>$/.exec(type);
  if (map) return { shape: 'map', element: map[1] };
  return { shape: 'single', element: type };
}

/** One table declaration parsed; throws on a typo so a bad table fails at startup, not mid-request. */
export function parseFieldDecl(decl: string): FieldSpec {
  const [json, type, ...flags] = decl.trim().split(/\s+/);
  if (!json || !type) throw new Error(`field declaration "${decl}" needs a JSON name and a type`);
  const unknownFlag = flags.find((f) => !FLAGS.includes(f));
  if (unknownFlag) throw new Error(`field declaration "${decl}": unknown flag "${unknownFlag}"`);
  const { shape, element } = parseShape(type);
  const value = parseValueType(element);
  if (flags.includes('inline') && (shape !== 'single' || value.kind !== 'message')) {
    throw new Error(`field declaration "${decl}": only a single message can be inline`);
  }
  return { json, value, shape, keep: flags.includes('keep'), inline: flags.includes('inline') };
}

/** All tables parsed into one schema; a message name defined twice is an error. */
export function buildSchema(tables: readonly MessageTable[]): MessageSchema {
  const schema: MessageSchema = new Map();
  for (const table of tables) {
    for (const [message, fields] of Object.entries(table)) {
      if (schema.has(message)) throw new Error(`protobuf message ${message} is defined twice`);
      const parsed = new Map<number, FieldSpec>();
      for (const [num, decl] of Object.entries(fields)) parsed.set(Number(num), parseFieldDecl(decl));
      schema.set(message, parsed);
    }
  }
  return schema;
}

/** Names of messages that fields refer to but no table defines (empty when the schema is complete). */
export function missingMessages(schema: MessageSchema): string[] {
  const missing = new Set<string>();
  for (const fields of schema.values()) {
    for (const spec of fields.values()) {
      if (spec.value.kind === 'message' && !schema.has(spec.value.message)) missing.add(spec.value.message);
    }
  }
  return [...missing].sort();
}
