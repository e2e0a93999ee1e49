import type { Rollout, RolloutStatus } from '../api/types.js';
import { currentSetWeight } from './canary-progress.js';
import { metaOf } from './object-meta.js';
import { rolloutPhase } from '../api/rollout-phase.js';
import type { RolloutListRow } from './view-types.js';

/** One rollout as a line of `list rollouts`: strategy, phase, step, set weight and replica counts. */
export function listRow(rollout: Rollout): RolloutListRow {
  const meta = metaOf(rollout);
  const status: RolloutStatus = rollout.status ?? {};
  return {
    namespace: meta.namespace,
    name: meta.name,
    ...strategyColumns(rollout),
    status: rolloutPhase(rollout).phase,
    readyCurrent: `${status.readyReplicas ?? 0}/${status.replicas ?? 0}`,
    desired: rollout.spec.replicas ?? 1,
    upToDate: status.updatedReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
}

function strategyColumns(rollout: Rollout): Pick<RolloutListRow, 'strategy' | 'step' | 'setWeight'> {
  const canary = rollout.spec.strategy?.canary;
  if (!canary) return { strategy: rollout.spec.strategy?.blueGreen ? 'BlueGreen' : 'unknown', step: '-', setWeight: '-' };
  return { strategy: 'Canary', step: stepColumn(rollout) || '-', setWeight: String(currentSetWeight(rollout)) };
}

/** "1/5": the current step index over the number of steps; '' without steps or an index. */
export function stepColumn(rollout: Rollout): string {
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex;
  return index !== undefined && steps.length > 0 ? `${index}/${steps.length}` : '';
}
