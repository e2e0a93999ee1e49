import { randomUUID } from 'node:crypto';
import { alreadyExists, badRequest, conflict, forbidden, notFound } from './api-error.js';
import { cloneJson, jsonEqual, objectAt, str, type JsonObject } from './json.js';
import { ListPager, type ListOptions, type ListResult } from './list-pager.js';
import { randomSuffix, timestamp } from './names.js';
import { finalizersOf, metaOf, nameOf, namespaceOf, type NamespacedName } from './object-meta.js';
import { applyPatch, type PatchType } from './patch.js';
import { invalidObject, prepareWrite, type WriteResult } from './prepare-write.js';
import { typeKey, type ResourceType } from './resource-type.js';
import type { ObjectStore } from './store.js';
import { mergeUpdate } from './update-merge.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  subresource?: 'status';
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type { ListOptions, ListResult, WriteResult };

interface Deps {
  store: ObjectStore;
  now: () => Date;
  clusterIP: () => string;
}

/** How a delete marks an object that must wait: the finalizers it waits on, and a status to show meanwhile. */
interface DeletionMark {
  finalizers: string[];
  dryRun?: boolean;
  status?: JsonObject;
}

const NAMESPACES = '/namespaces';

// Foreground and Orphan deletion are finalizers that the garbage collector acts on.
const POLICY_FINALIZERS: Partial<Record<NonNullable<DeleteOptions['propagationPolicy']>, string>> = {
  Foreground: 'foregroundDeletion',
  Orphan: 'orphan',
};

function initialStatus(t: ResourceType): JsonObject | undefined {
  if (!t.builtin) return undefined;
  switch (t.kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: 'BestEffort' };
    case 'Namespace':
      return { phase: 'Active' };
    case 'Service':
      return { loadBalancer: {} };
    default:
      return t.status ? {} : undefined;
  }
}

/**
 * The verbs of the API on stored objects, with kube-apiserver's semantics: names, uids, resourceVersion
 * preconditions and 409s, generation, status subresources, defaults, validation, finalizers. The HTTP
 * layer and the simulated cluster controllers both go through it.
 */
export class RestStorage {
  readonly #store: ObjectStore;
  readonly #now: () => Date;
  readonly #clusterIP: () => string;
  readonly #pager: ListPager;

  constructor(deps: Deps) {
    this.#store = deps.store;
    this.#now = deps.now;
    this.#clusterIP = deps.clusterIP;
    this.#pager = new ListPager(deps.store);
  }

  /** Reads one object or throws NotFound. */
  get(t: ResourceType, namespace: string, name: string): JsonObject {
    const obj = this.#store.get(typeKey(t), t.namespaced ? namespace : '', name);
    if (!obj) throw notFound({ group: t.group, resource: t.resource, name });
    return obj;
  }

  /** Reads one object, or undefined. */
  find(t: ResourceType, namespace: string, name: string): JsonObject | undefined {
    return this.#store.get(typeKey(t), t.namespaced ? namespace : '', name);
  }

  /** Lists with selectors and paging. */
  list(t: ResourceType, namespace: string | undefined, options: ListOptions): ListResult {
    return this.#pager.list(t, namespace, options);
  }

  /** POST: creates an object; status is dropped where a status subresource owns it. */
  create(t: ResourceType, namespace: string, body: JsonObject, options: WriteOptions = {}): WriteResult {
    const obj = cloneJson(body);
    const meta = (obj.metadata = { ...metaOf(obj) });
    this.#checkNamespace(t, namespace, meta);
    const name = this.#assignName(t, meta);
    const key = typeKey(t);
    const ns = t.namespaced ? namespace : '';
    if (this.#store.get(key, ns, name)) throw alreadyExists({ group: t.group, resource: t.resource, name });
    const uid = randomUUID();
    Object.assign(meta, { uid, creationTimestamp: timestamp(this.#now()) });
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    if (t.generation) meta.generation = 1;
    const status = initialStatus(t);
    if (t.status) {
      if (status) obj.status = status;
      else delete obj.status;
    }
    const { object, warnings } = prepareWrite(t, obj, { uid, fieldValidation: options.fieldValidation, allocateClusterIP: this.#clusterIP });
    if (options.dryRun) return { object, warnings };
    return { object: this.#commit(t, 'ADDED', object, undefined), warnings };
  }

  /** PUT on the object or its status subresource. */
  update(t: ResourceType, target: NamespacedName, body: JsonObject, options: WriteOptions = {}): WriteResult {
    const { name } = target;
    const current = this.get(t, target.namespace, name);
    const bodyMeta = metaOf(body);
    if (bodyMeta.name !== undefined && bodyMeta.name !== name) throw badRequest('the name of the object does not match the name on the URL');
    const rv = bodyMeta.resourceVersion;
    if (rv === undefined || rv === '') {
      // Custom resources refuse unconditional updates, as kube-apiserver does.
      if (!t.builtin) throw invalidObject(t, name, [{ type: 'Invalid', field: 'metadata.resourceVersion', value: '0x0', detail: 'must be specified for an update' }]);
    } else if (rv !== metaOf(current).resourceVersion) {
      throw conflict({ group: t.group, resource: t.resource, name });
    }
    return this.#replace(t, current, body, options);
  }

  /** PATCH of any supported type, on the object or its status subresource. */
  patch(t: ResourceType, target: NamespacedName, patch: { type: PatchType; body: unknown }, options: WriteOptions = {}): WriteResult {
    const current = this.get(t, target.namespace, target.name);
    const patched = applyPatch(t, current, patch);
    const rv = metaOf(patched).resourceVersion;
    if (rv !== undefined && rv !== metaOf(current).resourceVersion) throw conflict({ group: t.group, resource: t.resource, name: target.name });
    return this.#replace(t, current, patched, options);
  }

  #replace(t: ResourceType, current: JsonObject, body: JsonObject, options: WriteOptions): WriteResult {
    const merged = mergeUpdate(t, current, body, options.subresource);
    const curMeta = metaOf(current);
    const deleting = curMeta.deletionTimestamp !== undefined;
    if (deleting) this.#refuseNewFinalizers(t, curMeta, metaOf(merged));
    const { object, warnings } = prepareWrite(t, merged, { old: current, uid: str(curMeta.uid), fieldValidation: options.fieldValidation, allocateClusterIP: this.#clusterIP });
    // A write that changes nothing stores nothing and keeps the resourceVersion.
    if (jsonEqual(object, current)) return { object: current, warnings };
    if (options.dryRun) return { object, warnings };
    // Removing the last finalizer of an object being deleted completes the deletion.
    const type = deleting && finalizersOf(object).length === 0 ? 'DELETED' : 'MODIFIED';
    return { object: this.#commit(t, type, object, current), warnings };
  }

  #refuseNewFinalizers(t: ResourceType, curMeta: JsonObject, meta: JsonObject): void {
    const before = new Set(Array.isArray(curMeta.finalizers) ? curMeta.finalizers : []);
    const added = (Array.isArray(meta.finalizers) ? meta.finalizers : []).filter((f) => !before.has(f));
    if (added.length > 0) throw forbidden(`${t.kind} "${str(meta.name)}" is being deleted: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
  }

  /** DELETE: immediate, or marked with deletionTimestamp while finalizers remain. */
  delete(t: ResourceType, namespace: string, name: string, options: DeleteOptions = {}): JsonObject {
    const current = this.get(t, namespace, name);
    checkPreconditions({ group: t.group, resource: t.resource, name }, metaOf(current), options.preconditions);
    const finalizers = finalizersFor(current, options.propagationPolicy);
    // A namespace always waits: the namespace controller empties it first.
    if (t.kind === 'Namespace' && t.builtin) return this.#markDeleting(t, current, { finalizers, dryRun: options.dryRun, status: { phase: 'Terminating' } });
    if (finalizers.length > 0) return this.#markDeleting(t, current, { finalizers, dryRun: options.dryRun });
    if (options.dryRun) return current;
    return this.#commit(t, 'DELETED', current, current);
  }

  /** Removes an object whose deletion was waiting on the simulated cluster (a terminating namespace). */
  purge(t: ResourceType, namespace: string, name: string): void {
    const current = this.find(t, namespace, name);
    if (current) this.#commit(t, 'DELETED', current, current);
  }

  #markDeleting(t: ResourceType, current: JsonObject, mark: DeletionMark): JsonObject {
    const meta = metaOf(current);
    // Already marked: a second delete changes nothing.
    if (meta.deletionTimestamp !== undefined) return current;
    const metadata: JsonObject = { ...meta, deletionTimestamp: timestamp(this.#now()), deletionGracePeriodSeconds: 0, finalizers: mark.finalizers };
    if (mark.finalizers.length === 0) delete metadata.finalizers;
    const next: JsonObject = { ...current, metadata };
    if (mark.status) next.status = { ...objectAt(current, 'status'), ...mark.status };
    if (mark.dryRun) return next;
    return this.#commit(t, 'MODIFIED', next, current);
  }

  #commit(t: ResourceType, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: JsonObject, previous: JsonObject | undefined): JsonObject {
    const rv = this.#store.nextRv();
    const stored: JsonObject = { ...object, metadata: { ...metaOf(object), resourceVersion: String(rv) } };
    this.#store.commit({ rv, type, typeKey: typeKey(t), namespace: t.namespaced ? namespaceOf(stored) : '', name: nameOf(stored), object: stored, previous });
    return stored;
  }

  #checkNamespace(t: ResourceType, namespace: string, meta: JsonObject): void {
    if (!t.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace !== undefined && meta.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = namespace;
    const ns = this.#store.get(NAMESPACES, '', namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces', name: namespace });
    if (metaOf(ns).deletionTimestamp !== undefined) throw forbidden(`${t.kind.toLowerCase()}s "${str(meta.name ?? meta.generateName)}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  #assignName(t: ResourceType, meta: JsonObject): string {
    if (typeof meta.name === 'string' && meta.name !== '') return meta.name;
    if (typeof meta.generateName === 'string' && meta.generateName !== '') {
      meta.name = `${meta.generateName}${randomSuffix()}`;
      return meta.name;
    }
    throw invalidObject(t, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
  }
}

// Delete preconditions: the caller names the uid or resourceVersion it means to delete.
function checkPreconditions(ref: { group: string; resource: string; name: string }, meta: JsonObject, pre: DeleteOptions['preconditions']): void {
  if (pre?.uid && pre.uid !== meta.uid) throw conflict(ref, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${str(meta.uid)}`);
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    throw conflict(ref, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${str(meta.resourceVersion)}`);
  }
}

/** The finalizers a delete waits on: the object's own, plus the one its propagation policy adds. */
function finalizersFor(current: JsonObject, policy: DeleteOptions['propagationPolicy']): string[] {
  const finalizers = [...finalizersOf(current)];
  const added = policy === undefined ? undefined : POLICY_FINALIZERS[policy];
  if (added !== undefined && !finalizers.includes(added)) finalizers.push(added);
  return finalizers;
}
