import type { Rollout } from '../api/types.js';
import { InvalidRequestError } from './rollout-ref.js';

export interface PromoteOptions {
  /** Skip every remaining step, analysis and pause: status.promoteFull. */
  full?: boolean;
  /** Deprecated in Argo (use plain promote): move past the current step. */
  skipCurrentStep?: boolean;
  /** Deprecated in Argo (use --full): jump to the end of the steps. */
  skipAllSteps?: boolean;
}

/**
 * The merge patches a promote sends, as Argo's plugin computes them: `status` goes to the status
 * subresource, `spec` to the rollout, and `unified` replaces both where there is no status subresource.
 */
export interface PromotePatches {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  unified?: Record<string, unknown>;
}

const UNPAUSE = { paused: false };

/**
 * What promoting `rollout` changes. Plain promote leaves the current pause: it clears
 * status.pauseConditions when there are some, else (a canary mid-step, e.g. in an analysis) moves
 * status.currentStepIndex one on (never past the last step); after an inconclusive step analysis
 * it does both and clears controllerPause. A manual pause (spec.paused) is lifted either way.
 * `full` sets status.promoteFull unless the rollout is already fully promoted.
 * E.g. a canary paused at step 1 of 5 → status {pauseConditions: null}; at step 2 running an
 * analysis with no pause → status {pauseConditions: null, currentStepIndex: 3}.
 */
export function promotePatches(rollout: Rollout, options: PromoteOptions): PromotePatches {
  checkSkipFlags(rollout, options);
  if (options.skipCurrentStep) return skipCurrentStepPatches(rollout);
  if (options.skipAllSteps) {
    const patch = { status: { currentStepIndex: (rollout.spec.strategy?.canary?.steps ?? []).length } };
    return { status: patch, unified: patch };
  }
  const paused = rollout.spec.paused === true;
  if (options.full) return fullPatches(rollout, paused);
  const patches: PromotePatches = {
    spec: paused ? { spec: UNPAUSE } : undefined,
    unified: { spec: UNPAUSE, status: { pauseConditions: null } },
  };
  return { ...patches, ...stepPatches(rollout) };
}

function checkSkipFlags(rollout: Rollout, options: PromoteOptions): void {
  if (options.skipCurrentStep && options.skipAllSteps) throw new InvalidRequestError('Cannot use skip-current-step and skip-all-steps flags at the same time');
  if (!options.skipCurrentStep && !options.skipAllSteps) return;
  const strategy = rollout.spec.strategy ?? {};
  if (strategy.blueGreen) throw new InvalidRequestError('Cannot skip steps of a bluegreen rollout. Run without a flags');
  if (strategy.canary && (strategy.canary.steps ?? []).length === 0) throw new InvalidRequestError('Cannot skip steps of a rollout without steps');
}

function fullPatches(rollout: Rollout, paused: boolean): PromotePatches {
  const status = rollout.status ?? {};
  return {
    spec: paused ? { spec: UNPAUSE } : undefined,
    status: status.currentPodHash !== status.stableRS ? { status: { promoteFull: true } } : undefined,
    unified: { spec: UNPAUSE, status: { promoteFull: true } },
  };
}

/** The step index after the current one, capped at the number of steps; undefined without steps. */
function nextStepIndex(rollout: Rollout): number | undefined {
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  if (steps.length === 0) return undefined;
  const index = rollout.status?.currentStepIndex ?? 0;
  return index < steps.length ? index + 1 : index;
}

function skipCurrentStepPatches(rollout: Rollout): PromotePatches {
  const next = nextStepIndex(rollout);
  if (next === undefined) return {};
  const patch = { status: { currentStepIndex: next } };
  return { status: patch, unified: patch };
}

// Only one of: clear the pause conditions, or move to the next step (both only after an
// inconclusive analysis, whose pause would otherwise hold the rollout at a following pause step).
function stepPatches(rollout: Rollout): Pick<PromotePatches, 'status' | 'unified'> {
  const pauses = (rollout.status?.pauseConditions ?? []).length;
  const next = nextStepIndex(rollout);
  if (pausedByInconclusiveAnalysis(rollout)) {
    return next === undefined ? {} : { status: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } } };
  }
  if (pauses > 0) return { status: { status: { pauseConditions: null } } };
  if (!rollout.spec.strategy?.canary || next === undefined) return {};
  return {
    status: { status: { pauseConditions: null, currentStepIndex: next } },
    unified: { spec: UNPAUSE, status: { pauseConditions: null, currentStepIndex: next } },
  };
}

function pausedByInconclusiveAnalysis(rollout: Rollout): boolean {
  const status = rollout.status ?? {};
  const inconclusive = rollout.spec.strategy?.canary !== undefined && status.canary?.currentStepAnalysisRunStatus?.status === 'Inconclusive';
  return inconclusive && (status.pauseConditions ?? []).length > 0 && status.controllerPause === true;
}
