// Argo's `provider.job`: a measurement is a batch/v1 Job, Successful when the Job completes and
// Failed when it fails. Argo's rules, kept here:
// - `measure` creates the Job (see job-manifest.ts) and answers `running` at once, so the run checks
//   it again straight away (short Jobs finish before the first check). If the name is taken (409
//   after a restart), the Job is adopted when its controller owner (or, in another namespace, its uid
//   label) is this run; otherwise the measurement is an error.
// - `resume` reads the Job: a Complete condition → Successful, Failed → Failed; a pod stuck in
//   ErrImagePull / ImagePullBackOff / InvalidImageName → Inconclusive (a person must look); else
//   running again after √(2 × seconds since start) seconds (1 s at least): 10 s → 4.5 s, 30 min → 60 s.
// - `terminate` deletes the Job with Foreground propagation (its pods first), ignoring 404.
// - `garbageCollect` deletes the run's oldest Jobs of the metric beyond `keep`.
import type { AnalysisRun, Measurement, Metric } from '../../api/types.js';
import type { Logger } from '../../shared/logger.js';
import { messageOf } from '../../shared/errors.js';
import {
  ANALYSIS_RUN_METRIC_ANNOTATION,
  ANALYSIS_RUN_UID_LABEL,
  JOB_NAMESPACE_KEY,
  JOB_NAME_KEY,
  buildMetricJob,
  runIdentity,
  selectorText,
  type JobObject,
} from './job-manifest.js';
import type { ClusterObject, JobPort } from '../ports.js';
import { guardOutcome } from './outcome-guard.js';
import type { MeasureRequest, MetricProvider, ProviderOutcome, ResumeRequest } from './provider.js';

/** What the Job provider needs from the process. */
export interface JobProviderDeps {
  /** Creates, reads, lists and deletes the Jobs (and reads their pods). */
  jobs: JobPort;
  log: Logger;
  /** Argo's ARGO_ROLLOUTS_ANALYSIS_JOB_NAMESPACE: run Jobs there rather than in the run's namespace. */
  jobNamespace?: string;
}

const TERMINAL_WAITING_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

interface PodObject extends ClusterObject {
  status?: { initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
}

/** The Job provider: `createJobProvider({ jobs, log })`. */
export function createJobProvider(deps: JobProviderDeps): MetricProvider {
  return {
    kind: 'job',
    measure: (request) => guardOutcome(() => startJob(deps, request)),
    resume: (request) => guardOutcome(() => checkJob(deps, request)),
    terminate: (request) => terminateJob(deps, request),
    garbageCollect: (run, metric, keep) => collectJobs(deps, { run, metric, keep }),
  };
}

async function startJob(deps: JobProviderDeps, { run, metric }: MeasureRequest): Promise<ProviderOutcome> {
  const spec = 'job' in metric.provider ? metric.provider.job : undefined;
  if (spec === undefined) return { kind: 'error', message: `metric '${metric.name}' has no job provider` };
  const job = buildMetricJob(run, metric, spec, deps.jobNamespace);
  const namespace = job.metadata?.namespace ?? '';
  const name = job.metadata?.name ?? '';
  let created: 'created' | 'exists';
  try {
    created = await deps.jobs.createJob(namespace, job);
  } catch (err) {
    return { kind: 'error', message: messageOf(err) };
  }
  if (created === 'created') {
    deps.log.info({ metric: metric.name, job: `${namespace}/${name}` }, 'job created');
  } else {
    const adopted = await adoptJob(deps.jobs, { run, namespace, name });
    if (!adopted) return { kind: 'error', message: `job ${namespace}/${name} already exists and was not created for this analysis run` };
    deps.log.info({ metric: metric.name, job: `${namespace}/${name}` }, 'job already existed for this run: adopted');
  }
  return { kind: 'running', resumeAfterMs: 0, metadata: { [JOB_NAME_KEY]: name, [JOB_NAMESPACE_KEY]: namespace } };
}

/** True when the Job that holds the name was made for this run (a restart re-sent the create). */
async function adoptJob(jobs: JobPort, { run, namespace, name }: { run: AnalysisRun; namespace: string; name: string }): Promise<boolean> {
  const { namespace: runNamespace, uid } = runIdentity(run);
  try {
    const existing = await jobs.getJob<JobObject>(namespace, name);
    // Deleted between the create and this read: not ours to adopt.
    if (existing === undefined) return false;
    // An owner reference cannot cross namespaces: elsewhere, Argo trusts the uid label.
    const ownerUid = namespace === runNamespace ? controllerUid(existing) : existing.metadata?.labels?.[ANALYSIS_RUN_UID_LABEL];
    return uid !== '' && ownerUid === uid;
  } catch {
    return false;
  }
}

const controllerUid = (job: JobObject): string | undefined => job.metadata?.ownerReferences?.find((o) => o.controller === true)?.uid;

function jobRef(run: AnalysisRun, measurement: Measurement): { namespace: string; name: string } | undefined {
  const name = measurement.metadata?.[JOB_NAME_KEY] ?? '';
  if (name === '') return undefined;
  const namespace = measurement.metadata?.[JOB_NAMESPACE_KEY] ?? '';
  return { namespace: namespace === '' ? (run.metadata?.namespace ?? '') : namespace, name };
}

async function checkJob(deps: JobProviderDeps, request: ResumeRequest): Promise<ProviderOutcome> {
  const ref = jobRef(request.run, request.measurement);
  if (ref === undefined) return { kind: 'error', message: 'job metadata reference missing' };
  const metadata = request.measurement.metadata;
  try {
    const job = await deps.jobs.getJob<JobObject>(ref.namespace, ref.name);
    // Deleted (terminated, or removed by hand): the measurement cannot finish.
    if (job === undefined) return { kind: 'error', message: `job ${ref.namespace}/${ref.name} not found`, metadata };
    const phase = completedPhase(job);
    if (phase !== undefined) {
      deps.log.info({ metric: request.metric.name, job: `${ref.namespace}/${ref.name}`, phase }, 'job completed');
      return { kind: 'phase', phase, metadata };
    }
    const stuck = await stuckPodMessage(deps.jobs, ref.namespace, job);
    if (stuck !== undefined) return { kind: 'phase', phase: 'Inconclusive', message: stuck, metadata };
    return { kind: 'running', resumeAfterMs: resumeDelayMs(request), metadata };
  } catch (err) {
    return { kind: 'error', message: messageOf(err), metadata };
  }
}

// As Argo, the last Complete or Failed condition decides; their status is not consulted.
function completedPhase(job: JobObject): 'Successful' | 'Failed' | undefined {
  let phase: 'Successful' | 'Failed' | undefined;
  for (const condition of job.status?.conditions ?? []) {
    if (condition.type === 'Complete') phase = 'Successful';
    if (condition.type === 'Failed') phase = 'Failed';
  }
  return phase;
}

async function stuckPodMessage(jobs: JobPort, namespace: string, job: JobObject): Promise<string | undefined> {
  const labelSelector = selectorText(job.spec?.selector) || `job-name=${job.metadata?.name ?? ''}`;
  const pods = await jobs.listPods<PodObject>(namespace, labelSelector);
  return pods.map(terminalError).find((message) => message !== undefined);
}

// A container that waits for a reason it will not recover from on its own (its image cannot be pulled).
function terminalError(pod: PodObject): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const stuck = statuses.map(waitingOf).find((w) => TERMINAL_WAITING_REASONS.has(w.reason));
  if (stuck === undefined) return undefined;
  return `Pod ${pod.metadata?.name ?? ''}, container ${stuck.container} has terminal error (${stuck.reason}): ${stuck.message}`;
}

function waitingOf(status: ContainerStatus): { container: string; reason: string; message: string } {
  const { reason = '', message = '' } = status.state?.waiting ?? {};
  return { container: status.name ?? '', reason, message };
}

// Argo's growing delay: √(2 × elapsed seconds) seconds; at least 1 s so a young Job is not polled hot.
function resumeDelayMs({ measurement, now }: ResumeRequest): number {
  const startedMs = measurement.startedAt === undefined ? now.toMillis() : Date.parse(measurement.startedAt);
  const elapsedSeconds = Math.max(0, (now.toMillis() - startedMs) / 1000);
  return Math.max(1000, Math.round(Math.sqrt(2 * elapsedSeconds) * 1000));
}

async function terminateJob(deps: JobProviderDeps, request: ResumeRequest): Promise<void> {
  const ref = jobRef(request.run, request.measurement);
  if (ref === undefined) {
    deps.log.warn({ metric: request.metric.name }, 'job metadata reference missing: nothing to terminate');
    return;
  }
  await deps.jobs.deleteJob(ref.namespace, ref.name);
  deps.log.info({ metric: request.metric.name, job: `${ref.namespace}/${ref.name}` }, 'job terminated');
}

/**
 * Deletes the oldest Jobs of `metric` in `run` so that `keep` remain. Argo selects by the run's uid
 * only, so one metric's limit could delete another metric's (even running) Job; this keeps the
 * selection to the metric, by the metric-name annotation.
 */
async function collectJobs(deps: JobProviderDeps, { run, metric, keep }: { run: AnalysisRun; metric: Metric; keep: number }): Promise<void> {
  const { namespace: runNamespace, uid } = runIdentity(run);
  if (uid === '') return;
  const namespace = deps.jobNamespace !== undefined && deps.jobNamespace !== '' ? deps.jobNamespace : runNamespace;
  const listed = await deps.jobs.listJobs<JobObject>(namespace, `${ANALYSIS_RUN_UID_LABEL}=${uid}`);
  const jobs = listed.filter((j) => j.metadata?.annotations?.[ANALYSIS_RUN_METRIC_ANNOTATION] === metric.name).sort(byCreation);
  for (const job of jobs.slice(0, Math.max(0, jobs.length - keep))) {
    const ref = { namespace, name: job.metadata?.name ?? '' };
    await deps.jobs.deleteJob(ref.namespace, ref.name);
    deps.log.info({ metric: metric.name, job: `${ref.namespace}/${ref.name}` }, 'job garbage collected');
  }
}

// Oldest first. Timestamps have second precision, so Jobs of one second are ordered by the
// measurement number that ends their name ("….9" before "….10").
function byCreation(a: JobObject, b: JobObject): number {
  const [ta, tb] = [a.metadata?.creationTimestamp ?? '', b.metadata?.creationTimestamp ?? ''];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return measurementNumber(a) - measurementNumber(b);
}

const measurementNumber = (job: JobObject): number => Number(/\.(\d+)$/.exec(job.metadata?.name ?? '')?.[1] ?? 0);
