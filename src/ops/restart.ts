import type { DateTime } from 'luxon';
import { tryParseDurationString } from '../api/duration.js';
import type { KubeClient } from '../kube/kube-client-types.js';
import { InvalidRequestError, patchRollout, type OpResult, type RolloutRef } from './rollout-ref.js';

export interface RestartOptions {
  /** Restart this long from now instead of at once: a Go duration such as "10s" or "5m" (`--in`). */
  in?: string;
}

/** Go's time.RFC3339 for a UTC time: "2024-05-01T12:00:00Z", whole seconds. */
export function formatRestartAt(t: DateTime): string {
  return t.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/**
 * `restart`: sets spec.restartAt to now (plus `in`), RFC 3339 in UTC; the controller then replaces
 * every pod created before that moment, a few at a time.
 */
export async function restart(client: KubeClient, ref: RolloutRef, options: RestartOptions, now: DateTime): Promise<OpResult> {
  let at = now;
  if (options.in !== undefined) {
    const delay = tryParseDurationString(options.in);
    if (!delay.ok) throw new InvalidRequestError(`invalid --in: ${delay.message}`);
    at = now.plus(delay.value);
  }
  const rollout = await patchRollout(client, ref, { spec: { restartAt: formatRestartAt(at) } });
  return { message: `rollout '${ref.name}' restarts in ${options.in ?? '0s'}`, rollout };
}
