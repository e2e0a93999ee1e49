// The read model shared by `kubectl rollouts get/list/status` and the dashboard. Pure: no client,
// no I/O, no clock — time arrives as `now`.
export { rolloutInfo, groupByRevision } from './rollout-info.js';
export { listRow } from './list-row.js';
export { rolloutPhase, calculatePhase, type PhaseAndMessage } from '../api/rollout-phase.js';
export { currentCanaryStep, currentSetWeight, actualWeight, maxTrafficWeight, canaryStepString } from './canary-progress.js';
export { podInfo, type PodView } from './pod-info.js';
export { replicaSetInfos, replicaSetHealth, stackTags, type ReplicaSetView } from './replica-set-info.js';
export { analysisRunInfos } from './analysis-run-info.js';
export { experimentInfos, experimentInfo, type ExperimentObjects } from './experiment-info.js';
export { runningImages } from './images.js';
export { humanDuration, ageOf } from './human-duration.js';
export { ICONS, KIND_ICONS, rolloutIcon, replicaSetIcon, podIcon, analysisIcon } from './icons.js';
export type * from './view-types.js';
