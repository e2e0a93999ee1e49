import type { DateTime } from 'luxon';
import type { AnalysisRun, Experiment } from '../api/types.js';
import { analysisRunInfos } from './analysis-run-info.js';
import { ageOf } from './human-duration.js';
import { analysisIcon } from './icons.js';
import type { PodView } from './pod-info.js';
import { compareTimestamps, isOwnedBy, metaOf, revisionOf } from './object-meta.js';
import { replicaSetInfos, type ReplicaSetView } from './replica-set-info.js';
import type { ExperimentInfo } from './view-types.js';

/** What an experiment's subtree is computed from. */
export interface ExperimentObjects {
  experiments: readonly Experiment[];
  replicaSets: readonly ReplicaSetView[];
  pods: readonly PodView[];
  analysisRuns: readonly AnalysisRun[];
}

/** The Experiments owned by `ownerUid`, newest revision first, each with its ReplicaSets, pods and runs. */
export function experimentInfos(ownerUid: string, objects: ExperimentObjects, now: DateTime): ExperimentInfo[] {
  const infos = objects.experiments.filter((exp) => isOwnedBy(exp, ownerUid)).map((exp) => experimentInfo(exp, objects, now));
  return infos.sort((a, b) => b.revision - a.revision || compareTimestamps(a.creationTimestamp, b.creationTimestamp));
}

/** One Experiment as the tree shows it. */
export function experimentInfo(exp: Experiment, objects: Omit<ExperimentObjects, 'experiments'>, now: DateTime): ExperimentInfo {
  const meta = metaOf(exp);
  const phase = exp.status?.phase ?? '';
  return {
    name: meta.name,
    uid: meta.uid,
    revision: revisionOf(exp),
    status: phase,
    icon: analysisIcon(phase),
    message: exp.status?.message ?? '',
    creationTimestamp: meta.creationTimestamp,
    age: ageOf(meta.creationTimestamp, now),
    replicaSets: replicaSetInfos({ uid: meta.uid }, objects.replicaSets, objects.pods, now),
    analysisRuns: analysisRunInfos(meta.uid, objects.analysisRuns, now),
  };
}
