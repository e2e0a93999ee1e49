import { calculatePhase } from '../../api/rollout-phase.js';
import type { RolloutPhase, RolloutSpec, RolloutStatus } from '../../api/types.js';

/**
 * The phase and message a status implies (Argo's CalculateRolloutPhase), shared with the plugin and
 * the dashboard through src/api so that all three agree. E.g. 6 replicas, 1 updated → Progressing.
 */
export function calculateRolloutPhase(spec: RolloutSpec, status: RolloutStatus): { phase: RolloutPhase; message: string } {
  return calculatePhase(spec, status);
}
