import { cloneJson, isJsonObject, jsonEqual, objectAt, type JsonObject } from '../json.js';
import { timestamp } from '../names.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { controllerRef } from './owner-index.js';
import { isPodReady } from './pod-status.js';

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : fallback;
}

function finished(job: JsonObject): boolean {
  const conditions = objectAt(job, 'status').conditions;
  return Array.isArray(conditions) && conditions.some((c) => isJsonObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function podFor(job: JsonObject): JsonObject {
  const m = meta(job);
  const template = objectAt(objectAt(job, 'spec'), 'template');
  const tmeta = objectAt(template, 'metadata');
  const metadata: JsonObject = {
    generateName: `${String(m.name)}-`,
    namespace: m.namespace ?? 'default',
    labels: isJsonObject(tmeta.labels) ? tmeta.labels : {},
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: m.name ?? '', uid: m.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (isJsonObject(tmeta.annotations)) metadata.annotations = tmeta.annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: cloneJson(objectAt(template, 'spec')) };
}

function condition(type: string, reason: string, message: string, now: string): JsonObject {
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/**
 * Runs a Job's pods one attempt at a time (parallelism as given) until `completions` succeeded, or
 * more than `backoffLimit` failed; then sets Complete or Failed as batch/v1 does.
 */
export function startJobController(ctx: ClusterContext): ClusterController {
  const jobType = ctx.builtin('batch', 'jobs');
  const podType = ctx.builtin('', 'pods');

  function pods(job: JsonObject): JsonObject[] {
    const uid = String(meta(job).uid);
    return ctx.owners
      .dependentsOf(uid)
      .filter((r) => r.typeKey === KEYS.pods)
      .map((r) => ctx.storage.find(podType, r.namespace, r.name))
      .filter((p): p is JsonObject => p !== undefined && controllerRef(p)?.uid === uid);
  }

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const job = ctx.storage.find(jobType, ns, name);
    if (!job || isDeleting(job) || finished(job)) return;
    const spec = objectAt(job, 'spec');
    const all = pods(job);
    const phase = (p: JsonObject): unknown => objectAt(p, 'status').phase;
    const active = all.filter((p) => !isDeleting(p) && phase(p) !== 'Succeeded' && phase(p) !== 'Failed');
    const succeeded = all.filter((p) => phase(p) === 'Succeeded').length;
    const failed = all.filter((p) => phase(p) === 'Failed').length;
    const completions = num(spec.completions, 1);
    const now = timestamp(ctx.now());
    const status: JsonObject = { ...objectAt(job, 'status'), active: active.length, ready: active.filter(isPodReady).length, succeeded, failed, terminating: 0, uncountedTerminatedPods: {} };
    status.startTime ??= now;
    if (succeeded >= completions) {
      Object.assign(status, { active: 0, completionTime: now, conditions: [condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now), condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now)] });
    } else if (failed > num(spec.backoffLimit, 6)) {
      Object.assign(status, { active: 0, conditions: [condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now), condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now)] });
      for (const p of active) ctx.storage.delete(podType, ns, String(meta(p).name));
    } else if (spec.suspend !== true) {
      const want = Math.min(num(spec.parallelism, 1), completions - succeeded) - active.length;
      for (let i = 0; i < want; i++) ctx.storage.create(podType, ns, podFor(job));
      status.active = active.length + Math.max(0, want);
    }
    if (!jsonEqual(status, objectAt(job, 'status'))) ctx.storage.update(jobType, ns, name, { ...job, status }, { subresource: 'status' });
  }

  const queue = new KeyQueue('job-controller', sync, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.jobs && e.type !== 'DELETED') queue.add(keyOf(e.object));
      if (e.typeKey !== KEYS.pods) return;
      const owner = controllerRef(e.object);
      if (owner?.kind === 'Job') queue.add(`${String(meta(e.object).namespace)}/${String(owner.name)}`);
    },
    stop: () => queue.stop(),
  };
}
