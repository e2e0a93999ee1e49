// The demo's release train: every `periodMs` each demo Rollout gets the next image, as a CI pipeline
// would do with `kubectl argo rollouts set image`. A release waits until the previous one has
// settled (Healthy, or Degraded after an abort), checking every `retryMs`, so that a release never
// lands in the middle of the first deployment.
import type { Rollout } from '../api/types.js';
import type { KubeClient } from '../kube/kube-client-types.js';
import { getRollout } from '../ops/rollout-ref.js';
import { setImage } from '../ops/set-image.js';
import { messageOf } from '../shared/errors.js';
import { DEMO_NAMESPACE, imageOf, releaseOf, type DemoApp } from './release-plan.js';

export interface ReleaseTimerOptions {
  client: KubeClient;
  apps: readonly DemoApp[];
  firstDelayMs: number;
  periodMs: number;
  /** Between checks while a rollout has not settled, and after a failed API call (default 2 s). */
  retryMs?: number;
  /** One line per release or problem, for the terminal. */
  report: (line: string) => void;
}

export interface ReleaseTimer {
  stop(): void;
}

const SETTLED_PHASES = new Set(['Healthy', 'Degraded']);

/** Starts one timer per app; `stop()` clears them all (a release under way finishes, none starts). */
export function startReleaseTimer(options: ReleaseTimerOptions): ReleaseTimer {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const schedule = (app: DemoApp, delayMs: number): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void releaseNext(options, app).then((released) => schedule(app, released ? options.periodMs : (options.retryMs ?? 2000)));
    }, delayMs);
    timers.add(timer);
  };
  for (const app of options.apps) schedule(app, options.firstDelayMs);
  return {
    stop: () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

function imageIn(rollout: Rollout, container: string): string {
  return rollout.spec.template?.spec?.containers?.find((c) => c.name === container)?.image ?? '';
}

// Sets the next image when the rollout has settled; says whether it did. Errors are reported, not thrown:
// the train keeps running (the API may be briefly busy, or someone deleted the rollout by hand).
async function releaseNext(options: ReleaseTimerOptions, app: DemoApp): Promise<boolean> {
  const ref = { namespace: DEMO_NAMESPACE, name: app.rollout };
  try {
    const rollout = await getRollout(options.client, ref);
    if (!SETTLED_PHASES.has(rollout.status?.phase ?? '')) return false;
    const next = (releaseOf(app, imageIn(rollout, app.container)) ?? 0) + 1;
    const image = imageOf(app, next);
    await setImage(options.client, ref, { container: app.container, image });
    options.report(`release: ${app.rollout} → ${image}${app.isBadRelease(next) ? ' (a bad version: its analysis will fail and the rollout aborts)' : ''}`);
    return true;
  } catch (err) {
    options.report(`release: ${app.rollout} not released: ${messageOf(err)}`);
    return false;
  }
}
