import { describe, it, expect } from '@jest/globals';
import type { JsonObject, JsonValue } from '../../../src/sim/json.js';
import {
  formatFieldError,
  formatFieldErrorBody,
  formatInvalidMessage,
  formatUnknownFieldWarnings,
  formatUnknownFieldsMessage,
  prepareCustomObject,
  validateCrdDefinition,
} from '../../../src/sim/schema-validation.js';
import type { FieldError, FieldValidation, StructuralSchema } from '../../../src/sim/schema-validation.js';

// A Rollout-like resource whose spec is the schema under test.
function rootWithSpec(spec: StructuralSchema, required: string[] = []): StructuralSchema {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec,
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    required,
  };
}

function resource(spec: JsonValue): JsonObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'demo', namespace: 'default' }, spec };
}

function prepare(schema: StructuralSchema, obj: JsonObject, fieldValidation: FieldValidation = 'Warn'): ReturnType<typeof prepareCustomObject> {
  return prepareCustomObject(obj, schema, { fieldValidation });
}

function specErrors(spec: StructuralSchema, value: JsonValue): string[] {
  return prepare(rootWithSpec(spec), resource(value)).errors.map(formatFieldError);
}

function field(name: string, schema: StructuralSchema): StructuralSchema {
  return { type: 'object', properties: { [name]: schema } };
}

describe('types', () => {
  it.each<[string, StructuralSchema, JsonValue, string[]]>([
    ['integer accepts an integer', { type: 'integer' }, 3, []],
    ['integer accepts 3.0 (JSON cannot tell it from 3)', { type: 'integer' }, 3.0, []],
    ['integer refuses a string', { type: 'integer' }, 'string', ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']],
    ['integer refuses a fraction', { type: 'integer' }, 3.5, ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
    ['number accepts an integer', { type: 'number' }, 3, []],
    ['number accepts a fraction', { type: 'number' }, 0.25, []],
    ['number refuses a boolean', { type: 'number' }, true, ['spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type number: "boolean"']],
    ['string refuses an integer', { type: 'string' }, 5, ['spec.replicas: Invalid value: "integer": spec.replicas in body must be of type string: "integer"']],
    ['boolean refuses "true"', { type: 'boolean' }, 'true', ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type boolean: "string"']],
    ['object refuses an array', { type: 'object' }, [], ['spec.replicas: Invalid value: "array": spec.replicas in body must be of type object: "array"']],
    ['array refuses an object', { type: 'array', items: { type: 'string' } }, {}, ['spec.replicas: Invalid value: "object": spec.replicas in body must be of type array: "object"']],
    ['int-or-string accepts an integer', { 'x-kubernetes-int-or-string': true }, 3, []],
    ['int-or-string accepts a string', { 'x-kubernetes-int-or-string': true }, '25%', []],
    ['int-or-string refuses a boolean', { 'x-kubernetes-int-or-string': true }, true, ['spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type integer,string: "boolean"']],
    ['int-or-string refuses a fraction', { 'x-kubernetes-int-or-string': true }, 1.5, ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer,string: "number"']],
    [
      'controller-gen int-or-string (anyOf) reports the anyOf failure too',
      { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      false,
      [
        'spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type integer,string: "boolean"',
        '<nil>: Invalid value: "": "spec.replicas" must validate at least one schema (anyOf)',
        'spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type integer: "boolean"',
      ],
    ],
    ['an unsupported format (int32) is ignored', { type: 'integer', format: 'int32' }, 4_000_000_000, []],
    ['a string format decides the type error of a number', { type: 'string', format: 'date-time' }, 5, ['spec.replicas: Invalid value: "int64": spec.replicas in body must be of type date-time: "int64"']],
    ['string formats themselves are not checked', { type: 'string', format: 'date-time' }, 'yesterday', []],
  ])('%s', (_name, schema, value, expected) => {
    expect(specErrors(field('replicas', schema), { replicas: value })).toEqual(expected);
  });
});

describe('nullable and nulls', () => {
  it.each<[string, StructuralSchema, JsonValue, JsonValue, string[]]>([
    ['a nullable field keeps its null', { type: 'string', nullable: true }, { x: null }, { x: null }, []],
    ['a non-nullable null map value is dropped', { type: 'string' }, { x: null }, {}, []],
    ['a non-nullable null with a default gets the default', { type: 'string', default: 'd' }, { x: null }, { x: 'd' }, []],
  ])('%s', (_name, schema, spec, expectedSpec, expected) => {
    const out = prepare(rootWithSpec(field('x', schema)), resource(spec));
    expect(out.object.spec).toEqual(expectedSpec);
    expect(out.errors.map(formatFieldError)).toEqual(expected);
  });

  it('reports a null array item that is not nullable', () => {
    const schema = field('list', { type: 'array', items: { type: 'string' } });
    expect(specErrors(schema, { list: ['a', null] })).toEqual([
      'spec.list[1]: Invalid value: "null": spec.list[1] in body must be of type string: "null"',
    ]);
  });
});

describe('required', () => {
  it.each<[string, StructuralSchema, JsonValue, string[]]>([
    ['a missing property', { type: 'object', required: ['selector'], properties: { selector: { type: 'object' } } }, {}, ['spec.selector: Required value']],
    ['present is enough', { type: 'object', required: ['selector'], properties: { selector: { type: 'object' } } }, { selector: {} }, []],
    [
      'inside array items',
      { type: 'object', properties: { steps: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
      { steps: [{ name: 'a' }, {}] },
      ['spec.steps[1].name: Required value'],
    ],
    ['not checked below a wrongly typed parent', { type: 'object', properties: { s: { type: 'object', required: ['a'] } } }, { s: 'x' }, ['spec.s: Invalid value: "string": spec.s in body must be of type object: "string"']],
  ])('%s', (_name, schema, value, expected) => {
    expect(specErrors(schema, value)).toEqual(expected);
  });

  it('checks the root', () => {
    const out = prepare(rootWithSpec({ type: 'object' }, ['spec']), { apiVersion: 'a/v1', kind: 'Rollout', metadata: { name: 'x' } });
    expect(out.errors.map(formatFieldError)).toEqual(['spec: Required value']);
  });
});

describe('value constraints', () => {
  it.each<[string, StructuralSchema, JsonValue, string[]]>([
    ['enum miss', { type: 'string', enum: ['A', 'B'] }, 'Foo', ['spec.v: Unsupported value: "Foo": supported values: "A", "B"']],
    ['enum hit', { type: 'string', enum: ['A', 'B'] }, 'B', []],
    ['integer enum miss', { type: 'integer', enum: [1, 2] }, 3, ['spec.v: Unsupported value: 3: supported values: "1", "2"']],
    ['pattern', { type: 'string', pattern: '^[a-z]+$' }, 'Abc', ["spec.v: Invalid value: \"Abc\": spec.v in body should match '^[a-z]+$'"]],
    ['pattern match', { type: 'string', pattern: '^[a-z]+$' }, 'abc', []],
    ['maxLength', { type: 'string', maxLength: 3 }, 'abcd', ['spec.v: Too long: may not be more than 3 bytes']],
    ['maxLength counts characters', { type: 'string', maxLength: 3 }, 'äöü', []],
    ['minLength', { type: 'string', minLength: 3 }, 'ab', ['spec.v: Invalid value: "ab": spec.v in body should be at least 3 chars long']],
    ['maxLength wins over pattern', { type: 'string', maxLength: 1, pattern: '^a$' }, 'bb', ['spec.v: Too long: may not be more than 1 bytes']],
    ['maximum', { type: 'integer', maximum: 10 }, 11, ['spec.v: Invalid value: 11: spec.v in body should be less than or equal to 10']],
    ['exclusive maximum', { type: 'integer', maximum: 10, exclusiveMaximum: true }, 10, ['spec.v: Invalid value: 10: spec.v in body should be less than 10']],
    ['minimum', { type: 'integer', minimum: 0 }, -1, ['spec.v: Invalid value: -1: spec.v in body should be greater than or equal to 0']],
    ['exclusive minimum', { type: 'number', minimum: 0, exclusiveMinimum: true }, 0, ['spec.v: Invalid value: 0: spec.v in body should be greater than 0']],
    ['float bound printed like Go', { type: 'number', maximum: 1000000 }, 1000000.5, ['spec.v: Invalid value: 1.0000005e+06: spec.v in body should be less than or equal to 1e+06']],
    ['minimum and maximum both reported', { type: 'integer', minimum: 5, maximum: 1 }, 3, ['spec.v: Invalid value: 3: spec.v in body should be greater than or equal to 5', 'spec.v: Invalid value: 3: spec.v in body should be less than or equal to 1']],
    ['multipleOf', { type: 'integer', multipleOf: 5 }, 12, ['spec.v: Invalid value: 12: spec.v in body should be a multiple of 5']],
    ['minItems', { type: 'array', items: { type: 'string' }, minItems: 1 }, [], ['spec.v: Invalid value: 0: spec.v in body should have at least 1 items']],
    ['maxItems', { type: 'array', items: { type: 'string' }, maxItems: 2 }, ['a', 'b', 'c'], ['spec.v: Too many: 3: must have at most 2 items']],
    ['uniqueItems', { type: 'array', items: { type: 'string' }, uniqueItems: true }, ['a', 'a'], ['spec.v: Invalid value: "": spec.v in body shouldn\'t contain duplicates']],
    ['minProperties', { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 }, {}, ['spec.v: Invalid value: 0: spec.v in body should have at least 1 properties']],
    ['maxProperties', { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 }, { a: 'x', b: 'y' }, ['spec.v: Too many: 2: must have at most 1 items']],
    ['enum of objects renders the value like Go %#v', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, enum: [{ a: 1 }] }, { b: 'x', a: [1.5, null] }, ['spec.v: Unsupported value: map[string]interface {}{"a":[]interface {}{1.5, interface {}(nil)}, "b":"x"}: supported values: "{\\"a\\":1}"']],
  ])('%s', (_name, schema, value, expected) => {
    expect(specErrors(field('v', schema), { v: value })).toEqual(expected);
  });
});

describe('oneOf, allOf and not', () => {
  const base: StructuralSchema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
  it.each<[string, StructuralSchema, JsonValue, string[]]>([
    ['oneOf with none valid', { ...base, oneOf: [{ required: ['a'] }, { required: ['b'] }] }, {}, ['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid', 'spec.a: Required value']],
    ['oneOf with two valid', { ...base, oneOf: [{ required: ['a'] }, { required: ['b'] }] }, { a: 'x', b: 'y' }, ['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']],
    ['oneOf with one valid', { ...base, oneOf: [{ required: ['a'] }, { required: ['b'] }] }, { b: 'y' }, []],
    ['allOf', { ...base, allOf: [{ required: ['a'] }, { required: ['b'] }] }, { a: 'x' }, ['spec.b: Required value', '<nil>: Invalid value: "": "spec" must validate all the schemas (allOf)']],
    ['not', { ...base, not: { required: ['a'] } }, { a: 'x' }, ['<nil>: Invalid value: "": "spec" must not validate the schema (not)']],
  ])('%s', (_name, schema, value, expected) => {
    expect(specErrors(schema, value)).toEqual(expected);
  });
});

describe('maps (additionalProperties)', () => {
  it('validates every value at its dotted path', () => {
    const schema = field('labels', { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } });
    expect(specErrors(schema, { labels: { ok: 'a', long: 'abcd', num: 1 } })).toEqual([
      'spec.labels.long: Too long: may not be more than 3 bytes',
      'spec.labels.num: Invalid value: "integer": spec.labels.num in body must be of type string: "integer"',
    ]);
  });

  it('keeps map keys and prunes unknown fields inside map values', () => {
    const schema = rootWithSpec(field('byName', { type: 'object', additionalProperties: { type: 'object', properties: { w: { type: 'integer' } } } }));
    const out = prepare(schema, resource({ byName: { a: { w: 1, junk: true } } }));
    expect(out.object.spec).toEqual({ byName: { a: { w: 1 } } });
    expect(out.unknownFields).toEqual(['spec.byName.a.junk']);
  });

  it('reports keys forbidden by additionalProperties: false', () => {
    const schema = field('m', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false });
    expect(specErrors(schema, { m: { a: 'x', b: 'y' } })).toEqual(['spec.m: Invalid value: "b": spec.m.b in body is a forbidden property']);
  });
});

describe('unknown fields', () => {
  const schema = rootWithSpec({
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      template: { type: 'object', properties: { bar: { type: 'array', items: { type: 'object', properties: { y: { type: 'string' } } } } } },
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { k: { type: 'string' } } } } },
    },
  });
  const input = resource({
    replicas: 1,
    zeta: 1,
    foo: { deep: true },
    template: { bar: [{ y: 'a', x: 1 }] },
    extra: { anything: { goes: 1 }, known: { k: 'v', nope: 2 } },
  });

  it.each<[FieldValidation, string[], boolean]>([
    ['Strict', ['spec.extra.known.nope', 'spec.foo', 'spec.template.bar[0].x', 'spec.zeta'], false],
    ['Warn', ['spec.extra.known.nope', 'spec.foo', 'spec.template.bar[0].x', 'spec.zeta'], true],
    ['Ignore', [], true],
  ])('fieldValidation=%s', (mode, expectedUnknown, pruned) => {
    const out = prepare(schema, input, mode);
    expect(out.unknownFields).toEqual(expectedUnknown);
    const spec = out.object.spec as JsonObject;
    expect('zeta' in spec).toBe(!pruned);
    expect((spec.extra as JsonObject).anything).toEqual({ goes: 1 });
    expect(out.errors).toEqual([]);
  });

  it('prunes to exactly the declared fields and never mutates the input', () => {
    const before = structuredClone(input);
    const out = prepare(schema, input, 'Warn');
    expect(input).toEqual(before);
    expect(out.object).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'demo', namespace: 'default' },
      spec: { replicas: 1, template: { bar: [{ y: 'a' }] }, extra: { anything: { goes: 1 }, known: { k: 'v' } } },
    });
  });

  it('always knows apiVersion, kind and metadata at the root, even when the schema omits them', () => {
    const out = prepare({ type: 'object', properties: { spec: { type: 'object' } } }, { ...resource({}), top: 1, metadata: { name: 'n', labels: { a: 'b' } } });
    expect(out.unknownFields).toEqual(['top']);
    expect(out.object.metadata).toEqual({ name: 'n', labels: { a: 'b' } });
  });
});

describe('embedded resources', () => {
  const schema = rootWithSpec(
    field('template', { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } }),
  );

  it('keeps apiVersion, kind and metadata and prunes the rest', () => {
    const embedded = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { image: 'nginx', junk: 1 }, other: 2 };
    const out = prepare(schema, resource({ template: embedded }));
    expect(out.unknownFields).toEqual(['spec.template.other', 'spec.template.spec.junk']);
    expect((out.object.spec as JsonObject).template).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { image: 'nginx' } });
    expect(out.errors).toEqual([]);
  });

  it.each<[string, JsonObject, string[]]>([
    ['missing apiVersion and kind', { spec: {} }, ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']],
    ['kind that is not a string', { apiVersion: 'v1', kind: 3 }, ['spec.template.kind: Invalid value: 3: must be a string']],
    ['malformed apiVersion', { apiVersion: 'a/b/c', kind: 'Pod' }, ['spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c']],
    [
      'kind that is not a DNS-1035 label',
      { apiVersion: 'v1', kind: 'Pod_X' },
      ["spec.template.kind: Invalid value: \"Pod_X\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
    ],
  ])('%s', (_name, embedded, expected) => {
    expect(prepare(schema, resource({ template: embedded })).errors.map(formatFieldError)).toEqual(expected);
  });
});

describe('list types', () => {
  it.each<[string, StructuralSchema, JsonValue, string[]]>([
    ['set duplicates', { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } }, ['a', 'b', 'a', 'a'], ['spec.l[2]: Duplicate value: "a"']],
    [
      'map duplicate keys',
      { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } } },
      [{ name: 'a', v: 1 }, { name: 'a', v: 2 }],
      ['spec.l[1]: Duplicate value: map[string]interface {}{"name":"a"}'],
    ],
    [
      'map with two keys',
      { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string' } } } },
      [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }],
      ['spec.l[2]: Duplicate value: map[string]interface {}{"port":80, "protocol":"TCP"}'],
    ],
    ['atomic lists allow duplicates', { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } }, ['a', 'a'], []],
  ])('%s', (_name, schema, value, expected) => {
    expect(specErrors(field('l', schema), { l: value })).toEqual(expected);
  });
});

describe('defaults', () => {
  const schema = rootWithSpec({
    type: 'object',
    properties: {
      strategy: {
        type: 'object',
        default: {},
        properties: {
          type: { type: 'string', default: 'Canary' },
          canary: { type: 'object', properties: { maxSurge: { 'x-kubernetes-int-or-string': true, default: '25%' } } },
        },
      },
      steps: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 10 }, pause: { type: 'object' } } } },
      limits: { type: 'object', additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 1 } } } },
      replicas: { type: 'integer', default: 1 },
      preset: { type: 'object', default: { a: 1, junk: 2 }, properties: { a: { type: 'integer' }, b: { type: 'string', default: 'bee' } } },
    },
  });

  it.each<[string, JsonValue, JsonValue]>([
    [
      'fills missing properties, recursing into defaulted objects',
      {},
      { strategy: { type: 'Canary' }, replicas: 1, preset: { a: 1, b: 'bee' } },
    ],
    ['keeps what was given', { replicas: 3, strategy: { type: 'BlueGreen' } }, { replicas: 3, strategy: { type: 'BlueGreen' }, preset: { a: 1, b: 'bee' } }],
    [
      'defaults inside existing nested objects',
      { strategy: { canary: {} } },
      { strategy: { type: 'Canary', canary: { maxSurge: '25%' } }, replicas: 1, preset: { a: 1, b: 'bee' } },
    ],
    [
      'defaults inside array items and map values',
      { steps: [{}, { weight: 50 }], limits: { cpu: {}, mem: { max: 4 } } },
      { steps: [{ weight: 10 }, { weight: 50 }], limits: { cpu: { max: 1 }, mem: { max: 4 } }, strategy: { type: 'Canary' }, replicas: 1, preset: { a: 1, b: 'bee' } },
    ],
  ])('%s', (_name, spec, expected) => {
    const out = prepare(schema, resource(spec));
    expect(out.object.spec).toEqual(expected);
    expect(out.errors).toEqual([]);
  });

  it('gives each defaulted field its own copy', () => {
    const out = prepare(schema, resource({ limits: { a: {}, b: {} } }));
    const limits = (out.object.spec as JsonObject).limits as JsonObject;
    expect(limits.a).not.toBe(limits.b);
  });

  it('validates defaulted values too', () => {
    const bad = rootWithSpec(field('n', { type: 'integer', default: 'x' }));
    expect(prepare(bad, resource({})).errors.map(formatFieldError)).toEqual(['spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"']);
  });
});

describe('messages', () => {
  const schema = rootWithSpec({
    type: 'object',
    required: ['selector'],
    properties: {
      replicas: { type: 'integer' },
      selector: { type: 'object' },
      strategy: { type: 'object', properties: { type: { type: 'string', enum: ['A', 'B'] } } },
    },
  });

  it('collects several errors in one object and formats them as kube-apiserver does', () => {
    const out = prepare(schema, resource({ replicas: 'string', strategy: { type: 'Foo' } }));
    expect(formatInvalidMessage('Rollout.argoproj.io', 'bad', out.errors)).toBe(
      'Rollout.argoproj.io "bad" is invalid: [' +
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", ' +
        'spec.strategy.type: Unsupported value: "Foo": supported values: "A", "B", ' +
        'spec.selector: Required value]',
    );
  });

  it.each<[string, FieldError[], string]>([
    ['no errors', [], 'Rollout.argoproj.io "bad" is invalid'],
    ['one error', [{ type: 'Required', field: 'spec.selector', detail: '' }], 'Rollout.argoproj.io "bad" is invalid: spec.selector: Required value'],
    [
      'duplicates collapse',
      [
        { type: 'Required', field: 'spec.selector', detail: '' },
        { type: 'Required', field: 'spec.selector', detail: '' },
      ],
      'Rollout.argoproj.io "bad" is invalid: spec.selector: Required value',
    ],
  ])('invalid message with %s', (_name, errors, expected) => {
    expect(formatInvalidMessage('Rollout.argoproj.io', 'bad', errors)).toBe(expected);
  });

  it.each<[FieldError, string]>([
    [{ type: 'Invalid', field: 'spec.x', value: 'a"b\n', detail: 'nope' }, 'spec.x: Invalid value: "a\\"b\\n": nope'],
    [{ type: 'Invalid', field: 'spec.x', value: null, detail: 'nope' }, 'spec.x: Invalid value: "null": nope'],
    [{ type: 'Invalid', field: 'spec.x', value: 0.00001, detail: 'd' }, 'spec.x: Invalid value: 1e-05: d'],
    [{ type: 'Invalid', field: 'spec.x', value: ['a', 1], detail: 'd' }, 'spec.x: Invalid value: []interface {}{"a", 1}: d'],
    [{ type: 'Invalid', field: 'spec.versions', detail: 'must be unique' }, 'spec.versions: Invalid value: must be unique'],
    [{ type: 'TooLong', field: 'spec.x', value: 'ignored', detail: 'may not be more than 3 bytes' }, 'spec.x: Too long: may not be more than 3 bytes'],
    [{ type: 'Duplicate', field: 'spec.l[1]', value: true, detail: '' }, 'spec.l[1]: Duplicate value: true'],
  ])('formats %j', (error, expected) => {
    expect(formatFieldError(error)).toBe(expected);
  });

  it('has the ErrorBody that Status causes carry', () => {
    expect(formatFieldErrorBody({ type: 'Unsupported', field: 'spec.t', value: 'Foo', detail: 'supported values: "A"' })).toBe('Unsupported value: "Foo": supported values: "A"');
  });

  it('words the strict decoding error like kube-apiserver', () => {
    expect(formatUnknownFieldsMessage('Rollout', 'v1alpha1', ['spec.foo', 'spec.bar'])).toBe(
      'Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
    expect(formatUnknownFieldWarnings(['spec.foo'])).toEqual(['unknown field "spec.foo"']);
  });
});

describe('validateCrdDefinition', () => {
  function crd(overrides: { name?: string; spec?: JsonObject } = {}): JsonObject {
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: overrides.name ?? 'rollouts.argoproj.io' },
      spec: {
        group: 'argoproj.io',
        scope: 'Namespaced',
        names: { plural: 'rollouts', singular: 'rollout', kind: 'Rollout', listKind: 'RolloutList' },
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
        ...overrides.spec,
      },
    };
  }
  const version = (name: string, storage: boolean, schema: JsonValue = { openAPIV3Schema: { type: 'object' } }): JsonObject => ({ name, served: true, storage, schema });

  it.each<[string, JsonObject, string[]]>([
    ['a valid CRD', crd(), []],
    ['a name that is not plural.group', crd({ name: 'rollout.argoproj.io' }), ['metadata.name: Invalid value: "rollout.argoproj.io": must be spec.names.plural+"."+spec.group']],
    ['a missing group', crd({ name: 'rollouts.', spec: { group: '' } }), ['metadata.name: Invalid value: "rollouts.": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')', 'spec.group: Required value']],
    ['a group without a dot', crd({ name: 'rollouts.argoproj', spec: { group: 'argoproj' } }), ['spec.group: Invalid value: "argoproj": should be a domain with at least one dot']],
    ['no versions', crd({ spec: { versions: [] } }), ['spec.versions: Invalid value: must have exactly one version marked as storage version']],
    ['two storage versions', crd({ spec: { versions: [version('v1', true), version('v2', true)] } }), ['spec.versions: Invalid value: must have exactly one version marked as storage version']],
    ['duplicate version names', crd({ spec: { versions: [version('v1', true), version('v1', false)] } }), ['spec.versions: Invalid value: must contain unique version names']],
    ['a version without a schema', crd({ spec: { versions: [version('v1', true, {})] } }), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']],
    ['a root schema that is not an object', crd({ spec: { versions: [version('v1', true, { openAPIV3Schema: { type: 'string' } })] } }), ['spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root']],
    ['a root schema without a type', crd({ spec: { versions: [version('v1', true, { openAPIV3Schema: {} })] } }), ['spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root']],
    ['a missing plural and kind', crd({ name: '.argoproj.io', spec: { names: {} } }), [
      'metadata.name: Invalid value: ".argoproj.io": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'spec.names.plural: Required value',
      'spec.names.singular: Required value',
      'spec.names.kind: Required value',
      'spec.names.listKind: Required value',
    ]],
    ['an unsupported scope', crd({ spec: { scope: 'Global' } }), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']],
    ['kind equal to listKind', crd({ spec: { names: { plural: 'rollouts', kind: 'Rollout', listKind: 'Rollout' } } }), ['spec.names.listKind: Invalid value: "Rollout": kind and listKind may not be the same']],
  ])('%s', (_name, definition, expected) => {
    expect(validateCrdDefinition(definition).map(formatFieldError)).toEqual(expected);
  });
});
