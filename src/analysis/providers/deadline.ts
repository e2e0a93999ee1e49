// One AbortSignal for a provider's request that fires when the caller aborts (the run was
// terminated, the controller is stopping) or when the metric's own timeout passes, and that can
// say afterwards which of the two it was, so the error outcome names the right cause.
import { Duration } from 'luxon';
import { formatDuration } from '../../api/duration.js';

/** The signal to hand to the HTTP client, and why it fired. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True when the timeout (not the caller) aborted the request. */
  timedOut(): boolean;
  /** The timeout as Go prints durations ("10s", "1m30s"), for messages. */
  readonly timeoutText: string;
  /** Stops the timer and detaches from the caller's signal; call it in `finally`. */
  clear(): void;
}

/** Starts a deadline of `timeoutMs` under the caller's `signal`. */
export function startDeadline(signal: AbortSignal, timeoutMs: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) controller.abort(signal.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    timeoutText: formatDuration(Duration.fromMillis(timeoutMs)),
    clear: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
