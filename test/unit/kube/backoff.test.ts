import { describe, expect, it } from '@jest/globals';
import { createBackoff } from '../../../src/kube/backoff.js';

describe('createBackoff', () => {
  it.each([
    { random: 1, delays: [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000] },
    { random: 0, delays: [50, 100, 200, 400, 800, 1600, 3200, 6400, 12_800, 15_000, 15_000] },
  ])('doubles from 100 ms to 30 s, jittered down to half (random → $random)', ({ random, delays }) => {
    const backoff = createBackoff({ random: () => random });
    expect(delays.map(() => backoff.next())).toEqual(delays);
  });

  it('starts over after reset', () => {
    const backoff = createBackoff({ random: () => 1 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
