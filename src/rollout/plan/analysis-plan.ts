// Argo's reconcileAnalysisRuns for a canary: one run per analysis step and one background run per
// release, created when needed, terminated when superseded, pruned to the history limits; a Failed or
// Error run aborts the rollout, an Inconclusive one pauses it.
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { RolloutAnalysis } from '../../api/schema/rollout-analysis.js';
import type { AnalysisRun, RolloutAnalysisRunStatus } from '../../api/types.js';
import { newAnalysisRun, runsWithNameOf, type RunType } from './analysis-run-factory.js';
import { isCompleted } from './conditions.js';
import { pauseConditionOf } from './pause-state.js';
import { recordEvent, recordWarning, type PlanContext } from './plan-context.js';
import { getCurrentCanaryStep } from './replica-counts.js';
import { podHashOf } from './replica-set-roles.js';

const DONE = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** Whether a run has finished (any terminal phase). */
export function runCompleted(run: AnalysisRun | undefined): boolean {
  return DONE.has(run?.status?.phase ?? '');
}

/** Asks every unfinished run among these to stop (Argo's cancelAnalysisRuns). */
export function terminate(ctx: PlanContext, runs: readonly (AnalysisRun | undefined)[]): void {
  for (const run of runs) {
    // Nothing to stop: gone, already told, or finished.
    if (!run || run.spec.terminate || runCompleted(run)) continue;
    ctx.actions.push({ kind: 'terminateAnalysisRun', name: run.metadata?.name ?? '' });
    ctx.reasons.push(`terminating AnalysisRun ${run.metadata?.name ?? ''}`);
  }
}

/** Argo's needsNewAnalysisRun: none yet; a promote after an inconclusive run; or a retry after an abort. */
export function needsNewRun(ctx: PlanContext, current: AnalysisRun | undefined): boolean {
  if (!current) return true;
  const ro = ctx.rollout;
  const resumed = ro.status?.controllerPause === true && !pauseConditionOf(ro, 'CanaryPauseStep') && !pauseConditionOf(ro, 'BlueGreenPause');
  if (resumed) return current.status?.phase === 'Inconclusive';
  return ro.status?.abortedAt !== undefined;
}

// JSON with object keys sorted, so that two specs compare equal whatever order their fields came in.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

// What Argo's IsSemanticallyEqual compares of two run specs.
function semanticSpec(run: AnalysisRun): string {
  const { metrics, args, dryRun, measurementRetention } = run.spec;
  return canonicalJson({ metrics, args, dryRun, measurementRetention });
}

const controllerUid = (run: AnalysisRun): string | undefined => run.metadata?.ownerReferences?.find((o) => o.controller)?.uid;

/**
 * Argo's CreateWithCollisionCounter keeps a run that already has the wanted name when it is unfinished,
 * controlled by the same rollout and semantically equal: this rollout created it, but its status never
 * named it — the controller died between the create and the status write, or planned from a stale cache.
 * E.g. `web-6d4f-2-3` Running, owned by web, same metrics and args → it becomes the step's run, instead
 * of a second run `web-6d4f-2-3.1` (and the first one terminated as superseded). A finished run, or one
 * being terminated, is not taken over: the name moves on to `.1`, as in Argo.
 */
function isUnrecordedRun(existing: AnalysisRun, wanted: AnalysisRun): boolean {
  // Finished or being stopped: not the run this step is waiting for.
  if (runCompleted(existing) || existing.spec.terminate === true || existing.metadata?.deletionTimestamp) return false;
  return controllerUid(existing) === controllerUid(wanted) && semanticSpec(existing) === semanticSpec(wanted);
}

/**
 * Asks for a new run (or warns why it cannot be built); answers it as Pending for the rest of the plan.
 * A run this rollout created but did not record (isUnrecordedRun) is answered instead, and nothing is created.
 */
export function createRun(ctx: PlanContext, analysis: Parameters<typeof newAnalysisRun>[1], run: Parameters<typeof newAnalysisRun>[2]): AnalysisRun | undefined {
  const built = newAnalysisRun(ctx, analysis, run);
  if (!built.ok) {
    recordWarning(ctx, 'AnalysisRunError', `Cannot create ${run.type} AnalysisRun: ${built.message}`);
    ctx.reasons.push(`cannot create ${run.type} AnalysisRun: ${built.message}`);
    return undefined;
  }
  const unrecorded = runsWithNameOf(ctx, run).find((existing) => isUnrecordedRun(existing, built.value));
  if (unrecorded) {
    ctx.reasons.push(`taking over ${run.type} AnalysisRun ${unrecorded.metadata?.name ?? ''}, created before but not in status`);
    return unrecorded;
  }
  ctx.actions.push({ kind: 'createAnalysisRun', run: built.value });
  ctx.reasons.push(`creating ${run.type} AnalysisRun ${built.value.metadata?.name ?? ''}`);
  return { ...built.value, status: { phase: 'Pending' } };
}

// A finished run decides for the rollout: Inconclusive pauses, Failed or Error aborts.
function act(ctx: PlanContext, run: AnalysisRun, what: string): void {
  const phase = run.status?.phase;
  if (phase === 'Inconclusive') ctx.pause.addPause('InconclusiveAnalysisRun');
  if (phase !== 'Failed' && phase !== 'Error') return;
  const message = run.status?.message ? `${what} analysis phase error/failed: ${run.status.message}` : `${what} analysis phase error/failed`;
  ctx.pause.addAbort(message);
}

function pausedOrAborted(ctx: PlanContext): boolean {
  const status = ctx.rollout.status;
  return (status?.pauseConditions?.length ?? 0) > 0 || status?.abort === true;
}

// The current step's analysis, when the current step is one (with templates).
function stepAnalysis(ctx: PlanContext): { analysis: RolloutAnalysis; index: number } | undefined {
  const { step, index } = getCurrentCanaryStep(ctx.rollout);
  const analysis = step && 'analysis' in step ? step.analysis : undefined;
  return analysis?.templates?.length && index !== undefined ? { analysis, index } : undefined;
}

function stepRun(ctx: PlanContext): AnalysisRun | undefined {
  const current = ctx.currentRuns.step;
  // While paused or aborted the step's run is left as it is.
  if (pausedOrAborted(ctx)) return current;
  const wanted = stepAnalysis(ctx);
  // Not an analysis step, or the run belongs to an earlier step: it is stopped.
  if (!wanted || (current !== undefined && current.metadata?.labels?.[LABELS.stepIndex] !== String(wanted.index))) {
    terminate(ctx, [current]);
    return undefined;
  }
  if (needsNewRun(ctx, current)) return createRun(ctx, wanted.analysis, { type: 'Step', stepIndex: wanted.index });
  if (current) act(ctx, current, 'Step-based');
  return current;
}

// Background analysis starts at `startingStep` and runs until the release is promoted.
function beforeStartingStep(ctx: PlanContext): boolean {
  const starting = ctx.rollout.spec.strategy?.canary?.analysis?.startingStep;
  return starting !== undefined && (ctx.rollout.status?.currentStepIndex ?? 0) < starting;
}

// Nothing to analyse: no release in progress, or not yet at the starting step.
function noReleaseToAnalyse(ctx: PlanContext): boolean {
  const status = ctx.rollout.status ?? {};
  return isCompleted(status) || !status.stableRS || !status.currentPodHash || beforeStartingStep(ctx);
}

function backgroundRun(ctx: PlanContext): AnalysisRun | undefined {
  const analysis = ctx.rollout.spec.strategy?.canary?.analysis;
  const current = ctx.currentRuns.background;
  if (!analysis?.templates?.length) {
    terminate(ctx, [current]);
    return undefined;
  }
  if (noReleaseToAnalyse(ctx)) return undefined;
  if (pauseConditionOf(ctx.rollout, 'InconclusiveAnalysisRun')) return current;
  if (needsNewRun(ctx, current)) return createRun(ctx, analysis, { type: 'Background' });
  if (current) act(ctx, current, 'Background');
  return current;
}

function shouldCancel(ctx: PlanContext): boolean {
  const status = ctx.rollout.status ?? {};
  const fastRollback = ctx.roles.newRS !== undefined && ctx.roles.stableRS !== undefined && status.stableRS === podHashOf(ctx.roles.newRS);
  return isCompleted(status) || ctx.pause.isAborted() || status.promoteFull === true || fastRollback || !status.stableRS;
}

/**
 * Finished runs of earlier releases, beyond the rollout's history limits (default 5 successful, 5
 * unsuccessful; newest kept), or of ReplicaSets that are gone (Argo's FilterAnalysisRunsToDelete).
 */
function historyLimits(ctx: PlanContext): { successful: number; unsuccessful: number } {
  const limits = ctx.rollout.spec.analysis;
  return { successful: limits?.successfulRunHistoryLimit ?? 5, unsuccessful: limits?.unsuccessfulRunHistoryLimit ?? 5 };
}

function newestFirst(runs: readonly AnalysisRun[]): AnalysisRun[] {
  const created = (r: AnalysisRun): string => r.metadata?.creationTimestamp ?? '';
  return runs.filter((r) => !r.metadata?.deletionTimestamp).sort((a, b) => created(b).localeCompare(created(a)));
}

/** Deletes finished runs of earlier releases beyond the history limits, and runs of ReplicaSets that are gone. */
export function pruneHistory(ctx: PlanContext, others: readonly AnalysisRun[]): void {
  const hashes = new Set(ctx.roles.all.map((rs) => podHashOf(rs)));
  const limits = historyLimits(ctx);
  const kept = { successful: 0, unsuccessful: 0 };
  const overLimit = (run: AnalysisRun): boolean => {
    const bucket = historyBucket(run);
    return bucket !== undefined && ++kept[bucket] > limits[bucket];
  };
  for (const run of newestFirst(others)) {
    // Runs of ReplicaSets that are gone are deleted and do not count against the limits.
    const orphaned = !hashes.has(run.metadata?.labels?.[LABELS.podTemplateHash] ?? '');
    if (orphaned || overLimit(run)) ctx.actions.push({ kind: 'deleteAnalysisRun', name: run.metadata?.name ?? '' });
  }
}

// Successful and unsuccessful runs have separate limits; unfinished ones count against neither.
function historyBucket(run: AnalysisRun): 'successful' | 'unsuccessful' | undefined {
  if (run.status?.phase === 'Successful') return 'successful';
  return runCompleted(run) ? 'unsuccessful' : undefined;
}

// An event when a run first shows a phase, or its phase changes (Argo's emitAnalysisRunStatusChanges).
function phaseChanged(prev: RolloutAnalysisRunStatus | undefined, run: AnalysisRun | undefined): run is AnalysisRun & { status: { phase: string } } {
  const phase = run?.status?.phase;
  if (!phase || phase === 'Pending') return false;
  return !prev || (prev.name === run?.metadata?.name && prev.status !== phase);
}

/** Argo's emitAnalysisRunStatusChanges for one run type. */
export function statusEvent(ctx: PlanContext, prev: RolloutAnalysisRunStatus | undefined, run: AnalysisRun | undefined, type: RunType): void {
  if (!phaseChanged(prev, run)) return;
  const phase = run.status.phase;
  const message = `${type} Analysis Run '${run.metadata?.name ?? ''}' Status New: '${phase}' Previous: '${prev?.status ?? 'NoPreviousStatus'}'`;
  if (phase === 'Failed' || phase === 'Error') recordWarning(ctx, `AnalysisRun${phase}`, message);
  else recordEvent(ctx, `AnalysisRun${phase}`, message);
}

/**
 * An unfinished step run of this release for a step the status has not reached: a reconcile completed the
 * step before, created the next step's run, and its status write was lost (the controller died). It is
 * not superseded: kept running for createRun to take over when the step comes round again. E.g. status at
 * step 2 (setWeight) of revision 2, run `web-6d4f-2-3` for step 3 Running → kept, not terminated.
 */
function isRunOfComingStep(ctx: PlanContext, run: AnalysisRun): boolean {
  return isOfCurrentRelease(ctx, run) && isStepRunAhead(ctx, run) && !runCompleted(run);
}

// Same pod-template hash and revision as the release in progress.
function isOfCurrentRelease(ctx: PlanContext, run: AnalysisRun): boolean {
  const meta = run.metadata ?? {};
  return meta.labels?.[LABELS.podTemplateHash] === ctx.currentHash && meta.annotations?.[ANNOTATIONS.revision] === String(ctx.revision);
}

// A step run for a later step than the status's currentStepIndex.
function isStepRunAhead(ctx: PlanContext, run: AnalysisRun): boolean {
  const labels = run.metadata?.labels ?? {};
  return labels[LABELS.rolloutType] === 'Step' && Number(labels[LABELS.stepIndex]) > (ctx.rollout.status?.currentStepIndex ?? 0);
}

/** Reconciles the canary's AnalysisRuns; afterwards ctx.currentRuns holds the step and background runs. */
export function reconcileAnalysisRuns(ctx: PlanContext): void {
  const before = ctx.currentRuns;
  const cancel = shouldCancel(ctx);
  if (cancel) {
    terminate(ctx, [before.step, before.background]);
    ctx.currentRuns = {};
  } else {
    ctx.currentRuns = { step: stepRun(ctx), background: backgroundRun(ctx) };
  }
  const current = new Set([ctx.currentRuns.step?.metadata?.name, ctx.currentRuns.background?.metadata?.name]);
  const others = ctx.analysisRuns.filter((r) => !current.has(r.metadata?.name));
  // Superseded runs stop; a coming step's run stops only with the release (abort, promote --full, done).
  terminate(ctx, cancel ? others : others.filter((r) => !isRunOfComingStep(ctx, r)));
  pruneHistory(ctx, others);
  const prev = ctx.rollout.status?.canary;
  statusEvent(ctx, prev?.currentStepAnalysisRunStatus, ctx.currentRuns.step, 'Step');
  statusEvent(ctx, prev?.currentBackgroundAnalysisRunStatus, ctx.currentRuns.background, 'Background');
}

/** The run as the rollout's status names it: name, phase and message. */
export function runStatusOf(run: AnalysisRun | undefined): RolloutAnalysisRunStatus | undefined {
  if (!run) return undefined;
  const out: RolloutAnalysisRunStatus = { name: run.metadata?.name ?? '', status: run.status?.phase ?? 'Pending' };
  if (run.status?.message) out.message = run.status.message;
  return out;
}
