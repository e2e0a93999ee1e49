import type { DateTime } from 'luxon';
import type { AnalysisRun, AnalysisRunStatus, MetricResult } from '../api/types.js';
import { ageOf } from './human-duration.js';
import { analysisIcon } from './icons.js';
import { compareTimestamps, isOwnedBy, metaOf, revisionOf } from './object-meta.js';
import type { AnalysisRunInfo, JobInfo } from './view-types.js';

// Measurement metadata the Job provider records, verbatim from Argo.
const JOB_NAME_KEY = 'job-name';
const JOB_NAMESPACE_KEY = 'job-namespace';

/**
 * The AnalysisRuns owned by `ownerUid`, newest revision first, then oldest first, with the
 * measurement counts summed over their metrics (the tree's "✔ 4,✖ 1") and the Jobs they ran.
 */
export function analysisRunInfos(ownerUid: string, runs: readonly AnalysisRun[], now: DateTime): AnalysisRunInfo[] {
  const infos = runs.filter((run) => isOwnedBy(run, ownerUid)).map((run) => analysisRunInfo(run, now));
  return infos.sort(
    (a, b) => b.revision - a.revision || compareTimestamps(a.creationTimestamp, b.creationTimestamp) || b.name.localeCompare(a.name),
  );
}

function analysisRunInfo(run: AnalysisRun, now: DateTime): AnalysisRunInfo {
  const meta = metaOf(run);
  const status: Partial<AnalysisRunStatus> = run.status ?? {};
  const results = status.metricResults ?? [];
  const sum = (pick: (r: MetricResult) => number | undefined): number => results.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const phase = status.phase ?? '';
  return {
    name: meta.name,
    uid: meta.uid,
    revision: revisionOf(run),
    status: phase,
    icon: analysisIcon(phase),
    message: status.message ?? '',
    successful: sum((r) => r.successful),
    failed: sum((r) => r.failed),
    inconclusive: sum((r) => r.inconclusive),
    error: sum((r) => r.error),
    creationTimestamp: meta.creationTimestamp,
    age: ageOf(meta.creationTimestamp, now),
    jobs: results.flatMap((r) => jobInfos(r, meta.namespace, now)),
  };
}

function jobInfos(result: MetricResult, namespace: string, now: DateTime): JobInfo[] {
  return (result.measurements ?? []).flatMap((m) => {
    const metadata = m.metadata ?? {};
    const name = metadata[JOB_NAME_KEY];
    if (name === undefined) return [];
    return [{
      name,
      namespace: metadata[JOB_NAMESPACE_KEY] ?? namespace,
      metricName: result.name,
      status: m.phase,
      icon: analysisIcon(m.phase),
      startedAt: m.startedAt,
      age: ageOf(m.startedAt, now),
    }];
  });
}
