// Pre-promotion analysis gates the switch; post-promotion analysis gates the promotion to stable,
// and its failure sends the active service back to the previous ReplicaSet.
import { describe, expect, it } from '@jest/globals';
import { LABELS } from '../../../../src/api/labels.js';
import type { AnalysisRun, AnalysisTemplate, BlueGreenStrategy } from '../../../../src/api/types.js';
import type { RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { BLUE, BLUE_HASH, deadlineOf, deployedBlueGreen, eventsOf, GREEN, GREEN_HASH, selectorOf, toGreen } from '../../../fixtures/bluegreen-world.js';
import { reconcileUntilQuiet, replicaCounts, T0, withRunPhase, withSpec, type World } from '../../../fixtures/rollout-world.js';

const smoke: AnalysisTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'smoke', namespace: 'default' },
  spec: { metrics: [{ name: 'smoke', provider: { web: { url: 'http://127.0.0.1:1/health' } }, successCondition: 'result == 1' }] },
};
const analysis = { templates: [{ templateName: 'smoke' }] };
const PRE_RUN = `guestbook-${GREEN_HASH}-2-pre`;
const POST_RUN = `guestbook-${GREEN_HASH}-2-post`;

const creates = (plans: RolloutPlan[]): AnalysisRun[] => plans.flatMap((p) => p.actions.flatMap((a) => (a.kind === 'createAnalysisRun' ? [a.run] : [])));
const updating = (fields: Partial<BlueGreenStrategy>): { world: World; plans: RolloutPlan[] } => reconcileUntilQuiet(withSpec(deployedBlueGreen(fields, [smoke]), toGreen), T0);

describe('prePromotionAnalysis', () => {
  it('creates <rollout>-<hash>-<revision>-pre once the new pods are up, labelled PrePromotion', () => {
    const { world, plans } = updating({ prePromotionAnalysis: analysis });
    const runs = creates(plans);
    expect(runs.map((r) => r.metadata?.name)).toEqual([PRE_RUN]);
    expect(runs[0].metadata?.labels).toEqual({ [LABELS.podTemplateHash]: GREEN_HASH, [LABELS.rolloutType]: 'PrePromotion', app: 'guestbook' });
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(world.rollout.status?.blueGreen?.prePromotionAnalysisRunStatus).toEqual({ name: PRE_RUN, status: 'Pending' });
  });

  it('a successful run lets the switch happen and green become stable', () => {
    const { world } = updating({ prePromotionAnalysis: analysis });
    const done = reconcileUntilQuiet(withRunPhase(world, PRE_RUN, 'Successful'), T0).world;
    expect(selectorOf(done, 'active')).toBe(GREEN_HASH);
    expect(done.rollout.status).toMatchObject({ stableRS: GREEN_HASH, phase: 'Healthy', blueGreen: { prePromotionAnalysisRunStatus: { name: PRE_RUN, status: 'Successful' } } });
  });

  it('with autoPromotionEnabled false, the pause comes only after the run succeeded', () => {
    const { world } = updating({ prePromotionAnalysis: analysis, autoPromotionEnabled: false });
    expect(world.rollout.status?.pauseConditions).toBeUndefined();
    const paused = reconcileUntilQuiet(withRunPhase(world, PRE_RUN, 'Successful'), T0).world;
    expect(paused.rollout.status?.pauseConditions).toEqual([{ reason: 'BlueGreenPause', startTime: '2024-05-01T12:00:00Z' }]);
    expect(selectorOf(paused, 'active')).toBe(BLUE_HASH);
  });

  it('a failed run aborts: active stays on blue, the rollout is Degraded, green scaled down after the abort delay', () => {
    const { world } = updating({ prePromotionAnalysis: analysis });
    const failed = reconcileUntilQuiet(withRunPhase(world, PRE_RUN, 'Failed', 'metric "smoke" assessed Failed'), T0);
    expect(selectorOf(failed.world, 'active')).toBe(BLUE_HASH);
    expect(failed.world.rollout.status).toMatchObject({ abort: true, phase: 'Degraded', stableRS: BLUE_HASH });
    expect(failed.world.rollout.status?.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Blue/green pre-promotion analysis phase error/failed: metric "smoke" assessed Failed');
    expect(deadlineOf(failed.world, GREEN)).toBe('2024-05-01T12:00:30Z');
    expect(replicaCounts(failed.world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    const later = reconcileUntilQuiet(failed.world, T0.plus({ seconds: 30 })).world;
    expect(replicaCounts(later)).toEqual({ [BLUE]: 3, [GREEN]: 0 });
    expect(eventsOf(failed.plans)).toContain(`AnalysisRunFailed: PrePromotion Analysis Run '${PRE_RUN}' Status New: 'Failed' Previous: 'Pending'`);
  });
});

describe('postPromotionAnalysis', () => {
  const switched = (): World => updating({ postPromotionAnalysis: analysis, scaleDownDelaySeconds: 3 }).world;

  it('starts after the switch; green is not stable until it succeeds, and blue stays up', () => {
    const world = switched();
    expect(selectorOf(world, 'active')).toBe(GREEN_HASH);
    expect(world.rollout.status).toMatchObject({ stableRS: BLUE_HASH, blueGreen: { activeSelector: GREEN_HASH, postPromotionAnalysisRunStatus: { name: POST_RUN, status: 'Pending' } } });
    expect(world.rollout.status?.phase).toBe('Progressing');
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(deadlineOf(world, BLUE)).toBeUndefined();
  });

  it('success promotes green to stable, and blue goes after scaleDownDelaySeconds', () => {
    const done = reconcileUntilQuiet(withRunPhase(switched(), POST_RUN, 'Successful'), T0).world;
    expect(done.rollout.status).toMatchObject({ stableRS: GREEN_HASH, phase: 'Healthy' });
    expect(deadlineOf(done, BLUE)).toBe('2024-05-01T12:00:03Z');
    expect(replicaCounts(reconcileUntilQuiet(done, T0.plus({ seconds: 3 })).world)).toEqual({ [BLUE]: 0, [GREEN]: 3 });
  });

  it('failure aborts and switches active back to blue, which never went down', () => {
    const { world, plans } = reconcileUntilQuiet(withRunPhase(switched(), POST_RUN, 'Failed'), T0);
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(world.rollout.status).toMatchObject({ abort: true, phase: 'Degraded', stableRS: BLUE_HASH, blueGreen: { activeSelector: BLUE_HASH } });
    expect(eventsOf(plans)).toContain(`SwitchService: Switched selector for service 'active' from '${GREEN_HASH}' to '${BLUE_HASH}'`);
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
  });
});

// Found by test/faults/spec-fuzz.test.ts: a pre-promotion template reference with no templateName
// (or a missing template) was retried with a warning every pass and the update waited for a run
// that could never be made, until ProgressDeadlineExceeded. Argo validates these references too.
describe('a pre- or post-promotion template that cannot be found', () => {
  it.each([
    ['prePromotionAnalysis', { prePromotionAnalysis: { templates: [{}] } }, 'spec.strategy.blueGreen.prePromotionAnalysis.templates: Invalid value: "": analysistemplate.argoproj.io "" not found'],
    ['postPromotionAnalysis', { postPromotionAnalysis: { templates: [{ templateName: 'gone' }] } }, 'spec.strategy.blueGreen.postPromotionAnalysis.templates: Invalid value: "gone": analysistemplate.argoproj.io "gone" not found'],
  ])('%s → InvalidSpec naming the template list, and no run is made', (_name, fields, error) => {
    const { world, plans } = updating(fields);
    expect(creates(plans)).toEqual([]);
    const invalid = world.rollout.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    expect(invalid?.message).toBe(`The Rollout "guestbook" is invalid: ${error}`);
  });
});
