// applyPlan turns a plan into port calls, in order: each action as one call, then the status merge
// patch (preconditioned on the resourceVersion the plan was made from, moved by our own metadata
// write), then the events, best effort. A recording fake stands in for the API at the port.
import { describe, expect, it } from '@jest/globals';
import type { DesiredTraffic } from '../../../src/api/desired-traffic.js';
import type { Rollout } from '../../../src/api/types.js';
import { applyPlan } from '../../../src/rollout/apply.js';
import type { RolloutAction, RolloutPlan } from '../../../src/rollout/plan/plan-types.js';
import type { RolloutWrites } from '../../../src/rollout/ports.js';
import { aReplicaSet, aRollout } from '../../fixtures/rollout-builder.js';

type Call = [string, ...unknown[]];

function recordingWrites(options: { failEvents?: boolean; routerWrites?: number; routerError?: string } = {}): { writes: RolloutWrites; calls: Call[] } {
  const calls: Call[] = [];
  const rolloutAt = (rv: string): Rollout => ({ ...aRollout().build(), metadata: { name: 'guestbook', resourceVersion: rv } });
  const record =
    (name: string) =>
    (...args: unknown[]): Promise<void> => {
      calls.push([name, ...args]);
      return Promise.resolve();
    };
  const writes: RolloutWrites = {
    createReplicaSet: record('createReplicaSet'),
    patchReplicaSet: record('patchReplicaSet'),
    deleteReplicaSet: record('deleteReplicaSet'),
    setServiceSelector: record('setServiceSelector'),
    patchRollout: (...args) => {
      calls.push(['patchRollout', ...args]);
      return Promise.resolve(rolloutAt('11'));
    },
    patchRolloutStatus: (...args) => {
      calls.push(['patchRolloutStatus', ...args]);
      return Promise.resolve(rolloutAt('12'));
    },
    patchPod: record('patchPod'),
    scaleDeployment: record('scaleDeployment'),
    createAnalysisRun: record('createAnalysisRun'),
    terminateAnalysisRun: record('terminateAnalysisRun'),
    deleteAnalysisRun: record('deleteAnalysisRun'),
    evictPod: record('evictPod'),
    recordEvent: (_rollout, event) => {
      if (options.failEvents) return Promise.reject(new Error('events are down'));
      calls.push(['recordEvent', event.reason, event.message]);
      return Promise.resolve();
    },
    routeTraffic: (_rollout, desired) => {
      calls.push(['routeTraffic', desired.canary.weight]);
      return options.routerError ? Promise.reject(new Error(options.routerError)) : Promise.resolve(options.routerWrites ?? 0);
    },
  };
  return { writes, calls };
}

const ROLLOUT: Rollout = { ...aRollout().withStatus({ phase: 'Progressing', replicas: 1 }).build(), metadata: { name: 'guestbook', namespace: 'web', resourceVersion: '10' } };
const plan = (actions: RolloutAction[], extra: Partial<RolloutPlan> = {}): RolloutPlan => ({ actions, events: [], reasons: [], ...extra });

describe('applyPlan', () => {
  it.each<[string, RolloutAction, Call]>([
    ['create', { kind: 'createReplicaSet', replicaSet: aReplicaSet('h').build() }, ['createReplicaSet', 'web', aReplicaSet('h').build()]],
    ['scale', { kind: 'scaleReplicaSet', name: 'rs', replicas: 3, annotations: { a: null } }, ['patchReplicaSet', 'web', 'rs', { metadata: { annotations: { a: null } }, spec: { replicas: 3 } }]],
    ['scale without annotations', { kind: 'scaleReplicaSet', name: 'rs', replicas: 0 }, ['patchReplicaSet', 'web', 'rs', { metadata: { annotations: {} }, spec: { replicas: 0 } }]],
    [
      'patch metadata, template metadata and minReadySeconds',
      { kind: 'patchReplicaSet', name: 'rs', metadata: { annotations: { r: '2' } }, templateMetadata: { labels: { role: null } }, minReadySeconds: 5 },
      ['patchReplicaSet', 'web', 'rs', { metadata: { annotations: { r: '2' } }, spec: { template: { metadata: { labels: { role: null } } }, minReadySeconds: 5 } }],
    ],
    ['patch only minReadySeconds', { kind: 'patchReplicaSet', name: 'rs', minReadySeconds: 0 }, ['patchReplicaSet', 'web', 'rs', { spec: { minReadySeconds: 0 } }]],
    ['delete', { kind: 'deleteReplicaSet', name: 'rs', uid: 'u' }, ['deleteReplicaSet', 'web', 'rs', 'u']],
    ['service selector', { kind: 'setServiceSelector', service: 'svc', podTemplateHash: 'h' }, ['setServiceSelector', 'web', 'svc', { hash: 'h', rollout: 'guestbook' }]],
    ['rollout metadata, with the resourceVersion as precondition', { kind: 'patchRolloutMetadata', metadata: { annotations: { r: '2' } } }, ['patchRollout', 'web', 'guestbook', { metadata: { annotations: { r: '2' }, resourceVersion: '10' } }]],
    ['pod metadata', { kind: 'patchPodMetadata', name: 'p', metadata: { labels: { a: 'b' } } }, ['patchPod', 'web', 'p', { metadata: { labels: { a: 'b' } } }]],
    ['evict', { kind: 'evictPod', name: 'p' }, ['evictPod', 'web', 'p']],
  ])('%s → one call', async (_name, action, call) => {
    const { writes, calls } = recordingWrites();
    const result = await applyPlan(writes, ROLLOUT, plan([action]), { onEventError: () => undefined });
    expect(calls).toEqual([call]);
    expect(result).toEqual({ writes: 1, statusPatched: false, rollout: undefined });
  });

  it('patches only the changed status fields, after our own metadata write moved the resourceVersion', async () => {
    const { writes, calls } = recordingWrites();
    const status = { ...ROLLOUT.status, phase: 'Healthy' as const, message: undefined };
    const result = await applyPlan(writes, ROLLOUT, plan([{ kind: 'patchRolloutMetadata', metadata: { annotations: { r: '2' } } }], { status }), { onEventError: () => undefined });
    expect(calls[1]).toEqual(['patchRolloutStatus', 'web', 'guestbook', { status: { phase: 'Healthy' } }, '11']);
    expect(result).toMatchObject({ writes: 2, statusPatched: true, rollout: { metadata: { resourceVersion: '12' } } });
  });

  it('an unchanged status makes no call', async () => {
    const { writes, calls } = recordingWrites();
    expect(await applyPlan(writes, ROLLOUT, plan([], { status: structuredClone(ROLLOUT.status) }), { onEventError: () => undefined })).toEqual({ writes: 0, statusPatched: false, rollout: undefined });
    expect(calls).toEqual([]);
  });

  it('records the events last; a failing event is reported and does not fail the plan', async () => {
    const ok = recordingWrites();
    await applyPlan(ok.writes, ROLLOUT, plan([{ kind: 'evictPod', name: 'p' }], { events: [{ type: 'Normal', reason: 'A', message: 'a' }] }), { onEventError: () => undefined });
    expect(ok.calls.map((c) => c[0])).toEqual(['evictPod', 'recordEvent']);
    const failing = recordingWrites({ failEvents: true });
    const errors: unknown[] = [];
    const result = await applyPlan(failing.writes, ROLLOUT, plan([], { events: [{ type: 'Warning', reason: 'B', message: 'b' }] }), { onEventError: (err) => errors.push(err) });
    expect(errors).toHaveLength(1);
    expect(result.writes).toBe(0);
  });

  const desired: DesiredTraffic = {
    canary: { serviceName: 'c', podTemplateHash: 'new', weight: 0 },
    stable: { serviceName: 's', podTemplateHash: 'old', weight: 100 },
    additional: [],
    maxWeight: 100,
    headerRoutes: [],
    mirrorRoutes: [],
  };

  it('tells onTrafficWritten once, right after the first traffic write and before the status patch', async () => {
    const { writes, calls } = recordingWrites();
    const seen: number[] = [];
    const actions: RolloutAction[] = [{ kind: 'patchRolloutMetadata', metadata: { annotations: { r: '2' } } }, { kind: 'setServiceSelector', service: 'svc', podTemplateHash: 'h' }, { kind: 'scaleReplicaSet', name: 'rs', replicas: 0 }];
    await applyPlan(writes, ROLLOUT, plan(actions, { status: { ...ROLLOUT.status, abort: true } }), { onEventError: () => undefined, onTrafficWritten: () => seen.push(calls.length) });
    expect(seen).toEqual([2]);
    expect(calls.map((c) => c[0])).toEqual(['patchRollout', 'setServiceSelector', 'patchReplicaSet', 'patchRolloutStatus']);
  });

  it('counts a router action as the writes the routers report (0 when already so)', async () => {
    const idle = recordingWrites({ routerWrites: 0 });
    expect((await applyPlan(idle.writes, ROLLOUT, plan([{ kind: 'routeTraffic', desired }]), { onEventError: () => undefined })).writes).toBe(0);
    const busy = recordingWrites({ routerWrites: 2 });
    const result = await applyPlan(busy.writes, ROLLOUT, plan([{ kind: 'routeTraffic', desired }, { kind: 'evictPod', name: 'p' }]), { onEventError: () => undefined });
    expect(busy.calls.map((c) => c[0])).toEqual(['routeTraffic', 'evictPod']);
    expect(result.writes).toBe(3);
  });

  it('a failing router is reported as a TrafficRoutingError event and fails the reconcile before later actions', async () => {
    const { writes, calls } = recordingWrites({ routerError: 'VirtualService "shop" not found' });
    await expect(applyPlan(writes, ROLLOUT, plan([{ kind: 'routeTraffic', desired }, { kind: 'evictPod', name: 'p' }]), { onEventError: () => undefined })).rejects.toThrow('VirtualService "shop" not found');
    expect(calls).toEqual([['routeTraffic', 0], ['recordEvent', 'TrafficRoutingError', 'VirtualService "shop" not found']]);
  });
});
