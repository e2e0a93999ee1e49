// Ports of Argo's TestResolveFenceposts, TestMaxSurge, TestMaxUnavailable (utils/replicaset) and
// TestGetReplicasOrDefault, TestGetMaxSurgeOrDefault, TestGetMaxUnavailableOrDefault (utils/defaults).
import { describe, expect, it } from '@jest/globals';
import type { Rollout } from '../../../../src/api/types.js';
import {
  DEFAULT_MAX_SURGE,
  DEFAULT_MAX_UNAVAILABLE,
  getMaxSurgeOrDefault,
  getMaxUnavailableOrDefault,
  getReplicasOrDefault,
  getValueFromIntOrPercent,
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
  type IntOrString,
} from '../../../../src/rollout/plan/rollout-surge.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';

describe('TestResolveFenceposts', () => {
  it.each<[string, string | undefined, string | undefined, number, { surge: number; unavailable: number } | undefined]>([
    ['0', '0%', '0%', 0, { surge: 0, unavailable: 1 }],
    ['1', '39%', '39%', 10, { surge: 4, unavailable: 3 }],
    ['2', 'oops', '39%', 10, undefined],
    ['3', '55%', 'urg', 10, undefined],
    ['4', undefined, '39%', 10, { surge: 0, unavailable: 3 }],
    ['5', '39%', undefined, 10, { surge: 4, unavailable: 0 }],
    ['6', undefined, undefined, 10, { surge: 0, unavailable: 1 }],
  ])('%s: surge %s, unavailable %s of %d', (_n, surge, unavailable, desired, expected) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual(expected);
  });
});

const canaryWith = (replicas: number, fields: { maxSurge?: IntOrString; maxUnavailable?: IntOrString }): Rollout =>
  aRollout().withReplicas(replicas).withCanary(fields).build();
const blueGreen = aRollout().withReplicas(undefined).withBlueGreen({ activeService: 'active' }).build();

describe('TestMaxSurge', () => {
  it.each<[string, Rollout, number]>([
    ['maxSurge with int', canaryWith(10, { maxUnavailable: 1, maxSurge: 5 }), 5],
    ['maxSurge with BlueGreen deployment strategy', blueGreen, 0],
    ['maxSurge with percents', canaryWith(10, { maxUnavailable: 1, maxSurge: '50%' }), 5],
  ])('%s', (_name, rollout, expected) => {
    expect(maxSurge(rollout)).toBe(expected);
  });
});

describe('TestMaxUnavailable', () => {
  it.each<[string, Rollout, number]>([
    ['maxUnavailable less than replicas', canaryWith(10, { maxSurge: 1, maxUnavailable: 5 }), 5],
    ['maxUnavailable equal replicas', canaryWith(10, { maxSurge: 1, maxUnavailable: 10 }), 10],
    ['maxUnavailable greater than replicas', canaryWith(5, { maxSurge: 1, maxUnavailable: 10 }), 5],
    ['maxUnavailable with replicas is 0', canaryWith(0, { maxSurge: 1, maxUnavailable: 10 }), 0],
    ['maxUnavailable with BlueGreen deployment strategy', blueGreen, 0],
    ['maxUnavailable less than replicas with percents', canaryWith(10, { maxSurge: 1, maxUnavailable: '50%' }), 5],
    ['maxUnavailable equal replicas with percents', canaryWith(10, { maxSurge: 1, maxUnavailable: '100%' }), 10],
    ['maxUnavailable greater than replicas with percents', canaryWith(5, { maxSurge: 1, maxUnavailable: '100%' }), 5],
  ])('%s', (_name, rollout, expected) => {
    expect(maxUnavailable(rollout)).toBe(expected);
  });
});

describe('defaults (TestGetReplicasOrDefault, TestGetMaxSurgeOrDefault, TestGetMaxUnavailableOrDefault)', () => {
  it('replicas: the value, else 1', () => {
    expect(getReplicasOrDefault(2)).toBe(2);
    expect(getReplicasOrDefault(undefined)).toBe(1);
  });

  it('maxSurge: the canary value, else "25"', () => {
    expect(getMaxSurgeOrDefault(canaryWith(1, { maxSurge: 2 }))).toBe(2);
    expect(getMaxSurgeOrDefault(aRollout().withBlueGreen({ activeService: 'a' }).build())).toBe(DEFAULT_MAX_SURGE);
    expect(DEFAULT_MAX_SURGE).toBe('25');
  });

  it('maxUnavailable: the canary or blue-green value, else "25"', () => {
    expect(getMaxUnavailableOrDefault(canaryWith(1, { maxUnavailable: 2 }))).toBe(2);
    expect(getMaxUnavailableOrDefault(aRollout().withBlueGreen({ activeService: 'a', maxUnavailable: 2 }).build())).toBe(2);
    expect(getMaxUnavailableOrDefault(aRollout().withBlueGreen({ activeService: 'a' }).build())).toBe(DEFAULT_MAX_UNAVAILABLE);
  });
});

describe('getValueFromIntOrPercent (the legacy Kubernetes reading Argo uses)', () => {
  it.each<[IntOrString, number, boolean, number | undefined]>([
    [3, 10, true, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    // A string without "%" is still a percentage, which is how Argo's default "25" works.
    ['25', 10, true, 3],
    ['25', 1, false, 0],
    ['%25%', 10, true, 3],
    ['+50%', 4, false, 2],
    ['2.5%', 10, true, undefined],
    [' 25%', 10, true, undefined],
    ['', 10, true, undefined],
  ])('%j of %d rounding up %s → %s', (value, total, roundUp, expected) => {
    expect(getValueFromIntOrPercent(value, total, roundUp)).toBe(expected);
  });

  it('defaults give 25% each way: 10 replicas → surge 3, unavailable 2', () => {
    const rollout = aRollout().withReplicas(10).build();
    expect(maxSurge(rollout)).toBe(3);
    expect(maxUnavailable(rollout)).toBe(2);
  });

  it('a malformed value resolves both fenceposts to 0, as Argo does before validation reports it', () => {
    const rollout = canaryWith(10, { maxSurge: 'oops', maxUnavailable: 2 });
    expect(maxSurge(rollout)).toBe(0);
    expect(maxUnavailable(rollout)).toBe(0);
  });
});
