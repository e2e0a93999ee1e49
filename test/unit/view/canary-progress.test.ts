import { describe, expect, it } from '@jest/globals';
import type { CanaryStep, Rollout } from '../../../src/api/types.js';
import { actualWeight, canaryStepString, currentCanaryStep, currentSetWeight } from '../../../src/view/canary-progress.js';

const steps: CanaryStep[] = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: 30 } }];

function canary(status: Rollout['status'], extra: { trafficRouting?: boolean; maxTrafficWeight?: number } = {}): Rollout {
  const trafficRouting = extra.trafficRouting ? { nginx: { stableIngress: 'i' }, maxTrafficWeight: extra.maxTrafficWeight } : undefined;
  return { spec: { strategy: { canary: { steps, trafficRouting } } }, status };
}

describe('canary progress', () => {
  it.each([
    [undefined, 0, steps[0]],
    [1, 1, steps[1]],
    [4, 4, undefined],
  ])('current step at index %s', (index, expectedIndex, expectedStep) => {
    expect(currentCanaryStep(canary({ currentStepIndex: index }))).toEqual({ index: expectedIndex, step: expectedStep });
  });

  it.each([
    ['first step', { currentStepIndex: 0 }, 20],
    ['pause after 20', { currentStepIndex: 1 }, 20],
    ['at 50', { currentStepIndex: 3 }, 50],
    ['past the steps', { currentStepIndex: 4 }, 100],
    ['aborted', { currentStepIndex: 3, abort: true }, 0],
  ])('set weight: %s', (_what, status, weight) => {
    expect(currentSetWeight(canary(status))).toBe(weight);
  });

  it('set weight past the steps is the max traffic weight', () => {
    expect(currentSetWeight(canary({ currentStepIndex: 4 }, { trafficRouting: true, maxTrafficWeight: 1000 }))).toBe(1000);
  });

  it.each([
    ['1 of 5 available pods is the canary', canary({ currentStepIndex: 1, availableReplicas: 5 }), 1, 20],
    ['nothing available', canary({ currentStepIndex: 1, availableReplicas: 0 }), 1, 0],
    ['past the steps', canary({ currentStepIndex: 4, availableReplicas: 5 }), 0, 100],
    ['router reported', canary({ currentStepIndex: 2, availableReplicas: 5, canary: { weights: { canary: { weight: 35 }, stable: { weight: 65 } } } }, { trafficRouting: true }), 0, 35],
    ['router silent: the set weight', canary({ currentStepIndex: 2, availableReplicas: 5 }, { trafficRouting: true }), 0, 50],
  ])('actual weight: %s', (_what, rollout, canaryAvailable, weight) => {
    expect(actualWeight(rollout, canaryAvailable)).toBe(weight);
  });

  it.each([
    [{ setWeight: 20 }, 'setWeight: 20'],
    [{ pause: {} }, 'pause'],
    [{ pause: { duration: '1h' } }, 'pause: 1h'],
    [{ pause: { duration: 30 } }, 'pause: 30'],
    [{ analysis: { templates: [] } }, 'analysis'],
    [{ experiment: { templates: [] } }, 'experiment'],
    [{ setCanaryScale: { weight: 10 } }, 'setCanaryScale{weight: 10}'],
    [{ setCanaryScale: { matchTrafficWeight: true } }, 'setCanaryScale{matchTrafficWeight: true}'],
    [{ setCanaryScale: { replicas: 2 } }, 'setCanaryScale{replicas: 2}'],
    [{ plugin: { name: 'p' } }, 'plugin: p'],
    [{ setHeaderRoute: { name: 'h' } }, 'setHeaderRoute: h'],
    [{ setMirrorRoute: { name: 'm' } }, 'setMirrorRoute: m'],
  ] as [CanaryStep, string][])('step string %j', (step, text) => {
    expect(canaryStepString(step)).toBe(text);
  });
});
