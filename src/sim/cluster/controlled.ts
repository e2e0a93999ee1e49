import { cloneJson, isJsonObject, objectAt, str, type JsonObject } from '../json.js';
import type { ResourceType } from '../resource-type.js';
import { meta, type ClusterContext } from './context.js';
import { controllerRef } from './owner-index.js';

/** The objects of one type whose controlling owner is the object with `ownerUid`. */
export function controlledBy(ctx: ClusterContext, ownerUid: string, type: { key: string; resource: ResourceType }): JsonObject[] {
  return ctx.owners
    .dependentsOf(ownerUid)
    .filter((r) => r.typeKey === type.key)
    .map((r) => ctx.storage.find(type.resource, r.namespace, r.name))
    .filter((o): o is JsonObject => o !== undefined && controllerRef(o)?.uid === ownerUid);
}

/**
 * A pod as a workload controller creates it from its template: `<owner>-<5 chars>`, the template's
 * labels and annotations, and a controller reference to the owner.
 */
export function podFromTemplate(owner: JsonObject, ownerKind: { apiVersion: string; kind: string }): JsonObject {
  const m = meta(owner);
  const template = objectAt(objectAt(owner, 'spec'), 'template');
  const tmeta = objectAt(template, 'metadata');
  const metadata: JsonObject = {
    generateName: `${str(m.name)}-`,
    namespace: m.namespace ?? 'default',
    labels: isJsonObject(tmeta.labels) ? tmeta.labels : {},
    ownerReferences: [{ ...ownerKind, name: m.name ?? '', uid: m.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (isJsonObject(tmeta.annotations)) metadata.annotations = tmeta.annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: cloneJson(objectAt(template, 'spec')) };
}
