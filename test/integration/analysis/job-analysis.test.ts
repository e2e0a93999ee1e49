import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { eventsOf, getRun, runOfRelease } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given the controller on rollouts-sim (whose Job controller runs Jobs: a pod that finishes after
// --job-seconds, failing when its template says `rollouts-sim.dev/job-result: "Failed"`) and the
// library's job-smoke-test template applied with kubectl: a release passes its analysis step when the
// smoke-test Job completes, and is aborted when it fails; the Job is the run's (owner reference and
// uid label) and goes with it when the run is deleted.

const TEMPLATE_FILE = 'analysis/templates/job-smoke-test.yaml';
const UID_LABEL = 'analysisrun.argoproj.io/uid';

interface JobView {
  metadata: {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  };
  spec: { backoffLimit?: number; template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { image: string; command?: string[] }[] } } };
  status?: { conditions?: { type: string; status: string; reason?: string }[]; succeeded?: number; failed?: number };
}

interface TemplateDoc {
  metadata: { name: string };
  spec: { args: { name: string; value?: string }[]; metrics: { name: string; provider: { job: { spec: { template: { metadata?: { annotations?: Record<string, string> } } } } } }[] };
}

/** The library template as parsed from its file. */
const libraryTemplate = (): TemplateDoc => parse(readFileSync(TEMPLATE_FILE, 'utf8')) as TemplateDoc;

/** The library template with annotations added to its Job's pod template (what the simulator reads). */
function withPodAnnotations(doc: TemplateDoc, annotations: Record<string, string>): TemplateDoc {
  const copy = structuredClone(doc);
  const template = copy.spec.metrics[0].provider.job.spec.template;
  template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, ...annotations } };
  return copy;
}

const stepsWith = (template: string): string => `      - setWeight: 50
      - analysis:
          templates: [{templateName: ${template}}]
          args:
            - {name: url, value: "http://smoke-canary.default.svc.cluster.local/"}`;

describe('job analysis with the job-smoke-test template', () => {
  const bed = useControllerBed();

  const kubectlJson = async <T>(args: string[]): Promise<T> => {
    const result = await bed.sim.kubectl([...args, '-o', 'json']);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  const jobsOfRun = async (uid: string): Promise<JobView[]> => (await kubectlJson<{ items: JobView[] }>(['get', 'jobs', '-l', `${UID_LABEL}=${uid}`])).items;
  const podsOfRun = async (uid: string): Promise<{ metadata: { name: string }; status?: { phase?: string } }[]> => (await kubectlJson<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>(['get', 'pods', '-l', `${UID_LABEL}=${uid}`])).items;

  beforeAll(async () => {
    expect((await bed.sim.kubectl(['apply', '-f', TEMPLATE_FILE])).code).toBe(0);
    const failing = withPodAnnotations(libraryTemplate(), { 'rollouts-sim.dev/job-result': 'Failed' });
    failing.metadata.name = 'job-smoke-test-failing';
    expect((await bed.sim.kubectl(['apply', '-f', '-'], stringify(failing))).code).toBe(0);
  });

  it('a release passes its analysis step when the smoke-test Job completes; the Job is the run’s', async () => {
    const ro = new RolloutProbe(bed.sim, 'smoke');
    const first = await ro.deployFirst('shop:1', { steps: stepsWith('job-smoke-test') });
    await ro.apply('shop:2', { steps: stepsWith('job-smoke-test') });
    const done = await ro.until('the release promoted', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== first.stableRS, 20_000);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6 });

    const run = await runOfRelease(bed.sim, 'smoke', done.currentPodHash ?? '');
    expect(run?.status?.phase).toBe('Successful');
    const uid = run?.metadata.uid ?? '';
    const result = run?.status?.metricResults?.find((r) => r.name === 'smoke-test');
    expect(result).toMatchObject({ phase: 'Successful', count: 1, successful: 1 });
    const measurement = result?.measurements?.[0];
    expect(measurement).toMatchObject({ phase: 'Successful', metadata: { 'job-name': `${uid}.smoke-test.1`, 'job-namespace': 'default' } });

    const jobs = await jobsOfRun(uid);
    expect(jobs.map((j) => j.metadata.name)).toEqual([`${uid}.smoke-test.1`]);
    const job = jobs[0];
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: run?.metadata.name, uid, controller: true, blockOwnerDeletion: true }]);
    expect(job.metadata.labels).toMatchObject({ [UID_LABEL]: uid, 'app.kubernetes.io/component': 'smoke-test' });
    expect(job.metadata.annotations).toMatchObject({ 'analysisrun.argoproj.io/name': run?.metadata.name, 'analysisrun.argoproj.io/namespace': 'default', 'analysisrun.argoproj.io/metric-name': 'smoke-test' });
    // The template's Job, with the args substituted and the run's uid on its pods.
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.metadata?.labels).toMatchObject({ [UID_LABEL]: uid });
    expect(job.spec.template.spec.containers[0]).toMatchObject({ image: 'busybox:1.36', command: ['wget', '-q', '-O', '/dev/null', '-T', '10', 'http://smoke-canary.default.svc.cluster.local/'] });
    expect(job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    expect((await podsOfRun(uid)).map((p) => p.status?.phase)).toEqual(['Succeeded']);
  });

  it('a release whose smoke-test Job fails is aborted, naming the metric', async () => {
    const ro = new RolloutProbe(bed.sim, 'smoke-bad');
    const first = await ro.deployFirst('shop:1', { steps: stepsWith('job-smoke-test-failing') });
    await ro.apply('shop:2', { steps: stepsWith('job-smoke-test-failing') });
    const aborted = await ro.until('the release aborted', (s) => s.abort === true, 20_000);
    expect(aborted.message).toBe('RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "smoke-test" assessed Failed due to failed (1) > failureLimit (0)');

    const run = await runOfRelease(bed.sim, 'smoke-bad', aborted.currentPodHash ?? '');
    expect(run?.status).toMatchObject({ phase: 'Failed', message: 'Metric "smoke-test" assessed Failed due to failed (1) > failureLimit (0)' });
    expect(run?.status?.metricResults?.[0]).toMatchObject({ name: 'smoke-test', phase: 'Failed', count: 1, failed: 1 });
    const uid = run?.metadata.uid ?? '';
    const [job] = await jobsOfRun(uid);
    expect(job.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' })]));
    // backoffLimit 0: one attempt, no retry.
    expect((await podsOfRun(uid)).map((p) => p.status?.phase)).toEqual(['Failed']);
    const events = await eventually(async () => {
      const text = await eventsOf(bed.sim, run?.metadata.name ?? '');
      return text.includes('AnalysisRunFailed') ? text : undefined;
    }, 'the run events');
    expect(events).toContain("MetricFailed: Metric 'smoke-test' Completed. Result: Failed");

    await ro.until('the canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 6, 'shop:2': 0 });
    expect((await ro.status()).stableRS).toBe(first.stableRS);
  });

  it('deleting the AnalysisRun garbage-collects its running Job and the Job’s pod', async () => {
    // The template's metric in a hand-written run, its Job made to run for a minute.
    const slow = withPodAnnotations(libraryTemplate(), { 'rollouts-sim.dev/job-seconds': '60' });
    const run = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: 'smoke-by-hand' },
      spec: { args: [{ name: 'url', value: 'http://smoke-canary.default.svc.cluster.local/' }, { name: 'image', value: 'busybox:1.36' }], metrics: slow.spec.metrics },
    };
    expect((await bed.sim.kubectl(['apply', '-f', '-'], stringify(run))).code).toBe(0);
    const running = await eventually(async () => {
      const r = await getRun(bed.sim, 'smoke-by-hand');
      return r?.status?.metricResults?.[0]?.measurements?.[0]?.metadata?.['job-name'] ? r : undefined;
    }, 'the measurement to start its Job');
    expect(running.status?.phase).toBe('Running');
    const uid = running.metadata.uid;
    const pod = await eventually(async () => (await podsOfRun(uid)).find((p) => p.status?.phase === 'Running'), 'the Job pod running');
    expect(pod.metadata.name).toMatch(/^.+\.smoke-test\.1-[a-z0-9]{5}$/);
    expect((await jobsOfRun(uid)).map((j) => j.metadata.name)).toEqual([`${uid}.smoke-test.1`]);

    expect((await bed.sim.kubectl(['delete', 'analysisrun', 'smoke-by-hand'])).code).toBe(0);
    await eventually(async () => ((await jobsOfRun(uid)).length === 0 ? true : undefined), 'the Job to be collected');
    await eventually(async () => ((await podsOfRun(uid)).length === 0 ? true : undefined), 'the Job pod to be collected');
    expect(await getRun(bed.sim, 'smoke-by-hand')).toBeUndefined();
  });
});
