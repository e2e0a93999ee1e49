import type { TimerClock, TimerHandle } from '../../src/shared/timer-clock.js';

/** A TimerClock whose time moves only when a test calls advance(): timers fire in due order. */
export interface FakeTimerClock extends TimerClock {
  advance(ms: number): void;
  /** Timers set and neither fired nor cleared. */
  pending(): number;
}

/** A deterministic clock starting at `startMs`. */
export function createFakeTimerClock(startMs = 0): FakeTimerClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, { due: number; callback: () => void }>();
  const nextDue = (until: number): [number, { due: number; callback: () => void }] | undefined => {
    let best: [number, { due: number; callback: () => void }] | undefined;
    for (const entry of timers) if (entry[1].due <= until && (!best || entry[1].due < best[1].due)) best = entry;
    return best;
  };
  return {
    now: () => now,
    setTimeout: (callback, delayMs): TimerHandle => {
      const id = nextId++;
      timers.set(id, { due: now + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
    advance: (ms) => {
      const until = now + ms;
      for (let entry = nextDue(until); entry; entry = nextDue(until)) {
        timers.delete(entry[0]);
        now = entry[1].due;
        entry[1].callback();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
