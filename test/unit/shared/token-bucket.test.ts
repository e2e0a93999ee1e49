import { describe, expect, it } from '@jest/globals';
import { createTokenBucket } from '../../../src/shared/token-bucket.js';

describe('createTokenBucket', () => {
  it.each([
    { qps: 20, burst: 1, calls: 21, lastWait: 1000 },
    { qps: 10, burst: 100, calls: 100, lastWait: 0 },
    { qps: 10, burst: 100, calls: 101, lastWait: 100 },
    { qps: 40, burst: 80, calls: 120, lastWait: 1000 },
  ])('qps $qps burst $burst: call $calls at one instant waits $lastWait ms', ({ qps, burst, calls, lastWait }) => {
    const bucket = createTokenBucket({ qps, burst, nowMs: 0 });
    let wait = -1;
    for (let i = 0; i < calls; i++) wait = bucket.reserve(0);
    expect(wait).toBeCloseTo(lastWait, 6);
  });

  it('refills with time, never above the burst', () => {
    const bucket = createTokenBucket({ qps: 10, burst: 2, nowMs: 0 });
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 100]);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(100);
  });

  it.each([0, -1, Infinity])('does not limit at qps %p', (qps) => {
    const bucket = createTokenBucket({ qps, burst: 1, nowMs: 0 });
    expect(Array.from({ length: 1000 }, () => bucket.reserve(0)).every((w) => w === 0)).toBe(true);
  });
});
