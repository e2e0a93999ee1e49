import { describe, it, expect } from '@jest/globals';
import { KubeProtobufError } from '../../../../src/sim/protobuf/errors.js';
import { readFields, readPackedVarints, readVarint, toInt32, toInt64 } from '../../../../src/sim/protobuf/wire.js';
import { msg, pb, varintBytes } from '../../../fixtures/protobuf/wire-builder.js';

const ff9 = Array<number>(9).fill(0xff);

describe('readVarint', () => {
  it.each<[string, number[], bigint]>([
    ['zero', [0x00], 0n],
    ['one byte', [0x7f], 127n],
    ['two bytes (150)', [0x96, 0x01], 150n],
    ['2^32', [0x80, 0x80, 0x80, 0x80, 0x10], 4294967296n],
    ['2^64-1 in 10 bytes', [...ff9, 0x01], 18446744073709551615n],
  ])('%s', (_name, bytes, expected) => {
    expect(readVarint(Uint8Array.from(bytes), 0)).toEqual({ value: expected, next: bytes.length });
  });

  it('reads from an offset and says where the next byte is', () => {
    expect(readVarint(Uint8Array.from([0xaa, 0x96, 0x01, 0x05]), 1)).toEqual({ value: 150n, next: 3 });
  });

  it.each<[string, number[]]>([
    ['truncated', [0x96]],
    ['empty', []],
    ['longer than 10 bytes', [...ff9, 0xff, 0x01]],
  ])('refuses a %s varint', (_name, bytes) => {
    expect(() => readVarint(Uint8Array.from(bytes), 0)).toThrow(KubeProtobufError);
  });
});

describe('signed conversions', () => {
  it.each<[string, number, (v: bigint) => number]>([
    ['int64 -1', -1, toInt64],
    ['int64 -2^53+1', -(2 ** 53) + 1, toInt64],
    ['int32 -5 (sent sign-extended to 10 bytes)', -5, toInt32],
    ['int32 -2^31', -(2 ** 31), toInt32],
    ['int32 2^31-1', 2 ** 31 - 1, toInt32],
  ])('%s round-trips', (_name, n, convert) => {
    const bytes = varintBytes(n);
    if (n < 0) expect(bytes).toHaveLength(10);
    expect(convert(readVarint(Uint8Array.from(bytes), 0).value)).toBe(n);
  });
});

describe('readFields', () => {
  it('returns every field with its wire type, stepping over fixed32 and fixed64 exactly', () => {
    const bytes = msg(pb.varint(1, 7), pb.fixed64(2), pb.string(3, 'hi'), pb.fixed32(4), pb.varint(5, -1));
    const fields = readFields(bytes);
    expect(fields.map((f) => [f.field, f.wire])).toEqual([
      [1, 'varint'],
      [2, 'i64'],
      [3, 'len'],
      [4, 'i32'],
      [5, 'varint'],
    ]);
    expect(fields[1]).toEqual({ field: 2, wire: 'i64', bytes: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) });
    expect(fields[2]).toEqual({ field: 3, wire: 'len', bytes: new TextEncoder().encode('hi') });
    expect(fields[4]).toEqual({ field: 5, wire: 'varint', value: 2n ** 64n - 1n });
  });

  it('reads an empty message as no fields', () => {
    expect(readFields(new Uint8Array())).toEqual([]);
  });

  it.each<[string, number[]]>([
    ['a group start (wire type 3)', [(1 << 3) | 3]],
    ['wire type 7', [(1 << 3) | 7]],
    ['field number 0', [0x00, 0x01]],
    ['a length past the end', [(1 << 3) | 2, 0x05, 0x61]],
    ['a fixed64 cut short', [(1 << 3) | 1, 1, 2, 3]],
    ['a fixed32 cut short', [(1 << 3) | 5, 1]],
    ['a huge length', [(1 << 3) | 2, ...ff9, 0x01]],
  ])('refuses %s', (_name, bytes) => {
    expect(() => readFields(Uint8Array.from(bytes))).toThrow(/malformed protobuf body/);
  });
});

describe('readPackedVarints', () => {
  it('reads a run of varints', () => {
    expect(readPackedVarints(Uint8Array.from([0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]))).toEqual([3n, 270n, 86942n]);
  });
});
