// Abort (status.abort = true, as `kubectl argo rollouts abort` writes it) and retry (abort cleared)
// of a basic canary paused at its first pause step: 6 replicas, 1 canary pod beside 6 stable.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import { LABELS } from '../../../../src/api/labels.js';
import type { Rollout } from '../../../../src/api/types.js';
import type { RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const BLUE = aRollout().withReplicas(6).withSteps({ setWeight: 10 }, { pause: {} }, { setWeight: 50 }).withCanary({ canaryService: 'canary', stableService: 'stable' }).build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};
const BLUE_HASH = computePodTemplateHash(BLUE.spec.template);
const GREEN_HASH = computePodTemplateHash(withSpec(aWorld(BLUE), toGreen).rollout.spec.template);
const STABLE = `guestbook-${BLUE_HASH}`;
const CANARY = `guestbook-${GREEN_HASH}`;

const selectorOf = (world: World, service: string): string | undefined => world.services.get(service)?.spec?.selector?.[LABELS.podTemplateHash];
const reasons = (plans: RolloutPlan[]): string[] => plans.flatMap((p) => p.events.map((e) => e.reason));

/** Paused at step 1 of revision 2, the canary service on the canary pods. */
function pausedCanary(): World {
  const healthy = reconcileUntilQuiet(aWorld(BLUE, [], [aService('canary'), aService('stable')]), T0).world;
  return reconcileUntilQuiet(withSpec(healthy, toGreen), T0).world;
}

describe('abort', () => {
  it('the paused canary has its own service selector before the abort', () => {
    const world = pausedCanary();
    expect(replicaCounts(world)).toEqual({ [STABLE]: 6, [CANARY]: 1 });
    expect(selectorOf(world, 'canary')).toBe(GREEN_HASH);
    expect(selectorOf(world, 'stable')).toBe(BLUE_HASH);
  });

  it('scales the canary to 0, points the canary service back at stable, and degrades the rollout', () => {
    const { plan } = reconcileOnce(withStatus(pausedCanary(), (s) => (s.abort = true)), T0);
    expect(plan.actions).toEqual([
      { kind: 'setServiceSelector', service: 'canary', podTemplateHash: BLUE_HASH },
      { kind: 'scaleReplicaSet', name: CANARY, replicas: 0, annotations: {} },
    ]);
    expect(plan.status).toMatchObject({ abort: true, abortedAt: '2024-05-01T12:00:00Z', currentStepIndex: 0, phase: 'Degraded' });
    expect(plan.status?.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2/);
    expect(plan.status?.pauseConditions).toBeUndefined();
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'RolloutAborted', message: 'Rollout aborted update to revision 2' });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'SwitchService', message: `Switched selector for service 'canary' from '${GREEN_HASH}' to '${BLUE_HASH}'` });
    // An abort clears the pause conditions, and that is not reported as a resume (Argo's sendStateChangeEvents).
    expect(reasons([plan])).not.toContain('RolloutResumed');
  });

  it('settles with stable at full size, the canary at 0 and the abort time kept', () => {
    const { world } = reconcileUntilQuiet(withStatus(pausedCanary(), (s) => (s.abort = true)), T0.plus({ minutes: 1 }));
    expect(replicaCounts(world)).toEqual({ [STABLE]: 6, [CANARY]: 0 });
    expect(world.rollout.status).toMatchObject({ abort: true, abortedAt: '2024-05-01T12:01:00Z', stableRS: BLUE_HASH, currentStepIndex: 0, phase: 'Degraded' });
    expect(world.rollout.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'RolloutAborted' });
    const again = reconcileOnce(world, T0.plus({ minutes: 5 }));
    expect(again.plan.status?.abortedAt).toBe('2024-05-01T12:01:00Z');
  });
});

describe('retry after abort', () => {
  const aborted = (): World => reconcileUntilQuiet(withStatus(pausedCanary(), (s) => (s.abort = true)), T0).world;

  it('clearing status.abort sets Progressing to RolloutRetry and runs the steps again from 0', () => {
    const { plan } = reconcileOnce(withStatus(aborted(), (s) => delete s.abort), T0);
    expect(plan.status?.abort).toBeUndefined();
    expect(plan.status?.abortedAt).toBeUndefined();
    expect(plan.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'RolloutRetry', message: 'Retrying Rollout after abort' });
    expect(plan.actions).toContainEqual({ kind: 'scaleReplicaSet', name: CANARY, replicas: 1, annotations: {} });
    expect(plan.status).toMatchObject({ currentStepIndex: 0, phase: 'Progressing' });
  });

  it('the retried rollout reaches its first pause again, the canary service back on the canary', () => {
    const { world, plans } = reconcileUntilQuiet(withStatus(aborted(), (s) => delete s.abort), T0);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 6, [CANARY]: 1 });
    expect(world.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused', pauseConditions: [{ reason: 'CanaryPauseStep' }] });
    expect(plans.flatMap((p) => p.events).filter((e) => e.reason === 'RolloutStepCompleted').map((e) => e.message)).toEqual(['Rollout step 1/3 completed (setWeight: 10)']);
    expect(selectorOf(world, 'canary')).toBe(GREEN_HASH);
  });

  it('an abort of a fully promoted rollout is dropped (Argo removes it from a fully promoted rollout)', () => {
    const healthy = reconcileUntilQuiet(aWorld(BLUE, [], [aService('canary'), aService('stable')]), T0).world;
    const { plan } = reconcileOnce(withStatus(healthy, (s) => (s.abort = true)), T0);
    expect(plan.status?.abort).toBeUndefined();
    expect(plan.status?.phase).toBe('Healthy');
  });
});
