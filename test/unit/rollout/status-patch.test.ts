// The status merge patch (RFC 7386) the reconciler sends: only what changed, null for what went,
// nested objects patched field by field, arrays replaced whole, and nothing at all when equal.
import { describe, expect, it } from '@jest/globals';
import { deepEqual, mergePatchBetween } from '../../../src/rollout/status-patch.js';

describe('mergePatchBetween', () => {
  it.each<[string, unknown, unknown, unknown]>([
    ['equal objects → no patch', { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }, undefined],
    ['a changed field', { phase: 'Progressing', replicas: 3 }, { phase: 'Healthy', replicas: 3 }, { phase: 'Healthy' }],
    ['an added field', { a: 1 }, { a: 1, stableRS: 'x' }, { stableRS: 'x' }],
    ['a removed field → null', { abort: true, phase: 'Degraded' }, { phase: 'Degraded' }, { abort: null }],
    ['a field set to undefined counts as removed', { message: 'm' }, { message: undefined }, { message: null }],
    ['an undefined field on both sides → no patch', { a: 1, b: undefined }, { a: 1 }, undefined],
    ['nested objects patched field by field', { canary: { weights: { canary: 10, stable: 90 }, x: 1 } }, { canary: { weights: { canary: 20, stable: 90 }, x: 1 } }, { canary: { weights: { canary: 20 } } }],
    ['a nested object removed → null', { canary: { weights: { canary: 10 } } }, { canary: {} }, { canary: { weights: null } }],
    ['arrays are replaced whole', { conditions: [{ type: 'A' }, { type: 'B' }] }, { conditions: [{ type: 'A' }, { type: 'C' }] }, { conditions: [{ type: 'A' }, { type: 'C' }] }],
    ['an equal array is left out', { pauseConditions: [{ reason: 'r' }], phase: 'Paused' }, { pauseConditions: [{ reason: 'r' }], phase: 'Healthy' }, { phase: 'Healthy' }],
    ['an object replacing a scalar', { a: 1 }, { a: { b: 2 } }, { a: { b: 2 } }],
    ['a scalar replacing an object', { a: { b: 2 } }, { a: 1 }, { a: 1 }],
    ['scalars at the top: changed', 1, 2, 2],
    ['scalars at the top: equal', 'x', 'x', undefined],
    ['everything removed', { a: 1 }, undefined, null],
  ])('%s', (_name, before, after, patch) => {
    expect(mergePatchBetween(before, after)).toEqual(patch);
  });
});

describe('deepEqual', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [[1], { 0: 1 }, false],
    [{ a: null }, { a: undefined }, false],
    [null, null, true],
    ['1', 1, false],
  ])('%j vs %j → %s', (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });
});
