import { describe, it, expect } from '@jest/globals';
import { applyMergePatch } from '../../../src/sim/merge-patch.js';
import type { JsonValue } from '../../../src/sim/json.js';

// RFC 7386 appendix A, then the cases the simulator meets through `kubectl patch --type merge`.
const cases: Array<[string, JsonValue, JsonValue, JsonValue]> = [
  ['replaces a value', { a: 'b' }, { a: 'c' }, { a: 'c' }],
  ['adds a key', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  ['null deletes a key', { a: 'b' }, { a: null }, {}],
  ['null deletes one of several keys', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  ['a list replaces a scalar', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
  ['a scalar replaces a list', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  ['nested maps merge', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  ['lists are replaced whole', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  ['a list patch replaces a list target', ['a', 'b'], ['c', 'd'], ['c', 'd']],
  ['a map patch replaces a list target', ['a', 'b'], { a: 'b' }, { a: 'b' }],
  ['a map patch replaces a scalar target', 'a', { a: 'b' }, { a: 'b' }],
  ['null replaces the whole target', { a: 'foo' }, null, null],
  ['a string replaces the whole target', { a: 'foo' }, 'bar', 'bar'],
  ['null inside a list is kept', { e: null }, { a: 1 }, { e: null, a: 1 }],
  ['a list patch replaces a map target', [1, 2], { a: 'b', c: null }, { a: 'b' }],
  ['nulls are dropped from a new nested map', {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ['an empty patch changes nothing', { a: 1 }, {}, { a: 1 }],
  [
    'kubectl scale',
    { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } } },
    { spec: { replicas: 3 } },
    { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } } },
  ],
  [
    'kubectl label --overwrite and label removal',
    { metadata: { name: 'web', labels: { app: 'web', tier: 'front' } } },
    { metadata: { labels: { tier: null, env: 'prod' } } },
    { metadata: { name: 'web', labels: { app: 'web', env: 'prod' } } },
  ],
  [
    'a containers list is replaced, not merged',
    { spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'sidecar', image: 's:1' }] } },
    { spec: { containers: [{ name: 'app', image: 'a:2' }] } },
    { spec: { containers: [{ name: 'app', image: 'a:2' }] } },
  ],
  ['keys under a CR status merge', { status: { phase: 'Healthy', x: 1 } }, { status: { phase: 'Degraded' } }, { status: { phase: 'Degraded', x: 1 } }],
];

describe('applyMergePatch', () => {
  it.each(cases)('%s', (_name, target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it.each(cases)('does not modify its inputs: %s', (_name, target, patch) => {
    const [targetBefore, patchBefore] = [structuredClone(target), structuredClone(patch)];
    applyMergePatch(target, patch);
    expect([target, patch]).toEqual([targetBefore, patchBefore]);
  });

  it('returns a value that shares nothing with its inputs', () => {
    const target = { metadata: { labels: { app: 'web' } }, spec: { ports: [80] } };
    const patch = { spec: { hosts: ['a'] } };
    const result = applyMergePatch(target, patch) as { metadata: { labels: Record<string, string> }; spec: { hosts: string[] } };
    result.metadata.labels.app = 'changed';
    result.spec.hosts.push('b');
    expect(target.metadata.labels.app).toBe('web');
    expect(patch.spec.hosts).toEqual(['a']);
  });
});

// kubectl v1.32 sends JSON merge patches for these (captured against a recording server).
describe('merge patches captured from kubectl v1.32', () => {
  const live = { metadata: { name: 'web', labels: { app: 'web', tier: 'front' } }, spec: { replicas: 2 } };
  it.each<[string, JsonValue, JsonValue]>([
    ['kubectl scale --replicas=5 (sent to the scale subresource)', { spec: { replicas: 5 } }, { ...live, spec: { replicas: 5 } }],
    ['kubectl label tier- env=prod', { metadata: { labels: { env: 'prod', tier: null } } }, { ...live, metadata: { name: 'web', labels: { app: 'web', env: 'prod' } } }],
    ['kubectl annotate note=x', { metadata: { annotations: { note: 'x' } } }, { ...live, metadata: { ...live.metadata, annotations: { note: 'x' } } }],
  ])('%s', (_name, patch, expected) => {
    expect(applyMergePatch(live, patch)).toEqual(expected);
  });
});
