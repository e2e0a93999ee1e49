// The job provider against rollouts-sim: real Jobs, run by the simulator's Job controller, owned by
// a real AnalysisRun, reached through the JobPort of src/kube/analysis-ports.ts over a real client.
// Given a run with a job metric, when the provider measures and resumes, then the Job's outcome
// becomes the measurement's phase.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { createJobProvider } from '../../../../src/analysis/providers/job.js';
import { ANALYSIS_RUN_UID_LABEL, JOB_NAME_KEY, type JobObject } from '../../../../src/analysis/providers/job-manifest.js';
import type { MetricProvider, ProviderOutcome, ResumeRequest } from '../../../../src/analysis/providers/provider.js';
import type { AnalysisRun, JobMetric, Metric } from '../../../../src/api/types.js';
import { createJobPort } from '../../../../src/kube/analysis-ports.js';
import { createKubeClient } from '../../../../src/kube/kube-client.js';
import type { KubeClient } from '../../../../src/kube/kube-client-types.js';
import { isNotFound } from '../../../../src/kube/kube-errors.js';
import { loadKubeConfig } from '../../../../src/kube/kube-config.js';
import { RESOURCES } from '../../../../src/kube/resources.js';
import { eventually, startSimProcess, type RunningSim } from '../../../helpers/sim-process.js';

const NS = 'default';

function jobMetric(name: string, annotations: Record<string, string> = {}): Metric {
  const job: JobMetric = {
    metadata: { labels: { team: 'shop' } },
    spec: {
      backoffLimit: 0,
      template: { metadata: { annotations }, spec: { containers: [{ name: 'smoke', image: 'busybox', command: ['true'] }], restartPolicy: 'Never' } },
    },
  };
  return { name, provider: { job } };
}

describe('job provider against rollouts-sim', () => {
  let sim: RunningSim;
  let client: KubeClient;
  let provider: MetricProvider;
  let run: AnalysisRun;

  beforeAll(async () => {
    sim = await startSimProcess({ jobSeconds: 0.3, podReadySeconds: 0.1 });
    const applied = await sim.kubectl(['apply', '-k', 'crds/']);
    expect(applied.code).toBe(0);
    client = createKubeClient(loadKubeConfig({ kubeconfig: sim.kubeconfig }));
    provider = createJobProvider({ jobs: createJobPort(client), log: pino({ level: 'silent' }) });
    run = await client.create<AnalysisRun & { apiVersion: string; kind: string }>(RESOURCES.analysisRuns, NS, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: 'checkout-smoke' },
      spec: { metrics: [jobMetric('smoke')] },
    });
  });

  afterAll(async () => {
    await sim.stop();
  });

  /** The run as the engine would pass it, having taken `taken` measurements of `metric`. */
  const runAfter = (metric: string, taken: number): AnalysisRun => ({ ...run, status: { phase: 'Running', metricResults: [{ name: metric, phase: 'Running', count: taken }] } });

  async function measure(metric: Metric, taken = 0): Promise<ResumeRequest> {
    const now = DateTime.utc();
    const outcome = await provider.measure({ run: runAfter(metric.name, taken), metric, now, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: 'running', resumeAfterMs: 0 });
    const metadata = (outcome as Extract<ProviderOutcome, { kind: 'running' }>).metadata ?? {};
    return { run: runAfter(metric.name, taken), metric, now, signal: new AbortController().signal, measurement: { phase: 'Running', startedAt: now.toISO() ?? '', metadata } };
  }

  /** Resumes until the provider stops answering `running`. */
  function settle(request: ResumeRequest): Promise<ProviderOutcome> {
    return eventually(async () => {
      const outcome = await provider.resume!({ ...request, now: DateTime.utc() });
      return outcome.kind === 'running' ? undefined : outcome;
    }, 'the job to finish');
  }

  const getJob = (name: string): Promise<JobObject> => client.get<JobObject>(RESOURCES.jobs, NS, name);
  const jobsOfRun = async (): Promise<JobObject[]> => (await client.list<JobObject>(RESOURCES.jobs, NS, { labelSelector: `${ANALYSIS_RUN_UID_LABEL}=${run.metadata?.uid ?? ''}` })).items;

  it('creates the Job as Argo names and owns it, and a completed Job is Successful', async () => {
    const request = await measure(jobMetric('smoke'));
    const name = `${run.metadata?.uid ?? ''}.smoke.1`;
    expect(request.measurement.metadata).toEqual({ 'job-name': name, 'job-namespace': NS });
    const job = await getJob(name);
    expect(job.metadata?.labels).toMatchObject({ team: 'shop', [ANALYSIS_RUN_UID_LABEL]: run.metadata?.uid });
    expect(job.metadata?.annotations).toMatchObject({ 'analysisrun.argoproj.io/name': 'checkout-smoke', 'analysisrun.argoproj.io/metric-name': 'smoke' });
    expect(job.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'AnalysisRun', uid: run.metadata?.uid, controller: true })]);
    expect(await settle(request)).toMatchObject({ kind: 'phase', phase: 'Successful' });
  });

  it('reports a failed Job as Failed', async () => {
    const request = await measure(jobMetric('fails', { 'rollouts-sim.dev/job-result': 'Failed' }));
    expect(await settle(request)).toMatchObject({ kind: 'phase', phase: 'Failed' });
  });

  it('answers running, with a growing delay, while the Job runs', async () => {
    const request = await measure(jobMetric('slow', { 'rollouts-sim.dev/job-seconds': '30' }));
    const later = { ...request, now: DateTime.fromISO(request.measurement.startedAt ?? '').plus({ seconds: 50 }) };
    expect(await provider.resume!(later)).toMatchObject({ kind: 'running', resumeAfterMs: 10_000, metadata: request.measurement.metadata });
  });

  it('terminate deletes the Job (and its pods), and a missing Job is then an error', async () => {
    const request = await measure(jobMetric('stopped', { 'rollouts-sim.dev/job-seconds': '30' }));
    const name = request.measurement.metadata?.[JOB_NAME_KEY] ?? '';
    await provider.terminate!(request);
    await eventually(async () => getJob(name).then(() => undefined, (err: unknown) => (isNotFound(err) ? true : undefined)), 'the job to be deleted');
    const pods = await client.list(RESOURCES.pods, NS, { labelSelector: `job-name=${name}` });
    expect(pods.items).toEqual([]);
    await expect(provider.terminate!(request)).resolves.toBeUndefined();
    expect(await provider.resume!(request)).toMatchObject({ kind: 'error', message: expect.stringContaining(name) });
  });

  it('adopts its own Job after a 409 (a restart re-sending the create) instead of duplicating it', async () => {
    const first = await measure(jobMetric('again', { 'rollouts-sim.dev/job-seconds': '30' }));
    const second = await measure(jobMetric('again', { 'rollouts-sim.dev/job-seconds': '30' }));
    expect(second.measurement.metadata).toEqual(first.measurement.metadata);
    const again = (await jobsOfRun()).filter((j) => j.metadata?.annotations?.['analysisrun.argoproj.io/metric-name'] === 'again');
    expect(again).toHaveLength(1);
  });

  it('does not adopt a Job of the same name that another owner made', async () => {
    const metric = jobMetric('squatted');
    const name = `${run.metadata?.uid ?? ''}.squatted.1`;
    await client.create(RESOURCES.jobs, NS, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: (metric.provider as { job: JobMetric }).job.spec });
    const outcome = await provider.measure({ run: runAfter('squatted', 0), metric, now: DateTime.utc(), signal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringContaining(name) });
  });

  it('garbage-collects the oldest Jobs of the metric beyond the limit, leaving other metrics alone', async () => {
    const gc = jobMetric('gc');
    for (const taken of [0, 1, 2]) await measure(gc, taken);
    await measure(jobMetric('gc-other'));
    await provider.garbageCollect!(run, gc, 1);
    const uid = run.metadata?.uid ?? '';
    await eventually(async () => {
      const names = (await jobsOfRun()).map((j) => j.metadata?.name ?? '').filter((n) => n.includes('.gc'));
      return names.sort().join() === [`${uid}.gc-other.1`, `${uid}.gc.3`].join() ? names : undefined;
    }, 'the two oldest gc jobs to go');
  });

  it('reports a measurement that lost its Job reference', async () => {
    const request = await measure(jobMetric('smoke'), 5);
    expect(await provider.resume!({ ...request, measurement: { phase: 'Running' } })).toEqual({ kind: 'error', message: 'job metadata reference missing' });
  });
});
