import { isJsonObject, objectAt, str, type JsonObject } from '../json.js';
import { nameOf, namespaceOf } from '../object-meta.js';
import { typeKey } from '../resource-type.js';
import { typesFromCrd } from '../registry.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue } from './key-queue.js';

function established(crd: JsonObject): boolean {
  const conditions = objectAt(crd, 'status').conditions;
  return Array.isArray(conditions) && conditions.some((c) => isJsonObject(c) && c.type === 'Established' && c.status === 'True');
}

function storageVersion(crd: JsonObject): string {
  const versions = objectAt(crd, 'spec').versions;
  const list = Array.isArray(versions) ? versions.filter(isJsonObject) : [];
  return str((list.find((v) => v.storage === true) ?? list[0] ?? {}).name);
}

/**
 * Serves a CRD's kinds as soon as it is stored (synchronously, so the very next request can use them),
 * then marks it NamesAccepted and Established; deleting a CRD deletes all its objects.
 */
export function startCrdController(ctx: ClusterContext): ClusterController {
  const crdType = ctx.builtin('apiextensions.k8s.io', 'customresourcedefinitions');
  const queue = new KeyQueue('crd-controller', (key) => establish(key.slice(1)), ctx.logError);

  function establish(name: string): void {
    const crd = ctx.storage.find(crdType, '', name);
    if (!crd || isDeleting(crd) || established(crd)) return;
    const now = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const condition = (type: string, reason: string, message: string): JsonObject => ({ type, status: 'True', lastTransitionTime: now, reason, message });
    const status = {
      conditions: [condition('NamesAccepted', 'NoConflicts', 'no conflicts found'), condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted')],
      acceptedNames: objectAt(crd, 'spec').names ?? {},
      storedVersions: [storageVersion(crd)],
    };
    ctx.storage.update(crdType, { namespace: '', name }, { ...crd, status }, { subresource: 'status' });
  }

  function removeObjects(crd: JsonObject): void {
    const types = typesFromCrd(crd);
    const t = types[0];
    if (!t) return;
    for (const obj of ctx.store.list(typeKey(t))) ctx.storage.purge(t, namespaceOf(obj), nameOf(obj));
  }

  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey !== KEYS.crds) return;
      const name = str(meta(e.object).name);
      if (e.type === 'DELETED') {
        ctx.registry.removeCrd(name);
        // Deferred: controllers never write from inside another write's commit.
        queueMicrotask(() => removeObjects(e.object));
        return;
      }
      ctx.registry.setCrd(e.object);
      queue.add(`/${name}`);
    },
    stop: () => queue.stop(),
  };
}
