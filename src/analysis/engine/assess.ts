// Metric and run phases from the counters, exactly as Argo's assessMetricStatus,
// assessMetricFailureInconclusiveOrError and assessRunStatus (analysis/analysis.go).
//
// A metric fails when failed > failureLimit (failureLimit -1: never), is Inconclusive when
// inconclusive > inconclusiveLimit, errors when consecutiveError > consecutiveErrorLimit — the
// later check wins when several hold. Examples: failureLimit 1 → the 2nd Failed measurement fails
// the metric ("failed (2) > failureLimit (1)"); default limits → the 1st Failed one does, and the
// 5th Error in a row errors it. Otherwise it succeeds at consecutiveSuccessLimit successes in a
// row, or when its count is reached; with both limits set and the count reached first it is
// Inconclusive; with only consecutiveSuccessLimit it is Failed.
//
// The run is the worst completed metric (Successful < Running < Pending < Inconclusive < Error <
// Failed) once all are complete, Running before; dry-run metrics are reported in dryRunSummary
// and never make the run worse. A terminating run ends at once with the worst phase so far
// (Successful if nothing completed).
import type { DateTime } from 'luxon';
import type { AnalysisPhase, AnalysisRun, AnalysisRunStatus, Metric, MetricResult, RunSummary } from '../../api/types.js';
import { effectiveCount, findResult, formatTime, intValue, isCompleted, isTerminating, metricLimits, withResult } from './run-state.js';

/** Why a metric failed, is inconclusive or errored; phase undefined when none of its limits is passed. */
export interface MetricVerdict {
  phase?: 'Failed' | 'Inconclusive' | 'Error';
  message: string;
}

/** Argo's assessMetricFailureInconclusiveOrError: which limit the counters pass, in Argo's words. */
export function metricFailure(metric: Metric, result: MetricResult): MetricVerdict {
  const limits = metricLimits(metric);
  let verdict: MetricVerdict = { message: '' };
  const failed = result.failed ?? 0;
  if (limits.failure >= 0 && failed > limits.failure) verdict = { phase: 'Failed', message: `failed (${failed}) > failureLimit (${limits.failure})` };
  const inconclusive = result.inconclusive ?? 0;
  if (inconclusive > limits.inconclusive) verdict = { phase: 'Inconclusive', message: `inconclusive (${inconclusive}) > inconclusiveLimit (${limits.inconclusive})` };
  const errors = result.consecutiveError ?? 0;
  if (errors > limits.consecutiveError) verdict = { phase: 'Error', message: `consecutiveErrors (${errors}) > consecutiveErrorLimit (${limits.consecutiveError})` };
  return verdict;
}

/** Argo's assessMetricStatus: the metric's phase from its result; `terminating` ends open-ended metrics. */
export function assessMetric(metric: Metric, result: MetricResult, terminating: boolean): AnalysisPhase {
  if (isCompleted(result.phase)) return result.phase;
  const measurements = result.measurements ?? [];
  // Stopped before any measurement: nothing went wrong.
  if (measurements.length === 0) return terminating ? 'Successful' : 'Pending';
  if (!isCompleted(measurements[measurements.length - 1].phase)) return 'Running';
  return metricFailure(metric, result).phase ?? assessLimits(metric, result, terminating);
}

// No limit passed: a success streak or the count ends the metric, else it keeps measuring.
function assessLimits(metric: Metric, result: MetricResult, terminating: boolean): AnalysisPhase {
  const successLimit = metricLimits(metric).consecutiveSuccess;
  if (successLimit > 0 && (result.consecutiveSuccess ?? 0) >= successLimit) return 'Successful';
  const count = effectiveCount(metric);
  if (count !== undefined && (result.count ?? 0) >= count) return countReachedPhase(metric, successLimit);
  return terminating ? 'Successful' : 'Running';
}

// The count is reached and neither limit was: with consecutiveSuccessLimit set the streak never
// came — Inconclusive when the failure limit applies too, Failed when it is the only criterion.
function countReachedPhase(metric: Metric, successLimit: number): AnalysisPhase {
  if (successLimit <= 0) return 'Successful';
  const failureApplies = metric.failureLimit === undefined || intValue(metric.failureLimit) >= 0;
  return failureApplies ? 'Inconclusive' : 'Failed';
}

const PHASE_ORDER: readonly AnalysisPhase[] = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'];

/** Argo's IsWorse: whether `next` is worse than `current` (Successful < Running < Pending < Inconclusive < Error < Failed). */
export function isWorse(current: AnalysisPhase, next: AnalysisPhase): boolean {
  return PHASE_ORDER.indexOf(next) > PHASE_ORDER.indexOf(current);
}

/**
 * The status a pass starts from: the run's own, or Pending; startedAt stamped now if missing,
 * since initial delays count from it.
 */
export function initialStatus(run: AnalysisRun, now: DateTime): AnalysisRunStatus {
  const status = run.status ?? { phase: 'Pending' };
  return { ...status, startedAt: status.startedAt ?? formatTime(now) };
}

/** The run's phase and message, and its status with metric phases, summaries, startedAt and completedAt updated. */
export interface RunAssessment {
  status: AnalysisRunStatus;
  phase: AnalysisPhase;
  message: string;
}

interface Tally {
  status: AnalysisRunStatus;
  worst?: AnalysisPhase;
  worstMessage: string;
  allCompleted: boolean;
  run: Required<RunSummary>;
  dryRun: Required<RunSummary>;
}

const emptySummary = (): Required<RunSummary> => ({ count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 });

// A summary counts the verdict, not the metric's phase: a metric Failed for want of its success
// streak has no verdict and counts as successful, as in Argo.
function countVerdict(summary: Required<RunSummary>, verdict: MetricVerdict): void {
  if (verdict.phase === 'Error') summary.error += 1;
  else if (verdict.phase === 'Failed') summary.failed += 1;
  else if (verdict.phase === 'Inconclusive') summary.inconclusive += 1;
  else summary.successful += 1;
}

function assessOne(tally: Tally, metric: Metric, ctx: { dryRun: ReadonlySet<string>; terminating: boolean }): void {
  const isDryRun = ctx.dryRun.has(metric.name);
  (isDryRun ? tally.dryRun : tally.run).count += 1;
  let result = findResult(tally.status, metric.name);
  // Not started yet (an initial delay): the run cannot be complete.
  if (result === undefined) {
    tally.allCompleted = false;
    return;
  }
  const phase = assessMetric(metric, result, ctx.terminating);
  if (phase !== result.phase) {
    const last = result.measurements?.[result.measurements.length - 1];
    result = last === undefined ? { ...result, phase } : { ...result, phase, message: last.message };
  }
  if (!isCompleted(phase)) {
    tally.allCompleted = false;
  } else {
    const verdict = metricFailure(metric, result);
    if (isDryRun) result = tallyDryRun(tally, phase, verdict, result);
    else tallyRun(tally, { metric, phase, verdict, result });
  }
  tally.status = withResult(tally.status, stripEmptyMessage(result));
}

function tallyRun(tally: Tally, c: { metric: Metric; phase: AnalysisPhase; verdict: MetricVerdict; result: MetricResult }): void {
  if (tally.worst === undefined || isWorse(tally.worst, c.phase)) {
    tally.worst = c.phase;
    // A worse metric without a verdict keeps the earlier message, as Argo does.
    if (c.verdict.message !== '') {
      const detail = c.result.message ? `: "Error Message: ${c.result.message}"` : '';
      tally.worstMessage = `Metric "${c.metric.name}" assessed ${c.phase} due to ${c.verdict.message}${detail}`;
    }
  }
  countVerdict(tally.run, c.verdict);
}

// Dry-run metrics never make the run worse; their own result says how they would have.
function tallyDryRun(tally: Tally, phase: AnalysisPhase, verdict: MetricVerdict, result: MetricResult): MetricResult {
  tally.worst ??= 'Successful';
  countVerdict(tally.dryRun, verdict);
  return verdict.message === '' ? result : { ...result, message: `Metric assessed ${phase} due to ${verdict.message}` };
}

function stripEmptyMessage(result: MetricResult): MetricResult {
  if (result.message !== undefined && result.message !== '') return result;
  const { message: _message, ...rest } = result;
  return rest;
}

// Go's omitempty: zero counters are not written.
function compactSummary(summary: Required<RunSummary>): RunSummary {
  return Object.fromEntries(Object.entries(summary).filter(([, n]) => n !== 0));
}

/**
 * Argo's assessRunStatus plus what its caller does with the answer: metric phases updated, run and
 * dry-run summaries recomputed, startedAt set if missing; the run's phase and message replaced only
 * when the phase changes, and completedAt stamped when it completes. `metrics` are the run's
 * metrics with args substituted; `dryRun` names the dry-run ones.
 */
export function assessRun(input: { run: AnalysisRun; now: DateTime; metrics?: readonly Metric[]; dryRun?: ReadonlySet<string> }): RunAssessment {
  const { run, now } = input;
  const status: AnalysisRunStatus = { ...(run.status ?? { phase: 'Pending' }), startedAt: run.status?.startedAt ?? formatTime(now) };
  const terminating = isTerminating(run);
  const tally: Tally = { status, worstMessage: run.spec.terminate === true ? 'Run Terminated' : '', allCompleted: true, run: emptySummary(), dryRun: emptySummary() };
  const dryRun = input.dryRun ?? new Set<string>();
  for (const metric of input.metrics ?? run.spec.metrics) assessOne(tally, metric, { dryRun, terminating });
  const next = withDecision({ ...tally.status, runSummary: compactSummary(tally.run), dryRunSummary: compactSummary(tally.dryRun) }, decide(tally, terminating), now);
  return { status: next, phase: next.phase, message: next.message ?? '' };
}

// Argo changes the run's phase and message together, only when the phase changes.
function withDecision(status: AnalysisRunStatus, decided: { phase: AnalysisPhase; message: string }, now: DateTime): AnalysisRunStatus {
  if (decided.phase === status.phase) return status;
  const next: AnalysisRunStatus = { ...status, phase: decided.phase };
  if (decided.message === '') delete next.message;
  else next.message = decided.message;
  if (isCompleted(decided.phase)) next.completedAt ??= formatTime(now);
  return next;
}

function decide(tally: Tally, terminating: boolean): { phase: AnalysisPhase; message: string } {
  const message = tally.worstMessage.trim();
  if (terminating) return { phase: tally.worst ?? 'Successful', message };
  if (!tally.allCompleted || tally.worst === undefined) return { phase: 'Running', message: '' };
  return { phase: tally.worst, message };
}
