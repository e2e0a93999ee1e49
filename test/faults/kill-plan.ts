// The seeded part of the controller-kill fault suite: which router a case uses and when the controller
// is killed, derived from one integer seed, so that a failing case is replayed with its seed alone.
import { seeded as seededRandom } from '../../src/sim/faults.js';

/** An integer in [min, max], inclusive. */
function intIn(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One SIGKILL: `atMs` after the case's trigger (the release, or the abort), then `downMs` before the restart. */
export interface Kill {
  atMs: number;
  downMs: number;
}

export type Router = 'none' | 'smi';

/**
 * What a canary kill is timed from: the new image's apply, or the moment the API server announces the new
 * ReplicaSet or the step's AnalysisRun — a few ms after those, the controller's next writes (scale, status)
 * are in flight, which is where a lost write would leave a duplicate behind.
 */
export type Anchor = 'release' | 'newReplicaSet' | 'analysisRun';

export interface CanaryKill extends Kill {
  after: Anchor;
}

/** A canary release with 1–3 kills: over `windowMs` after the apply, or 0–20 ms after a creation. */
export interface CanaryKillPlan {
  seed: number;
  router: Router;
  kills: CanaryKill[];
}

/**
 * An abort with one kill `offsetMs` from it: negative (-400…-1) = killed first, the abort lands while no
 * controller runs; 0…150 = the abort lands first, the kill comes while the controller acts on it. `abortAtStep` is
 * the pause the abort interrupts (1: the timed pause at 25%, 3: the indefinite one at 50%).
 */
export interface AbortKillPlan {
  seed: number;
  router: Router;
  abortAtStep: 1 | 3;
  offsetMs: number;
  downMs: number;
  /** A second kill during abortScaleDownDelaySeconds, `atMs` after the abort (routed canary only). */
  laterKill?: Kill;
}

// Half the kills are timed from the apply, a quarter from each creation.
function canaryKill(random: () => number, windowMs: number): CanaryKill {
  const pick = random();
  const after: Anchor = pick < 0.5 ? 'release' : pick < 0.75 ? 'newReplicaSet' : 'analysisRun';
  const atMs = after === 'release' ? intIn(random, 0, windowMs) : intIn(random, 0, 20);
  return { after, atMs, downMs: intIn(random, 0, 500) };
}

/** E.g. seed 1, window 5000 ms → { router: 'none', kills: [{ after: 'release', atMs: 2637, downMs: 491 }, { after: 'analysisRun', atMs: 5, downMs: 307 }] }. */
export function canaryKillPlan(seed: number, windowMs: number): CanaryKillPlan {
  const random = seededRandom(seed);
  // Alternating, so that any two seeds in a row cover both: odd seeds a basic canary, even ones SMI.
  const router: Router = seed % 2 === 0 ? 'smi' : 'none';
  const count = intIn(random, 1, 3);
  return { seed, router, kills: Array.from({ length: count }, () => canaryKill(random, windowMs)) };
}

/** E.g. seed 3 → { router: 'smi', abortAtStep: 3, offsetMs: 91, downMs: 17, laterKill: { atMs: 883, downMs: 177 } }. */
export function abortKillPlan(seed: number): AbortKillPlan {
  // A different stream from the canary plan of the same seed.
  const random = seededRandom(seed ^ 0x5eed_ab07);
  // The other way round from the canary case: odd seeds SMI, even ones a basic canary.
  const router: Router = seed % 2 === 1 ? 'smi' : 'none';
  const abortAtStep = random() < 0.5 ? 1 : 3;
  // Killed first: the abort waits in the API server. Killed after: most often while the controller is
  // still writing the abort out (routers, Services, scale-down, status take ~100 ms at 25 ms a write).
  const offsetMs = random() < 0.5 ? -intIn(random, 1, 400) : intIn(random, 0, 150);
  const downMs = intIn(random, 0, 500);
  const later = random() < 0.5 && router === 'smi' ? { atMs: intIn(random, 600, 1800), downMs: intIn(random, 0, 300) } : undefined;
  return { seed, router, abortAtStep, offsetMs, downMs, ...(later ? { laterKill: later } : {}) };
}

/** The seeds to run: `FAULT_KILL_SEED=n` replays one; else 1..`FAULT_KILL_SEEDS` (default `fallback`). */
export function seedsFromEnv(env: NodeJS.ProcessEnv, fallback: number): number[] {
  const one = Number(env.FAULT_KILL_SEED);
  if (env.FAULT_KILL_SEED !== undefined && Number.isInteger(one)) return [one];
  const count = Number(env.FAULT_KILL_SEEDS ?? fallback);
  const n = Number.isInteger(count) && count > 0 ? count : fallback;
  return Array.from({ length: n }, (_, i) => i + 1);
}

const ANCHOR_WORDS: Record<Anchor, string> = { release: 'the apply', newReplicaSet: 'the new ReplicaSet', analysisRun: 'the AnalysisRun' };

/** "2637 ms after the apply (down 491), 5 ms after the AnalysisRun (down 307)" for a test title. */
export function describeKills(kills: readonly CanaryKill[]): string {
  return kills.map((k) => `${k.atMs} ms after ${ANCHOR_WORDS[k.after]} (down ${k.downMs})`).join(', ');
}
