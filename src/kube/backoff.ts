/** Retry delays that double from `initialMs` up to `maxMs`, jittered, until reset. */
export interface Backoff {
  /** The delay before the next attempt. */
  next(): number;
  /** Forget past failures: the next delay starts from `initialMs` again. */
  reset(): void;
}

/**
 * Exponential backoff with "equal jitter": the n-th delay is uniform in [d/2, d] where
 * d = min(max, initial × 2^n), so that many informers failing together do not retry in lockstep.
 * Worked example with 100 ms → 30 s: 50–100 ms, 100–200 ms, 200–400 ms, …, 15–30 s from the 10th on.
 */
export function createBackoff(options: { initialMs?: number; maxMs?: number; random?: () => number } = {}): Backoff {
  const initialMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  let attempt = 0;
  return {
    next(): number {
      const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
      // Past the cap the exponent no longer matters; keeping it small keeps 2 ** n finite.
      if (ceiling < maxMs) attempt++;
      return ceiling / 2 + (random() * ceiling) / 2;
    },
    reset(): void {
      attempt = 0;
    },
  };
}
