import type { DateTime } from 'luxon';

/** The spec of a coordination.k8s.io/v1 Lease, as client-go's LeaseLock reads and writes it. */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/**
 * A record as this candidate saw it, and when (by its own clock) it first saw that exact record.
 * Expiry is judged from this local time, never from the renewTime written by another host, so two
 * candidates whose clocks disagree still agree on when a lease has gone stale (client-go's rule).
 */
export interface LeaseObservation {
  record: LeaseRecord;
  observedAt: DateTime;
}

export type LeaseDecision =
  /** No Lease yet: create it holding it. */
  | { action: 'create'; record: LeaseRecord }
  /** Write the record back (PUT with the read resourceVersion): a renewal of our own lease, or a takeover. */
  | { action: 'update'; record: LeaseRecord; takeover: boolean }
  /** Another candidate holds a lease that has not expired: write nothing and look again later. */
  | { action: 'wait'; holder: string; expiresAt: DateTime };

export interface LeaseDecisionInput {
  /** What is stored now (undefined: the Lease does not exist). */
  observation: LeaseObservation | undefined;
  identity: string;
  now: DateTime;
  /** What this candidate writes as leaseDurationSeconds. */
  leaseDurationSeconds: number;
}

/** Lease spec times are MicroTime: RFC 3339 UTC with six fraction digits ("2026-11-23T23:10:05.120000Z"). */
export function microTime(t: DateTime): string {
  return t.toUTC().toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS'000Z'");
}

function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  const keys: (keyof LeaseRecord)[] = ['holderIdentity', 'leaseDurationSeconds', 'acquireTime', 'renewTime', 'leaseTransitions'];
  return keys.every((k) => a[k] === b[k]);
}

/**
 * The observation after reading `record` at `now`: an unchanged record keeps the time it was first seen,
 * a changed one (a renewal, a new holder) restarts the clock. Example: a record renewed at 10:00:00 and
 * read unchanged at 10:00:02 and 10:00:04 keeps observedAt 10:00:00 (or whenever it was first read).
 */
export function observeLease(previous: LeaseObservation | undefined, record: LeaseRecord, now: DateTime): LeaseObservation {
  if (previous && sameRecord(previous.record, record)) return previous;
  return { record, observedAt: now };
}

/** When the observed lease stops being valid: observedAt + its leaseDurationSeconds. */
export function leaseExpiry(observation: LeaseObservation): DateTime {
  return observation.observedAt.plus({ seconds: observation.record.leaseDurationSeconds ?? 0 });
}

/**
 * client-go's tryAcquireOrRenew as a decision. Worked example, lease 15 s, identity "b":
 *  - no Lease                                             → create, holder b, transitions 0
 *  - holder "" (released)                                 → update (takeover), transitions + 1
 *  - holder a, first seen unchanged at 10:00:00, now 10:00:14 → wait until 10:00:15
 *  - holder a, first seen unchanged at 10:00:00, now 10:00:15 → update (takeover), acquireTime now
 *  - holder b (our own)                                   → update (renew), acquireTime and transitions kept
 * Two candidates taking over at once both PUT with the same resourceVersion: one gets 409 and waits.
 */
export function decideLease(input: LeaseDecisionInput): LeaseDecision {
  const { observation, identity, now } = input;
  const fresh: LeaseRecord = { holderIdentity: identity, leaseDurationSeconds: input.leaseDurationSeconds, acquireTime: microTime(now), renewTime: microTime(now) };
  // Nobody has ever held it.
  if (!observation) return { action: 'create', record: { ...fresh, leaseTransitions: 0 } };
  const old = observation.record;
  const holder = old.holderIdentity ?? '';
  if (holder === identity) return { action: 'update', takeover: false, record: { ...fresh, acquireTime: old.acquireTime, leaseTransitions: old.leaseTransitions ?? 0 } };
  const expiresAt = leaseExpiry(observation);
  // Held by someone else and renewed within its duration, as far as we have seen.
  if (holder !== '' && expiresAt > now) return { action: 'wait', holder, expiresAt };
  return { action: 'update', takeover: true, record: { ...fresh, leaseTransitions: (old.leaseTransitions ?? 0) + 1 } };
}

/**
 * The record a leader writes when it steps down (client-go's ReleaseOnCancel): no holder and a 1 s
 * duration, so a standby takes over on its next look instead of waiting out the lease.
 */
export function releasedLease(old: LeaseRecord, now: DateTime): LeaseRecord {
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: old.leaseTransitions ?? 0 };
}
