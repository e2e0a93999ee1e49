import { malformed } from './errors.js';

/**
 * The protobuf wire format, just enough to walk a message: every field comes back as its
 * number plus a raw value, and the schema layer decides what the value means. Varints are
 * BigInt because an int64 (and a negative int32, which protobuf sign-extends to 64 bits)
 * takes up to 10 bytes: -1 is `ff ff ff ff ff ff ff ff ff 01`.
 */
export type WireField =
  | { field: number; wire: 'varint'; value: bigint }
  | { field: number; wire: 'len'; bytes: Uint8Array }
  | { field: number; wire: 'i64' | 'i32'; bytes: Uint8Array };

export interface VarintRead {
  value: bigint;
  next: number;
}

const MAX_VARINT_BYTES = 10;

/** The unsigned varint at `offset` (up to 64 bits) and the offset just past it. */
export function readVarint(bytes: Uint8Array, offset: number): VarintRead {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const at = offset + i;
    if (at >= bytes.length) throw malformed(`varint truncated at byte ${offset}`);
    const byte = bytes[at];
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: at + 1 };
  }
  throw malformed(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${offset}`);
}

/** A varint as a signed int32: protobuf sends negative int32s as 10-byte sign-extended varints. */
export function toInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** A varint as a signed int64, as a JS number (exact up to 2^53, which covers every Kubernetes int64 in practice). */
export function toInt64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

function slice(bytes: Uint8Array, start: number, length: number, what: string): Uint8Array {
  if (start + length > bytes.length) throw malformed(`${what} runs past the end (${start + length} > ${bytes.length})`);
  return bytes.subarray(start, start + length);
}

function readField(bytes: Uint8Array, offset: number): { field: WireField; next: number } {
  const tag = readVarint(bytes, offset);
  const field = Number(tag.value >> 3n);
  const wireType = Number(tag.value & 7n);
  if (field === 0) throw malformed(`field number 0 at byte ${offset}`);
  switch (wireType) {
    case 0: {
      const v = readVarint(bytes, tag.next);
      return { field: { field, wire: 'varint', value: v.value }, next: v.next };
    }
    case 1:
      return { field: { field, wire: 'i64', bytes: slice(bytes, tag.next, 8, `field ${field}`) }, next: tag.next + 8 };
    case 2: {
      const len = readVarint(bytes, tag.next);
      if (len.value > BigInt(bytes.length)) throw malformed(`field ${field} claims ${len.value} bytes`);
      const n = Number(len.value);
      return { field: { field, wire: 'len', bytes: slice(bytes, len.next, n, `field ${field}`) }, next: len.next + n };
    }
    case 5:
      return { field: { field, wire: 'i32', bytes: slice(bytes, tag.next, 4, `field ${field}`) }, next: tag.next + 4 };
    default:
      // 3 and 4 are proto2 groups, which Kubernetes never emits; 6 and 7 do not exist.
      throw malformed(`unsupported wire type ${wireType} for field ${field} at byte ${offset}`);
  }
}

/** Every field of one message, in wire order (repeated fields appear once per element). */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const read = readField(bytes, offset);
    fields.push(read.field);
    offset = read.next;
  }
  return fields;
}

/** The varints of a packed repeated field (one length-delimited run of varints). */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const v = readVarint(bytes, offset);
    values.push(v.value);
    offset = v.next;
  }
  return values;
}
