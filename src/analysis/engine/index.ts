// The pure analysis engine, as the AnalysisRun reconcile uses it. One pass over a run that has not
// completed, in Argo's order (analysis/analysis.go reconcileAnalysisRun):
//   1. prepareRun(run, { fieldSource })        → not ok: phase Error with its message, stop
//   2. status = initialStatus(run, now)
//   3. tasks = dueMetrics(run+status, now, prepared.metrics), isTerminating(run) → resume or terminate
//   4. secretRefsOf(spec.args) → read them → resolveArgs({ args, secrets, fieldSource })
//      (not ok: phase Error, unresolvedArgsMessage(message)); templateMetric(task.metric, args)
//   5. provider → measurementFromOutcome(…) or terminatedMeasurement(…) → applyMeasurement(…)
//   6. assessRun({ run+status, now, metrics: prepared.metrics, dryRun: prepared.dryRun })
//   7. applyRetention({ status, metrics, retention: prepared.retention }) → provider.garbageCollect
//   8. nextRequeue(run+status, now, prepared.metrics) → requeueAfter
// Messages are masked with redact(…, secretValuesOf(args)) before they are logged.
export { compileCondition, evaluateMeasurement } from './conditions.js';
export type { CompiledCondition, Evaluation } from './conditions.js';
export { translateCondition } from './expr-translate.js';
export { SECRET_PLACEHOLDER, redact, resolveArgs, secretRefsOf, secretValuesOf, substituteTags, templateMetric } from './args.js';
export type { ArgsResult, ResolvedArg, SecretData } from './args.js';
export { resolveFieldPath } from './field-path.js';
export { dueMetrics, nextRequeue } from './schedule.js';
export type { MetricTask } from './schedule.js';
export { METRIC_TERMINATED_MESSAGE, applyMeasurement, measurementFromOutcome, terminatedMeasurement } from './measurement.js';
export type { ApplyMeasurementInput, MeasurementOutcome } from './measurement.js';
export { assessMetric, assessRun, initialStatus, isWorse, metricFailure } from './assess.js';
export type { MetricVerdict, RunAssessment } from './assess.js';
export { applyRetention } from './retention.js';
export type { TrimmedHistory } from './retention.js';
export { matchRules, prepareRun, unresolvedArgsMessage, validateMetric, validateMetrics } from './validate-run.js';
export type { PreparedRun, PrepareResult } from './validate-run.js';
export {
  DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  DEFAULT_ERROR_RETRY_INTERVAL_MS,
  DEFAULT_MEASUREMENT_HISTORY_LIMIT,
  effectiveCount,
  isCompleted,
  isTerminating,
} from './run-state.js';
export { ttlExpiry } from './ttl.js';
