import { isJsonObject, jsonEqual, objectAt, str, type JsonObject } from '../json.js';
import { timestamp } from '../names.js';
import { nameOf } from '../object-meta.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { controllerRef } from './owner-index.js';
import { controlledBy, podFromTemplate } from './controlled.js';
import { isPodReady } from './pod-status.js';

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : fallback;
}

function finished(job: JsonObject): boolean {
  const conditions = objectAt(job, 'status').conditions;
  return Array.isArray(conditions) && conditions.some((c) => isJsonObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}


function condition(type: string, reason: string, message: string, now: string): JsonObject {
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/** A Job's pods by outcome: still active (neither deleting nor finished), succeeded, failed. */
function countPods(all: JsonObject[]): { active: JsonObject[]; succeeded: number; failed: number } {
  const phase = (p: JsonObject): unknown => objectAt(p, 'status').phase;
  return {
    active: all.filter((p) => !isDeleting(p) && phase(p) !== 'Succeeded' && phase(p) !== 'Failed'),
    succeeded: all.filter((p) => phase(p) === 'Succeeded').length,
    failed: all.filter((p) => phase(p) === 'Failed').length,
  };
}

function completedStatus(now: string): JsonObject {
  const message = 'Reached expected number of succeeded pods';
  return { active: 0, completionTime: now, conditions: [condition('SuccessCriteriaMet', 'CompletionsReached', message, now), condition('Complete', 'CompletionsReached', message, now)] };
}

function failedStatus(now: string): JsonObject {
  const message = 'Job has reached the specified backoff limit';
  return { active: 0, conditions: [condition('FailureTarget', 'BackoffLimitExceeded', message, now), condition('Failed', 'BackoffLimitExceeded', message, now)] };
}

/**
 * Runs a Job's pods one attempt at a time (parallelism as given) until `completions` succeeded, or
 * more than `backoffLimit` failed; then sets Complete or Failed as batch/v1 does.
 */
export function startJobController(ctx: ClusterContext): ClusterController {
  const jobType = ctx.builtin('batch', 'jobs');
  const podType = ctx.builtin('', 'pods');

  const pods = (job: JsonObject): JsonObject[] => controlledBy(ctx, str(meta(job).uid), { key: KEYS.pods, resource: podType });

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const job = ctx.storage.find(jobType, ns, name);
    // Gone, being deleted or finished: nothing is left to run.
    if (!job || isDeleting(job) || finished(job)) return;
    const status = advance(job, ns, timestamp(ctx.now()));
    if (!jsonEqual(status, objectAt(job, 'status'))) ctx.storage.update(jobType, { namespace: ns, name }, { ...job, status }, { subresource: 'status' });
  }

  // One pass over a running Job: it completes, fails (deleting its active pods), or starts the pods it lacks.
  function advance(job: JsonObject, ns: string, now: string): JsonObject {
    const spec = objectAt(job, 'spec');
    const { active, succeeded, failed } = countPods(pods(job));
    const completions = num(spec.completions, 1);
    const status: JsonObject = { ...objectAt(job, 'status'), active: active.length, ready: active.filter(isPodReady).length, succeeded, failed, terminating: 0, uncountedTerminatedPods: {} };
    status.startTime ??= now;
    if (succeeded >= completions) {
      Object.assign(status, completedStatus(now));
    } else if (failed > num(spec.backoffLimit, 6)) {
      Object.assign(status, failedStatus(now));
      for (const p of active) ctx.storage.delete(podType, ns, nameOf(p));
    } else if (spec.suspend !== true) {
      // parallelism 2, completions 3, 2 succeeded, 0 active → 1 more pod.
      const want = Math.min(num(spec.parallelism, 1), completions - succeeded) - active.length;
      for (let i = 0; i < want; i++) ctx.storage.create(podType, ns, podFromTemplate(job, { apiVersion: 'batch/v1', kind: 'Job' }));
      status.active = active.length + Math.max(0, want);
    }
    return status;
  }

  const queue = new KeyQueue('job-controller', sync, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.jobs && e.type !== 'DELETED') queue.add(keyOf(e.object));
      if (e.typeKey !== KEYS.pods) return;
      const owner = controllerRef(e.object);
      if (owner?.kind === 'Job') queue.add(`${str(meta(e.object).namespace)}/${str(owner.name)}`);
    },
    stop: () => queue.stop(),
  };
}
