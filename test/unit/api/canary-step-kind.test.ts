import { describe, expect, it } from '@jest/globals';
import { CANARY_STEP_KINDS, canaryStepKind, canaryStepKinds, tagCanaryStep } from '../../../src/api/canary-step-kind.js';
import type { CanaryStep } from '../../../src/api/types.js';

describe('canaryStepKind', () => {
  it.each<[string, CanaryStep, string]>([
    ['setWeight', { setWeight: 20 }, 'setWeight'],
    ['setWeight 0 (a value, not absence)', { setWeight: 0 }, 'setWeight'],
    ['pause without duration', { pause: {} }, 'pause'],
    ['timed pause', { pause: { duration: '30s' } }, 'pause'],
    ['analysis', { analysis: { templates: [{ templateName: 'success-rate' }] } }, 'analysis'],
    ['experiment', { experiment: { templates: [{ name: 'canary', specRef: 'canary' }] } }, 'experiment'],
    ['setCanaryScale', { setCanaryScale: { replicas: 1 } }, 'setCanaryScale'],
    ['setHeaderRoute', { setHeaderRoute: { name: 'header' } }, 'setHeaderRoute'],
    ['setMirrorRoute', { setMirrorRoute: { name: 'mirror' } }, 'setMirrorRoute'],
    ['plugin', { plugin: { name: 'example/notify' } }, 'plugin'],
  ])('%s', (_label, step, expected) => {
    expect(canaryStepKind(step)).toBe(expected);
    expect(canaryStepKinds(step)).toEqual([expected]);
  });

  it.each<[string, unknown, string[]]>([
    ['an empty step', {}, []],
    ['a step whose only field is null (YAML `pause:`)', { pause: null }, []],
    ['an unknown field only', { setWieght: 20 }, []],
    ['two actions', { setWeight: 20, pause: {} }, ['setWeight', 'pause']],
  ])('%s has no single kind', (_label, step, kinds) => {
    expect(canaryStepKind(step as CanaryStep)).toBeUndefined();
    expect(canaryStepKinds(step as CanaryStep)).toEqual(kinds);
    expect(tagCanaryStep(step as CanaryStep)).toBeUndefined();
  });

  it('lists the eight kinds in Argo field order', () => {
    expect(CANARY_STEP_KINDS).toEqual(['setWeight', 'pause', 'analysis', 'experiment', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin']);
  });
});

describe('tagCanaryStep', () => {
  // The point of the tag: a switch narrows `value` to the action's own type.
  function describeStep(step: CanaryStep): string {
    const tagged = tagCanaryStep(step);
    if (tagged === undefined) return 'invalid';
    switch (tagged.kind) {
      case 'setWeight':
        return `weight ${tagged.value}`;
      case 'pause':
        return `pause ${tagged.value.duration ?? 'until promoted'}`;
      default:
        return tagged.kind;
    }
  }

  it.each<[CanaryStep, string]>([
    [{ setWeight: 40 }, 'weight 40'],
    [{ pause: { duration: 10 } }, 'pause 10'],
    [{ pause: {} }, 'pause until promoted'],
    [{ plugin: { name: 'x' } }, 'plugin'],
    [{ setWeight: 10, pause: {} }, 'invalid'],
  ])('%j → %s', (step, expected) => {
    expect(describeStep(step)).toBe(expected);
  });

  it('carries the action value unchanged', () => {
    const experiment = { templates: [{ name: 'baseline', specRef: 'stable' as const }], duration: '5m' };
    expect(tagCanaryStep({ experiment })).toEqual({ kind: 'experiment', value: experiment });
  });
});
