// Fuzzed Rollouts and AnalysisTemplates against the real controller process and rollouts-sim, sent
// through the HTTP API (no kubectl client-side validation). The sample is seeded (FUZZ_SEED) and
// chosen with the pure code paths, which also predict each outcome:
//   - rejected by the CRD schema → the API answers 422 (nothing reaches the controller);
//   - admitted but semantically invalid → the controller writes the InvalidSpec condition the
//     planner predicts, naming the field;
//   - admitted and valid → the rollout settles in the phase the planner predicts;
//   - a fuzzed template whose run cannot be prepared → the step's AnalysisRun ends Error with the
//     engine's message and the rollout aborts; one the rollout cannot use → InvalidSpec.
// Then a well-formed canary still releases, and the controller never crashed or logged a throw.
// Needs `npm run build` (it runs dist/).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { prepareRun } from '../../src/analysis/engine/index.js';
import type { AnalysisRun, Rollout, RolloutCondition } from '../../src/api/types.js';
import { planRollout } from '../../src/rollout/plan/plan-rollout.js';
import type { JsonObject } from '../../src/sim/json.js';
import { admit, aFuzzedRollout, aFuzzedTemplate, analysisFirstCanary, referencedObjects, stored, updateWorld, validTemplate, withNewImage, worldOf, type Fuzzed } from '../fixtures/spec-fuzz.js';
import { reconcileUntilQuiet, snapshotOf, T0 } from '../fixtures/rollout-world.js';
import { startControllerProcess, type RunningController } from '../helpers/controller-process.js';
import { eventually, startSimProcess, type RunningSim } from '../helpers/sim-process.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const NS = '/apis/argoproj.io/v1alpha1/namespaces/default';

type Expected = { kind: 'rejected' } | { kind: 'invalid'; message: string } | { kind: 'settles'; phase: string };
interface Case {
  name: string;
  seed: number;
  object: JsonObject;
  expected: Expected;
}

// The object as a client sends it: the server assigns uid and generation.
function asRequest(object: JsonObject): JsonObject {
  const { uid: _uid, generation: _generation, ...metadata } = object.metadata as JsonObject;
  return { ...object, metadata };
}

const invalidSpecOf = (status: Rollout['status']): RolloutCondition | undefined => status?.conditions?.find((c) => c.type === 'InvalidSpec');

// Few pods: a valid sample runs real (simulated) pods.
function smallEnough(object: JsonObject): boolean {
  const spec = object.spec as Rollout['spec'];
  return (spec.replicas ?? 1) <= 5;
}

function predictRollout(object: JsonObject): Expected | undefined {
  const admitted = admit(object);
  if (!admitted.ok) return { kind: 'rejected' };
  const invalid = invalidSpecOf(planRollout(snapshotOf(worldOf(admitted.object)), T0).status);
  if (invalid) return { kind: 'invalid', message: invalid.message ?? '' };
  if (!smallEnough(admitted.object)) return undefined;
  return { kind: 'settles', phase: reconcileUntilQuiet(worldOf(admitted.object), T0, 50).world.rollout.status?.phase ?? '' };
}

const WANTED: Record<Expected['kind'], number> = { rejected: 6, invalid: 20, settles: 6 };

/** Seeded samples until each kind of outcome has its quota. */
function pickRolloutCases(): Case[] {
  const cases: Case[] = [];
  const count = (kind: Expected['kind']): number => cases.filter((c) => c.expected.kind === kind).length;
  for (let i = 0; i < 1000 && cases.length < 32; i++) {
    const name = `fz-${i}`;
    const [sample] = fc.sample(aFuzzedRollout(name), { seed: SEED + i, numRuns: 1 });
    const expected = predictRollout(sample.object);
    if (expected && count(expected.kind) < WANTED[expected.kind]) cases.push({ name, seed: SEED + i, object: sample.object, expected });
  }
  return cases;
}

interface UpdateCase {
  name: string;
  seed: number;
  base: JsonObject;
  spec: Rollout['spec'];
  message: string;
}

/** Seeded admitted updates (a new image plus the mutations) of a deployed rollout that the planner finds invalid. */
function pickUpdateCases(): UpdateCase[] {
  const cases: UpdateCase[] = [];
  for (let i = 0; i < 1000 && cases.length < 8; i++) {
    const name = `fu-${i}`;
    const [sample] = fc.sample(aFuzzedRollout(name), { seed: SEED + i, numRuns: 1 });
    const admitted = admit(sample.object);
    if (!admitted.ok) continue;
    const invalid = invalidSpecOf(planRollout(snapshotOf(updateWorld(admitted.object, stored(sample.base))), T0).status);
    if (invalid) cases.push({ name, seed: SEED + i, base: sample.base, spec: withNewImage(admitted.object.spec as unknown as Rollout['spec']), message: invalid.message ?? '' });
  }
  return cases;
}

interface TemplateCase {
  name: string;
  seed: number;
  template: JsonObject;
  expected: { kind: 'rejected' } | { kind: 'invalid'; message: string } | { kind: 'runError'; message: string };
}

// What a fuzzed template does to the canary that uses it at its first step; undefined when it is usable.
function predictTemplate(name: string, sample: Fuzzed): TemplateCase['expected'] | undefined {
  const admitted = admit(sample.object);
  if (!admitted.ok) return { kind: 'rejected' };
  const base = stored(analysisFirstCanary(name, `${name}-template`));
  const templates = { [`${name}-template`]: admitted.object };
  const invalid = invalidSpecOf(planRollout(snapshotOf(worldOf(base, templates)), T0).status);
  if (invalid) return { kind: 'invalid', message: invalid.message ?? '' };
  const [run] = reconcileUntilQuiet(updateWorld(base, base, templates), T0).world.analysisRuns ?? [];
  const prepared = run ? prepareRun(run) : undefined;
  return prepared && !prepared.ok ? { kind: 'runError', message: prepared.message } : undefined;
}

function pickTemplateCases(): TemplateCase[] {
  const cases: TemplateCase[] = [];
  const count = (kind: string): number => cases.filter((c) => c.expected.kind === kind).length;
  const wanted: Record<string, number> = { rejected: 2, invalid: 2, runError: 6 };
  for (let i = 0; i < 1000 && cases.length < 10; i++) {
    const name = `ft-${i}`;
    const [sample] = fc.sample(aFuzzedTemplate(`${name}-template`), { seed: SEED + i, numRuns: 1 });
    const expected = predictTemplate(name, sample);
    if (expected && count(expected.kind) < wanted[expected.kind]) cases.push({ name, seed: SEED + i, template: sample.object, expected });
  }
  return cases;
}

describe('fuzzed specs against the controller process', () => {
  let sim: RunningSim;
  let controller: RunningController;
  const create = async (collection: string, object: JsonObject): Promise<number> => (await sim.request('POST', collection, asRequest(object))).status;
  const rollout = async (name: string): Promise<Rollout> => (await sim.request('GET', `${NS}/rollouts/${name}`)).json as Rollout;
  const createReferenced = async (name: string): Promise<void> => {
    for (const o of referencedObjects(name)) {
      const collection = o.kind === 'Service' ? '/api/v1/namespaces/default/services' : '/apis/networking.k8s.io/v1/namespaces/default/ingresses';
      expect(await create(collection, o)).toBe(201);
    }
  };
  const newImage = (name: string, image: string): Promise<unknown> =>
    sim.request('PATCH', `${NS}/rollouts/${name}`, { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }, { 'Content-Type': 'application/merge-patch+json' });

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.2 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    controller = startControllerProcess(sim);
    expect(await create(`${NS}/analysistemplates`, validTemplate())).toBe(201);
  }, 30_000);

  afterAll(async () => {
    await controller.kill();
    await sim.stop();
  });

  it('fuzzed Rollouts: a 422 at the API, or the InvalidSpec the planner predicts, or they settle as predicted', async () => {
    // Generates: 32 seeded mutated rollouts (6 the schema refuses, 20 admitted but invalid, 6 valid).
    // Checks: refused ones get 422 and nothing is stored; each invalid one gets exactly the predicted
    // InvalidSpec message (naming the field) and phase Degraded; each valid one reaches its predicted phase.
    const cases = pickRolloutCases();
    expect(cases.map((c) => c.expected.kind).sort()).toEqual([...Array(20).fill('invalid'), ...Array(6).fill('rejected'), ...Array(6).fill('settles')]);
    for (const c of cases) {
      await createReferenced(c.name);
      const status = await create(`${NS}/rollouts`, c.object);
      expect({ seed: c.seed, status }).toEqual({ seed: c.seed, status: c.expected.kind === 'rejected' ? 422 : 201 });
    }
    const outcome = (ro: Rollout, expected: Expected): unknown => {
      if (expected.kind === 'invalid') return { phase: ro.status?.phase, message: invalidSpecOf(ro.status)?.message };
      return { phase: ro.status?.phase, invalid: invalidSpecOf(ro.status)?.message };
    };
    const want = (expected: Expected): unknown => (expected.kind === 'invalid' ? { phase: 'Degraded', message: expected.message } : { phase: expected.kind === 'settles' ? expected.phase : undefined, invalid: undefined });
    const admitted = cases.filter((c) => c.expected.kind !== 'rejected');
    const describeAll = async (): Promise<unknown[]> => Promise.all(admitted.map(async (c) => ({ name: c.name, seed: c.seed, outcome: outcome(await rollout(c.name), c.expected) })));
    const settled = await eventually(async () => {
      const all = await describeAll();
      return all.every((a, i) => JSON.stringify((a as { outcome: unknown }).outcome) === JSON.stringify(want(admitted[i].expected))) ? all : undefined;
    }, 'every admitted rollout InvalidSpec or settled as predicted', 40_000).catch(async () => describeAll());
    expect(settled).toEqual(admitted.map((c) => ({ name: c.name, seed: c.seed, outcome: want(c.expected) })));
    for (const c of cases.filter((x) => x.expected.kind === 'invalid')) expect(c.expected.kind === 'invalid' && c.expected.message).toMatch(/is invalid: (spec|metadata)[\w.[\]"/-]*: /);
  }, 60_000);

  it('fuzzed updates of running rollouts: the predicted InvalidSpec, and the running revision keeps all its pods', async () => {
    // Generates: 8 seeded valid rollouts, deployed, then replaced (PUT) by an admitted mutated spec
    // with a new image that the planner finds invalid. Checks: the controller writes exactly the
    // predicted InvalidSpec message, and the stable ReplicaSet is still fully available.
    const cases = pickUpdateCases();
    expect(cases).toHaveLength(8);
    for (const c of cases) {
      await createReferenced(c.name);
      expect(await create(`${NS}/rollouts`, c.base)).toBe(201);
    }
    for (const c of cases) {
      const healthy = await eventually(async () => {
        const ro = await rollout(c.name);
        return ro.status?.phase === 'Healthy' ? ro : undefined;
      }, `${c.name} first revision Healthy`, 20_000);
      const put = await sim.request('PUT', `${NS}/rollouts/${c.name}`, { ...healthy, spec: c.spec });
      expect({ seed: c.seed, status: put.status }).toEqual({ seed: c.seed, status: 200 });
    }
    for (const c of cases) {
      const ro = await eventually(async () => {
        const r = await rollout(c.name);
        return invalidSpecOf(r.status)?.message === c.message ? r : undefined;
      }, `${c.name} (seed ${c.seed}) InvalidSpec: ${c.message}`, 20_000);
      const rs = (await sim.request('GET', `/apis/apps/v1/namespaces/default/replicasets/${c.name}-${ro.status?.stableRS ?? ''}`)).json as { spec?: { replicas?: number }; status?: { availableReplicas?: number } };
      expect({ seed: c.seed, available: rs.status?.availableReplicas }).toEqual({ seed: c.seed, available: rs.spec?.replicas });
      expect(rs.spec?.replicas).toBeGreaterThan(0);
    }
  }, 60_000);

  it('fuzzed AnalysisTemplates: a 422, an InvalidSpec rollout, or a step run that ends Error with why and aborts the rollout', async () => {
    // Generates: 10 seeded mutated templates, each used by its own canary's first step (2 the schema
    // refuses, 2 the rollout cannot use, 6 whose run cannot be prepared). Checks: 422; the predicted
    // InvalidSpec; or, after an image update, an AnalysisRun in phase Error with the engine's message
    // (never left Running) and the rollout aborted, Degraded, with that message.
    const cases = pickTemplateCases();
    expect(cases).toHaveLength(10);
    for (const c of cases) {
      expect({ seed: c.seed, status: await create(`${NS}/analysistemplates`, c.template) }).toEqual({ seed: c.seed, status: c.expected.kind === 'rejected' ? 422 : 201 });
      if (c.expected.kind === 'rejected') continue;
      await createReferenced(c.name);
      expect(await create(`${NS}/rollouts`, analysisFirstCanary(c.name, `${c.name}-template`))).toBe(201);
    }
    for (const c of cases) {
      const expected = c.expected;
      if (expected.kind === 'invalid') await eventually(async () => (invalidSpecOf((await rollout(c.name)).status)?.message === expected.message ? true : undefined), `${c.name} (seed ${c.seed}) InvalidSpec: ${expected.message}`, 20_000);
      if (expected.kind !== 'runError') continue;
      await eventually(async () => ((await rollout(c.name)).status?.phase === 'Healthy' ? true : undefined), `${c.name} first revision Healthy`, 20_000);
      await newImage(c.name, 'argoproj/rollouts-demo:green');
    }
    for (const c of cases) {
      const expected = c.expected;
      if (expected.kind !== 'runError') continue;
      const run = await eventually(async () => {
        const runs = ((await sim.request('GET', `${NS}/analysisruns`)).json as { items: AnalysisRun[] }).items;
        return runs.find((r) => r.metadata?.ownerReferences?.[0]?.name === c.name && r.status?.phase !== undefined && r.status.phase !== 'Pending' && r.status.phase !== 'Running');
      }, `${c.name} (seed ${c.seed}) run completed`, 20_000);
      expect({ seed: c.seed, phase: run.status?.phase, message: run.status?.message }).toEqual({ seed: c.seed, phase: 'Error', message: expected.message });
      const aborted = await eventually(async () => {
        const status = (await rollout(c.name)).status;
        return status?.abort === true && status.phase === 'Degraded' ? status : undefined;
      }, `${c.name} aborted`, 20_000);
      expect(aborted.message).toContain(expected.message);
    }
  }, 90_000);

  it('afterwards a well-formed canary still releases Healthy, and the controller never crashed or logged a throw', async () => {
    // Generates: nothing random: one canary (2 replicas, setWeight 50, a 1 s pause), deployed then
    // updated. Checks: the update goes through its steps to Healthy on the new revision; the
    // controller process is alive and its log has no fatal line and no uncaught/unhandled error or JS TypeError/RangeError.
    const name = 'after-fuzz';
    await createReferenced(name);
    const object = stored(analysisFirstCanary(name));
    ((object.spec as JsonObject).strategy as JsonObject).canary = { steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }] };
    (object.spec as JsonObject).replicas = 2;
    expect(await create(`${NS}/rollouts`, object)).toBe(201);
    const first = await eventually(async () => {
      const s = (await rollout(name)).status;
      return s?.phase === 'Healthy' ? s : undefined;
    }, 'first revision Healthy', 20_000);
    await newImage(name, 'argoproj/rollouts-demo:green');
    await eventually(async () => {
      const s = (await rollout(name)).status;
      return s?.phase === 'Healthy' && s.stableRS !== first.stableRS && s.stableRS === s.currentPodHash ? s : undefined;
    }, 'second revision released Healthy', 30_000);
    expect(controller.pid).toBeDefined();
    expect(() => process.kill(controller.pid ?? 0, 0)).not.toThrow();
    // An error line (level 50) means a reconcile threw: a write the API refused, or a bug.
    const bad = controller.logs().split('\n').filter((line) => /"level":[56]0|uncaught|unhandled|TypeError|RangeError|ReferenceError|Maximum call stack/i.test(line));
    expect(bad).toEqual([]);
  }, 60_000);
});
