import { describe, expect, it } from '@jest/globals';
import { bindVariables, conditionHolds, runTrigger, triggerOfReason } from '../../../src/notifications/triggers.js';

const rollout = { metadata: { name: 'shop', generation: 3 }, spec: { template: { spec: { containers: [{ image: 'shop:purple' }] } } }, status: { phase: 'Paused', currentStepIndex: 2 } };

describe('triggers', () => {
  it.each([
    ['RolloutCompleted', 'on-rollout-completed'],
    ['RolloutStepCompleted', 'on-rollout-step-completed'],
    ['RolloutUpdated', 'on-rollout-updated'],
    ['RolloutPaused', 'on-rollout-paused'],
    ['RolloutAborted', 'on-rollout-aborted'],
    ['AnalysisRunRunning', 'on-analysis-run-running'],
    ['AnalysisRunError', 'on-analysis-run-error'],
    ['AnalysisRunFailed', 'on-analysis-run-failed'],
    ['ScalingReplicaSet', 'on-scaling-replica-set'],
    ['NewReplicaSetCreated', 'on-new-replica-set-created'],
  ])('%s → %s (Argo translateReasonToTrigger)', (reason, trigger) => {
    expect(triggerOfReason(reason)).toBe(trigger);
  });

  it.each([
    [undefined, true],
    ['', true],
    ["rollout.spec.template.spec.containers[0].image == 'shop:purple'", true],
    ["rollout.status.phase in ['Healthy', 'Degraded']", false],
    ['rollout.status.currentStepIndex >= 2 and rollout.metadata.generation == 3', true],
    ["rollout.metadata.labels == nil", true],
  ])('when %j → %s', (when, expected) => {
    expect(conditionHolds(when, { rollout })).toBe(expected);
  });

  it('sends the templates of each condition that holds, and reports bad conditions', () => {
    const result = runTrigger(
      [
        { send: ['always'] },
        { when: "rollout.status.phase == 'Paused'", send: ['paused', 'extra'] },
        { when: "rollout.status.phase == 'Healthy'", send: ['healthy'] },
        { when: 'rollout.status.phase ==', send: ['broken'] },
        { when: 'rollout.metadata.name', send: ['not-bool'] },
      ],
      { rollout },
    );
    expect(result.templates).toEqual([['always'], ['paused', 'extra']]);
    expect(result.errors).toHaveLength(2);
  });
});

describe('bindVariables', () => {
  it.each([
    ["rollout.status.phase == 'Paused'", "result.rollout.status.phase == 'Paused'"],
    ["rollout.metadata.name == 'rollout'", "result.rollout.metadata.name == 'rollout'"],
    ['all(rollout.spec.x, {#.rollout > 1})', 'all(result.rollout.spec.x, {#.rollout > 1})'],
    ['analysisRun.status.phase != nil', 'result.analysisRun.status.phase != nil'],
    ['rollouts == 1', 'rollouts == 1'],
  ])('%s → %s', (when, bound) => {
    expect(bindVariables(when)).toBe(bound);
  });
});
