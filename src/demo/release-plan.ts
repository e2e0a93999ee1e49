// What the demo releases and how each version scores: plain data and pure functions, shared by the
// release timer (which image comes next) and the score server (how healthy an image is).

/** One demo application: a Rollout in the `demo` namespace whose one container gets a new image per release. */
export interface DemoApp {
  rollout: string;
  container: string;
  repository: string;
  /** True for the releases whose analysis must fail (the demo's "bad" versions). */
  isBadRelease: (release: number) => boolean;
}

export const DEMO_NAMESPACE = 'demo';

/** The score of a good version and of a bad one: the demo's templates succeed at ≥ 0.9. */
export const GOOD_SCORE = 0.99;
export const BAD_SCORE = 0.5;

const never = (): boolean => false;

/**
 * The demo's apps. `payments` alternates: release 1 (1.1.0) is bad and aborts, release 2 (1.2.0)
 * is good and recovers, release 3 is bad again, and so on.
 */
export const DEMO_APPS: readonly DemoApp[] = [
  { rollout: 'checkout', container: 'checkout', repository: 'ghcr.io/example/checkout', isBadRelease: never },
  { rollout: 'payments', container: 'payments', repository: 'ghcr.io/example/payments', isBadRelease: (n) => n % 2 === 1 },
  { rollout: 'catalog', container: 'catalog', repository: 'ghcr.io/example/catalog', isBadRelease: never },
  { rollout: 'reviews', container: 'reviews', repository: 'ghcr.io/example/reviews', isBadRelease: never },
];

/** The image of release `n` (0 = the version the manifests start with): checkout release 3 → "ghcr.io/example/checkout:1.3.0". */
export function imageOf(app: DemoApp, release: number): string {
  return `${app.repository}:1.${release}.0`;
}

/** The release number of an image of `app` ("…/payments:1.3.0" → 3), or undefined when it is not one of the demo's. */
export function releaseOf(app: DemoApp, image: string): number | undefined {
  const prefix = `${app.repository}:1.`;
  if (!image.startsWith(prefix) || !image.endsWith('.0')) return undefined;
  const middle = image.slice(prefix.length, -2);
  return /^[0-9]+$/.test(middle) ? Number(middle) : undefined;
}

/**
 * The success rate the demo's metrics source reports for an image: BAD_SCORE for a bad release of
 * its app, GOOD_SCORE for any other demo image, undefined for an image the demo never released.
 * "ghcr.io/example/payments:1.1.0" → 0.5; "ghcr.io/example/payments:1.2.0" → 0.99.
 */
export function scoreOf(apps: readonly DemoApp[], image: string): number | undefined {
  for (const app of apps) {
    const release = releaseOf(app, image);
    if (release !== undefined) return app.isBadRelease(release) ? BAD_SCORE : GOOD_SCORE;
  }
  return undefined;
}
