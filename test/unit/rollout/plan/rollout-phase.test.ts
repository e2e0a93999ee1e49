// Argo's CalculateRolloutPhase (utils/rollout/rolloututil.go) as a table: which phase and message
// a spec and a status imply, first matching row wins.
import { describe, expect, it } from '@jest/globals';
import type { RolloutCondition, RolloutPhase, RolloutSpec, RolloutStatus } from '../../../../src/api/types.js';
import { calculateRolloutPhase } from '../../../../src/rollout/plan/rollout-phase.js';

const cond = (type: RolloutCondition['type'], reason: string, message = 'm'): RolloutCondition => ({
  type,
  status: 'False',
  reason,
  message,
  lastUpdateTime: '2024-05-01T12:00:00Z',
  lastTransitionTime: '2024-05-01T12:00:00Z',
});

const canary: RolloutSpec = { replicas: 3, strategy: { canary: { steps: [{ setWeight: 50 }] } } };
const routed: RolloutSpec = { replicas: 3, strategy: { canary: { trafficRouting: { nginx: { stableIngress: 'i' } } } } };
const blueGreen: RolloutSpec = { replicas: 3, strategy: { blueGreen: { activeService: 'a' } } };
const done: RolloutStatus = { replicas: 3, updatedReplicas: 3, availableReplicas: 3, stableRS: 'h', currentPodHash: 'h' };

const ROWS: [string, RolloutSpec, RolloutStatus, RolloutPhase, string][] = [
  ['the first degrading condition in list order wins', { ...canary, paused: true }, { ...done, conditions: [cond('Progressing', 'RolloutAborted'), cond('InvalidSpec', 'InvalidSpec', 'bad')] }, 'Degraded', 'RolloutAborted: m'],
  ['InvalidSpec', canary, { ...done, conditions: [cond('InvalidSpec', 'InvalidSpec', 'bad')] }, 'Degraded', 'InvalidSpec: bad'],
  ['an abort', canary, { ...done, conditions: [cond('Progressing', 'RolloutAborted', 'Rollout aborted update to revision 2')] }, 'Degraded', 'RolloutAborted: Rollout aborted update to revision 2'],
  ['a timed-out deadline', canary, { ...done, conditions: [cond('Progressing', 'ProgressDeadlineExceeded', 'late')] }, 'Degraded', 'ProgressDeadlineExceeded: late'],
  ['spec.paused', { ...canary, paused: true }, { ...done, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }] }, 'Paused', 'manually paused'],
  ['a pause condition', canary, { ...done, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }] }, 'Paused', 'CanaryPauseStep'],
  ['a restart not yet done', { ...canary, restartAt: '2024-05-01T12:00:00Z' }, done, 'Progressing', 'rollout is restarting'],
  ['a restart done', { ...canary, restartAt: '2024-05-01T12:00:00Z' }, { ...done, restartedAt: '2024-05-01T12:00:00Z' }, 'Healthy', ''],
  ['fewer updated than replicas', canary, { ...done, updatedReplicas: 1 }, 'Progressing', 'more replicas need to be updated'],
  ['spec.replicas unset counts as 1', { ...canary, replicas: undefined }, { ...done, updatedReplicas: 0 }, 'Progressing', 'more replicas need to be updated'],
  ['updated but not available', canary, { ...done, availableReplicas: 2 }, 'Progressing', 'updated replicas are still becoming available'],
  ['basic canary with old pods left', canary, { ...done, replicas: 4 }, 'Progressing', 'old replicas are pending termination'],
  ['routed canary with old pods left (scale-down delay)', routed, { ...done, replicas: 4 }, 'Healthy', ''],
  ['canary not promoted yet', canary, { ...done, stableRS: 'old' }, 'Progressing', 'waiting for all steps to complete'],
  ['canary with no stable yet', canary, { ...done, stableRS: undefined }, 'Progressing', 'waiting for all steps to complete'],
  ['canary done', canary, done, 'Healthy', ''],
  ['blue-green before the active switch', blueGreen, { ...done, blueGreen: { activeSelector: 'old' } }, 'Progressing', 'active service cutover pending'],
  ['blue-green switched, not promoted', blueGreen, { ...done, stableRS: 'old', blueGreen: { activeSelector: 'h' } }, 'Progressing', 'waiting for post-promotion verification to complete'],
  ['blue-green waiting for post-promotion analysis', { ...blueGreen, strategy: { blueGreen: { activeService: 'a', postPromotionAnalysis: {} } } }, { ...done, stableRS: 'old', blueGreen: { activeSelector: 'h' } }, 'Progressing', 'waiting for analysis to complete'],
  ['blue-green done', blueGreen, { ...done, blueGreen: { activeSelector: 'h' } }, 'Healthy', ''],
];

describe('calculateRolloutPhase', () => {
  it.each(ROWS)('%s → %s', (_name, spec, status, phase, message) => {
    expect(calculateRolloutPhase(spec, status)).toEqual({ phase, message });
  });
});
