// Malformed-input fuzzing of the pure paths the controller runs on a Rollout or AnalysisTemplate
// (fast-check; a failure prints the seed and the shrunk counterexample to replay it):
//   API admission (the CRD schema, as rollouts-sim applies it) → lint / validateRollout → planRollout
//   → the AnalysisRun it creates → the analysis engine (prepareRun, CEL conditions, measurements).
// Each sample is a valid canary, routed canary, blue-green Rollout or AnalysisTemplate with one to
// three fields set to garbage or deleted (test/fixtures/spec-fuzz.ts lists the paths and values).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { DateTime } from 'luxon';
import {
  applyMeasurement,
  applyRetention,
  assessRun,
  compileCondition,
  dueMetrics,
  evaluateMeasurement,
  initialStatus,
  isTerminating,
  measurementFromOutcome,
  nextRequeue,
  prepareRun,
  resolveArgs,
  templateMetric,
  terminatedMeasurement,
  ttlExpiry,
  type MeasurementOutcome,
} from '../../src/analysis/engine/index.js';
import { tryParseDurationString } from '../../src/api/duration.js';
import { lintManifest } from '../../src/api/lint-manifest.js';
import type { AnalysisRun, RolloutCondition } from '../../src/api/types.js';
import { planRollout } from '../../src/rollout/plan/plan-rollout.js';
import type { RolloutPlan } from '../../src/rollout/plan/plan-types.js';
import { validateBuiltin } from '../../src/sim/builtin-validation.js';
import type { JsonObject } from '../../src/sim/json.js';
import { admit, aFuzzedRollout, aFuzzedRun, aFuzzedTemplate, analysisFirstCanary, conditionText, stored, updateWorld, worldOf } from '../fixtures/spec-fuzz.js';
import { reconcileUntilQuiet, snapshotOf, T0, withRunPhase, withSpec, withStatus, type World } from '../fixtures/rollout-world.js';

// FUZZ_RUNS=1000 for a longer search; a failure prints the seed and path to replay with fc.assert(…, { seed, path }).
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

// "The Rollout "fuzz" is invalid: spec.strategy.steps[1].pause.duration: Invalid value: …"
const NAMES_A_FIELD = /^The Rollout "fuzz" is invalid: (spec|metadata)(\.[\w-]+|\[\d+\]|\["[^"]+"\])*: \S/;

function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  return typeof value === 'object' && value !== null && Object.values(value).some(hasUnsafeInteger);
}

const invalidSpecOf = (plan: RolloutPlan): RolloutCondition | undefined => plan.status?.conditions?.find((c) => c.type === 'InvalidSpec');

// ---- rollouts ----------------------------------------------------------------------------------

describe('fuzzed Rollouts through admission, validation and planning', () => {
  it.each([
    ['Rollouts', aFuzzedRollout()],
    ['AnalysisTemplates', aFuzzedTemplate()],
    ['AnalysisRuns', aFuzzedRun()],
  ])('%s: admission and lint never throw; a rejected object (422) names a field path, and lint refuses it too', (_kind, fuzzed) => {
    // Generates: mutated objects of the kind. Checks: the API's schema check and `kubectl rollouts
    // lint` return errors rather than throwing, every 422 cause has a field path under
    // spec/metadata/status, and lint never passes what the API server would refuse.
    fc.assert(
      fc.property(fuzzed, ({ object }) => {
        const admitted = admit(object);
        const lint = lintManifest(object);
        if (admitted.ok) return;
        for (const e of admitted.errors) expect(e.field).toMatch(/^(spec|metadata|status)\b/);
        // rollouts-sim refuses integers beyond 2^53 as "not an integer"; JavaScript (and lint) cannot tell.
        if (!hasUnsafeInteger(object)) expect(lint.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('an admitted rollout plans without throwing: InvalidSpec naming the field, or a new ReplicaSet', () => {
    // Generates: mutated rollouts the API server accepts (pruned and defaulted as stored). Checks:
    // planRollout never throws; an invalid spec gives an InvalidSpec condition whose message names
    // a field path, phase Degraded and no action; a valid one creates its first ReplicaSet, which
    // the API server's ReplicaSet validation accepts;
    // planning twice from the same snapshot gives the same plan.
    fc.assert(
      fc.property(aFuzzedRollout(), ({ object }) => {
        const admitted = admit(object);
        fc.pre(admitted.ok);
        if (!admitted.ok) return;
        const snapshot = snapshotOf(worldOf(admitted.object));
        const plan = planRollout(snapshot, T0);
        expect(planRollout(snapshotOf(worldOf(admitted.object)), T0)).toEqual(plan);
        const invalid = invalidSpecOf(plan);
        if (invalid) {
          expect(invalid.message).toMatch(NAMES_A_FIELD);
          expect(plan.actions).toEqual([]);
          expect(plan.status?.phase).toBe('Degraded');
        } else {
          expect(plan.actions.map((a) => a.kind)).toContain('createReplicaSet');
          expectAcceptedWrites([plan]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('an InvalidSpec rollout stays put: the next pass writes nothing and records no new event', () => {
    // Generates: mutated, admitted rollouts that are invalid. Checks: after the InvalidSpec status
    // is stored, planning again gives no action, no event, and the same status (no write loop).
    fc.assert(
      fc.property(aFuzzedRollout(), ({ object }) => {
        const admitted = admit(object);
        fc.pre(admitted.ok);
        if (!admitted.ok) return;
        const world = worldOf(admitted.object);
        const first = planRollout(snapshotOf(world), T0);
        fc.pre(invalidSpecOf(first) !== undefined);
        const stored = withStatus(world, (s) => Object.assign(s, first.status));
        const second = planRollout(snapshotOf(stored), T0.plus({ seconds: 20 }));
        expect(second.actions).toEqual([]);
        expect(second.events).toEqual([]);
        expect(second.status).toEqual(stored.rollout.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('an update to a fuzzed spec is InvalidSpec or is never stuck: it reaches Healthy', () => {
    // Generates: a valid rollout deployed (Healthy), then updated to a mutated, admitted spec with a
    // new image. Checks: planning never throws; an invalid update is InvalidSpec naming a field;
    // a valid one always settles (no endless write loop), creates only ReplicaSets the API server
    // accepts, and, moving the clock to each requeue,
    // promoting each pause and letting each AnalysisRun succeed, ends Healthy within a bounded
    // number of rounds (3 per step + 20).
    fc.assert(
      fc.property(aFuzzedRollout(), ({ object, base }) => {
        const admitted = admit(object);
        fc.pre(admitted.ok);
        if (!admitted.ok) return;
        const world = updateWorld(admitted.object, stored(base));
        const invalid = invalidSpecOf(planRollout(snapshotOf(world), T0));
        if (invalid) return void expect(invalid.message).toMatch(NAMES_A_FIELD);
        const end = driveToHealthy(world);
        expect({ phase: end.rollout.status?.phase, message: end.rollout.status?.message }).toEqual({ phase: 'Healthy', message: undefined });
      }),
      { numRuns: RUNS },
    );
  });
});

// What the API server says to an object a plan creates: [] when it accepts it.
function creationErrors(action: RolloutPlan['actions'][number]): unknown[] {
  if (action.kind === 'createReplicaSet') return validateBuiltin('ReplicaSet', action.replicaSet as unknown as JsonObject);
  if (action.kind !== 'createAnalysisRun') return [];
  const admitted = admit(action.run as unknown as JsonObject);
  return admitted.ok ? [] : admitted.errors;
}

// Every ReplicaSet and AnalysisRun the plans create is one the API server accepts (else each pass would fail to create it).
function expectAcceptedWrites(plans: readonly RolloutPlan[]): void {
  for (const a of plans.flatMap((p) => p.actions)) expect(creationErrors(a)).toEqual([]);
}

// Rounds of: reconcile until quiet; stop when Healthy; else succeed the runs, promote, jump the clock.
function driveToHealthy(start: World): World {
  const rounds = 3 * (start.rollout.spec.strategy?.canary?.steps?.length ?? 0) + 20;
  let world = start;
  let now = T0;
  for (let i = 0; i < rounds; i++) {
    // One pass completes at most one step: a long list of instant steps takes as many passes.
    const { plans, world: next } = reconcileUntilQuiet(world, now, rounds);
    expectAcceptedWrites(plans);
    world = next;
    if (world.rollout.status?.phase === 'Healthy') return world;
    world = promoted(succeeded(world));
    now = now.plus({ milliseconds: plans.at(-1)?.requeueAfterMs ?? 60_000 });
  }
  return world;
}

function succeeded(world: World): World {
  const open = (world.analysisRuns ?? []).filter((r) => !r.status?.phase || r.status.phase === 'Running' || r.status.phase === 'Pending');
  return open.reduce((w, r) => withRunPhase(w, r.metadata?.name ?? '', 'Successful'), world);
}

// `kubectl rollouts promote`: clear the pause conditions, lift a manual pause.
function promoted(world: World): World {
  const paused = world.rollout.spec.paused === true ? withSpec(world, (r) => (r.spec.paused = false)) : world;
  if (!paused.rollout.status?.pauseConditions?.length) return paused;
  return withStatus(paused, (s) => delete s.pauseConditions);
}

// ---- analysis templates ------------------------------------------------------------------------

const outcome = (): fc.Arbitrary<MeasurementOutcome> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }).map((result): MeasurementOutcome => ({ kind: 'value', result, value: JSON.stringify(result) ?? '' })),
    fc.array(fc.double({ noNaN: false }), { maxLength: 3 }).map((result): MeasurementOutcome => ({ kind: 'value', result, value: String(result) })),
    fc.constantFrom('Successful', 'Failed', 'Inconclusive', 'Error').map((phase): MeasurementOutcome => ({ kind: 'phase', phase })),
    fc.string({ maxLength: 10 }).map((message): MeasurementOutcome => ({ kind: 'error', message })),
    fc.integer({ min: -5, max: 120_000 }).map((resumeAfterMs): MeasurementOutcome => ({ kind: 'running', resumeAfterMs })),
  );

// One AnalysisRun reconcile pass through the engine, as src/analysis/reconcile-run.ts makes it (steps 1-7 of src/analysis/engine/index.ts).
function runPass(run: AnalysisRun, now: DateTime, next: () => MeasurementOutcome): { run: AnalysisRun; requeue?: number } {
  const prepared = prepareRun(run);
  if (!prepared.ok) return { run: { ...run, status: { phase: 'Error', message: prepared.message } } };
  let current: AnalysisRun = { ...run, status: initialStatus(run, now) };
  const args = resolveArgs({ args: run.spec.args });
  if (!args.ok) return { run: { ...current, status: { phase: 'Error', message: args.message } } };
  for (const task of dueMetrics(current, now, prepared.run.metrics)) {
    const metric = templateMetric(task.metric, args.value);
    if (!metric.ok) return { run: { ...current, status: { phase: 'Error', message: metric.message } } };
    const ended = task.inFlight && isTerminating(current);
    const measurement = ended && task.inFlight ? terminatedMeasurement(task.inFlight, now) : measurementFromOutcome({ outcome: next(), metric: metric.value, now, inFlight: task.inFlight });
    const status = applyMeasurement({ status: current.status ?? { phase: 'Pending' }, metricName: metric.value.name, measurement, now, dryRun: prepared.run.dryRun.has(metric.value.name), replacesInFlight: task.inFlight !== undefined, secretValues: [] });
    current = { ...current, status };
  }
  const assessed = assessRun({ run: current, now, metrics: prepared.run.metrics, dryRun: prepared.run.dryRun }).status;
  current = { ...current, status: applyRetention({ status: assessed, metrics: prepared.run.metrics, retention: prepared.run.retention }).status };
  return { run: current, requeue: nextRequeue(current, now, prepared.run.metrics) };
}

const DONE = ['Successful', 'Failed', 'Error', 'Inconclusive'];

// Passes until the run completes; after 30 passes the run is terminated (a run with no count
// measures until then, as Argo's background analysis does). Returns the final run.
function driveRun(start: AnalysisRun, outcomes: MeasurementOutcome[]): AnalysisRun {
  let run = start;
  let now = T0;
  let i = 0;
  const next = (): MeasurementOutcome => outcomes[i++ % outcomes.length];
  for (let pass = 0; pass < 60; pass++) {
    const result = runPass(pass === 30 ? { ...run, spec: { ...run.spec, terminate: true } } : run, now, next);
    run = result.run;
    if (DONE.includes(run.status?.phase ?? '')) return run;
    now = now.plus({ milliseconds: Math.max(1000, result.requeue ?? 1000) });
  }
  return run;
}

// A run's reason to end: its message, or its worst metric's, or its last measurement's.
function reasonOf(run: AnalysisRun): string {
  const metric = run.status?.metricResults?.find((m) => m.message) ?? run.status?.metricResults?.[0];
  const measured = metric?.measurements?.at(-1);
  return run.status?.message ?? metric?.message ?? measured?.message ?? '';
}

describe('fuzzed AnalysisTemplates through the rollout and the analysis engine', () => {
  it('a fuzzed template gives an InvalidSpec rollout or an AnalysisRun that ends with a reason', () => {
    // Generates: mutated AnalysisTemplates (garbage conditions, intervals, counts, limits, args,
    // providers) the API accepts, used by a canary's first step, and a random provider script.
    // Checks: nothing throws; the rollout is InvalidSpec naming the step's templates, or creates an
    // AnalysisRun the API server accepts; that run completes (a run without count is terminated
    // after 30 passes) and an Error or Failed run says why; the rollout then aborts (Degraded) or
    // carries on.
    fc.assert(
      fc.property(aFuzzedTemplate(), fc.array(outcome(), { minLength: 1, maxLength: 5 }), ({ object }, outcomes) => {
        const admitted = admit(object);
        fc.pre(admitted.ok);
        if (!admitted.ok) return;
        const base = stored(analysisFirstCanary());
        const templates = { 'fuzz-template': admitted.object };
        const invalid = invalidSpecOf(planRollout(snapshotOf(worldOf(base, templates)), T0));
        if (invalid) {
          expect(invalid.message).toMatch(/is invalid: spec\.strategy\.canary\.steps\[0\]\.analysis\.templates: Invalid value: "fuzz-template": \S/);
          return;
        }
        const { world, plans } = reconcileUntilQuiet(updateWorld(base, base, templates), T0);
        expectAcceptedWrites(plans);
        const created = world.analysisRuns ?? [];
        expect(created).toHaveLength(1);
        const ended = driveRun(created[0], outcomes);
        expect(DONE).toContain(ended.status?.phase);
        if (ended.status?.phase === 'Error' || ended.status?.phase === 'Failed') expect(reasonOf(ended)).not.toBe('');
        checkRolloutReacts(world, ended);
      }),
      { numRuns: RUNS },
    );
  });

  it('a fuzzed AnalysisRun created directly (spec and status) is reconciled to an end with a reason', () => {
    // Generates: mutated AnalysisRuns (spec as the template's, plus a status mid-run) the API
    // accepts, and a random provider script. Checks: the engine never throws; the run completes
    // (terminated after 30 passes if it has no count) and an Error or Failed run says why.
    fc.assert(
      fc.property(aFuzzedRun(), fc.array(outcome(), { minLength: 1, maxLength: 5 }), ({ object }, outcomes) => {
        const admitted = admit(object);
        fc.pre(admitted.ok);
        if (!admitted.ok) return;
        const ended = driveRun(admitted.object as unknown as AnalysisRun, outcomes);
        expect(DONE).toContain(ended.status?.phase);
        const expiry = ttlExpiry({ ...ended, status: { ...ended.status, phase: ended.status?.phase ?? 'Error', completedAt: T0.toISO() ?? '' } });
        if (expiry) expect(expiry.isValid).toBe(true);
        if (ended.status?.phase === 'Error' || ended.status?.phase === 'Failed') expect(reasonOf(ended)).not.toBe('');
      }),
      { numRuns: RUNS },
    );
  });

  it('every garbage condition string compiles to a checker or a reason, and evaluates to a phase', () => {
    // Generates: condition texts (truncated, unknown functions, JS injection, templated args,
    // unicode) and JSON results, NaN included. Checks: compileCondition and evaluateMeasurement
    // never throw; an uncompilable condition has a message; an Error evaluation says why.
    fc.assert(
      fc.property(conditionText(), conditionText(), fc.jsonValue({ maxDepth: 2 }), (success, failure, result) => {
        const compiled = compileCondition(success);
        if (!compiled.ok) expect(compiled.message).not.toBe('');
        const evaluation = evaluateMeasurement({ metric: { successCondition: success, failureCondition: failure }, result });
        expect(DONE).toContain(evaluation.phase);
        if (evaluation.phase === 'Error') expect(evaluation.message).toMatch(/^could not evaluate (success|failure)Condition /);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('duration strings never throw: each parses or says why', () => {
    // Generates: random and near-miss duration strings. Checks: tryParseDurationString returns a
    // result, and a refusal has a message.
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^-?\d{1,20}(\.\d{0,3})?(ns|us|µs|ms|s|m|h|d|x)?$/)), (text) => {
        const parsed = tryParseDurationString(text);
        if (!parsed.ok) expect(parsed.message).not.toBe('');
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

// The rollout after its step's run ends: Successful → on to the next step; anything else → aborted
// with a message (Argo aborts on Failed, Error and, without a pause, Inconclusive pauses).
function checkRolloutReacts(world: World, run: AnalysisRun): void {
  const after = withRunPhase(world, run.metadata?.name ?? '', run.status?.phase ?? 'Error', run.status?.message);
  const { world: end } = reconcileUntilQuiet(after, T0.plus({ hours: 1 }));
  const status = end.rollout.status;
  if (run.status?.phase === 'Successful') expect(status?.currentStepIndex).toBeGreaterThan(0);
  else if (run.status?.phase === 'Inconclusive') expect(status?.pauseConditions?.length ?? (status?.abort ? 1 : 0)).toBeGreaterThan(0);
  else expect({ abort: status?.abort, phase: status?.phase, hasMessage: (status?.message ?? '') !== '' }).toEqual({ abort: true, phase: 'Degraded', hasMessage: true });
}
