import { describe, it, expect } from '@jest/globals';
import { applyJsonPatch, PatchError } from '../../../src/sim/json-patch.js';
import type { JsonValue } from '../../../src/sim/json.js';

const deployment = (): JsonValue => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'app', image: 'nginx:1.1' }, { name: 'sidecar', image: 'envoy:1' }] } },
  },
});

const applied: Array<[string, JsonValue, JsonValue]> = [
  ['replace', [{ op: 'replace', path: '/spec/replicas', value: 5 }], { replicas: 5 }],
  ['add a map key', [{ op: 'add', path: '/metadata/labels/env', value: 'prod' }], { labels: { app: 'web', env: 'prod' } }],
  [
    'add a key with an escaped slash',
    [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }],
    { labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
  ],
  ['remove', [{ op: 'remove', path: '/metadata/labels/app' }], { labels: {} }],
  [
    'replace a list entry',
    [{ op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'envoy:2' }],
    { image: 'envoy:2' },
  ],
  [
    'append to a list with -',
    [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'log', image: 'busybox' } }],
    { name: 'log' },
  ],
  [
    'test then replace',
    [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ],
    { replicas: 3 },
  ],
  ['copy', [{ op: 'copy', from: '/metadata/labels', path: '/spec/selector' }], { selector: { app: 'web' } }],
  ['move', [{ op: 'move', from: '/metadata/labels', path: '/metadata/annotations' }], { annotations: { app: 'web' } }],
  ['an empty patch', [], { replicas: 2 }],
];

const rejected: Array<[string, JsonValue, number, RegExp]> = [
  ['a failing test', [{ op: 'test', path: '/spec/replicas', value: 9 }], 422, /operation 0 .*test.*does not equal/],
  ['a failing test after a good operation', [{ op: 'replace', path: '/spec/replicas', value: 1 }, { op: 'test', path: '/metadata/name', value: 'x' }], 422, /operation 1/],
  ['remove of a missing path', [{ op: 'remove', path: '/spec/paused' }], 422, /"path" does not exist/],
  ['replace of a missing path', [{ op: 'replace', path: '/status/phase', value: 'x' }], 422, /"path" does not exist/],
  ['add below a missing parent', [{ op: 'add', path: '/status/conditions/0', value: {} }], 422, /parent of "path"/],
  ['move from a missing path', [{ op: 'move', from: '/nope', path: '/spec/x' }], 422, /"from" does not exist/],
  ['a list index out of bounds', [{ op: 'add', path: '/spec/template/spec/containers/7', value: {} }], 422, /out of bounds/],
  ['a patch that is not a list', { op: 'add', path: '/a', value: 1 }, 400, /must be a list of operations/],
  ['an unknown op', [{ op: 'merge', path: '/a', value: 1 }], 400, /no valid "op"/],
  ['an operation that is not a map', ['add'], 400, /no valid "op"/],
  ['a missing path', [{ op: 'add', value: 1 }], 400, /has no "path"/],
  ['a missing value', [{ op: 'add', path: '/spec/x' }], 400, /needs a "value"/],
  ['a path that is not a pointer', [{ op: 'add', path: 'spec', value: 1 }], 400, /not a JSON pointer/],
  ['a __proto__ path', [{ op: 'add', path: '/__proto__/polluted', value: 1 }], 400, /rejected/],
];

describe('applyJsonPatch', () => {
  it.each(applied)('applies %s', (_name, ops, expectedSubset) => {
    const result = applyJsonPatch(deployment(), ops) as { metadata: JsonValue; spec: { template: { spec: { containers: JsonValue[] } } } };
    const containers = result.spec.template.spec.containers;
    const candidates = [result.metadata, result.spec, ...containers];
    expect(candidates).toContainEqual(expect.objectContaining(expectedSubset as object));
  });

  it.each(rejected)('rejects %s with a PatchError', (_name, ops, status, message) => {
    const attempt = (): JsonValue => applyJsonPatch(deployment(), ops);
    expect(attempt).toThrow(PatchError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as PatchError).status).toBe(status);
    }
  });

  it('does not modify the target, the operations or Object.prototype', () => {
    const target = deployment();
    const ops: JsonValue = [
      { op: 'add', path: '/metadata/labels/env', value: { nested: ['x'] } },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
    ];
    const [targetBefore, opsBefore] = [structuredClone(target), structuredClone(ops)];
    const result = applyJsonPatch(target, ops) as { metadata: { labels: { env: { nested: string[] } } } };
    result.metadata.labels.env.nested.push('y');
    expect([target, ops]).toEqual([targetBefore, opsBefore]);
    expect(() => applyJsonPatch({}, [{ op: 'add', path: '/__proto__/polluted', value: 1 }])).toThrow(PatchError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replaces the whole document with an empty path', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
  });
});
