// A canary with analysis: step runs and a background run created, named and labelled as Argo does;
// a Successful step run completes its step, Failed/Error aborts, Inconclusive pauses; superseded runs
// are terminated and old ones pruned to the history limits.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import { LABELS } from '../../../../src/api/labels.js';
import type { AnalysisRun, AnalysisTemplate, Rollout } from '../../../../src/api/types.js';
import type { RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withRunPhase, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const successRate: AnalysisTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'success-rate', namespace: 'default' },
  spec: {
    args: [{ name: 'service-name' }, { name: 'canary-hash' }],
    metrics: [{ name: 'success-rate', interval: '1m', successCondition: 'result[0] >= 0.95', failureLimit: 2, provider: { prometheus: { address: 'http://127.0.0.1:9090', query: 'rate(x{svc="{{args.service-name}}"}[1m])' } } }],
  },
};

const analysisStep = { analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'service-name', value: 'guestbook' }, { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' as const } }] } };
const BLUE = aRollout().withReplicas(4).withSteps({ setWeight: 25 }, analysisStep, { setWeight: 50 }, { pause: {} }).build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};
const BLUE_HASH = computePodTemplateHash(BLUE.spec.template);
const GREEN_HASH = computePodTemplateHash(withSpec(aWorld(BLUE), toGreen).rollout.spec.template);
const STEP_RUN = `guestbook-${GREEN_HASH}-2-1`;

const creates = (plans: RolloutPlan[]): AnalysisRun[] => plans.flatMap((p) => p.actions.flatMap((a) => (a.kind === 'createAnalysisRun' ? [a.run] : [])));
const kinds = (plan: RolloutPlan, kind: string): unknown[] => plan.actions.filter((a) => a.kind === kind);

function withTemplates(world: World): World {
  return { ...world, analysisTemplates: new Map([['success-rate', successRate]]) };
}

/** Revision 2 waiting on its step run (step 1), the canary at 25%. */
function analysing(rollout: Rollout = BLUE): { world: World; plans: RolloutPlan[] } {
  const healthy = reconcileUntilQuiet(withTemplates(aWorld(rollout)), T0).world;
  return reconcileUntilQuiet(withSpec(healthy, toGreen), T0);
}

describe('step analysis', () => {
  it('creates one run named <rollout>-<hash>-<revision>-<step>, owned and labelled like Argo', () => {
    const { world, plans } = analysing();
    const runs = creates(plans);
    expect(runs.map((r) => r.metadata?.name)).toEqual([STEP_RUN]);
    const run = runs[0];
    expect(run.metadata?.labels).toEqual({ [LABELS.podTemplateHash]: GREEN_HASH, [LABELS.rolloutType]: 'Step', [LABELS.stepIndex]: '1', app: 'guestbook' });
    expect(run.metadata?.annotations).toEqual({ 'rollout.argoproj.io/revision': '2' });
    expect(run.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Rollout', name: 'guestbook', controller: true })]);
    expect(run.spec.args).toEqual([{ name: 'service-name', value: 'guestbook' }, { name: 'canary-hash', value: GREEN_HASH }]);
    expect(run.spec.metrics.map((m) => m.name)).toEqual(['success-rate']);
    expect(world.rollout.status).toMatchObject({ currentStepIndex: 1, canary: { currentStepAnalysisRunStatus: { name: STEP_RUN, status: 'Pending' } } });
  });

  it('waits while the run is Running: the step does not complete', () => {
    const { world } = analysing();
    const running = withRunPhase(world, STEP_RUN, 'Running');
    const { plan } = reconcileOnce(running, T0.plus({ minutes: 1 }));
    expect(plan.status?.currentStepIndex).toBe(1);
    expect(creates([plan])).toEqual([]);
    expect(plan.status?.canary?.currentStepAnalysisRunStatus).toEqual({ name: STEP_RUN, status: 'Running' });
  });

  it('a Successful run completes the step and the rollout moves on to 50%', () => {
    const { world } = analysing();
    const after = reconcileUntilQuiet(withRunPhase(world, STEP_RUN, 'Successful'), T0.plus({ minutes: 2 }));
    expect(after.world.rollout.status).toMatchObject({ currentStepIndex: 3, phase: 'Paused' });
    expect(replicaCounts(after.world)).toEqual({ [`guestbook-${BLUE_HASH}`]: 2, [`guestbook-${GREEN_HASH}`]: 2 });
    expect(after.plans.flatMap((p) => p.events)).toContainEqual({ type: 'Normal', reason: 'AnalysisRunSuccessful', message: `Step Analysis Run '${STEP_RUN}' Status New: 'Successful' Previous: 'Pending'` });
    // The finished step run is history now, kept and not terminated.
    expect(after.plans.flatMap((p) => kinds(p, 'terminateAnalysisRun'))).toEqual([]);
    expect(after.world.rollout.status?.canary?.currentStepAnalysisRunStatus).toBeUndefined();
  });

  it('a Failed run aborts the rollout with the run message and scales the canary away', () => {
    const { world } = analysing();
    const failed = withRunPhase(world, STEP_RUN, 'Failed', 'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)');
    const after = reconcileUntilQuiet(failed, T0.plus({ minutes: 3 }));
    expect(after.world.rollout.status).toMatchObject({ abort: true, phase: 'Degraded' });
    expect(after.world.rollout.status?.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)');
    expect(replicaCounts(after.world)).toEqual({ [`guestbook-${BLUE_HASH}`]: 4, [`guestbook-${GREEN_HASH}`]: 0 });
    expect(after.plans.flatMap((p) => p.events)).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'AnalysisRunFailed' }));
  });

  it('an Error run aborts as well', () => {
    const { world } = analysing();
    const after = reconcileUntilQuiet(withRunPhase(world, STEP_RUN, 'Error', 'Metric "success-rate" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)'), T0);
    expect(after.world.rollout.status?.abort).toBe(true);
    expect(after.world.rollout.status?.message).toContain('Step-based analysis phase error/failed: Metric "success-rate" assessed Error');
  });

  it('an Inconclusive run pauses the rollout; promote makes a fresh run for the step', () => {
    const { world } = analysing();
    const paused = reconcileUntilQuiet(withRunPhase(world, STEP_RUN, 'Inconclusive'), T0).world;
    expect(paused.rollout.status).toMatchObject({ phase: 'Paused', currentStepIndex: 1, pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }] });
    // `kubectl argo rollouts promote` clears the pause conditions and keeps controllerPause.
    const promoted = withStatus(paused, (s) => delete s.pauseConditions);
    const { plan } = reconcileOnce(promoted, T0.plus({ minutes: 1 }));
    expect(creates([plan]).map((r) => r.metadata?.name)).toEqual([`${STEP_RUN}.1`]);
  });

  it('retry after an abort starts a new run under a new name', () => {
    const { world } = analysing();
    const aborted = reconcileUntilQuiet(withRunPhase(world, STEP_RUN, 'Failed', 'bad'), T0).world;
    const retried = reconcileUntilQuiet(withStatus(aborted, (s) => delete s.abort), T0.plus({ minutes: 5 }));
    expect(creates(retried.plans).map((r) => r.metadata?.name)).toEqual([`${STEP_RUN}.1`]);
    expect(retried.world.rollout.status).toMatchObject({ currentStepIndex: 1 });
  });

  it('a new revision during the step terminates the running run', () => {
    const { world } = analysing();
    const running = withRunPhase(world, STEP_RUN, 'Running');
    const toYellow = withSpec(running, (r) => {
      r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:yellow';
    });
    const { plans } = reconcileUntilQuiet(toYellow, T0);
    expect(plans.flatMap((p) => p.actions)).toContainEqual({ kind: 'terminateAnalysisRun', name: STEP_RUN });
  });

  it('promote --full terminates the running run', () => {
    const { world } = analysing();
    const full = withStatus(withRunPhase(world, STEP_RUN, 'Running'), (s) => (s.promoteFull = true));
    expect(reconcileOnce(full, T0).plan.actions).toContainEqual({ kind: 'terminateAnalysisRun', name: STEP_RUN });
  });
});

describe('a step run created but never named in status (the controller died between the two writes)', () => {
  /** The world after the run was created, with the status write that named it lost; the run changed by `change`. */
  const unrecorded = (change: (run: AnalysisRun) => void): World => {
    const { world } = analysing();
    const lost = withStatus(world, (s) => delete s.canary?.currentStepAnalysisRunStatus);
    const runs = structuredClone(lost.analysisRuns ?? []);
    runs.forEach(change);
    return { ...lost, analysisRuns: runs };
  };

  it('is taken over as the step run: no second run, the first one not terminated', () => {
    const { plan } = reconcileOnce(unrecorded((r) => (r.status = { phase: 'Running' })), T0);
    expect(creates([plan])).toEqual([]);
    expect(kinds(plan, 'terminateAnalysisRun')).toEqual([]);
    expect(plan.status?.canary?.currentStepAnalysisRunStatus).toEqual({ name: STEP_RUN, status: 'Running' });
  });

  it('made for the next step by a reconcile that also completed the step before is kept, and taken over when the step comes', () => {
    const { world } = analysing();
    const behind = withStatus(withRunPhase(world, STEP_RUN, 'Running'), (s) => {
      s.currentStepIndex = 0;
      delete s.canary?.currentStepAnalysisRunStatus;
    });
    const { plans, world: after } = reconcileUntilQuiet(behind, T0);
    expect(plans.flatMap((p) => kinds(p, 'terminateAnalysisRun'))).toEqual([]);
    expect(creates(plans)).toEqual([]);
    expect(after.rollout.status).toMatchObject({ currentStepIndex: 1, canary: { currentStepAnalysisRunStatus: { name: STEP_RUN, status: 'Running' } } });
  });

  it('made for the next step is stopped when the release is aborted', () => {
    const { world } = analysing();
    const aborted = withStatus(withRunPhase(world, STEP_RUN, 'Running'), (s) => {
      s.currentStepIndex = 0;
      s.abort = true;
      delete s.canary?.currentStepAnalysisRunStatus;
    });
    expect(reconcileOnce(aborted, T0).plan.actions).toContainEqual({ kind: 'terminateAnalysisRun', name: STEP_RUN });
  });

  it.each<[string, (run: AnalysisRun) => void]>([
    ['it already finished', (r) => (r.status = { phase: 'Successful' })],
    ['it is being terminated', (r) => (r.spec.terminate = true)],
    ['another rollout controls it', (r) => (r.metadata!.ownerReferences = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'other', uid: 'other-uid', controller: true }])],
    ['its args differ', (r) => (r.spec.args = [{ name: 'service-name', value: 'elsewhere' }])],
  ])('is not taken over when %s: a new run named .1', (_why, change) => {
    const { plan } = reconcileOnce(unrecorded(change), T0);
    expect(creates([plan]).map((r) => r.metadata?.name)).toEqual([`${STEP_RUN}.1`]);
  });
});

describe('a missing template', () => {
  it('is an InvalidSpec naming the template, and no run is made', () => {
    const healthy = reconcileUntilQuiet(aWorld(BLUE), T0).world;
    const { plans, world } = reconcileUntilQuiet(withSpec(healthy, toGreen), T0);
    expect(creates(plans)).toEqual([]);
    const invalid = world.rollout.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    expect(invalid).toMatchObject({ status: 'True', message: 'The Rollout "guestbook" is invalid: spec.strategy.canary.steps[1].analysis.templates: Invalid value: "success-rate": analysistemplate.argoproj.io "success-rate" not found' });
  });
});

describe('background analysis', () => {
  const withBackground = (startingStep?: number): Rollout => {
    const ro = aRollout().withReplicas(4).withSteps({ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }).withCanary({ analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'service-name', value: 'guestbook' }, { name: 'canary-hash', value: 'x' }], ...(startingStep !== undefined ? { startingStep } : {}) } }).build();
    return ro;
  };

  it('is not started for the first revision (nothing to compare), and starts with the update', () => {
    const healthy = reconcileUntilQuiet(withTemplates(aWorld(withBackground())), T0);
    expect(creates(healthy.plans)).toEqual([]);
    const updated = reconcileUntilQuiet(withSpec(healthy.world, toGreen), T0);
    const runs = creates(updated.plans);
    expect(runs.map((r) => r.metadata?.name)).toEqual([`guestbook-${GREEN_HASH}-2`]);
    expect(runs[0]?.metadata?.labels?.[LABELS.rolloutType]).toBe('Background');
    expect(runs[0]?.metadata?.labels?.[LABELS.stepIndex]).toBeUndefined();
    expect(updated.world.rollout.status?.canary?.currentBackgroundAnalysisRunStatus).toEqual({ name: `guestbook-${GREEN_HASH}-2`, status: 'Pending' });
  });

  it('waits for startingStep', () => {
    const healthy = reconcileUntilQuiet(withTemplates(aWorld(withBackground(2))), T0).world;
    const paused = reconcileUntilQuiet(withSpec(healthy, toGreen), T0);
    expect(creates(paused.plans)).toEqual([]);
    const promoted = reconcileUntilQuiet(withStatus(paused.world, (s) => delete s.pauseConditions), T0);
    expect(creates(promoted.plans).map((r) => r.metadata?.name)).toEqual([`guestbook-${GREEN_HASH}-2`]);
  });

  it('a Failed background run aborts with the background message', () => {
    const healthy = reconcileUntilQuiet(withTemplates(aWorld(withBackground())), T0).world;
    const paused = reconcileUntilQuiet(withSpec(healthy, toGreen), T0).world;
    const after = reconcileUntilQuiet(withRunPhase(paused, `guestbook-${GREEN_HASH}-2`, 'Failed', 'boom'), T0);
    expect(after.world.rollout.status?.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error/failed: boom');
  });

  it('is terminated when the rollout is fully promoted', () => {
    const healthy = reconcileUntilQuiet(withTemplates(aWorld(withBackground())), T0).world;
    const paused = withRunPhase(reconcileUntilQuiet(withSpec(healthy, toGreen), T0).world, `guestbook-${GREEN_HASH}-2`, 'Running');
    const after = reconcileUntilQuiet(withStatus(paused, (s) => (s.promoteFull = true)), T0);
    expect(after.plans.flatMap((p) => p.actions)).toContainEqual({ kind: 'terminateAnalysisRun', name: `guestbook-${GREEN_HASH}-2` });
    expect(after.world.rollout.status?.stableRS).toBe(GREEN_HASH);
  });
});

describe('history', () => {
  const finished = (name: string, hash: string, phase: 'Successful' | 'Failed', minute: number): AnalysisRun => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: 'default', creationTimestamp: T0.plus({ minutes: minute }).toISO() ?? '', labels: { [LABELS.podTemplateHash]: hash } },
    spec: { metrics: [] },
    status: { phase },
  });

  it('keeps the newest runs within the limits and deletes the rest, and runs of ReplicaSets that are gone', () => {
    const { world } = analysing(aRollout(BLUE).build());
    const limited = withSpec(world, (r) => (r.spec.analysis = { successfulRunHistoryLimit: 2, unsuccessfulRunHistoryLimit: 1 }));
    const old = [1, 2, 3].map((m) => finished(`ok-${m}`, BLUE_HASH, 'Successful', m));
    const bad = [4, 5].map((m) => finished(`bad-${m}`, BLUE_HASH, 'Failed', m));
    const orphan = finished('orphan', 'gone', 'Successful', 9);
    const { plan } = reconcileOnce({ ...limited, analysisRuns: [...(limited.analysisRuns ?? []), ...old, ...bad, orphan] }, T0);
    expect(kinds(plan, 'deleteAnalysisRun')).toEqual([
      { kind: 'deleteAnalysisRun', name: 'orphan' },
      { kind: 'deleteAnalysisRun', name: 'bad-4' },
      { kind: 'deleteAnalysisRun', name: 'ok-1' },
    ]);
  });
});
