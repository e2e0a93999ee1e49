import type { DateTime } from 'luxon';
import type { RolloutStatus } from '../../api/types.js';
import { getCondition, putCondition, removeCondition } from './conditions.js';

/** Argo's FailedRSCreateReason. */
export const REPLICA_SET_CREATE_ERROR = 'ReplicaSetCreateError';

/**
 * The status after the API server refused the new ReplicaSet (Argo's FailedRSCreate handling):
 * Progressing False / ReplicaSetCreateError naming the ReplicaSet and the server's reason, and the
 * message for the Warning event. Undefined when the status already says exactly that.
 * E.g. a name longer than 63 characters → `Failed to create new replica set "…": metadata.name: Invalid value…`.
 */
export function replicaSetRefusedStatus(current: RolloutStatus | undefined, refused: { replicaSet: string; reason: string }, now: DateTime): { status: RolloutStatus; message: string } | undefined {
  const message = `Failed to create new replica set "${refused.replicaSet}": ${refused.reason}`;
  const existing = getCondition(current, 'Progressing');
  // Already reported in these words.
  if (existing?.reason === REPLICA_SET_CREATE_ERROR && existing.message === message) return undefined;
  const status = structuredClone(current ?? {});
  // A new reason replaces the old words too (setCondition alone keeps a condition of the same reason).
  if (existing?.reason === REPLICA_SET_CREATE_ERROR) removeCondition(status, 'Progressing');
  putCondition(status, { type: 'Progressing', status: 'False', reason: REPLICA_SET_CREATE_ERROR, message }, now);
  return { status, message };
}
