import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from '../helpers/controller-process.js';
import { canaryRolloutYaml, jobTemplateYaml } from '../helpers/rollout-fixtures.js';
import { eventually, ROOT, startSimProcess, type RunningSim } from '../helpers/sim-process.js';
import { watchObject, type ObjectWatch } from '../helpers/object-watch.js';
import { expectCleanEndState, type EndStateExpectation } from './end-state.js';
import { abortKillPlan, canaryKillPlan, describeKills, seedsFromEnv, type AbortKillPlan, type Anchor, type CanaryKill, type CanaryKillPlan, type Kill, type Router } from './kill-plan.js';

// Fault suite: the controller process is SIGKILLed at seeded moments of a canary release and of an abort,
// restarted each time, and the end state is read straight from rollouts-sim.
//
// Injected:
//   - canary: 1–3 SIGKILLs during the release (new ReplicaSet, weight steps, a timed pause, a Job analysis
//     step, the indefinite pause promoted by `kubectl rollouts promote`), each at a seeded delay after the
//     apply (0–5 s) or 0–20 ms after the API server announced the new ReplicaSet or the step's AnalysisRun
//     (the controller's next writes, scale and status, are due then), each followed by a seeded down time
//     (0–500 ms) and a new controller process. Every write the controller sends (create, update, patch,
//     delete) is held WRITE_LATENCY_MS by the simulator before it is applied, so a kill often lands while
//     a write is in flight: it is applied after the process is gone.
//   - abort: `kubectl rollouts abort` at a seeded pause (step 1, timed; or step 3, indefinite), with one
//     SIGKILL up to 400 ms before the abort lands or up to 150 ms after it; behind an SMI TrafficSplit
//     sometimes a second kill inside abortScaleDownDelaySeconds.
// Checked (expectCleanEndState in end-state.ts, plus the lines below):
//   - canary: Healthy on the new image, exactly one ReplicaSet per pod-template hash and only the two
//     images' ones, none orphaned, only stable scaled up, both Services and the TrafficSplit on stable, one
//     AnalysisRun per analysis step (no `.1` made by a restarted controller), and it Successful.
//   - abort: Degraded with "Rollout aborted update to revision 2", both Services and the TrafficSplit on
//     stable, the canary ReplicaSet at 0 — at once for a basic canary, after abortScaleDownDelaySeconds
//     (2 s) behind a router — and still one ReplicaSet per hash.
//
// Seeds: `npm test` runs seeds 1..3 of each case. A manual run sets the count, e.g.
//   FAULT_KILL_SEEDS=10 NODE_OPTIONS=--experimental-vm-modules npx jest test/faults/controller-kill.test.ts
// and a failing case is replayed with the seed in its title: FAULT_KILL_SEED=7 (both cases run seed 7; add
// -t 'canary release' or -t 'abort seed' for one). Each case's controller logs (every process it killed,
// then the one left running) are kept in test-output/controller-kill/<rollout>.log.
// The seed fixes the plan (router, kill delays, down times); the process interleaving around each kill still
// varies a little from run to run, as it would on a cluster.

const SEEDS = seedsFromEnv(process.env, 3);
const WRITE_LATENCY_MS = 25;
/** The kills of a canary case fall within this long after the new image is applied (about one release). */
const RELEASE_WINDOW_MS = 5000;
const STEPS = `      - setWeight: 25
      - pause: {duration: 1s}
      - setWeight: 50
      - analysis: {templates: [{templateName: kill-smoke}]}
      - pause: {}
      - setWeight: 75`;
/** The index of `pause: {}` in STEPS, where the test promotes. */
const PROMOTE_STEP = 4;
const ABORT_STEPS = `      - setWeight: 25
      - pause: {duration: 1s}
      - setWeight: 50
      - pause: {}`;

/** A canary of 4 replicas with its two Services; behind an SMI TrafficSplit `<name>-split` when routed. */
function rolloutYaml(name: string, image: string, router: Router, steps: string): string {
  const routing = router === 'smi'
    ? `      trafficRouting:
        smi: {trafficSplitName: ${name}-split}
      scaleDownDelaySeconds: 1
      abortScaleDownDelaySeconds: 2
`
    : '';
  return canaryRolloutYaml(name, image, { replicas: 4, canary: routing, steps });
}

interface Status {
  phase?: string;
  message?: string;
  currentStepIndex?: number;
  currentPodHash?: string;
  stableRS?: string;
  abort?: boolean;
  pauseConditions?: unknown[];
}

/** Each case's controller logs (every process it killed, then the last one): test-output/controller-kill/<rollout>.log. */
const LOG_DIR = join(ROOT, 'test-output', 'controller-kill');
/** Just enough of a ReplicaSet or AnalysisRun to tell whose it is. */
interface Labelled {
  metadata: { labels?: Record<string, string> };
  spec: { template?: { spec: { containers: { image: string }[] } } };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `value` every 2 ms (eventually's 50 ms would blur a kill planned a few ms after an event). */
async function soon<T>(value: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let v = value(); ; v = value()) {
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}
const ROLLOUTS = '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts';

describe('controller SIGKILLed (fault suite)', () => {
  let sim: RunningSim;
  let controller: RunningController;
  let plugin = '';
  /** What was injected in the current case and when, for its log line and failure messages. */
  let journal: string[] = [];
  let t0 = 0;

  const note = (what: string, at = Date.now()): void => {
    journal.push(`${at - t0} ms: ${what}`);
  };
  const status = async (name: string): Promise<Status> => ((await sim.request('GET', `${ROLLOUTS}/${name}`)).json as { status?: Status }).status ?? {};
  const until = async (name: string, what: string, check: (s: Status) => boolean, timeoutMs = 30_000): Promise<Status> =>
    eventually(async () => {
      const s = await status(name);
      return check(s) ? s : undefined;
    }, `${name}: ${what} [${journal.join('; ')}] (controller logs: test-output/controller-kill/${name}.log)`, timeoutMs);
  const apply = async (yaml: string): Promise<void> => {
    const result = await sim.kubectl(['apply', '-f', '-'], yaml);
    if (result.code !== 0) throw new Error(`kubectl apply: ${result.stderr}`);
  };
  const rollouts = async (args: string[]): Promise<void> => {
    const result = await kubectlRollouts(sim, plugin, args);
    if (result.code !== 0) throw new Error(`kubectl rollouts ${args.join(' ')}: ${result.stderr}`);
    note(`kubectl rollouts ${args.join(' ')}`);
  };

  const saveLogs = (name: string, why: string): void => appendFileSync(join(LOG_DIR, `${name}.log`), `### ${why}\n${controller.logs()}`);
  /** SIGKILLs the running controller (it must die by the signal, exit code null), notes why and where the rollout was. */
  const killController = async (name: string, why: string): Promise<void> => {
    const at = Date.now();
    expect(await controller.kill('SIGKILL')).toBeNull();
    saveLogs(name, `killed ${at - t0} ms into the case`);
    const s = await status(name);
    note(`SIGKILL ${why}, rollout at step ${s.currentStepIndex ?? '-'} (${s.phase ?? 'no phase'}${s.abort === true ? ', abort' : ''})`, at);
  };
  const restartController = (): void => {
    controller = startControllerProcess(sim);
    note('controller restarted');
  };
  // One kill-down-restart at a time: a kill due while another restart is pending comes right after it.
  let lock: Promise<void> = Promise.resolve();
  const killAndRestart = (name: string, kill: Kill, why: string): Promise<void> => {
    const run = lock.then(async () => {
      await killController(name, why);
      await sleep(kill.downMs);
      restartController();
    });
    lock = run.catch(() => undefined);
    return run;
  };

  /** Runs one case on a fresh journal; its injections are printed and the controller's logs saved, pass or fail. */
  const runCase = async (name: string, body: (name: string) => Promise<void>): Promise<void> => {
    journal = [];
    t0 = Date.now();
    try {
      await body(name);
    } finally {
      saveLogs(name, 'the controller running at the end of the case');
      console.log(`${name}: ${journal.join('; ')}`);
    }
  };

  /** Applies the first image and waits until it is the healthy stable revision (no faults yet). */
  const deployFirst = async (name: string, router: Router, steps: string): Promise<Status> => {
    await apply(rolloutYaml(name, `${name}:1`, router, steps));
    return until(name, 'first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS !== undefined && s.stableRS === s.currentPodHash);
  };

  beforeAll(async () => {
    rmSync(LOG_DIR, { recursive: true, force: true });
    mkdirSync(LOG_DIR, { recursive: true });
    sim = await startSimProcess({ podReadySeconds: 0.25, jobSeconds: 0.2 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    expect((await sim.kubectl(['apply', '-f', 'test/fixtures/crds/smi.yaml'])).code).toBe(0);
    await eventually(async () => ((await sim.kubectl(['get', 'trafficsplits'])).code === 0 ? true : undefined), 'TrafficSplit served');
    await apply(jobTemplateYaml('kill-smoke', 'Succeeded'));
    const faults = await sim.request('PUT', '/_sim/faults', { latencyMs: WRITE_LATENCY_MS, verbs: ['create', 'update', 'patch', 'delete'] });
    expect(faults.status).toBe(200);
    controller = startControllerProcess(sim);
    plugin = pluginPathDir();
  }, 30_000);

  afterAll(async () => {
    await controller?.kill();
    await sim?.stop();
  });

  /** The release of `<name>:2` as a user drives it: apply, wait for the indefinite pause, promote, wait for Healthy. */
  const release = async (name: string, router: Router): Promise<Status> => {
    await apply(rolloutYaml(name, `${name}:2`, router, STEPS));
    await until(name, 'the indefinite pause', (s) => s.currentStepIndex === PROMOTE_STEP && (s.pauseConditions?.length ?? 0) > 0);
    await rollouts(['promote', name]);
    return until(name, 'the new image healthy', (s) => s.phase === 'Healthy' && s.currentStepIndex === 6 && s.stableRS === s.currentPodHash);
  };

  /** The images of the rollout's ReplicaSets, sorted. */
  const images = async (name: string): Promise<string[]> => {
    const list = (await sim.request('GET', `/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3D${name}`)).json as { items: { spec: { template: { spec: { containers: { image: string }[] } } } }[] };
    return list.items.map((rs) => rs.spec.template.spec.containers[0].image).sort();
  };
  const analysisRuns = async (name: string): Promise<{ name: string; phase?: string }[]> => {
    const list = (await sim.request('GET', `/apis/argoproj.io/v1alpha1/namespaces/default/analysisruns?labelSelector=app%3D${name}`)).json as { items: { metadata: { name: string }; status?: { phase?: string } }[] };
    return list.items.map((r) => ({ name: r.metadata.name, phase: r.status?.phase }));
  };
  const expectEventuallyClean = (name: string, want: EndStateExpectation, what: string): Promise<boolean> =>
    eventually(async () => {
      await expectCleanEndState(sim, name, want);
      return true;
    }, `${name}: ${what} [${journal.join('; ')}]`, 15_000);

  const canaryTitle = (p: CanaryKillPlan): string => `seed ${p.seed} (router ${p.router}): SIGKILL ${describeKills(p.kills)} → Healthy on :2, one ReplicaSet per hash, no orphan, one AnalysisRun, traffic on stable`;

  /** When each anchor of the case happened (Date.now()), from watches on all ReplicaSets and AnalysisRuns. */
  const watchAnchors = async (name: string): Promise<{ at: (a: Anchor) => number | undefined; stop: () => void }> => {
    const sets = await watchObject<Labelled>(sim.url, '/apis/apps/v1/namespaces/default/replicasets', '');
    const runs = await watchObject<Labelled>(sim.url, '/apis/argoproj.io/v1alpha1/namespaces/default/analysisruns', '');
    const added = (w: ObjectWatch<Labelled>, image?: string): number | undefined =>
      w.changes.find((c) => c.type === 'ADDED' && c.object.metadata.labels?.app === name && (image === undefined || c.object.spec.template?.spec.containers[0].image === image))?.at;
    const at = (a: Anchor): number | undefined => (a === 'release' ? t0 : a === 'newReplicaSet' ? added(sets, `${name}:2`) : added(runs));
    return { at, stop: () => [sets, runs].forEach((w) => w.stop()) };
  };
  const killAfterAnchor = async (name: string, kill: CanaryKill, anchorAt: (a: Anchor) => number | undefined): Promise<void> => {
    const from = await soon(() => anchorAt(kill.after), `${name}: ${kill.after}`, 60_000);
    await sleep(from + kill.atMs - Date.now());
    await killAndRestart(name, kill, `${kill.atMs} ms after ${kill.after}`);
  };

  describe.each(SEEDS.map((seed) => canaryKillPlan(seed, RELEASE_WINDOW_MS)))('canary release', (plan) => {
    it(canaryTitle(plan), () => runCase(`kill-canary-${plan.seed}`, async (name) => {
      await deployFirst(name, plan.router, STEPS);
      const anchors = await watchAnchors(name);
      t0 = Date.now();
      note('apply :2');
      // The user's release and the kills, side by side; a failure of either is reported after both ended.
      const outcomes = await Promise.allSettled([release(name, plan.router), ...plan.kills.map((k) => killAfterAnchor(name, k, anchors.at))]);
      anchors.stop();
      for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
      // A kill after the release finished: the new controller must leave it Healthy.
      await until(name, 'still healthy after the last kill', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);

      const trafficSplit = plan.router === 'smi' ? `${name}-split` : undefined;
      await expectEventuallyClean(name, { phase: 'Healthy', stableImage: `${name}:2`, uniqueAnalysisRuns: true, ...(trafficSplit ? { trafficSplit } : {}) }, 'clean end state');
      expect(await images(name)).toEqual([`${name}:1`, `${name}:2`]);
      expect(await analysisRuns(name)).toEqual([expect.objectContaining({ phase: 'Successful' })]);
    }), 90_000);
  });

  const abortTitle = (p: AbortKillPlan): string =>
    `seed ${p.seed} (router ${p.router}): abort at step ${p.abortAtStep}, SIGKILL ${p.offsetMs < 0 ? `${-p.offsetMs} ms before` : `${p.offsetMs} ms after`} it (down ${p.downMs} ms)` +
    `${p.laterKill ? `, again ${p.laterKill.atMs} ms after it` : ''} → Degraded, traffic on stable, canary scaled down, one ReplicaSet per hash`;

  /** Sends the abort with the kill around it as planned; answers when the abort was seen on the API server. */
  const abortWithKill = async (name: string, plan: AbortKillPlan): Promise<number> => {
    const watch = await watchObject<{ status?: Status }>(sim.url, ROLLOUTS, name);
    try {
      if (plan.offsetMs < 0) {
        await killController(name, `${-plan.offsetMs} ms before the abort`);
        await sleep(-plan.offsetMs);
      }
      // The plugin's exit is awaited last: the kill is timed from the abort's arrival, not from the plugin.
      const sent = rollouts(['abort', name]).then(() => undefined, (err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      const seen = await soon(() => watch.changes.find((c) => c.object.status?.abort === true)?.at, `${name}: abort on the API server`);
      note('abort landed');
      if (plan.offsetMs >= 0) {
        await sleep(seen + plan.offsetMs - Date.now());
        await killController(name, `${plan.offsetMs} ms after the abort`);
      }
      await sleep(plan.downMs);
      restartController();
      const failed = await sent;
      if (failed !== undefined) throw failed;
      return seen;
    } finally {
      watch.stop();
    }
  };

  describe.each(SEEDS.map(abortKillPlan))('abort', (plan) => {
    it(abortTitle(plan), () => runCase(`kill-abort-${plan.seed}`, async (name) => {
      const first = await deployFirst(name, plan.router, ABORT_STEPS);
      await apply(rolloutYaml(name, `${name}:2`, plan.router, ABORT_STEPS));
      await until(name, `paused at step ${plan.abortAtStep}`, (s) => s.currentStepIndex === plan.abortAtStep && (s.pauseConditions?.length ?? 0) > 0);
      t0 = Date.now();
      const seen = await abortWithKill(name, plan);
      if (plan.laterKill) {
        await sleep(seen + plan.laterKill.atMs - Date.now());
        await killAndRestart(name, plan.laterKill, `${plan.laterKill.atMs} ms after the abort, in abortScaleDownDelaySeconds`);
      }

      const aborted = await until(name, 'Degraded by the abort', (s) => s.phase === 'Degraded' && s.abort === true);
      expect(aborted.message).toContain('Rollout aborted update to revision 2');
      expect(aborted.stableRS).toBe(first.stableRS);
      const routed = plan.router === 'smi';
      const want: EndStateExpectation = { phase: 'Degraded', stableImage: `${name}:1`, messageContains: 'Rollout aborted update to revision 2', ...(routed ? { trafficSplit: `${name}-split` } : {}) };
      // Traffic is back on stable at once; a routed canary's pods may stay up for abortScaleDownDelaySeconds.
      await expectEventuallyClean(name, { ...want, abortedCanaryMayStayUp: routed }, 'traffic on stable after the abort');
      await expectEventuallyClean(name, want, 'canary scaled down');
      expect(await images(name)).toEqual([`${name}:1`, `${name}:2`]);
    }), 60_000);
  });
});
