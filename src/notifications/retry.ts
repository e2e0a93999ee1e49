// Sending with retries: a network error, a 5xx or a 429 is retried, waiting retryWaitMin and doubling
// up to retryWaitMax. With the defaults (3 attempts, 1 s, 5 s): attempt, 1 s, attempt, 2 s, attempt.
import { sleep, type TimerClock } from '../shared/timer-clock.js';
import type { RetrySettings } from './config.js';

/** One attempt's outcome; `error` never holds a header, token or URL (they may come from the Secret). */
export type AttemptOutcome = { ok: true; status?: number } | { ok: false; retryable: boolean; error: string; status?: number };

/** The last outcome and how many attempts it took. */
export type RetryOutcome = AttemptOutcome & { attempts: number };

/** The wait before attempt `n + 1` (n ≥ 1): 1 s, 2 s, 4 s, 5 s, 5 s … with the defaults. */
export function retryWaitMs(settings: RetrySettings, attempt: number): number {
  return Math.min(settings.waitMaxMs, settings.waitMinMs * 2 ** (attempt - 1));
}

/** Runs `attempt` until it succeeds, fails for good, or the attempts run out. */
export async function sendWithRetry(attempt: () => Promise<AttemptOutcome>, settings: RetrySettings, clock: TimerClock): Promise<RetryOutcome> {
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    // Done: sent, not worth repeating (a 4xx), or out of attempts.
    if (outcome.ok || !outcome.retryable || n >= settings.attempts) return { ...outcome, attempts: n };
    await sleep(clock, retryWaitMs(settings, n));
  }
}

/** Whether an HTTP status is worth another attempt: 429 and 5xx. */
export const retryableStatus = (status: number): boolean => status === 429 || status >= 500;
