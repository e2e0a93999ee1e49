import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime, type Duration } from 'luxon';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { isConflict, isNotFound } from '../kube/kube-errors.js';
import { apiVersionOf, RESOURCES } from '../kube/resources.js';
import { messageOf } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { decideLease, observeLease, releasedLease, type LeaseDecision, type LeaseObservation, type LeaseRecord } from './lease-decision.js';

/** Argo's lock name; with --instance-id it gets the id appended, so each instance elects its own leader. */
export function leaseLockName(instanceId: string | undefined): string {
  return instanceId ? `argo-rollouts-controller-lock-${instanceId}` : 'argo-rollouts-controller-lock';
}

/** hostname_uuid: two processes on one host never share an identity (Argo's uniquifier). */
export function leaderIdentity(host: string): string {
  return `${host}_${randomUUID()}`;
}

export interface LeaderElectionTimings {
  /** How long a standby waits after last seeing the lease change before taking it over (Argo: 15 s). */
  leaseDuration: Duration;
  /** How long the leader keeps failing to renew before it gives up leading (Argo: 10 s). */
  renewDeadline: Duration;
  /** Between attempts to acquire or renew (Argo: 2 s). */
  retryPeriod: Duration;
}

/** client-go's JitterFactor: a standby waits retryPeriod × (1 + up to 1.2) between looks. */
const JITTER_FACTOR = 1.2;

/** client-go's checks on the timings: a leader must give up before anyone may take over. */
export function timingsError(t: LeaderElectionTimings): string | undefined {
  const lease = t.leaseDuration.toMillis();
  const renew = t.renewDeadline.toMillis();
  const retry = t.retryPeriod.toMillis();
  if (lease < 1000) return '--leader-election-lease-duration must be at least 1s';
  if (lease <= renew) return '--leader-election-lease-duration must be greater than --leader-election-renew-deadline';
  if (retry <= 0) return '--leader-election-retry-period must be greater than zero';
  if (renew <= JITTER_FACTOR * retry) return '--leader-election-renew-deadline must be greater than 1.2 × --leader-election-retry-period';
  return undefined;
}

export interface LeaderElectionOptions {
  client: KubeClient;
  log: Logger;
  lock: { namespace: string; name: string };
  identity: string;
  timings: LeaderElectionTimings;
}

export interface LeaderCallbacks {
  /** This process now holds the lease: start reconciling. */
  onStartedLeading(): void;
  /** The lease could not be renewed within the renew deadline: stop reconciling at once. */
  onStoppedLeading(): void;
  /** Someone (perhaps this process) was seen holding the lease for the first time. */
  onNewLeader?(identity: string): void;
}

interface StoredLease extends KubeObject {
  spec?: LeaseRecord;
}

type AttemptResult = { ok: true } | { ok: false; holder?: string };

/**
 * client-go's LeaderElector over a coordination.k8s.io/v1 Lease: look every retryPeriod (jittered)
 * until the lease is free or expired, take it, then renew every retryPeriod; a leader that has not
 * renewed for renewDeadline stops leading. Writes carry the read resourceVersion, so of two
 * candidates racing for an expired lease exactly one wins and the other sees 409.
 */
export class LeaderElector {
  readonly #opts: LeaderElectionOptions;
  readonly #callbacks: LeaderCallbacks;
  readonly #stop = new AbortController();
  #observation: LeaseObservation | undefined;
  #resourceVersion: string | undefined;
  #leading = false;
  /** A write of ours may have landed (one in flight at stop can take the lease without the loop knowing). */
  #mayHold = false;
  #lastRenewMs = 0;
  #reportedLeader: string | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: LeaderElectionOptions, callbacks: LeaderCallbacks) {
    this.#opts = options;
    this.#callbacks = callbacks;
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /** Starts looking for the lease; returns at once. */
  start(): void {
    const { lock, identity } = this.#opts;
    this.#opts.log.info({ lease: `${lock.namespace}/${lock.name}`, identity }, 'attempting to acquire leader lease');
    this.#loop = this.#run().catch((err: unknown) => this.#opts.log.error({ err: messageOf(err) }, 'leader election stopped unexpectedly'));
  }

  /** Stops acquiring and renewing; if this process leads, hands the lease over (holder "", duration 1 s). */
  async release(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    // Never held it: nothing to hand over.
    if (!this.#leading && !this.#mayHold) return;
    this.#leading = false;
    const { client, lock, log } = this.#opts;
    try {
      const lease = await client.get<StoredLease>(RESOURCES.leases, lock.namespace, lock.name);
      // Someone else already holds it: there is nothing of ours to release.
      if (lease.spec?.holderIdentity !== this.#opts.identity) return;
      await client.replace(RESOURCES.leases, lock.namespace, lock.name, { ...lease, spec: releasedLease(lease.spec, DateTime.utc()) });
      log.info({ lease: `${lock.namespace}/${lock.name}` }, 'released leader lease');
    } catch (err) {
      log.error({ err: messageOf(err) }, 'failed to release leader lease; a standby takes over when it expires');
    }
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      const result = await this.#attemptWithin(this.#attemptBudgetMs());
      if (signal.aborted) return;
      if (!this.#afterAttempt(result)) return;
      await sleep(this.#nextWaitMs(), undefined, { signal }).catch(() => undefined);
    }
  }

  // The leader must know within its renew deadline; a standby gives one look at most a lease duration.
  #attemptBudgetMs(): number {
    const { renewDeadline, leaseDuration } = this.#opts.timings;
    if (!this.#leading) return leaseDuration.toMillis();
    return Math.max(0, this.#lastRenewMs + renewDeadline.toMillis() - Date.now());
  }

  #nextWaitMs(): number {
    const retry = this.#opts.timings.retryPeriod.toMillis();
    return this.#leading ? retry : retry * (1 + Math.random() * JITTER_FACTOR);
  }

  /** Acts on one attempt's outcome; false when leadership is lost and the loop must end. */
  #afterAttempt(result: AttemptResult): boolean {
    const { log, identity, timings } = this.#opts;
    if (result.ok) {
      this.#lastRenewMs = Date.now();
      if (!this.#leading) {
        this.#leading = true;
        log.info({ identity }, 'became leader');
        this.#callbacks.onStartedLeading();
      }
      return true;
    }
    // A standby keeps looking; a leader keeps retrying until its renew deadline has passed.
    if (!this.#leading || Date.now() - this.#lastRenewMs < timings.renewDeadline.toMillis()) return true;
    this.#leading = false;
    log.error({ identity, holder: result.holder, renewDeadline: timings.renewDeadline.toISO() }, 'failed to renew leader lease within the renew deadline: stopped leading');
    this.#callbacks.onStoppedLeading();
    return false;
  }

  async #attemptWithin(budgetMs: number): Promise<AttemptResult> {
    const timeout = new AbortController();
    const failed: AttemptResult = { ok: false };
    const timedOut = sleep(budgetMs, failed, { signal: timeout.signal }).catch(() => failed);
    try {
      return await Promise.race([this.#tryAcquireOrRenew(), timedOut]);
    } finally {
      timeout.abort();
    }
  }

  async #tryAcquireOrRenew(): Promise<AttemptResult> {
    const { client, lock, log } = this.#opts;
    let stored: StoredLease | undefined;
    try {
      stored = await client.get<StoredLease>(RESOURCES.leases, lock.namespace, lock.name);
    } catch (err) {
      if (!isNotFound(err)) {
        log.warn({ err: messageOf(err) }, 'could not read the leader lease');
        return { ok: false };
      }
    }
    const now = DateTime.utc();
    this.#observation = stored ? observeLease(this.#observation, stored.spec ?? {}, now) : undefined;
    this.#resourceVersion = stored?.metadata?.resourceVersion;
    this.#reportLeader(stored?.spec?.holderIdentity);
    const decision = decideLease({ observation: this.#observation, identity: this.#opts.identity, now, leaseDurationSeconds: Math.floor(this.#opts.timings.leaseDuration.as('seconds')) });
    return this.#apply(decision, stored);
  }

  async #apply(decision: LeaseDecision, stored: StoredLease | undefined): Promise<AttemptResult> {
    const { client, lock, log } = this.#opts;
    if (decision.action === 'wait') {
      log.debug({ holder: decision.holder, expiresAt: decision.expiresAt.toISO() }, 'leader lease held by another candidate');
      return { ok: false, holder: decision.holder };
    }
    const metadata = { ...stored?.metadata, name: lock.name, namespace: lock.namespace, resourceVersion: this.#resourceVersion };
    const lease: StoredLease = { apiVersion: apiVersionOf(RESOURCES.leases), kind: 'Lease', metadata, spec: decision.record };
    this.#mayHold = true;
    try {
      const written = decision.action === 'create' ? await client.create(RESOURCES.leases, lock.namespace, lease) : await client.replace(RESOURCES.leases, lock.namespace, lock.name, lease);
      this.#observation = observeLease(this.#observation, written.spec ?? decision.record, DateTime.utc());
      this.#reportLeader(this.#opts.identity);
      return { ok: true };
    } catch (err) {
      // 409: another candidate wrote first (it won the race, or renewed); look again next period.
      const level = isConflict(err) ? 'debug' : 'warn';
      log[level]({ action: decision.action, err: messageOf(err) }, 'could not write the leader lease');
      this.#mayHold = this.#leading;
      return { ok: false };
    }
  }

  #reportLeader(holder: string | undefined): void {
    if (!holder || holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    this.#opts.log.info({ leader: holder }, 'new leader elected');
    this.#callbacks.onNewLeader?.(holder);
  }
}
