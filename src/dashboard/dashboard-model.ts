// What the dashboard shows, computed from the shared read model (src/view): the plugin's
// `get rollout` and `list rollouts` render the same RolloutInfo, so the two always agree. Pure.
import type { DateTime } from 'luxon';
import type { AnalysisRun, Rollout } from '../api/types.js';
import { listRow } from '../view/list-row.js';
import { rolloutInfo } from '../view/rollout-info.js';
import type { AnalysisRunInfo, ImageInfo, RevisionInfo, RolloutInfo, RolloutTree } from '../view/view-types.js';
import { metricCharts, type MetricChart } from './metric-charts.js';

/** One row of the rollouts list. */
export interface RolloutRow {
  namespace: string;
  name: string;
  strategy: string;
  status: string;
  message: string;
  step: string;
  setWeight: string;
  actualWeight: string;
  readyCurrent: string;
  images: ImageInfo[];
  creationTimestamp?: string;
  age: string;
}

export type StepState = 'done' | 'current' | 'pending';

export interface StepView {
  index: number;
  text: string;
  state: StepState;
}

/** Traffic split: what the router last reported (status.canary.weights), else computed from the step. */
export interface WeightsView {
  canary: number;
  stable: number;
  setWeight: number;
  source: 'router' | 'computed';
}

export interface AnalysisRunView extends AnalysisRunInfo {
  charts: MetricChart[];
}

export interface RevisionView extends Omit<RevisionInfo, 'analysisRuns'> {
  analysisRuns: AnalysisRunView[];
}

export interface RolloutDetail extends Omit<RolloutInfo, 'revisions'> {
  /** Changes with every write to the rollout, so that a page is told of each one. */
  resourceVersion: string;
  stepViews: StepView[];
  weights?: WeightsView;
  revisions: RevisionView[];
}

/** A row of the list: the plugin's `list rollouts` columns plus images and age from `get rollout`. */
export function rolloutRow(tree: RolloutTree, now: DateTime): RolloutRow {
  const info = rolloutInfo(tree, now);
  const row = listRow(tree.rollout);
  return {
    namespace: info.namespace,
    name: info.name,
    strategy: info.strategy,
    status: info.status,
    message: info.message,
    step: row.step,
    setWeight: row.setWeight,
    actualWeight: info.actualWeight,
    readyCurrent: row.readyCurrent,
    images: info.images,
    ...(info.creationTimestamp ? { creationTimestamp: info.creationTimestamp } : {}),
    age: info.age,
  };
}

/**
 * Each step done, current or pending. The current step is status.currentStepIndex; an index equal
 * to the number of steps means all are done (5 steps, index 5 → 5 done).
 */
export function stepViews(steps: readonly string[], currentStepIndex: number | undefined): StepView[] {
  const current = currentStepIndex ?? 0;
  return steps.map((text, index) => ({ index, text, state: index < current ? 'done' : index === current ? 'current' : 'pending' }));
}

/** Canary weight 20 → stable 80; the router's reported weights win over the computed ones. */
export function weightsView(rollout: Rollout, info: RolloutInfo): WeightsView | undefined {
  if (info.strategy !== 'Canary') return undefined;
  const reported = rollout.status?.canary?.weights;
  const canary = reported ? reported.canary.weight : Number(info.actualWeight) || 0;
  const stable = reported ? reported.stable.weight : 100 - canary;
  return { canary, stable, setWeight: Number(info.setWeight) || 0, source: reported ? 'router' : 'computed' };
}

function withCharts(runs: readonly AnalysisRunInfo[], byUid: ReadonlyMap<string, AnalysisRun>): AnalysisRunView[] {
  return runs.map((run) => {
    const object = byUid.get(run.uid);
    return { ...run, charts: object ? metricCharts(object) : [] };
  });
}

/** Everything the rollout page shows. */
export function rolloutDetail(tree: RolloutTree, now: DateTime): RolloutDetail {
  const info = rolloutInfo(tree, now);
  const byUid = new Map(tree.analysisRuns.map((run) => [run.metadata?.uid ?? '', run]));
  const weights = weightsView(tree.rollout, info);
  return {
    ...info,
    resourceVersion: tree.rollout.metadata?.resourceVersion ?? '',
    stepViews: stepViews(info.steps, info.currentStepIndex),
    ...(weights ? { weights } : {}),
    revisions: info.revisions.map((rev) => ({ ...rev, analysisRuns: withCharts(rev.analysisRuns, byUid) })),
  };
}
