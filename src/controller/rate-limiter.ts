import { createTokenBucket } from '../shared/token-bucket.js';
import { realTimerClock, type TimerClock } from '../shared/timer-clock.js';

/** Decides how long a failed key waits before it is retried, remembering failures per key. */
export interface RateLimiter {
  /** Records one more failure of `key` and returns the delay in ms before its retry. */
  when(key: string): number;
  /** Forgets the failures of `key` (it succeeded). */
  forget(key: string): void;
  /** How many failures of `key` are remembered. */
  numRequeues(key: string): number;
}

export interface ControllerRateLimiterOptions {
  /** First retry delay (default 5 ms)... */
  baseDelayMs?: number;
  /** ...doubling per failure up to this (default 1000 s). */
  maxDelayMs?: number;
  /** Overall retries per second across all keys (default 10)... */
  qps?: number;
  /** ...with bursts of up to this many (default 100). */
  burst?: number;
  clock?: TimerClock;
}

/**
 * client-go's DefaultControllerRateLimiter: the larger of a per-key exponential backoff
 * (5 ms × 2^failures, capped at 1000 s) and an overall token bucket (10 per second, burst 100), so
 * one broken key backs off on its own while a storm of failures cannot flood the API.
 * Worked example: a key failing 5 times in a row waits 5, 10, 20, 40, 80 ms; the 19th wait is 1000 s
 * (5 ms × 2^18 = 1311 s, capped).
 */
export function createControllerRateLimiter(options: ControllerRateLimiterOptions = {}): RateLimiter {
  const base = options.baseDelayMs ?? 5;
  const max = options.maxDelayMs ?? 1_000_000;
  const clock = options.clock ?? realTimerClock;
  const bucket = createTokenBucket({ qps: options.qps ?? 10, burst: options.burst ?? 100, nowMs: clock.now() });
  const failures = new Map<string, number>();
  return {
    when(key: string): number {
      const exp = failures.get(key) ?? 0;
      failures.set(key, exp + 1);
      // Past 2^50 the product is far beyond any cap; stopping there keeps the arithmetic finite.
      const backoff = exp > 50 ? max : Math.min(max, base * 2 ** exp);
      return Math.max(backoff, bucket.reserve(clock.now()));
    },
    forget(key: string): void {
      failures.delete(key);
    },
    numRequeues(key: string): number {
      return failures.get(key) ?? 0;
    },
  };
}
