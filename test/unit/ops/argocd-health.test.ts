import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { Rollout } from '../../../src/api/types.js';
import { argocdHealth, luaToNumber, type ArgoCdHealth } from '../../../src/ops/argocd-health.js';

// Given Rollouts in each situation of Argo CD's Rollout health tests (resource_customizations/
// argoproj.io/Rollout/health_test.yaml), when assessed, then the status and message are the ones
// Argo CD's health.lua gives. The objects are ours: only the fields the script reads.

const CANARY_SPEC = 'strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}';
const BLUE_GREEN_SPEC = 'strategy: {blueGreen: {activeService: web-active}}';

/** A rollout from YAML fragments: metadata, spec and status (each a flow mapping's body). */
function rollout(metadata: string, spec: string, status?: string): Rollout {
  const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, ${metadata}}
spec: {replicas: 5, ${spec}}
${status === undefined ? '' : `status: {${status}}`}`;
  return parse(yaml) as Rollout;
}

const done = 'replicas: 5, updatedReplicas: 5, availableReplicas: 5, currentPodHash: abc, stableRS: abc';
const healthy: ArgoCdHealth = { status: 'Healthy', message: '' };
const progressing = (message: string): ArgoCdHealth => ({ status: 'Progressing', message });
const degraded = (message: string): ArgoCdHealth => ({ status: 'Degraded', message });
const PAUSED: ArgoCdHealth = { status: 'Suspended', message: 'Rollout is paused' };

describe('argocdHealth: Argo CD health.lua on a Rollout', () => {
  it.each<[string, Rollout, ArgoCdHealth]>([
    // Generation checks come first.
    ['a new rollout without status', rollout('generation: 1', CANARY_SPEC), progressing('Waiting for rollout spec update to be observed')],
    ['a new generation not yet observed', rollout('generation: 2', CANARY_SPEC, `observedGeneration: "1", ${done}`), progressing('Waiting for rollout spec update to be observed')],
    [
      'a workload generation not yet observed',
      rollout('generation: 3, annotations: {rollout.argoproj.io/workload-generation: "2"}', `${CANARY_SPEC}, workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}`, `observedGeneration: "3", phase: Healthy, workloadObservedGeneration: "1", ${done}`),
      progressing('Waiting for rollout spec update to be observed'),
    ],
    [
      'the workload generation observed',
      rollout('generation: 3, annotations: {rollout.argoproj.io/workload-generation: "1"}', `${CANARY_SPEC}, workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}`, `observedGeneration: "3", phase: Healthy, workloadObservedGeneration: "1", ${done}`),
      healthy,
    ],
    ['a workloadRef without the annotation (v1.0)', rollout('generation: 3', `${CANARY_SPEC}, workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}`, `observedGeneration: "3", phase: Healthy, ${done}`), healthy],
    ['a legacy hash observedGeneration', rollout('generation: 1', CANARY_SPEC, `observedGeneration: 7fdb8bd8c8, ${done}`), healthy],
    ['a legacy hash of digits, above the generation', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "8575574967", ${done}`), healthy],

    // Argo Rollouts ≥ 1.0 (and this controller): the phase and message as recorded.
    ['phase Degraded with its message', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", phase: Degraded, message: InvalidSpec, ${done}`), degraded('InvalidSpec')],
    ['phase Paused shown as Suspended', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", phase: Paused, message: CanaryPauseStep, ${done}`), { status: 'Suspended', message: 'CanaryPauseStep' }],
    ['phase Progressing without a message', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", phase: Progressing, ${done}`), progressing('')],
    ['phase Healthy', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", phase: Healthy, ${done}`), healthy],

    // Older rollouts without a phase: conditions.
    [
      'an InvalidSpec condition',
      rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", conditions: [{type: InvalidSpec, status: "True", reason: InvalidSpec, message: "spec.strategy: Required value"}]`),
      degraded('spec.strategy: Required value'),
    ],
    [
      'a progress deadline exceeded',
      rollout('generation: 1', BLUE_GREEN_SPEC, `observedGeneration: "1", conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: 'ReplicaSet "web-6b8cf6f7db" has timed out progressing.'}], ${done}`),
      degraded('ReplicaSet "web-6b8cf6f7db" has timed out progressing.'),
    ],
    [
      'an aborted rollout',
      rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", abort: true, conditions: [{type: Progressing, status: "False", reason: RolloutAborted, message: Rollout is aborted}], ${done}`),
      degraded('Rollout is aborted'),
    ],
    ['a controller pause (pause conditions)', rollout('generation: 1', CANARY_SPEC, `observedGeneration: 5b9f9dd6c6, pauseConditions: [{reason: CanaryPauseStep, startTime: "2024-05-01T12:00:00Z"}], ${done}`), PAUSED],
    ['a user pause (spec.paused)', rollout('generation: 1', `paused: true, ${CANARY_SPEC}`, `observedGeneration: 5b9f9dd6c6, ${done}`), PAUSED],
    ['no currentPodHash yet', rollout('generation: 1', CANARY_SPEC, 'observedGeneration: "1", replicas: 5'), progressing('Waiting for rollout to finish: status has not been reconciled.')],

    // Blue-green.
    ['blue-green serving on the active service', rollout('generation: 1', BLUE_GREEN_SPEC, `observedGeneration: "1", blueGreen: {activeSelector: abc}, ${done}`), healthy],
    ['blue-green adding replicas', rollout('generation: 1', BLUE_GREEN_SPEC, 'observedGeneration: "1", replicas: 5, updatedReplicas: 3, availableReplicas: 3, currentPodHash: abc'), progressing('Waiting for roll out to finish: More replicas need to be updated')],
    ['blue-green waiting for availability', rollout('generation: 1', BLUE_GREEN_SPEC, 'observedGeneration: "1", replicas: 5, updatedReplicas: 5, availableReplicas: 4, currentPodHash: abc'), progressing('Waiting for roll out to finish: updated replicas are still becoming available')],
    ['blue-green before the switch', rollout('generation: 1', BLUE_GREEN_SPEC, `observedGeneration: "1", blueGreen: {activeSelector: old}, ${done}`), progressing('active service cutover pending')],
    ['blue-green switched, stable not yet moved', rollout('generation: 1', BLUE_GREEN_SPEC, 'observedGeneration: "1", blueGreen: {activeSelector: abc}, replicas: 5, updatedReplicas: 5, availableReplicas: 5, currentPodHash: abc, stableRS: old'), progressing('waiting for analysis to complete')],
    ['blue-green before v0.8 (no stableRS)', rollout('generation: 1', BLUE_GREEN_SPEC, 'observedGeneration: "1", blueGreen: {activeSelector: abc}, replicas: 5, updatedReplicas: 5, availableReplicas: 5, currentPodHash: abc'), healthy],

    // Canary.
    ['canary at a setWeight step', rollout('generation: 1', CANARY_SPEC, 'observedGeneration: "1", replicas: 6, updatedReplicas: 1, availableReplicas: 6, currentPodHash: abc, stableRS: old'), progressing('Waiting for roll out to finish: More replicas need to be updated')],
    ['canary killing old replicas', rollout('generation: 1', CANARY_SPEC, 'observedGeneration: "1", replicas: 7, updatedReplicas: 5, availableReplicas: 7, currentPodHash: abc, stableRS: abc'), progressing('Waiting for roll out to finish: old replicas are pending termination')],
    ['canary with all steps run', rollout('generation: 1', CANARY_SPEC, `observedGeneration: "1", currentStepIndex: 2, ${done}`), healthy],
    ['canary before v0.8 (status.canary.stableRS)', rollout('generation: 1', CANARY_SPEC, 'observedGeneration: c45557fd9, replicas: 5, updatedReplicas: 5, availableReplicas: 5, currentPodHash: abc, canary: {stableRS: abc}'), healthy],
    ['canary with steps left', rollout('generation: 1', CANARY_SPEC, 'observedGeneration: "1", replicas: 5, updatedReplicas: 5, availableReplicas: 5, currentPodHash: abc, stableRS: old'), progressing('Waiting for rollout to finish steps')],
    ['canary without steps, pods not yet available', rollout('generation: 1', 'strategy: {canary: {}}', 'observedGeneration: "1", replicas: 5, updatedReplicas: 5, availableReplicas: 2, currentPodHash: abc, stableRS: abc'), progressing('Waiting for roll out to finish: updated replicas are still becoming available')],
    ['canary without steps', rollout('generation: 1', 'strategy: {canary: {}}', `observedGeneration: "1", ${done}`), healthy],
    ['canary with an empty steps list', rollout('generation: 1', 'strategy: {canary: {steps: []}}', `observedGeneration: "1", ${done}`), healthy],
    ['spec.replicas defaults to 1', parse('metadata: {generation: 1}\nspec: {strategy: {canary: {}}}\nstatus: {observedGeneration: "1", replicas: 1, updatedReplicas: 1, availableReplicas: 1, currentPodHash: a, stableRS: a}') as Rollout, healthy],
  ])('%s', (_what, input, expected) => {
    expect(argocdHealth(input)).toEqual(expected);
  });
});

describe('luaToNumber: Lua tonumber on observedGeneration strings', () => {
  it.each<[string | undefined, number | undefined]>([
    ['3', 3],
    [' 12 ', 12],
    ['8575574967', 8575574967],
    ['0x1A', 26],
    ['1e3', 1000],
    ['5b9f9dd6c6', undefined],
    ['7fdb8bd8c8', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p → %p', (input, expected) => {
    expect(luaToNumber(input)).toBe(expected);
  });
});
