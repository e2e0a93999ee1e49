import { describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { RESOURCES } from '../../../src/kube/resources.js';
import { abort } from '../../../src/ops/abort.js';
import { pause } from '../../../src/ops/pause.js';
import { restart } from '../../../src/ops/restart.js';
import { retry } from '../../../src/ops/retry.js';
import type { OpResult, RolloutRef } from '../../../src/ops/rollout-ref.js';
import type { KubeClient } from '../../../src/kube/kube-client-types.js';
import { NOW, aRollout, V2 } from '../view/canary-fixtures.js';
import { recordingClient, type RecordedCall } from './recording-client.js';

const REF = { namespace: 'shop', name: 'checkout' };
type Op = (client: KubeClient, ref: RolloutRef, options: never, now: DateTime) => Promise<OpResult>;
const call = (subresource: 'status' | undefined, body: unknown): RecordedCall => ({ verb: 'patch', resource: 'rollouts', namespace: 'shop', name: 'checkout', subresource, patchType: 'merge', body });

describe('abort, retry, pause, restart: one merge patch each, as Argo sends it', () => {
  it.each<[string, Op, unknown, RecordedCall, string]>([
    ['abort', abort, {}, call('status', { status: { abort: true } }), "rollout 'checkout' aborted"],
    ['retry', retry, {}, call('status', { status: { abort: false } }), "rollout 'checkout' retried"],
    ['pause', pause, {}, call(undefined, { spec: { paused: true } }), "rollout 'checkout' paused"],
    ['restart', restart, {}, call(undefined, { spec: { restartAt: '2024-05-01T12:00:00Z' } }), "rollout 'checkout' restarts in 0s"],
    ['restart --in 90s', restart, { in: '90s' }, call(undefined, { spec: { restartAt: '2024-05-01T12:01:30Z' } }), "rollout 'checkout' restarts in 90s"],
  ])('%s', async (_what, op, options, patch, message) => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }]);
    const result = await op(client, REF, options as never, NOW.plus({ milliseconds: 400 }));
    expect(client.calls).toEqual([patch]);
    expect(result.message).toBe(message);
  });

  it.each<[string, Op, unknown]>([
    ['abort', abort, { status: { abort: true } }],
    ['retry', retry, { status: { abort: false } }],
  ])('%s falls back to the rollout itself when there is no status subresource', async (_what, op, body) => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }], { noStatusSubresource: true });
    await op(client, REF, {} as never, NOW);
    expect(client.calls).toEqual([call('status', body), call(undefined, body)]);
  });

  it.each([abort, retry, pause, restart] as Op[])('%p reports a missing rollout by name and namespace', async (op) => {
    await expect(op(recordingClient([]), { namespace: 'prod', name: 'nope' }, {} as never, NOW)).rejects.toThrow('rollouts.argoproj.io "nope" not found');
  });

  it('refuses a restart delay that is not a duration', async () => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: aRollout(V2, {}) }]);
    await expect(restart(client, REF, { in: '10' }, NOW)).rejects.toThrow('invalid --in: time: missing unit in duration "10"');
    expect(client.calls).toEqual([]);
  });
});
