import { describe, expect, it } from '@jest/globals';
import type { RolloutStatus } from '../../../../src/api/types.js';
import { replicaSetRefusedStatus } from '../../../../src/rollout/plan/replica-set-refused.js';
import { T0 } from '../../../fixtures/rollout-world.js';

describe('replicaSetRefusedStatus', () => {
  const refused = { replicaSet: 'shop-6d4f', reason: 'metadata.name: must be no more than 253 characters' };

  it('sets Progressing False / ReplicaSetCreateError with Argo’s message, keeping the other conditions', () => {
    const current: RolloutStatus = { phase: 'Progressing', conditions: [{ type: 'Available', status: 'True', reason: 'AvailableReason', message: 'ok', lastUpdateTime: 'x', lastTransitionTime: 'x' }] };
    const report = replicaSetRefusedStatus(current, refused, T0);
    expect(report?.message).toBe('Failed to create new replica set "shop-6d4f": metadata.name: must be no more than 253 characters');
    expect(report?.status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'AvailableReason'],
      ['Progressing', 'False', 'ReplicaSetCreateError'],
    ]);
    expect(current.conditions).toHaveLength(1);
  });

  it('answers undefined when the status already says exactly that (no second write or event)', () => {
    const first = replicaSetRefusedStatus(undefined, refused, T0);
    expect(replicaSetRefusedStatus(first?.status, refused, T0.plus({ seconds: 30 }))).toBeUndefined();
    expect(replicaSetRefusedStatus(first?.status, { ...refused, reason: 'forbidden' }, T0)).toBeDefined();
  });
});
