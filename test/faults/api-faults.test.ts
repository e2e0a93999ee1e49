import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useControllerBed, type ControllerBed } from '../helpers/controller-bed.js';
import { RolloutProbe, type RolloutStatusView } from '../helpers/rollout-fixtures.js';
import { CONTROLLER_USER_AGENT } from '../helpers/controller-requests.js';
import { eventually, type RunningSim } from '../helpers/sim-process.js';
import { expectCleanEndState, type EndStateExpectation } from './end-state.js';

// Given the real controller process against rollouts-sim, when the API misbehaves through the simulator's
// fault injection (/_sim/faults, /_sim/watches/drop, /_sim/compact) while a canary is released (or aborted),
// then the rollout still ends where a fault-free run ends — Healthy on the new image, or Degraded with
// traffic back on stable — with one ReplicaSet per template, none orphaned, and the controller alive.
//
// Every step of the test itself (apply, promote, abort, status reads) meets the same faults, so each is
// retried until it took effect; a status read is a plain GET through the simulator's API.

const STEPS = `      - setWeight: 20
      - pause: {duration: 1s}
      - setWeight: 50
      - pause: {}
      - setWeight: 100`;
const INDEFINITE_PAUSE = 3;
const RELEASE_TIMEOUT_MS = 30_000;

type Faults = Record<string, number | string[]>;

async function setFaults(sim: RunningSim, faults: Faults): Promise<void> {
  const res = await sim.request('PUT', '/_sim/faults', faults);
  expect(res.status).toBe(200);
}

async function clearFaults(sim: RunningSim): Promise<void> {
  const res = await sim.request('DELETE', '/_sim/faults');
  expect(res.status).toBe(200);
}

/** Runs `body` with `faults` active, and turns them off again whatever happens. */
async function withFaults<T>(sim: RunningSim, faults: Faults, body: () => Promise<T>): Promise<T> {
  await setFaults(sim, faults);
  try {
    return await body();
  } finally {
    await clearFaults(sim);
  }
}

/** The rollout's status by one GET; throws on an (injected) error so that `eventually` tries again. */
async function readStatus(sim: RunningSim, name: string): Promise<RolloutStatusView> {
  const res = await sim.request('GET', `/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/${name}`);
  if (res.status !== 200) throw new Error(`GET rollout ${name}: HTTP ${res.status}`);
  return (res.json as { status?: RolloutStatusView }).status ?? {};
}

function until(sim: RunningSim, name: string, what: string, check: (s: RolloutStatusView) => boolean): Promise<RolloutStatusView> {
  return eventually(async () => {
    const s = await readStatus(sim, name);
    return check(s) ? s : undefined;
  }, `${name}: ${what}`, RELEASE_TIMEOUT_MS);
}

const isPausedIndefinitely = (s: RolloutStatusView): boolean => s.currentStepIndex === INDEFINITE_PAUSE && (s.pauseConditions?.length ?? 0) > 0 && s.currentPodHash !== s.stableRS;
const isHealthyRelease = (s: RolloutStatusView): boolean => s.phase === 'Healthy' && s.stableRS === s.currentPodHash;

/** `kubectl apply` of the rollout and its services, again until kubectl succeeds (a 503 or 409 fails it). */
function applyImage(probe: RolloutProbe, image: string): Promise<true> {
  return eventually(async () => {
    await probe.apply(image, { steps: STEPS });
    return true as const;
  }, `apply ${image}`, RELEASE_TIMEOUT_MS);
}

/** `kubectl rollouts promote` until the rollout has left the indefinite pause (never twice once it has). */
function promoteUntilMoved(bed: ControllerBed, name: string): Promise<RolloutStatusView> {
  return eventually(async () => {
    const before = await readStatus(bed.sim, name);
    if (!isPausedIndefinitely(before)) return before;
    await bed.rollouts(['promote', name]);
    return undefined;
  }, `${name}: promoted`, RELEASE_TIMEOUT_MS);
}

/** `kubectl rollouts abort` until status.abort is set. */
function abortUntilSet(bed: ControllerBed, name: string): Promise<RolloutStatusView> {
  return eventually(async () => {
    const before = await readStatus(bed.sim, name);
    if (before.abort === true) return before;
    await bed.rollouts(['abort', name]);
    return undefined;
  }, `${name}: aborted`, RELEASE_TIMEOUT_MS);
}

/** The first revision of each rollout, deployed together without faults, Healthy. */
async function deployFirstRevisions(bed: ControllerBed, names: string[]): Promise<void> {
  await Promise.all(names.map((name) => applyImage(new RolloutProbe(bed.sim, name), `${name}:1`)));
  await Promise.all(names.map((name) => until(bed.sim, name, 'first revision healthy', isHealthyRelease)));
}

/** A full canary release of `<name>:2`: apply, the 20% / 1 s / 50% steps, the indefinite pause, promote, Healthy. */
async function releaseSecondImage(bed: ControllerBed, probe: RolloutProbe): Promise<RolloutStatusView> {
  await applyImage(probe, `${probe.name}:2`);
  await until(bed.sim, probe.name, 'paused at the indefinite pause', isPausedIndefinitely);
  await promoteUntilMoved(bed, probe.name);
  return until(bed.sim, probe.name, 'healthy on the new revision', isHealthyRelease);
}

/**
 * The end state, once the faults are off, within a few seconds. As in Argo Rollouts, the reconcile that
 * completes a release writes status (stableRS = the new hash, Healthy) and the next one switches the
 * stable service: with 200 ms per call that second write lands a moment after Healthy is visible.
 */
async function expectSettledEndState(sim: RunningSim, name: string, want: EndStateExpectation): Promise<void> {
  await eventually(async () => {
    await expectCleanEndState(sim, name, want);
    return true;
  }, `${name}: clean end state`, 5000);
}

interface RequestEntry {
  verb: string;
  code: number;
  count: number;
}

/** How many of the controller's API requests so far match (the simulator counts them by verb and status code). */
async function controllerRequests(sim: RunningSim, match: (e: RequestEntry) => boolean): Promise<number> {
  const res = await sim.request('GET', `/_sim/requests?userAgent=${encodeURIComponent(CONTROLLER_USER_AGENT)}`);
  return (res.json as { entries: RequestEntry[] }).entries.filter(match).reduce((n, e) => n + e.count, 0);
}

/** Counts the controller's matching requests made while `body` runs: the proof that the fault reached it. */
async function countDuring(sim: RunningSim, match: (e: RequestEntry) => boolean, body: () => Promise<unknown>): Promise<number> {
  const before = await controllerRequests(sim, match);
  await body();
  return (await controllerRequests(sim, match)) - before;
}

const answered = (code: number) => (e: RequestEntry): boolean => e.code === code;
const isWatch = (e: RequestEntry): boolean => e.verb === 'watch';

// Lines only a crash or an unhandled failure prints: main()'s fatal line, a pino fatal, Node's own reports.
const CRASH_SIGNS = [/^rollouts-controller: /m, /"level":60/, /Uncaught|UnhandledPromiseRejection|unhandledRejection/, /\n\s+at .+\(.+:\d+:\d+\)/];

function expectNoCrashLogged(logs: string): void {
  for (const sign of CRASH_SIGNS) expect({ sign: String(sign), found: sign.exec(logs)?.[0] }).toEqual({ sign: String(sign), found: undefined });
}

/** The 409s the controller met must never be logged as errors: they re-queue at debug level. */
function expectNoConflictLoggedAsError(logs: string): void {
  const errorLines = logs.split('\n').filter((line) => line.includes('"level":50'));
  expect(errorLines.filter((line) => /409|[Cc]onflict/.test(line))).toEqual([]);
}

describe('controller under API faults (fault suite)', () => {
  const bed = useControllerBed({ podReadySeconds: 0.2 });
  const probe = (name: string): RolloutProbe => new RolloutProbe(bed.sim, name);

  // One rollout per case, each at its first revision before any fault: the cases release (or abort) the second.
  beforeAll(() => deployFirstRevisions(bed, ['slow', 'flaky', 'contested', 'contested-abort', 'dropped', 'compacted']), 30_000);

  afterAll(async () => {
    // The bed's own afterAll stops the controller again; this one runs first and checks it exits cleanly.
    expect(await bed.controller.kill('SIGTERM')).toBe(0);
    expect(bed.controller.logs()).toContain('"msg":"stopped"');
    expectNoCrashLogged(bed.controller.logs());
  });

  it('latency: 200 ms added to every API call during a full canary release (20%, 1 s, 50%, pause, promote, 100%) → Healthy on the new image', async () => {
    const ro = probe('slow');
    const done = await withFaults(bed.sim, { latencyMs: 200 }, () => releaseSecondImage(bed, ro));
    expect(done.currentStepIndex).toBe(5);
    await expectSettledEndState(bed.sim, 'slow', { phase: 'Healthy', stableImage: 'slow:2' });
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);

  it('5xx burst: 30% of API calls answered 503 for 20 s during a release → the controller met 503s, Healthy on the new image, and it stays so', async () => {
    const ro = probe('flaky');
    const started = Date.now();
    const unavailable = await countDuring(bed.sim, answered(503), () =>
      withFaults(bed.sim, { errorRate: 0.3, errorCode: 503, seed: 42 }, async () => {
        await releaseSecondImage(bed, ro);
        // The rest of the 20 s burst: a Healthy rollout must not flap or move while requests keep failing.
        await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - started))));
        expect(isHealthyRelease(await until(bed.sim, 'flaky', 'still healthy', () => true))).toBe(true);
      }),
    );
    expect(unavailable).toBeGreaterThan(0);
    await expectSettledEndState(bed.sim, 'flaky', { phase: 'Healthy', stableImage: 'flaky:2' });
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);

  it('409 on every other write during a release → the controller met 409s and re-queued them (never logged as errors), Healthy on the new image', async () => {
    const ro = probe('contested');
    const conflicts = await countDuring(bed.sim, answered(409), () => withFaults(bed.sim, { conflictEvery: 2 }, () => releaseSecondImage(bed, ro)));
    expect(conflicts).toBeGreaterThan(0);
    await expectSettledEndState(bed.sim, 'contested', { phase: 'Healthy', stableImage: 'contested:2' });
    expectNoConflictLoggedAsError(bed.controller.logs());
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);

  it('409 on every other write during an abort at the pause → Degraded (RolloutAborted), canary scaled to 0, both services back on the stable ReplicaSet', async () => {
    const ro = probe('contested-abort');
    const conflicts = await countDuring(bed.sim, answered(409), () =>
      withFaults(bed.sim, { conflictEvery: 2 }, async () => {
        await applyImage(ro, 'contested-abort:2');
        await until(bed.sim, 'contested-abort', 'paused at the indefinite pause', isPausedIndefinitely);
        await abortUntilSet(bed, 'contested-abort');
        await until(bed.sim, 'contested-abort', 'Degraded after the abort', (s) => s.phase === 'Degraded' && s.abort === true);
        // The scale-down and the service switch are writes too: wait for them under the same conflicts.
        await eventually(async () => ((await ro.replicasByImage())['contested-abort:2'] === 0 ? true : undefined), 'aborted canary scaled to zero', RELEASE_TIMEOUT_MS);
      }),
    );
    expect(conflicts).toBeGreaterThan(0);
    await expectSettledEndState(bed.sim, 'contested-abort', { phase: 'Degraded', stableImage: 'contested-abort:1', messageContains: 'RolloutAborted' });
    expectNoConflictLoggedAsError(bed.controller.logs());
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);

  it('watches dropped every 2 s during a release → the controller re-watched, Healthy on the new image', async () => {
    const ro = probe('dropped');
    const started = Date.now();
    const watchesEnded = await countDuring(bed.sim, isWatch, () =>
      withFaults(bed.sim, { dropWatchesEverySeconds: 2 }, async () => {
        await releaseSecondImage(bed, ro);
        // At least two drops, however fast the release went (watches end only after 5–10 minutes otherwise).
        await new Promise((r) => setTimeout(r, Math.max(0, 4500 - (Date.now() - started))));
      }),
    );
    expect(watchesEnded).toBeGreaterThan(0);
    await expectSettledEndState(bed.sim, 'dropped', { phase: 'Healthy', stableImage: 'dropped:2' });
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);

  it('410 Gone on re-watch (history compacted, watches dropped) at the pause → informers relist, the later promote is seen, Healthy', async () => {
    const ro = probe('compacted');
    await applyImage(ro, 'compacted:2');
    await until(bed.sim, 'compacted', 'paused at the indefinite pause', isPausedIndefinitely);
    // One more write, so every informer's resourceVersion (rollouts' included) is older than the compaction point.
    expect((await bed.sim.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'compaction-marker' } })).status).toBe(201);
    expect((await bed.sim.request('POST', '/_sim/compact')).status).toBe(200);
    expect((await bed.sim.request('POST', '/_sim/watches/drop')).status).toBe(200);
    await eventually(() => (/"resource":"rollouts"[^\n]*"msg":"watch history expired, relisting"/.test(bed.controller.logs()) ? true : undefined), 'the rollouts informer to relist after 410');

    // Only the relisted (and re-watched) cache can show the controller this promote.
    await promoteUntilMoved(bed, 'compacted');
    await until(bed.sim, 'compacted', 'healthy on the new revision', isHealthyRelease);
    await expectSettledEndState(bed.sim, 'compacted', { phase: 'Healthy', stableImage: 'compacted:2' });
    expectNoCrashLogged(bed.controller.logs());
  }, 60_000);
});
