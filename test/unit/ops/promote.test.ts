import { describe, expect, it } from '@jest/globals';
import type { Rollout, RolloutStatus } from '../../../src/api/types.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { promote } from '../../../src/ops/promote.js';
import { promotePatches, type PromoteOptions } from '../../../src/ops/promote-patches.js';
import { NOW, aRollout, V3 } from '../view/canary-fixtures.js';
import { recordingClient, type RecordedCall } from './recording-client.js';

const REF = { namespace: 'shop', name: 'checkout' };
const pauseCondition = { reason: 'CanaryPauseStep' as const, startTime: '2024-05-01T11:58:00Z' };

function canaryAt(status: RolloutStatus, paused = false): Rollout {
  return aRollout(V3, { currentPodHash: V3.hash, stableRS: 'old', ...status }, { paused });
}

const statusPatch = (body: unknown): RecordedCall => ({ verb: 'patch', resource: 'rollouts', namespace: 'shop', name: 'checkout', subresource: 'status', patchType: 'merge', body });
const specPatch = (body: unknown): RecordedCall => ({ verb: 'patch', resource: 'rollouts', namespace: 'shop', name: 'checkout', subresource: undefined, patchType: 'merge', body });

describe('promote: the patches Argo’s plugin sends', () => {
  it.each<[string, Rollout, PromoteOptions, RecordedCall[]]>([
    ['paused at a pause step: clear the pause conditions', canaryAt({ currentStepIndex: 2, pauseConditions: [pauseCondition], controllerPause: true }), {}, [statusPatch({ status: { pauseConditions: null } })]],
    ['mid-step (analysis), no pause: next step', canaryAt({ currentStepIndex: 1 }), {}, [statusPatch({ status: { pauseConditions: null, currentStepIndex: 2 } })]],
    ['index unset: from step 0 to 1', canaryAt({}), {}, [statusPatch({ status: { pauseConditions: null, currentStepIndex: 1 } })]],
    ['past the last step: the index stays', canaryAt({ currentStepIndex: 5 }), {}, [statusPatch({ status: { pauseConditions: null, currentStepIndex: 5 } })]],
    [
      'manually paused at a pause step: both',
      canaryAt({ currentStepIndex: 2, pauseConditions: [pauseCondition] }, true),
      {},
      [statusPatch({ status: { pauseConditions: null } }), specPatch({ spec: { paused: false } })],
    ],
    [
      'inconclusive analysis: clear pause and controllerPause, next step',
      canaryAt({ currentStepIndex: 1, pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: '2024-05-01T11:58:00Z' }], controllerPause: true, canary: { currentStepAnalysisRunStatus: { name: 'ar', status: 'Inconclusive' } } }),
      {},
      [statusPatch({ status: { pauseConditions: null, controllerPause: false, currentStepIndex: 2 } })],
    ],
    ['--full: promoteFull', canaryAt({ currentStepIndex: 1 }), { full: true }, [statusPatch({ status: { promoteFull: true } })]],
    ['--full when paused: promoteFull and unpause', canaryAt({ currentStepIndex: 1 }, true), { full: true }, [statusPatch({ status: { promoteFull: true } }), specPatch({ spec: { paused: false } })]],
    ['--full when already promoted: nothing', aRollout(V3, { currentPodHash: V3.hash, stableRS: V3.hash }), { full: true }, []],
    ['--skip-current-step', canaryAt({ currentStepIndex: 2 }), { skipCurrentStep: true }, [statusPatch({ status: { currentStepIndex: 3 } })]],
    ['--skip-all-steps', canaryAt({ currentStepIndex: 2 }), { skipAllSteps: true }, [statusPatch({ status: { currentStepIndex: 5 } })]],
  ])('%s', async (_what, rollout, options, writes) => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: rollout }]);
    const result = await promote(client, REF, options, NOW);
    expect(client.writes()).toEqual(writes);
    expect(client.calls[0]).toEqual({ verb: 'get', resource: 'rollouts', namespace: 'shop', name: 'checkout' });
    expect(result.message).toBe(options.full ? "rollout 'checkout' fully promoted" : "rollout 'checkout' promoted");
  });

  it('a blue-green rollout paused for promotion: clear the pause conditions', async () => {
    const rollout: Rollout = { metadata: { name: 'checkout', namespace: 'shop' }, spec: { strategy: { blueGreen: { activeService: 'a' } } }, status: { pauseConditions: [{ reason: 'BlueGreenPause', startTime: 't' }] } };
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: rollout }]);
    await promote(client, REF, {}, NOW);
    expect(client.writes()).toEqual([statusPatch({ status: { pauseConditions: null } })]);
  });

  it('without a status subresource sends the unified patch to the rollout, as Argo falls back', async () => {
    const client = recordingClient([{ resource: RESOURCES.rollouts, object: canaryAt({ currentStepIndex: 1 }, true) }], { noStatusSubresource: true });
    await promote(client, REF, {}, NOW);
    expect(client.writes()).toEqual([
      statusPatch({ status: { pauseConditions: null, currentStepIndex: 2 } }),
      specPatch({ spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 2 } }),
    ]);
  });

  it('reports a missing rollout by name and namespace', async () => {
    await expect(promote(recordingClient([]), REF, {}, NOW)).rejects.toThrow('rollouts.argoproj.io "checkout" not found');
  });

  it.each<[string, Rollout, PromoteOptions, string]>([
    ['both skip flags', canaryAt({}), { skipCurrentStep: true, skipAllSteps: true }, 'Cannot use skip-current-step and skip-all-steps flags at the same time'],
    ['skipping a blue-green', { spec: { strategy: { blueGreen: { activeService: 'a' } } } }, { skipCurrentStep: true }, 'Cannot skip steps of a bluegreen rollout. Run without a flags'],
    ['skipping without steps', { spec: { strategy: { canary: {} } } }, { skipAllSteps: true }, 'Cannot skip steps of a rollout without steps'],
  ])('refuses %s', (_what, rollout, options, message) => {
    expect(() => promotePatches(rollout, options)).toThrow(message);
  });
});
