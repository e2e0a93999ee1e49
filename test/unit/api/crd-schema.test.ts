import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { toStructuralSchema } from '../../../src/api/crd-schema.js';
import { Int32, IntOrString, PreserveUnknownObject, StringEnum, StringMapSchema, Time } from '../../../src/api/schema/common.js';

describe('toStructuralSchema', () => {
  it.each<[string, TSchema, unknown]>([
    ['string', Type.String(), { type: 'string' }],
    ['int32 with description', Int32({ description: 'pods' }), { type: 'integer', format: 'int32', description: 'pods' }],
    ['timestamp', Time(), { type: 'string', format: 'date-time' }],
    ['boolean', Type.Boolean(), { type: 'boolean' }],
    ['int-or-string (no type, as Kubernetes allows)', IntOrString(), { 'x-kubernetes-int-or-string': true }],
    ['preserve-unknown object', PreserveUnknownObject(), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
    ['string map → additionalProperties', StringMapSchema, { type: 'object', additionalProperties: { type: 'string' } }],
    ['literal union → enum', StringEnum(['Stable', 'Latest']), { type: 'string', enum: ['Stable', 'Latest'] }],
    ['single literal → one-value enum', Type.Literal('Rollout'), { type: 'string', enum: ['Rollout'] }],
    ['array', Type.Array(Type.String()), { type: 'array', items: { type: 'string' } }],
    ['empty object', Type.Object({}), { type: 'object' }],
    ['default kept', Type.String({ default: '5m' }), { type: 'string', default: '5m' }],
    [
      'object: sorted properties, required only for non-optional ones',
      Type.Object({ zeta: Type.String(), alpha: Type.Optional(Type.Integer()) }),
      { type: 'object', properties: { alpha: { type: 'integer' }, zeta: { type: 'string' } }, required: ['zeta'] },
    ],
    [
      'union of objects → one object, nothing required',
      Type.Union([Type.Object({ setWeight: Type.Integer() }), Type.Object({ pause: Type.Object({ duration: Type.Optional(IntOrString()) }) })]),
      {
        type: 'object',
        properties: {
          pause: { type: 'object', properties: { duration: { 'x-kubernetes-int-or-string': true } } },
          setWeight: { type: 'integer' },
        },
      },
    ],
    [
      'x-kubernetes markers pass through',
      Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic' }),
      { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
    ],
    [
      'additionalProperties: false is dropped',
      Type.Object({ a: Type.String() }, { additionalProperties: false }),
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    ],
    ['$id is dropped', Type.String({ $id: 'Name' }), { type: 'string' }],
  ])('%s', (_label, schema, expected) => {
    expect(toStructuralSchema(schema)).toEqual(expected);
  });

  it('drops TypeBox symbol keys', () => {
    const converted = toStructuralSchema(Type.Object({ a: Type.Optional(Type.String()) }));
    expect(Object.getOwnPropertySymbols(converted)).toEqual([]);
    expect(Object.getOwnPropertySymbols(converted.properties!.a)).toEqual([]);
  });

  it.each<[string, TSchema, string]>([
    ['a union of a string and a number', Type.Object({ x: Type.Union([Type.String(), Type.Number()]) }), '.x: a union must be all string literals or all objects'],
    ['members disagreeing on a property', Type.Union([Type.Object({ a: Type.String() }), Type.Object({ a: Type.Integer() })]), '.a: union members disagree'],
    ['an untyped node', Type.Object({ anything: Type.Any() }), '.anything: no structural equivalent'],
  ])('refuses %s, naming the path', (_label, schema, message) => {
    expect(() => toStructuralSchema(schema)).toThrow(message);
  });
});
