import { describe, expect, it } from '@jest/globals';
import { DateTime, Duration } from 'luxon';
import { decideLease, microTime, observeLease, releasedLease, type LeaseRecord } from '../../../src/controller/lease-decision.js';
import { leaseLockName, timingsError } from '../../../src/controller/leader-election.js';

const T0 = DateTime.fromISO('2026-11-23T10:00:00Z', { zone: 'utc' });
const at = (seconds: number): DateTime => T0.plus({ seconds });
const held = (holder: string, extra: LeaseRecord = {}): LeaseRecord => ({ holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: microTime(at(-60)), renewTime: microTime(at(-1)), leaseTransitions: 3, ...extra });

describe('decideLease', () => {
  it('creates the Lease when there is none, holding it', () => {
    expect(decideLease({ observation: undefined, identity: 'b', now: T0, leaseDurationSeconds: 15 })).toEqual({
      action: 'create',
      record: { holderIdentity: 'b', leaseDurationSeconds: 15, acquireTime: '2026-11-23T10:00:00.000000Z', renewTime: '2026-11-23T10:00:00.000000Z', leaseTransitions: 0 },
    });
  });

  it.each([
    { name: 'released (holder "")', record: held('', { leaseDurationSeconds: 1 }), observedAt: at(0), now: at(0) },
    { name: 'expired: unchanged for its 15 s', record: held('a'), observedAt: at(0), now: at(15) },
    { name: 'expired long ago', record: held('a'), observedAt: at(0), now: at(600) },
  ])('takes over a lease that is $name, counting a transition', ({ record, observedAt, now }) => {
    const decision = decideLease({ observation: { record, observedAt }, identity: 'b', now, leaseDurationSeconds: 15 });
    expect(decision).toEqual({ action: 'update', takeover: true, record: { holderIdentity: 'b', leaseDurationSeconds: 15, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 4 } });
  });

  it('renews its own lease: new renewTime, acquireTime and transitions kept', () => {
    const decision = decideLease({ observation: { record: held('b'), observedAt: at(0) }, identity: 'b', now: at(2), leaseDurationSeconds: 15 });
    expect(decision).toEqual({ action: 'update', takeover: false, record: { holderIdentity: 'b', leaseDurationSeconds: 15, acquireTime: microTime(at(-60)), renewTime: '2026-11-23T10:00:02.000000Z', leaseTransitions: 3 } });
  });

  it.each([0, 5, 14.999])('waits on another holder\'s lease first seen unchanged at 10:00:00, at +%ss', (seconds) => {
    const decision = decideLease({ observation: { record: held('a'), observedAt: at(0) }, identity: 'b', now: at(seconds), leaseDurationSeconds: 15 });
    expect(decision).toEqual({ action: 'wait', holder: 'a', expiresAt: at(15) });
  });

  it('judges expiry by when this candidate saw the record, not by the renewTime another clock wrote', () => {
    // The holder's clock is an hour behind: its renewTime looks stale, but the record changed just now.
    const record = held('a', { renewTime: microTime(at(-3600)) });
    expect(decideLease({ observation: { record, observedAt: at(0) }, identity: 'b', now: at(1), leaseDurationSeconds: 15 }).action).toBe('wait');
  });

  it('after losing a race (409) the winner\'s record restarts the clock, so the loser waits', () => {
    // Both saw a's lease expire at +15 s and both tried to take it; c's write landed first.
    const expired = observeLease(undefined, held('a'), at(0));
    expect(decideLease({ observation: expired, identity: 'b', now: at(15), leaseDurationSeconds: 15 }).action).toBe('update');
    const reread = observeLease(expired, held('c', { renewTime: microTime(at(15)), leaseTransitions: 4 }), at(15.2));
    expect(decideLease({ observation: reread, identity: 'b', now: at(15.2), leaseDurationSeconds: 15 })).toEqual({ action: 'wait', holder: 'c', expiresAt: at(30.2) });
  });
});

describe('observeLease', () => {
  it.each([
    { name: 'an unchanged record keeps the time first seen', next: held('a'), observedAt: at(0) },
    { name: 'a renewal restarts it', next: held('a', { renewTime: microTime(at(2)) }), observedAt: at(4) },
    { name: 'a new holder restarts it', next: held('c'), observedAt: at(4) },
  ])('$name', ({ next, observedAt }) => {
    const first = observeLease(undefined, held('a'), at(0));
    expect(observeLease(first, next, at(4)).observedAt).toEqual(observedAt);
  });
});

describe('releasedLease', () => {
  it('clears the holder, shortens the duration to 1 s and keeps the transition count', () => {
    expect(releasedLease(held('b'), at(7))).toEqual({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: microTime(at(7)), renewTime: microTime(at(7)), leaseTransitions: 3 });
  });
});

describe('leader election settings', () => {
  it.each([
    { instanceId: undefined, name: 'argo-rollouts-controller-lock' },
    { instanceId: 'blue', name: 'argo-rollouts-controller-lock-blue' },
  ])('lock name for instance $instanceId is $name', ({ instanceId, name }) => {
    expect(leaseLockName(instanceId)).toBe(name);
  });

  const s = (seconds: number): Duration => Duration.fromObject({ seconds });
  it.each([
    { lease: 15, renew: 10, retry: 2, error: undefined },
    { lease: 3, renew: 2, retry: 0.5, error: undefined },
    { lease: 10, renew: 10, retry: 2, error: '--leader-election-lease-duration must be greater than --leader-election-renew-deadline' },
    { lease: 15, renew: 2, retry: 2, error: '--leader-election-renew-deadline must be greater than 1.2 × --leader-election-retry-period' },
    { lease: 0.5, renew: 0.2, retry: 0.1, error: '--leader-election-lease-duration must be at least 1s' },
    { lease: 15, renew: 10, retry: 0, error: '--leader-election-retry-period must be greater than zero' },
  ])('lease $lease s, renew $renew s, retry $retry s → $error', ({ lease, renew, retry, error }) => {
    expect(timingsError({ leaseDuration: s(lease), renewDeadline: s(renew), retryPeriod: s(retry) })).toBe(error);
  });
});
