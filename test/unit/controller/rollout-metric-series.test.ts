import { describe, expect, it } from '@jest/globals';
import type { RolloutCondition } from '../../../src/api/types.js';
import { rolloutMetricPhase, rolloutReplicaGauges, rolloutStrategyLabels } from '../../../src/controller/rollout-metric-series.js';
import { aRollout } from '../../fixtures/rollout-builder.js';

const condition = (type: string, reason: string): RolloutCondition => ({ type, reason, status: 'True', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' }) as RolloutCondition;

describe('rolloutMetricPhase (Argo calculatePhase)', () => {
  it.each([
    ['no conditions', [], 'Progressing'],
    ['Progressing/NewReplicaSetAvailable', [condition('Progressing', 'NewReplicaSetAvailable')], 'Completed'],
    ['Progressing/RolloutPaused', [condition('Progressing', 'RolloutPaused')], 'Paused'],
    ['Progressing/ReplicaSetCreateError', [condition('Progressing', 'ReplicaSetCreateError')], 'Error'],
    ['Progressing/ProgressDeadlineExceeded', [condition('Progressing', 'ProgressDeadlineExceeded')], 'Timeout'],
    ['Progressing/RolloutAborted', [condition('Progressing', 'RolloutAborted')], 'Abort'],
    ['Progressing/ReplicaSetUpdated', [condition('Progressing', 'ReplicaSetUpdated')], 'Progressing'],
    ['Progressing/RolloutResumed', [condition('Progressing', 'RolloutResumed')], 'Progressing'],
    ['a Paused condition alone (not Progressing)', [condition('Paused', 'RolloutPaused')], 'Progressing'],
    ['InvalidSpec beside a paused Progressing', [condition('Progressing', 'RolloutPaused'), condition('InvalidSpec', 'InvalidSpec')], 'InvalidSpec'],
  ])('%s → %s', (_name, conditions, phase) => {
    expect(rolloutMetricPhase(aRollout().withStatus({ conditions }).build())).toBe(phase);
  });
});

describe('rolloutStrategyLabels', () => {
  it.each([
    ['a plain canary', aRollout().build(), { strategy: 'canary', trafficRouter: '' }],
    ['an Istio canary', aRollout().withCanary({ trafficRouting: { istio: { virtualService: { name: 'vs' } } } }).build(), { strategy: 'canary', trafficRouter: 'Istio' }],
    ['an SMI canary', aRollout().withCanary({ trafficRouting: { smi: {} } }).build(), { strategy: 'canary', trafficRouter: 'SMI' }],
    ['Istio and SMI: the later in Argo’s order wins', aRollout().withCanary({ trafficRouting: { smi: {}, istio: {} } }).build(), { strategy: 'canary', trafficRouter: 'SMI' }],
    ['a plugin router (Argo names none)', aRollout().withCanary({ trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': {} } } }).build(), { strategy: 'canary', trafficRouter: '' }],
    ['blue-green', aRollout().withBlueGreen({ activeService: 'active' }).build(), { strategy: 'blueGreen', trafficRouter: '' }],
  ])('%s', (_name, rollout, labels) => {
    expect(rolloutStrategyLabels(rollout)).toEqual(labels);
  });

  it('a rollout without a strategy is "none"', () => {
    const r = aRollout().build();
    expect(rolloutStrategyLabels({ spec: { ...r.spec, strategy: {} } })).toEqual({ strategy: 'none', trafficRouter: '' });
  });
});

describe('rolloutReplicaGauges', () => {
  it.each([
    ['5 replicas, 3 available, 2 updated, 5 desired', aRollout().withReplicas(5).withStatus({ replicas: 5, availableReplicas: 3, updatedReplicas: 2 }).build(), { available: 3, unavailable: 2, desired: 5, updated: 2 }],
    ['a surge: 6 pods for 5 desired, all available', aRollout().withReplicas(5).withStatus({ replicas: 6, availableReplicas: 6, updatedReplicas: 1 }).build(), { available: 6, unavailable: 0, desired: 5, updated: 1 }],
    ['no status, spec.replicas unset → desired 1', aRollout().withReplicas(undefined).build(), { available: 0, unavailable: 0, desired: 1, updated: 0 }],
  ])('%s', (_name, rollout, gauges) => {
    expect(rolloutReplicaGauges(rollout)).toEqual(gauges);
  });
});
