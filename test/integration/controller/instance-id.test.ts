import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getRun } from '../../helpers/analysis-runs.js';
import { startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { canaryRolloutYaml, RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

const LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';

function labelled(yaml: string, instance: string | undefined): string {
  return instance ? yaml.replace(/^metadata: \{name: ([^}]+)\}/m, `metadata: {name: $1, labels: {${LABEL}: ${instance}}}`) : yaml;
}

// One Job metric that succeeds, as an AnalysisRun or an AnalysisTemplate.
function smokeYaml(kind: 'AnalysisRun' | 'AnalysisTemplate', name: string, instance: string | undefined): string {
  return labelled(`apiVersion: argoproj.io/v1alpha1
kind: ${kind}
metadata: {name: ${name}}
spec:
  metrics:
    - name: smoke
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers: [{name: smoke, image: "busybox:1", command: [sh, -c, "exit 0"]}]
`, instance);
}

const jobRunYaml = (name: string, instance: string | undefined): string => smokeYaml('AnalysisRun', name, instance);
const templateYaml = (name: string, instance: string | undefined): string => smokeYaml('AnalysisTemplate', name, instance);

// Given a controller started with --instance-id blue, it handles only Rollouts, AnalysisRuns and
// AnalysisTemplates labelled controller-instance-id=blue, as Argo's informers do; the rest are another
// controller's business (or, unlabelled, the default controller's).
describe('--instance-id', () => {
  let sim: RunningSim;
  let controller: RunningController;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3, jobSeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    controller = startControllerProcess(sim, ['--instance-id', 'blue']);
  }, 30_000);

  afterAll(async () => {
    await controller.kill();
    await sim.stop();
  });

  it('reconciles only its own Rollouts and AnalysisRuns', async () => {
    const apply = async (yaml: string): Promise<void> => expect((await sim.kubectl(['apply', '-f', '-'], yaml)).code).toBe(0);
    await apply(labelled(canaryRolloutYaml('mine', 'mine:1'), 'blue'));
    await apply(canaryRolloutYaml('unlabelled', 'unlabelled:1'));
    await apply(labelled(canaryRolloutYaml('green', 'green:1'), 'green'));
    await apply(jobRunYaml('mine-run', 'blue'));
    await apply(jobRunYaml('unlabelled-run', undefined));

    await new RolloutProbe(sim, 'mine').until('healthy', (s) => s.phase === 'Healthy');
    await eventually(async () => ((await getRun(sim, 'mine-run'))?.status?.phase === 'Successful' ? true : undefined), 'mine-run to succeed');
    expect(await new RolloutProbe(sim, 'unlabelled').status()).toEqual({});
    expect(await new RolloutProbe(sim, 'green').status()).toEqual({});
    expect((await getRun(sim, 'unlabelled-run'))?.status).toBeUndefined();
  }, 30_000);

  it('sees only AnalysisTemplates of its instance: an unlabelled one is not found', async () => {
    await sim.kubectl(['apply', '-f', '-'], templateYaml('smoke-unlabelled', undefined));
    const steps = `      - setWeight: 50
      - analysis: {templates: [{templateName: smoke-unlabelled}]}`;
    const ro = new RolloutProbe(sim, 'mine');
    await sim.kubectl(['apply', '-f', '-'], labelled(canaryRolloutYaml('mine', 'mine:2', { steps }), 'blue'));
    const degraded = await ro.until('the missing template reported', (s) => /smoke-unlabelled/.test(s.message ?? '') || (s.conditions ?? []).some((c) => /smoke-unlabelled/.test(c.message)));
    expect(JSON.stringify(degraded)).toMatch(/not found/);
  }, 30_000);
});
