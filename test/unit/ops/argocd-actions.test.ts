import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import type { Rollout } from '../../../src/api/types.js';
import { argoCdActionPatches, createMergePatch, runArgoCdAction, type ArgoCdAction, type ArgoCdActionPatches } from '../../../src/ops/argocd-actions.js';

// Given Rollouts like those of Argo CD's action tests (resource_customizations/argoproj.io/Rollout/
// actions/action_test.yaml), when an action runs, then the object changes as its action.lua changes
// it, and the merge patches are the ones Argo CD sends (status part to the status subresource).

const NOW = DateTime.fromISO('2024-05-01T12:00:00Z', { zone: 'utc' });
const PAUSE = '{reason: CanaryPauseStep, startTime: "2024-05-01T11:59:00Z"}';

function rollout(spec: string, status: string): Rollout {
  return parse(`apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, generation: 2}
spec: {replicas: 3, ${spec}strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}, {setWeight: 50}]}}}
status: {${status}}`) as Rollout;
}

const pausedAtStep1 = rollout('', `observedGeneration: "2", currentStepIndex: 1, currentPodHash: new, stableRS: old, pauseConditions: [${PAUSE}], controllerPause: true`);
const userPaused = rollout('paused: true, ', 'observedGeneration: "2", currentStepIndex: 0, currentPodHash: new, stableRS: old');
const aborted = rollout('', 'observedGeneration: "2", currentStepIndex: 0, currentPodHash: new, stableRS: old, abort: true');
const v09Aborted = rollout('', 'observedGeneration: 7fdb8bd8c8, currentStepIndex: 0, currentPodHash: new, stableRS: old, abort: true');
const atLastStep = rollout('', 'observedGeneration: "2", currentStepIndex: 3, currentPodHash: new, stableRS: new');

describe('Argo CD Rollout actions: the patches Argo CD sends', () => {
  it.each<[string, ArgoCdAction, Rollout, ArgoCdActionPatches]>([
    ['resume clears the pause conditions', 'resume', pausedAtStep1, { status: { status: { pauseConditions: null } } }],
    ['resume lifts a manual pause', 'resume', userPaused, { spec: { spec: { paused: false } } }],
    ['resume on a running rollout sends nothing', 'resume', aborted, {}],
    ['abort', 'abort', pausedAtStep1, { status: { status: { abort: true } } }],
    ['retry removes abort (the plugin sends false)', 'retry', aborted, { status: { status: { abort: null } } }],
    ['promote-full (v0.10+)', 'promote-full', aborted, { status: { status: { promoteFull: true } } }],
    ['promote-full before v0.10: abort removed, last step', 'promote-full', v09Aborted, { status: { status: { abort: null, currentStepIndex: 3 } } }],
    ['restart at now, RFC 3339 UTC', 'restart', pausedAtStep1, { spec: { spec: { restartAt: '2024-05-01T12:00:00Z' } } }],
    ['pause', 'pause', pausedAtStep1, { spec: { spec: { paused: true } } }],
    ['pause when already paused sends nothing', 'pause', userPaused, {}],
    ['skip-current-step at a pause: conditions cleared, next step', 'skip-current-step', pausedAtStep1, { status: { status: { pauseConditions: null, currentStepIndex: 2 } } }],
    ['skip-current-step mid-step without a pause', 'skip-current-step', userPaused, { status: { status: { currentStepIndex: 1 } } }],
    ['skip-current-step past the last step sends nothing', 'skip-current-step', atLastStep, {}],
  ])('%s', (_what, action, live, expected) => {
    const patches = argoCdActionPatches(action, live, NOW);
    expect(JSON.parse(JSON.stringify(patches))).toEqual(expected);
  });

  it('never changes the live object', () => {
    const before = structuredClone(pausedAtStep1);
    for (const action of ['resume', 'abort', 'skip-current-step', 'pause'] as const) runArgoCdAction(action, pausedAtStep1, NOW);
    expect(pausedAtStep1).toEqual(before);
  });

  it('skip-current-step leaves a blue-green rollout alone', () => {
    const bg = parse('metadata: {generation: 1}\nspec: {strategy: {blueGreen: {activeService: a}}}\nstatus: {observedGeneration: "1", pauseConditions: [{reason: BlueGreenPause, startTime: "2024-05-01T11:59:00Z"}]}') as Rollout;
    expect(runArgoCdAction('skip-current-step', bg, NOW)).toEqual(bg);
    expect(argoCdActionPatches('resume', bg, NOW)).toEqual({ status: { status: { pauseConditions: null } }, spec: undefined });
  });
});

describe('createMergePatch: RFC 7386 from before to after', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown> | undefined]>([
    ['equal objects', { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }, undefined],
    ['removed and nested changes', { a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } }, { a: null, b: { d: null } }],
    ['arrays replaced whole', { a: [1, 2] }, { a: [1] }, { a: [1] }],
    ['added keys', { a: 1 }, { a: 1, b: { c: true } }, { b: { c: true } }],
  ])('%s', (_what, before, after, expected) => {
    expect(createMergePatch(before, after)).toEqual(expected);
  });
});
