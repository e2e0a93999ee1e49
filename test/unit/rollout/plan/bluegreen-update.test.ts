// A blue-green rollout walked through releases with the in-memory world: first deploy, an update
// that previews, pauses, switches and scales the old side down after scaleDownDelaySeconds.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import { ANNOTATIONS, LABELS } from '../../../../src/api/labels.js';
import type { BlueGreenStrategy, Rollout } from '../../../../src/api/types.js';
import type { RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const bg = (fields: Partial<BlueGreenStrategy> = {}): Rollout => aRollout().withReplicas(3).withBlueGreen({ activeService: 'active', previewService: 'preview', ...fields }).build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};
const BLUE_HASH = computePodTemplateHash(bg().spec.template);
const GREEN_HASH = computePodTemplateHash(withSpec(aWorld(bg()), toGreen).rollout.spec.template);
const BLUE = `guestbook-${BLUE_HASH}`;
const GREEN = `guestbook-${GREEN_HASH}`;

const selectorOf = (world: World, service: string): string | undefined => world.services.get(service)?.spec?.selector?.[LABELS.podTemplateHash];
const events = (plans: RolloutPlan[]): string[] => plans.flatMap((p) => p.events.map((e) => `${e.reason}: ${e.message}`));

/** Revision 1 deployed and healthy. */
function deployed(fields: Partial<BlueGreenStrategy> = {}): World {
  return reconcileUntilQuiet(aWorld(bg(fields), [], [aService('active'), aService('preview')]), T0).world;
}

describe('first deploy', () => {
  it('creates the ReplicaSet at full size, points both services at it and is Healthy', () => {
    const { world, plans } = reconcileUntilQuiet(aWorld(bg(), [], [aService('active'), aService('preview')]), T0);
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3 });
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(selectorOf(world, 'preview')).toBe(BLUE_HASH);
    expect(world.rollout.status).toMatchObject({ stableRS: BLUE_HASH, currentPodHash: BLUE_HASH, phase: 'Healthy', blueGreen: { activeSelector: BLUE_HASH, previewSelector: BLUE_HASH } });
    expect(events(plans)).toContain(`RolloutCompleted: Rollout completed update to revision 1 (${BLUE_HASH}): Initial deploy`);
  });

  it('does not point the active service at pods that are not available', () => {
    const { world } = reconcileOnce(aWorld(bg(), [], [aService('active'), aService('preview')]), T0, { settle: false });
    const again = reconcileOnce(world, T0, { settle: false });
    expect(again.plan.actions.filter((a) => a.kind === 'setServiceSelector' && a.service === 'active')).toEqual([]);
  });
});

describe('update with automatic promotion', () => {
  it('switches active once the new pods are all up, then promotes and keeps the old side for the delay', () => {
    const start = withSpec(deployed({ scaleDownDelaySeconds: 3 }), toGreen);
    const { world, plans } = reconcileUntilQuiet(start, T0);
    expect(selectorOf(world, 'active')).toBe(GREEN_HASH);
    expect(world.rollout.status).toMatchObject({ stableRS: GREEN_HASH, phase: 'Healthy' });
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    const blue = world.replicaSets.find((rs) => rs.metadata.name === BLUE);
    expect(blue?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline]).toBe('2024-05-01T12:00:03Z');
    expect(plans.at(-1)?.requeueAfterMs).toBe(3000);
    expect(events(plans)).toContain(`SwitchService: Switched selector for service 'active' from '${BLUE_HASH}' to '${GREEN_HASH}'`);
    const later = reconcileUntilQuiet(world, T0.plus({ seconds: 3 })).world;
    expect(replicaCounts(later)).toEqual({ [BLUE]: 0, [GREEN]: 3 });
    expect(later.replicaSets.find((rs) => rs.metadata.name === BLUE)?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline]).toBeUndefined();
  });
});

describe('previewMetadata and activeMetadata', () => {
  const roleOf = (world: World, name: string): string | undefined => world.replicaSets.find((rs) => rs.metadata.name === name)?.spec.template.metadata?.labels?.role;

  it('label the new pods preview until promoted, then active; the old side loses its label', () => {
    const meta = { previewMetadata: { labels: { role: 'preview' } }, activeMetadata: { labels: { role: 'active' } }, autoPromotionEnabled: false };
    const first = reconcileUntilQuiet(aWorld(bg(meta), [], [aService('active'), aService('preview')]), T0).world;
    expect(roleOf(first, BLUE)).toBe('active');
    const paused = reconcileUntilQuiet(withSpec(first, toGreen), T0).world;
    expect(roleOf(paused, GREEN)).toBe('preview');
    expect(roleOf(paused, BLUE)).toBe('active');
    const promoted = reconcileUntilQuiet(withStatus(paused, (s) => delete s.pauseConditions), T0).world;
    expect(roleOf(promoted, GREEN)).toBe('active');
    expect(roleOf(promoted, BLUE)).toBeUndefined();
  });
});
