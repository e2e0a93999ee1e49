import { describe, expect, it } from '@jest/globals';
import type { Rollout, RolloutSpec, RolloutStatus } from '../../../src/api/types.js';
import { calculatePhase, rolloutPhase } from '../../../src/api/rollout-phase.js';

const canary: RolloutSpec = { replicas: 5, strategy: { canary: { steps: [{ setWeight: 20 }] } } };

function rollout(status: RolloutStatus, generation = 2, spec: RolloutSpec = canary): Rollout {
  return { metadata: { name: 'r', generation }, spec, status };
}

describe('rolloutPhase (Argo GetRolloutPhase)', () => {
  it.each([
    ['a spec change not yet observed', rollout({ observedGeneration: '1', phase: 'Healthy' }, 2), 'Progressing', 'waiting for rollout spec update to be observed'],
    ['an observed generation ahead of metadata', rollout({ observedGeneration: '3', phase: 'Healthy' }, 2), 'Healthy', ''],
    ['a pre-0.10 hash as observedGeneration', rollout({ observedGeneration: '7d9f8c', phase: 'Paused', message: 'CanaryPauseStep' }, 2), 'Paused', 'CanaryPauseStep'],
    ['a promote the controller has not acted on', rollout({ observedGeneration: '2', phase: 'Paused', controllerPause: true }), 'Progressing', 'waiting for rollout to unpause'],
    ['a promote kept under a manual pause', rollout({ observedGeneration: '2', phase: 'Paused', message: 'manually paused', controllerPause: true }, 2, { ...canary, paused: true }), 'Paused', 'manually paused'],
    ['the controller’s phase and message', rollout({ observedGeneration: '2', phase: 'Degraded', message: 'RolloutAborted: x' }), 'Degraded', 'RolloutAborted: x'],
    ['no phase yet: computed', rollout({}), 'Progressing', 'more replicas need to be updated'],
  ])('%s', (_what, r, phase, message) => {
    expect(rolloutPhase(r)).toEqual({ phase, message });
  });
});

describe('calculatePhase (Argo CalculateRolloutPhase)', () => {
  const done: RolloutStatus = { replicas: 5, updatedReplicas: 5, availableReplicas: 5, stableRS: 'a', currentPodHash: 'a' };
  const cond = (type: 'InvalidSpec' | 'Progressing', reason: string): RolloutStatus['conditions'] => [{ type, status: 'True', reason, message: 'm', lastUpdateTime: '', lastTransitionTime: '' }];
  it.each([
    ['invalid spec', canary, { ...done, conditions: cond('InvalidSpec', 'InvalidSpec') }, 'Degraded', 'InvalidSpec: m'],
    ['aborted', canary, { ...done, conditions: cond('Progressing', 'RolloutAborted') }, 'Degraded', 'RolloutAborted: m'],
    ['deadline passed', canary, { ...done, conditions: cond('Progressing', 'ProgressDeadlineExceeded') }, 'Degraded', 'ProgressDeadlineExceeded: m'],
    ['manual pause', { ...canary, paused: true }, done, 'Paused', 'manually paused'],
    ['pause step', canary, { ...done, pauseConditions: [{ reason: 'CanaryPauseStep' as const, startTime: '' }] }, 'Paused', 'CanaryPauseStep'],
    ['restarting', { ...canary, restartAt: '2024-05-01T12:00:00Z' }, done, 'Progressing', 'rollout is restarting'],
    ['restarted', { ...canary, restartAt: '2024-05-01T12:00:00Z' }, { ...done, restartedAt: '2024-05-01T12:00:00Z' }, 'Healthy', ''],
    ['updating', canary, { ...done, updatedReplicas: 1 }, 'Progressing', 'more replicas need to be updated'],
    ['becoming available', canary, { ...done, availableReplicas: 4 }, 'Progressing', 'updated replicas are still becoming available'],
    ['old pods left', canary, { ...done, replicas: 6 }, 'Progressing', 'old replicas are pending termination'],
    ['steps left', canary, { ...done, stableRS: 'b' }, 'Progressing', 'waiting for all steps to complete'],
    ['blue-green cutover', { replicas: 5, strategy: { blueGreen: { activeService: 'a' } } }, { ...done, blueGreen: { activeSelector: 'b' } }, 'Progressing', 'active service cutover pending'],
    ['blue-green verification', { replicas: 5, strategy: { blueGreen: { activeService: 'a' } } }, { ...done, stableRS: 'b', blueGreen: { activeSelector: 'a' } }, 'Progressing', 'waiting for post-promotion verification to complete'],
    ['healthy', canary, done, 'Healthy', ''],
  ])('%s', (_what, spec, status, phase, message) => {
    expect(calculatePhase(spec, status)).toEqual({ phase, message });
  });
});
