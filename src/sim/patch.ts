import { ApiError, badRequest, unsupportedMediaType } from './api-error.js';
import { isJsonObject, type JsonObject } from './json.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { supportsStrategicMerge } from './patch-metadata.js';
import { PatchError } from './patch-error.js';
import type { ResourceType } from './resource-type.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type named by a request's Content-Type, or a 415. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const type = CONTENT_TYPES[base];
  if (!type) throw unsupportedMediaType(base);
  return type;
}

function requireObject(value: unknown, what: string): JsonObject {
  if (!isJsonObject(value)) throw badRequest(`${what} must be a JSON object`);
  return value;
}

function run(t: ResourceType, current: JsonObject, patch: { type: PatchType; body: unknown }): unknown {
  const kindRef = { group: t.group, kind: t.kind };
  switch (patch.type) {
    case 'json':
      return applyJsonPatch(current, patch.body as JsonObject);
    case 'merge':
      return applyMergePatch(current, requireObject(patch.body, 'a merge patch'));
    case 'strategic':
      if (!t.builtin || !supportsStrategicMerge(kindRef)) throw unsupportedMediaType('application/strategic-merge-patch+json');
      return applyStrategicMergePatch(current, requireObject(patch.body, 'a strategic merge patch'), kindRef);
    case 'apply':
      // Server-side apply without field ownership: the applied configuration is merged into the object.
      if (t.builtin && supportsStrategicMerge(kindRef)) return applyStrategicMergePatch(current, requireObject(patch.body, 'an apply configuration'), kindRef);
      return applyMergePatch(current, requireObject(patch.body, 'an apply configuration'));
  }
}

/** Applies a patch of the given type to the current object, mapping patch failures to API errors. */
export function applyPatch(t: ResourceType, current: JsonObject, patch: { type: PatchType; body: unknown }): JsonObject {
  try {
    const result = run(t, current, patch);
    if (!isJsonObject(result)) throw badRequest('the patch did not produce an object');
    return result;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof PatchError) throw new ApiError(err.status, err.status === 415 ? 'UnsupportedMediaType' : err.status === 422 ? 'Invalid' : 'BadRequest', err.message);
    throw err;
  }
}
