// The dashboard's buttons: each runs the very operation the plugin's command runs (src/ops), then
// records a Kubernetes Event on the Rollout naming the action and who asked for it.
import { hostname } from 'node:os';
import type { DateTime } from 'luxon';
import { eventObject } from '../kube/events.js';
import type { KubeClient } from '../kube/kube-client-types.js';
import { RESOURCES } from '../kube/resources.js';
import { abort } from '../ops/abort.js';
import { promote } from '../ops/promote.js';
import { restart } from '../ops/restart.js';
import { retry } from '../ops/retry.js';
import type { OpResult, RolloutRef } from '../ops/rollout-ref.js';

export const DASHBOARD_ACTIONS = ['promote', 'promote-full', 'abort', 'retry', 'restart'] as const;
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

export const DASHBOARD_ACTION_REASON = 'DashboardAction';

/** Who clicked: the client address and its user agent, as the event message names them. */
export interface Requester {
  address: string;
  userAgent: string;
}

export function isDashboardAction(value: string): value is DashboardAction {
  return (DASHBOARD_ACTIONS as readonly string[]).includes(value);
}

// `kubectl rollouts promote`, `promote --full`, `abort`, `retry rollout`, `restart`: the same calls.
const OPERATIONS: Record<DashboardAction, (client: KubeClient, ref: RolloutRef, now: DateTime) => Promise<OpResult>> = {
  promote: (client, ref, now) => promote(client, ref, {}, now),
  'promote-full': (client, ref, now) => promote(client, ref, { full: true }, now),
  abort: (client, ref) => abort(client, ref),
  retry: (client, ref) => retry(client, ref),
  restart: (client, ref, now) => restart(client, ref, {}, now),
};

/** Runs the action, then records the DashboardAction event (the action stands if the event fails). */
export async function runDashboardAction(client: KubeClient, request: { ref: RolloutRef; action: DashboardAction; requester: Requester; now: DateTime }): Promise<OpResult & { eventError?: unknown }> {
  const { ref, action, requester } = request;
  const result = await OPERATIONS[action](client, ref, request.now);
  const message = `${action} from the dashboard by ${requester.address} (${requester.userAgent || 'unknown user agent'}): ${result.message}`;
  const involved = { ...result.rollout, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
  const event = eventObject(involved, { type: 'Normal', reason: DASHBOARD_ACTION_REASON, message }, { component: 'rollouts-dashboard', instance: hostname() });
  try {
    await client.create(RESOURCES.events, ref.namespace, event);
    return result;
  } catch (eventError) {
    return { ...result, eventError };
  }
}
