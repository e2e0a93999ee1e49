// Argo's ttlStrategy on a completed AnalysisRun: deleted `secondsAfterSuccess` after a success,
// `secondsAfterFailure` after a failure, else `secondsAfterCompletion` after any completion.
import type { DateTime } from 'luxon';
import type { AnalysisRun } from '../../api/types.js';
import { isCompleted, parseTime } from './run-state.js';

function ttlSeconds(run: AnalysisRun): number | undefined {
  const ttl = run.spec.ttlStrategy;
  const phase = run.status?.phase;
  if (phase === 'Successful' && ttl?.secondsAfterSuccess !== undefined) return ttl.secondsAfterSuccess;
  if (phase === 'Failed' && ttl?.secondsAfterFailure !== undefined) return ttl.secondsAfterFailure;
  return ttl?.secondsAfterCompletion;
}

/** When a completed run is to be deleted; undefined when it has no TTL, is not complete, or has no completedAt. */
export function ttlExpiry(run: AnalysisRun): DateTime | undefined {
  if (!isCompleted(run.status?.phase)) return undefined;
  const seconds = ttlSeconds(run);
  const completed = parseTime(run.status?.completedAt);
  return seconds === undefined || completed === undefined ? undefined : completed.plus({ seconds });
}
