import { describe, expect, it } from '@jest/globals';
import { BAD_SCORE, DEMO_APPS, GOOD_SCORE, imageOf, releaseOf, scoreOf } from '../../../src/demo/release-plan.js';

const app = (name: string) => DEMO_APPS.find((a) => a.rollout === name)!;

describe('the demo release plan', () => {
  it.each([
    ['checkout', 0, 'ghcr.io/example/checkout:1.0.0'],
    ['checkout', 3, 'ghcr.io/example/checkout:1.3.0'],
    ['payments', 12, 'ghcr.io/example/payments:1.12.0'],
  ])('%s release %i is %s, and reads back as that release', (name, release, image) => {
    expect(imageOf(app(name), release)).toBe(image);
    expect(releaseOf(app(name), image)).toBe(release);
  });

  it.each(['ghcr.io/example/checkout:2.0.0', 'ghcr.io/example/checkout:1.x.0', 'ghcr.io/example/payments:1.1.0', 'nginx:1.25', ''])('%j is not a checkout release', (image) => {
    expect(releaseOf(app('checkout'), image)).toBeUndefined();
  });

  it.each([
    ['ghcr.io/example/payments:1.1.0', BAD_SCORE],
    ['ghcr.io/example/payments:1.2.0', GOOD_SCORE],
    ['ghcr.io/example/payments:1.3.0', BAD_SCORE],
    ['ghcr.io/example/payments:1.0.0', GOOD_SCORE],
    ['ghcr.io/example/checkout:1.1.0', GOOD_SCORE],
    ['ghcr.io/example/catalog:1.7.0', GOOD_SCORE],
    ['ghcr.io/example/reviews:1.1.0', GOOD_SCORE],
    ['ghcr.io/example/unknown:1.1.0', undefined],
  ])('%s scores %p', (image, score) => {
    expect(scoreOf(DEMO_APPS, image)).toBe(score);
  });

  it('has exactly one app with bad releases, and its first release is bad (the demo shows an abort early)', () => {
    const failing = DEMO_APPS.filter((a) => [1, 2, 3, 4].some((n) => a.isBadRelease(n)));
    expect(failing.map((a) => a.rollout)).toEqual(['payments']);
    expect(failing[0].isBadRelease(1)).toBe(true);
    expect(failing[0].isBadRelease(2)).toBe(false);
  });
});
