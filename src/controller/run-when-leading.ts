import type { Duration } from 'luxon';
import { tryParseDurationString } from '../api/duration.js';
import type { KubeClient } from '../kube/kube-client-types.js';
import type { Logger } from '../shared/logger.js';
import { LeaderElector, timingsError, type LeaderElectionTimings } from './leader-election.js';
import type { RunningController } from './rollout-controller.js';

/** Argo's defaults (controller/controller.go). */
export const DEFAULT_TIMINGS = { leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '2s' } as const;

/** The three --leader-election-* flags (Go duration strings: "15s", "500ms") as checked timings. */
export function parseLeaderElectionTimings(flags: { leaseDuration?: string; renewDeadline?: string; retryPeriod?: string }): LeaderElectionTimings {
  const read = (value: string | undefined, fallback: string, flag: string): Duration => {
    const parsed = tryParseDurationString(value ?? fallback);
    if (!parsed.ok) throw new Error(`--leader-election-${flag}: ${parsed.message}`);
    return parsed.value;
  };
  const timings = {
    leaseDuration: read(flags.leaseDuration, DEFAULT_TIMINGS.leaseDuration, 'lease-duration'),
    renewDeadline: read(flags.renewDeadline, DEFAULT_TIMINGS.renewDeadline, 'renew-deadline'),
    retryPeriod: read(flags.retryPeriod, DEFAULT_TIMINGS.retryPeriod, 'retry-period'),
  };
  const error = timingsError(timings);
  if (error) throw new Error(error);
  return timings;
}

export interface RunWhenLeadingOptions {
  client: KubeClient;
  log: Logger;
  /** undefined: no election, start at once (single-instance mode). */
  election?: { lock: { namespace: string; name: string }; identity: string; timings: LeaderElectionTimings };
  /** Starts the controllers; called once, when this process leads. */
  start: () => RunningController;
  /** Called when leadership is lost: the process must stop reconciling at once (client-go's OnStoppedLeading). */
  onLost: () => void;
}

export interface LeadingRun {
  /** Ready for probes: a standby once it has read the lease, a leader once its caches have synced. */
  ready: Promise<void>;
  /** Stops taking work, drains in-flight reconciles, then (if leading) releases the lease. */
  stop(): Promise<void>;
}

/**
 * Runs the controllers only while this process holds the leader lease, as Argo's Manager.Run: with no
 * election they start at once; with one, informers and workers start on becoming leader.
 */
export function runWhenLeading(options: RunWhenLeadingOptions): LeadingRun {
  const { election, log } = options;
  if (!election) {
    log.info('leader election is turned off: running in single-instance mode');
    const controller = options.start();
    return { ready: controller.synced, stop: () => controller.stop() };
  }
  let controller: RunningController | undefined;
  let stopping = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const elector = new LeaderElector(
    { client: options.client, log, ...election },
    {
      onStartedLeading: () => {
        // Won the lease while shutting down: release() hands it straight back.
        if (stopping) return;
        controller = options.start();
        controller.synced.then(markReady, () => undefined);
      },
      onStoppedLeading: options.onLost,
      onNewLeader: (identity) => {
        // A standby is ready once it has seen who leads.
        if (identity !== election.identity) markReady();
      },
    },
  );
  elector.start();
  return {
    ready,
    stop: async () => {
      stopping = true;
      await controller?.stop();
      await elector.release();
    },
  };
}
