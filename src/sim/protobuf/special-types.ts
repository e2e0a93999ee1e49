import type { JsonValue } from '../json.js';
import { malformed } from './errors.js';
import { readFields, toInt32, toInt64, type WireField } from './wire.js';

/**
 * The apimachinery types whose JSON form is not their protobuf shape. Each takes the bytes
 * of the embedded message and returns what Go's MarshalJSON prints for the decoded value.
 */

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The bytes of a length-delimited field; throws when the wire type says otherwise. */
export function lenBytes(field: WireField, where: string): Uint8Array {
  if (field.wire !== 'len') throw malformed(`${where} (field ${field.field}) should be length-delimited, got ${field.wire}`);
  return field.bytes;
}

/** The value of a varint field; throws when the wire type says otherwise. */
export function varint(field: WireField, where: string): bigint {
  if (field.wire !== 'varint') throw malformed(`${where} (field ${field.field}) should be a varint, got ${field.wire}`);
  return field.value;
}

/** A UTF-8 string field (invalid sequences become U+FFFD, as Go's JSON encoder does). */
export function decodeString(field: WireField, where: string): string {
  return utf8(lenBytes(field, where));
}

/**
 * metav1.Time {seconds, nanos} → RFC 3339 at second precision, as Go prints it
 * (seconds 1700000000 → "2023-11-14T22:13:20Z"). An empty message is the zero time, which
 * Go prints as null; nanos are dropped because Kubernetes' own decoder drops them.
 */
export function decodeTime(bytes: Uint8Array, where: string): string | null {
  if (bytes.length === 0) return null;
  let seconds = 0;
  for (const f of readFields(bytes)) if (f.field === 1) seconds = toInt64(varint(f, `${where}.seconds`));
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw malformed(`${where}: ${seconds} seconds is not a representable time`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** intstr.IntOrString {type, intVal, strVal} → a number (type 0) or a string (type 1): `8080` or `"http"`. */
export function decodeIntOrString(bytes: Uint8Array, where: string): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(bytes)) {
    if (f.field === 1) type = varint(f, `${where}.type`);
    else if (f.field === 2) intVal = toInt32(varint(f, `${where}.intVal`));
    else if (f.field === 3) strVal = decodeString(f, `${where}.strVal`);
  }
  return type === 1n ? strVal : intVal;
}

/** resource.Quantity {string} → its canonical string; a Quantity with no string is zero, which Go prints as "0". */
export function decodeQuantity(bytes: Uint8Array, where: string): string {
  let text = '';
  for (const f of readFields(bytes)) if (f.field === 1) text = decodeString(f, `${where}.string`);
  return text === '' ? '0' : text;
}

/**
 * runtime.RawExtension {raw} → the embedded JSON document, or null when empty. Raw bytes that
 * are not JSON (an embedded protobuf object) are refused rather than guessed at.
 */
export function decodeRawExtension(bytes: Uint8Array, where: string): JsonValue {
  let raw: Uint8Array = new Uint8Array();
  for (const f of readFields(bytes)) if (f.field === 1) raw = lenBytes(f, `${where}.raw`);
  if (raw.length === 0) return null;
  try {
    return JSON.parse(utf8(raw)) as JsonValue;
  } catch {
    throw malformed(`${where}: embedded object is not JSON`);
  }
}
