import type { DateTime } from 'luxon';
import type { Rollout } from '../api/types.js';
import { luaToNumber } from './argocd-health.js';
import { formatRestartAt } from './restart.js';

/** The Rollout actions Argo CD offers (resource_customizations/argoproj.io/Rollout/actions). */
export const ARGOCD_ACTIONS = ['resume', 'promote-full', 'abort', 'retry', 'restart', 'pause', 'skip-current-step'] as const;
export type ArgoCdAction = (typeof ARGOCD_ACTIONS)[number];

type JsonObject = Record<string, unknown>;

/**
 * The merge patches Argo CD sends for an action: it runs the action's Lua on the live object, takes
 * the JSON merge patch from live to result, sends its `status` part to the status subresource and
 * the rest to the object. E.g. resume on a canary at a pause step → status {status: {pauseConditions: null}}.
 */
export interface ArgoCdActionPatches {
  status?: JsonObject;
  spec?: JsonObject;
}

/** The rollout as Argo CD's action script for `action` leaves it; `now` is restart's clock. */
export function runArgoCdAction(action: ArgoCdAction, live: Rollout, now: DateTime): Rollout {
  const obj = structuredClone(live);
  switch (action) {
    case 'resume':
      resume(obj);
      break;
    case 'promote-full':
      promoteFull(obj);
      break;
    case 'abort':
      obj.status = { ...obj.status, abort: true };
      break;
    case 'retry':
      // Lua's `obj.status.abort = nil` removes the field (the plugin sends abort: false).
      if (obj.status) delete obj.status.abort;
      break;
    case 'restart':
      obj.spec.restartAt = formatRestartAt(now);
      break;
    case 'pause':
      obj.spec.paused = true;
      break;
    case 'skip-current-step':
      skipCurrentStep(obj);
      break;
    default:
      return assertNeverAction(action);
  }
  return obj;
}

/** Runs `action` on `live` and splits the merge patch from live to result as Argo CD does. */
export function argoCdActionPatches(action: ArgoCdAction, live: Rollout, now: DateTime): ArgoCdActionPatches {
  const diff = createMergePatch(toJson(live), toJson(runArgoCdAction(action, live, now)));
  const { status, ...rest } = diff ?? {};
  return {
    status: status === undefined ? undefined : { status },
    spec: Object.keys(rest).length > 0 ? rest : undefined,
  };
}

/** Clears pause conditions when there are some, and a manual pause (spec.paused) when set. */
function resume(obj: Rollout): void {
  if (obj.status && (obj.status.pauseConditions ?? []).length > 0) delete obj.status.pauseConditions;
  if (obj.spec.paused === true) obj.spec.paused = false;
}

/**
 * Rollouts ≥ v0.10 (numeric observedGeneration, not above metadata.generation): status.promoteFull.
 * Older: drop abort and jump a canary to its last step, e.g. 4 steps → currentStepIndex 4.
 */
function promoteFull(obj: Rollout): void {
  const status = obj.status;
  // No status: the script leaves the object as it is.
  if (!status) return;
  const generation = luaToNumber(status.observedGeneration);
  if (generation !== undefined && generation <= (obj.metadata?.generation ?? 0)) {
    status.promoteFull = true;
    return;
  }
  delete status.abort;
  const steps = obj.spec.strategy?.canary?.steps;
  if (steps !== undefined) status.currentStepIndex = steps.length;
}

/** A canary before its last step: pause conditions cleared and the step index one on, e.g. 1 of 5 → 2. */
function skipCurrentStep(obj: Rollout): void {
  const steps = obj.spec.strategy?.canary?.steps;
  const index = obj.status?.currentStepIndex;
  // Not a canary with steps, already past the last step, or (where the Lua would fail) no index yet.
  if (!obj.status || steps === undefined || index === undefined || index >= steps.length) return;
  if ((obj.status.pauseConditions ?? []).length > 0) delete obj.status.pauseConditions;
  obj.status.currentStepIndex = index + 1;
}

function assertNeverAction(action: never): never {
  throw new Error(`unknown Argo CD action ${String(action)}`);
}

function toJson(rollout: Rollout): JsonObject {
  return JSON.parse(JSON.stringify(rollout)) as JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 7386 merge patch from `before` to `after`, as evanphx/json-patch's CreateMergePatch: removed
 * keys → null, changed objects recursed, anything else (arrays too) replaced whole; undefined when equal.
 * E.g. {a: 1, b: {c: 2, d: 3}} → {b: {c: 2}} gives {a: null, b: {d: null}}.
 */
export function createMergePatch(before: JsonObject, after: JsonObject): JsonObject | undefined {
  const patch: JsonObject = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isObject(old) && isObject(value)) {
      const inner = createMergePatch(old, value);
      if (inner !== undefined) patch[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
