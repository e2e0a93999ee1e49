// The batch/v1 Job a job metric runs, named, labelled and owned exactly as Argo's job provider makes
// it, so a controller switched from Argo (or restarted) finds and adopts the Jobs already there.
import type { AnalysisRun, JobMetric, Metric } from '../../api/types.js';
import type { ClusterObject } from '../ports.js';

/** Measurement metadata key holding the Job's name. */
export const JOB_NAME_KEY = 'job-name';
/** Measurement metadata key holding the Job's namespace. */
export const JOB_NAMESPACE_KEY = 'job-namespace';
/** Label on the Job and its pods: the uid of the AnalysisRun (Argo selects a run's Jobs by it). */
export const ANALYSIS_RUN_UID_LABEL = 'analysisrun.argoproj.io/uid';
/** Annotations on the Job naming the run and the metric. */
export const ANALYSIS_RUN_NAME_ANNOTATION = 'analysisrun.argoproj.io/name';
export const ANALYSIS_RUN_NAMESPACE_ANNOTATION = 'analysisrun.argoproj.io/namespace';
export const ANALYSIS_RUN_METRIC_ANNOTATION = 'analysisrun.argoproj.io/metric-name';

// Kubernetes puts the Job's name in its pods' `job-name` label, which holds at most 63 characters.
const DNS_LABEL_LIMIT = 63;

/** A Job status condition (`Complete`, `Failed`, …). */
export interface JobCondition {
  type: string;
  status?: string;
}

/** One `matchExpressions` entry of a label selector. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** The parts of a batch/v1 Job this provider reads. */
export interface JobObject extends ClusterObject {
  spec?: { selector?: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }; [field: string]: unknown };
  status?: { conditions?: JobCondition[] };
}

/** The run's name, namespace and uid, with the defaults a run read from the API never needs. */
export function runIdentity(run: AnalysisRun): { name: string; namespace: string; uid: string } {
  const { name = '', namespace = 'default', uid = '' } = run.metadata ?? {};
  return { name, namespace, uid };
}

/**
 * The Job's name: `<run uid>.<metric>.<n>`, n = measurements taken so far (count + error) + 1, the
 * metric name shortened when the whole would pass 63 characters (and a dash the cut leaves at its
 * end dropped). Run uid
 * "6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f", metric "smoke", 2 measurements → "6b3c…5e6f.smoke.3".
 * A run without a uid (never seen from the API) falls back to its name.
 */
export function metricJobName(run: AnalysisRun, metric: Metric): string {
  const { name: runName, uid } = runIdentity(run);
  const prefix = uid === '' ? runName : uid;
  const result = run.status?.metricResults?.find((r) => r.name === metric.name);
  const id = (result?.count ?? 0) + (result?.error ?? 0) + 1;
  const name = `${prefix}.${metric.name}.${id}`;
  if (name.length <= DNS_LABEL_LIMIT) return name;
  const keep = Math.max(0, metric.name.length - (name.length - DNS_LABEL_LIMIT));
  // Argo cuts blindly; a cut that ends in "-" makes a name the API refuses, so that dash goes too.
  return `${prefix}.${metric.name.slice(0, keep).replace(/[-.]+$/, '')}.${id}`;
}

/**
 * The Job for one measurement: the metric's `spec` (its pod template labelled with the run's uid),
 * the metric's `metadata` labels and annotations plus Argo's, and a controller owner reference to the
 * run when the Job lives in the run's namespace (an owner in another namespace is not allowed).
 */
export function buildMetricJob(run: AnalysisRun, metric: Metric, job: JobMetric, jobNamespace?: string): JobObject {
  const { name: runName, namespace: runNamespace, uid } = runIdentity(run);
  const namespace = jobNamespace !== undefined && jobNamespace !== '' ? jobNamespace : runNamespace;
  const spec = structuredClone(job.spec);
  const podMetadata = spec.template.metadata ?? {};
  spec.template.metadata = { ...podMetadata, labels: { ...podMetadata.labels, [ANALYSIS_RUN_UID_LABEL]: uid } };
  const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: runName, uid, controller: true, blockOwnerDeletion: true };
  const annotations = {
    ...job.metadata?.annotations,
    [ANALYSIS_RUN_NAME_ANNOTATION]: runName,
    [ANALYSIS_RUN_NAMESPACE_ANNOTATION]: runNamespace,
    [ANALYSIS_RUN_METRIC_ANNOTATION]: metric.name,
  };
  const labels = { ...job.metadata?.labels, [ANALYSIS_RUN_UID_LABEL]: uid };
  const ownerReferences = namespace === runNamespace ? [owner] : undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: metricJobName(run, metric), namespace, labels, annotations, ...(ownerReferences && { ownerReferences }) },
    spec,
  };
}

/** A label selector as the `labelSelector` query text: {matchLabels: {a: "b"}} → "a=b". */
export function selectorText(selector: NonNullable<JobObject['spec']>['selector']): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map(requirementText);
  return [...labels, ...expressions].join(',');
}

function requirementText({ key, operator, values = [] }: LabelSelectorRequirement): string {
  switch (operator) {
    case 'In':
      return `${key} in (${values.join(',')})`;
    case 'NotIn':
      return `${key} notin (${values.join(',')})`;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return key;
  }
}
