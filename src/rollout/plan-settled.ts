import type { DateTime } from 'luxon';
import { LABELS } from '../api/labels.js';
import { planRollout } from './plan/plan-rollout.js';
import type { RolloutAction, RolloutPlan, RolloutSnapshot } from './plan/plan-types.js';
import { deepEqual } from './status-patch.js';

/** Passes one reconcile may fold together (a loop guard: real chains are two or three long). */
export const MAX_FOLDED_PASSES = 4;

type SelectorAction = Extract<RolloutAction, { kind: 'setServiceSelector' }>;

const isSelectorAction = (a: RolloutAction): a is SelectorAction => a.kind === 'setServiceSelector';

// A pass that changes only the status (and maybe Service selectors, whose effect is known exactly) is
// folded into the next: the next pass is planned from that status instead of after writing it and
// reading it back.
function foldable(plan: RolloutPlan, snapshot: RolloutSnapshot): boolean {
  return plan.actions.every(isSelectorAction) && plan.status !== undefined && !deepEqual(plan.status, snapshot.rollout.status ?? {});
}

// The snapshot as the next pass would read it: the new status, and the Services with their new selectors.
function afterPass(snapshot: RolloutSnapshot, plan: RolloutPlan): RolloutSnapshot {
  const services = new Map(snapshot.services);
  for (const action of plan.actions.filter(isSelectorAction)) {
    const svc = services.get(action.service);
    if (svc) services.set(action.service, { ...svc, spec: { ...svc.spec, selector: { ...svc.spec?.selector, [LABELS.podTemplateHash]: action.podTemplateHash } } });
  }
  return { ...snapshot, services, rollout: { ...snapshot.rollout, status: plan.status } };
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

// `next` makes no write but its status (planSettled stops before a pass that acts).
function merged(first: RolloutPlan, next: RolloutPlan): RolloutPlan {
  return {
    actions: first.actions,
    status: next.status ?? first.status,
    events: [...first.events, ...next.events],
    requeueAfterMs: minDefined(first.requeueAfterMs, next.requeueAfterMs),
    reasons: [...first.reasons, ...next.reasons],
  };
}

/**
 * Plans one reconcile as planRollout would over consecutive passes, as long as a pass only changes
 * the status (and, the first pass, Service selectors) and the next pass makes no write but the status:
 * the status write of the folded pass is skipped, not its effect. Pure, like planRollout. E.g. the canary of a setWeight step becomes available → pass 1: canary Service
 * to the canary hash, currentStepIndex 1 → pass 2 at the pause step: CanaryPauseStep added → pass 3:
 * Paused condition True → one selector patch and one status write instead of three status writes,
 * with the events of all three passes.
 */
export function planSettled(snapshot: RolloutSnapshot, now: DateTime): RolloutPlan {
  let plan = planRollout(snapshot, now);
  let current = snapshot;
  for (let pass = 1; pass < MAX_FOLDED_PASSES && foldable(plan, current); pass++) {
    const after = afterPass(current, plan);
    const next = planRollout(after, now);
    // A later pass that acts waits for the status that justifies it to be written first: if that write
    // failed (a 409), the pass before would undo the act, and the two would take turns for ever.
    if (next.actions.length > 0) break;
    current = after;
    plan = merged(plan, next);
  }
  return plan;
}
