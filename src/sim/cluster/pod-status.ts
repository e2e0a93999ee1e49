import { isJsonObject, objectAt, type JsonObject } from '../json.js';

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: JsonObject): boolean {
  const conditions = objectAt(pod, 'status').conditions;
  return Array.isArray(conditions) && conditions.some((c) => isJsonObject(c) && c.type === 'Ready' && c.status === 'True');
}

/** Milliseconds since the pod's Ready condition turned True (0 when not ready). */
export function readyForMs(pod: JsonObject, now: Date): number {
  const conditions = objectAt(pod, 'status').conditions;
  const ready = Array.isArray(conditions) ? conditions.find((c) => isJsonObject(c) && c.type === 'Ready' && c.status === 'True') : undefined;
  const since = isJsonObject(ready) ? ready.lastTransitionTime : undefined;
  return typeof since === 'string' ? now.getTime() - Date.parse(since) : 0;
}

/** Whether the pod has finished (Succeeded or Failed). */
export function isPodFinished(pod: JsonObject): boolean {
  const phase = objectAt(pod, 'status').phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
