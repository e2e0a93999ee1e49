// What rollouts-sim cannot show: a Job pod stuck pulling its image. The JobPort is a stub that answers
// the two reads `resume` makes; everything else about the job provider is tested against the sim
// (test/integration/analysis/providers/job.test.ts).
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createJobProvider } from '../../../../src/analysis/providers/job.js';
import type { ClusterObject, JobPort } from '../../../../src/analysis/ports.js';
import { NOW, aRun } from './fake-http.js';

function stubJobs(job: ClusterObject, pods: ClusterObject[], listed: string[]): JobPort {
  const getJob = (): Promise<ClusterObject> => Promise.resolve(job);
  const listPods = (_ns: string, labelSelector: string): Promise<ClusterObject[]> => {
    listed.push(labelSelector);
    return Promise.resolve(pods);
  };
  return { getJob, listPods } as Partial<JobPort> as JobPort;
}

const runningJob = { metadata: { name: 'u.smoke.1' }, spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'j1' } } }, status: { active: 1 } };
const metric = { name: 'smoke', provider: { job: { spec: { template: {} } } } };

function resumeWith(pods: ClusterObject[]): { outcome: ReturnType<NonNullable<ReturnType<typeof createJobProvider>['resume']>>; listed: string[] } {
  const listed: string[] = [];
  const provider = createJobProvider({ jobs: stubJobs(runningJob, pods, listed), log: pino({ level: 'silent' }) });
  const measurement = { phase: 'Running' as const, startedAt: NOW.minus({ seconds: 2 }).toISO() ?? '', metadata: { 'job-name': 'u.smoke.1' } };
  return { outcome: provider.resume!({ run: aRun(), metric, now: NOW, signal: new AbortController().signal, measurement }), listed };
}

describe('job provider: pods that will never start', () => {
  it.each(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'])('makes the measurement Inconclusive for %s', async (reason) => {
    const pod = { metadata: { name: 'u.smoke.1-abcde' }, status: { initContainerStatuses: [{ name: 'init', state: { running: {} } }], containerStatuses: [{ name: 'smoke', state: { waiting: { reason, message: 'image "nope" not found' } } }] } };
    const { outcome, listed } = resumeWith([pod]);
    expect(await outcome).toEqual({
      kind: 'phase',
      phase: 'Inconclusive',
      message: `Pod u.smoke.1-abcde, container smoke has terminal error (${reason}): image "nope" not found`,
      metadata: { 'job-name': 'u.smoke.1' },
    });
    expect(listed).toEqual(['batch.kubernetes.io/controller-uid=j1']);
  });

  it('keeps waiting (at least 1 s) for a pod that is only creating its container', async () => {
    const pod = { metadata: { name: 'p' }, status: { containerStatuses: [{ name: 'smoke', state: { waiting: { reason: 'ContainerCreating' } } }] } };
    expect(await resumeWith([pod]).outcome).toEqual({ kind: 'running', resumeAfterMs: 2000, metadata: { 'job-name': 'u.smoke.1' } });
  });
});

describe('job provider: never throws', () => {
  it('turns a Job spec without a template (which the schema should have refused) into an error outcome', async () => {
    const provider = createJobProvider({ jobs: stubJobs(runningJob, [], []), log: pino({ level: 'silent' }) });
    const broken = { name: 'smoke', provider: { job: { spec: {} } } } as unknown as typeof metric;
    const outcome = await provider.measure({ run: aRun(), metric: broken, now: NOW, signal: new AbortController().signal });
    expect(outcome).toEqual({ kind: 'error', message: expect.stringMatching(/^unexpected failure: /) });
  });
});
