import { describe, expect, it } from '@jest/globals';
import type { Rollout } from '../../../src/api/types.js';
import { replicaSetHealth, replicaSetInfos, stackTags, type ReplicaSetView } from '../../../src/view/replica-set-info.js';
import { aReplicaSet, NOW, ROLLOUT_UID, V2, V3 } from './canary-fixtures.js';

function withStatus(rs: ReplicaSetView, patch: Partial<ReplicaSetView>): ReplicaSetView {
  return { ...rs, ...patch };
}

describe('replicaSetHealth', () => {
  const rs = aReplicaSet(V2, 3);
  it.each([
    ['all available', rs, 'Healthy'],
    ['spec not observed', withStatus(rs, { metadata: { ...rs.metadata, generation: 2 } }), 'Progressing'],
    ['fewer available', withStatus(rs, { status: { ...rs.status, availableReplicas: 1 } }), 'Progressing'],
    ['replica failure', withStatus(rs, { status: { ...rs.status, conditions: [{ type: 'ReplicaFailure', status: 'True' }] } }), 'ReplicaFailure'],
    ['scaled to zero', aReplicaSet(V2, 0), 'ScaledDown'],
  ])('%s', (_what, set, health) => {
    expect(replicaSetHealth(set)).toBe(health);
  });
});

describe('stackTags', () => {
  const canary = (status: Rollout['status'], pingPong = false): Rollout => ({
    spec: { strategy: { canary: pingPong ? { pingPong: { pingService: 'ping', pongService: 'pong' } } : {} } },
    status,
  });
  it.each([
    ['stable', canary({ stableRS: 'a', currentPodHash: 'b' }), 'a', ['stable']],
    ['canary', canary({ stableRS: 'a', currentPodHash: 'b' }), 'b', ['canary']],
    ['fully promoted: stable only', canary({ stableRS: 'a', currentPodHash: 'a' }), 'a', ['stable']],
    ['neither', canary({ stableRS: 'a', currentPodHash: 'b' }), 'c', []],
    ['stable on ping', canary({ stableRS: 'a', currentPodHash: 'b', canary: { stablePingPong: 'ping' } }, true), 'a', ['stable', 'ping']],
    ['canary on pong', canary({ stableRS: 'a', currentPodHash: 'b', canary: { stablePingPong: 'ping' } }, true), 'b', ['canary', 'pong']],
    ['stable on pong', canary({ stableRS: 'a', currentPodHash: 'b', canary: { stablePingPong: 'pong' } }, true), 'a', ['stable', 'pong']],
    ['no hash label', canary({ stableRS: '', currentPodHash: '' }), '', []],
  ] as const)('%s', (_what, rollout, hash, tags) => {
    expect(stackTags(rollout, hash)).toEqual(tags);
  });
});

describe('replicaSetInfos', () => {
  it('shows how long until a scale-down deadline, or that it passed', () => {
    const pending = aReplicaSet(V2, 2);
    pending.metadata.annotations = { ...pending.metadata.annotations, 'scale-down-deadline': NOW.plus({ seconds: 30 }).toISO() ?? '' };
    const passed = aReplicaSet(V3, 2);
    passed.metadata.annotations = { ...passed.metadata.annotations, 'scale-down-deadline': NOW.minus({ seconds: 30 }).toISO() ?? '' };
    const infos = replicaSetInfos({ uid: ROLLOUT_UID }, [pending, passed], [], NOW);
    expect(infos.map((i) => [i.revision, i.scaleDownDelay])).toEqual([[3, 'passed'], [2, '30s']]);
  });
});
