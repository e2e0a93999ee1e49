import { describe, expect, it } from '@jest/globals';
import { AbortLatencyClock, isAbortCleared, isAbortCommand, isRunFailing } from '../../../src/controller/abort-latency.js';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';

const rollout = (abort?: boolean, abortedAt?: string): KubeObject => ({ metadata: { name: 'r', namespace: 'ns' }, status: abort === undefined ? {} : { abort, abortedAt } });
const run = (phase?: string): KubeObject => ({ metadata: { name: 'run' }, status: phase ? { phase } : undefined });

describe('AbortLatencyClock', () => {
  it('times from the first start to the stop, in seconds, once', () => {
    const clock = new AbortLatencyClock();
    clock.start('ns/r', 'analysis', 1000);
    clock.start('ns/r', 'command', 1200); // a second trigger does not restart the clock
    expect(clock.stop('ns/r', 1250)).toEqual({ seconds: 0.25, trigger: 'analysis' });
    expect(clock.stop('ns/r', 1300)).toBeUndefined();
    expect(clock.size).toBe(0);
  });

  it('forgets an abort that needed no traffic write', () => {
    const clock = new AbortLatencyClock();
    clock.start('ns/r', 'command', 0);
    clock.forget('ns/r');
    expect(clock.stop('ns/r', 10)).toBeUndefined();
  });
});

describe('abort triggers', () => {
  it.each([
    [undefined, true, true],
    [false, true, true],
    [true, true, false],
    [undefined, false, false],
  ])('status.abort %s → %s is the command: %s', (before, after, expected) => {
    expect(isAbortCommand(rollout(before), rollout(after))).toBe(expected);
  });

  it('the controller writing abort (with abortedAt) after a failed analysis is no command', () => {
    expect(isAbortCommand(rollout(false), rollout(true, '2026-11-24T02:00:00Z'))).toBe(false);
  });

  it('a retry clears the abort', () => {
    expect(isAbortCleared(rollout(true, '2026-11-24T02:00:00Z'), rollout(false))).toBe(true);
    expect(isAbortCleared(rollout(true), rollout(true))).toBe(false);
  });

  it.each([
    ['Running', 'Failed', true],
    ['Running', 'Error', true],
    [undefined, 'Failed', true],
    ['Failed', 'Failed', false],
    ['Running', 'Successful', false],
    ['Running', 'Inconclusive', false],
  ])('run phase %s → %s turns failing: %s', (before, after, expected) => {
    expect(isRunFailing(run(before), run(after))).toBe(expected);
  });
});
