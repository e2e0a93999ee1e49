/** A token bucket that hands out reservations: how long the caller must wait before its turn. */
export interface TokenBucket {
  /** Takes one token at `nowMs` and returns the wait in ms before using it (0 = at once). */
  reserve(nowMs: number): number;
}

/**
 * A bucket refilled at `qps` tokens per second holding at most `burst`, as Go's rate.Limiter with
 * Reserve(): tokens may go negative, so concurrent callers queue up fairly instead of retrying.
 * Worked example: qps 20, burst 1 → the 1st call waits 0 ms, the 2nd 50 ms, the 21st 1000 ms.
 * qps ≤ 0 or Infinity means no limit.
 */
export function createTokenBucket(options: { qps: number; burst: number; nowMs: number }): TokenBucket {
  const { qps } = options;
  const burst = Math.max(1, options.burst);
  if (!(qps > 0) || qps === Infinity) return { reserve: () => 0 };
  let tokens = burst;
  let last = options.nowMs;
  return {
    reserve(nowMs: number): number {
      // A clock that went backwards refills nothing rather than draining the bucket.
      const elapsed = Math.max(0, nowMs - last);
      last = Math.max(last, nowMs);
      tokens = Math.min(burst, tokens + (elapsed * qps) / 1000) - 1;
      return tokens >= 0 ? 0 : (-tokens * 1000) / qps;
    },
  };
}
