import { randomUUID } from 'node:crypto';
import { alreadyExists, ApiError, badRequest, conflict, forbidden, invalid, notFound } from './api-error.js';
import { applyBuiltinDefaults } from './builtin-defaults.js';
import { validateBuiltin, validateName } from './builtin-validation.js';
import { cloneJson, isJsonObject, jsonEqual, objectAt, type JsonObject } from './json.js';
import { randomSuffix, timestamp } from './names.js';
import { ListPager, type ListOptions, type ListResult } from './list-pager.js';
import { applyPatch, type PatchType } from './patch.js';
import { typeKey, type ResourceType } from './resource-type.js';
import { formatFieldError, formatInvalidMessage, formatUnknownFieldsMessage, prepareCustomObject, validateCrdDefinition, type FieldError } from './schema-validation.js';
import type { ObjectStore } from './store.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  subresource?: 'status';
}

export interface WriteResult {
  object: JsonObject;
  warnings: string[];
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type { ListOptions, ListResult };

interface Deps {
  store: ObjectStore;
  now: () => Date;
  clusterIP: () => string;
}

const NAMESPACES = '/namespaces';

/** The metadata of an object (never undefined). */
export function metaOf(obj: JsonObject): JsonObject {
  return objectAt(obj, 'metadata');
}

/** metadata.name, or '' when absent. */
export function nameOf(obj: JsonObject): string {
  const n = metaOf(obj).name;
  return typeof n === 'string' ? n : '';
}

/** metadata.namespace, or '' for cluster-scoped objects. */
export function namespaceOf(obj: JsonObject): string {
  const n = metaOf(obj).namespace;
  return typeof n === 'string' ? n : '';
}

/** Everything but metadata and status (status too when the type has no status subresource). */
function specPart(t: ResourceType, obj: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  delete out.metadata;
  if (t.status) delete out.status;
  return out;
}

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
    const { object, warnings } = this.#prepare(t, obj, undefined, options, uid);
    if (options.dryRun) return { object, warnings };
    return { object: this.#commit(t, 'ADDED', object, undefined), warnings };
  }

  /** PUT on the object or its status subresource. */
  update(t: ResourceType, namespace: string, name: string, body: JsonObject, options: WriteOptions = {}): WriteResult {
    const current = this.get(t, namespace, name);
    const bodyMeta = metaOf(body);
    if (bodyMeta.name !== undefined && bodyMeta.name !== name) throw badRequest('the name of the object does not match the name on the URL');
    const rv = bodyMeta.resourceVersion;
    if (rv === undefined || rv === '') {
      // Custom resources refuse unconditional updates, as kube-apiserver does.
      if (!t.builtin) throw this.#invalid(t, name, [{ type: 'Invalid', field: 'metadata.resourceVersion', value: '0x0', detail: 'must be specified for an update' }]);
    } else if (rv !== metaOf(current).resourceVersion) {
      throw conflict({ group: t.group, resource: t.resource, name });
    }
    return this.#replace(t, current, body, options);
  }

  /** PATCH of any supported type, on the object or its status subresource. */
  patch(t: ResourceType, namespace: string, name: string, patch: { type: PatchType; body: unknown }, options: WriteOptions = {}): WriteResult {
    const current = this.get(t, namespace, name);
    const patched = applyPatch(t, current, patch);
    const rv = metaOf(patched).resourceVersion;
    if (rv !== undefined && rv !== metaOf(current).resourceVersion) throw conflict({ group: t.group, resource: t.resource, name });
    return this.#replace(t, current, patched, options);
  }

  #replace(t: ResourceType, current: JsonObject, body: JsonObject, options: WriteOptions): WriteResult {
    const merged = options.subresource === 'status' ? { ...current, status: body.status ?? {} } : this.#carryOver(t, current, body);
    const meta = (merged.metadata = { ...metaOf(options.subresource === 'status' ? current : merged) });
    const curMeta = metaOf(current);
    for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name']) {
      if (curMeta[k] === undefined) delete meta[k];
      else meta[k] = curMeta[k];
    }
    meta.resourceVersion = curMeta.resourceVersion ?? '';
    if (t.generation && !jsonEqual(specPart(t, merged), specPart(t, current))) meta.generation = Number(curMeta.generation ?? 0) + 1;
    if (curMeta.deletionTimestamp !== undefined) this.#refuseNewFinalizers(t, curMeta, meta);
    const { object, warnings } = this.#prepare(t, merged, current, options, String(curMeta.uid));
    if (jsonEqual(object, current)) return { object: current, warnings };
    if (options.dryRun) return { object, warnings };
    if (curMeta.deletionTimestamp !== undefined && finalizersOf(object).length === 0) {
      return { object: this.#commit(t, 'DELETED', object, current), warnings };
    }
    return { object: this.#commit(t, 'MODIFIED', object, current), warnings };
  }

  // A write to the main resource never changes status when a status subresource owns it.
  #carryOver(t: ResourceType, current: JsonObject, body: JsonObject): JsonObject {
    const merged = cloneJson(body);
    if (t.status) {
      if (current.status === undefined) delete merged.status;
      else merged.status = current.status;
    }
    if (t.kind === 'Service' && t.builtin) keepClusterIP(current, merged);
    return merged;
  }

  #refuseNewFinalizers(t: ResourceType, curMeta: JsonObject, meta: JsonObject): void {
    const before = new Set(Array.isArray(curMeta.finalizers) ? curMeta.finalizers : []);
    const added = (Array.isArray(meta.finalizers) ? meta.finalizers : []).filter((f) => !before.has(f));
    if (added.length > 0) throw forbidden(`${t.kind} "${String(meta.name)}" is being deleted: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
  }

  /** DELETE: immediate, or marked with deletionTimestamp while finalizers remain. */
  delete(t: ResourceType, namespace: string, name: string, options: DeleteOptions = {}): JsonObject {
    const current = this.get(t, namespace, name);
    const meta = metaOf(current);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) throw conflict({ group: t.group, resource: t.resource, name }, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid)}`);
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) throw conflict({ group: t.group, resource: t.resource, name }, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(meta.resourceVersion)}`);
    const finalizers = [...finalizersOf(current)];
    if (options.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (options.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (t.kind === 'Namespace' && t.builtin) return this.#markDeleting(t, current, finalizers, options, { phase: 'Terminating' });
    if (finalizers.length > 0) return this.#markDeleting(t, current, finalizers, options);
    if (options.dryRun) return current;
    return this.#commit(t, 'DELETED', current, current);
  }

  /** Removes an object whose deletion was waiting on the simulated cluster (a terminating namespace). */
  purge(t: ResourceType, namespace: string, name: string): void {
    const current = this.find(t, namespace, name);
    if (current) this.#commit(t, 'DELETED', current, current);
  }

  #markDeleting(t: ResourceType, current: JsonObject, finalizers: string[], options: DeleteOptions, status?: JsonObject): JsonObject {
    const meta = metaOf(current);
    if (meta.deletionTimestamp !== undefined) return current;
    const next: JsonObject = { ...current, metadata: { ...meta, deletionTimestamp: timestamp(this.#now()), deletionGracePeriodSeconds: 0, finalizers } };
    if (finalizers.length === 0) delete (next.metadata as JsonObject).finalizers;
    if (status) next.status = { ...objectAt(current, 'status'), ...status };
    if (options.dryRun) return next;
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
    if (metaOf(ns).deletionTimestamp !== undefined) throw forbidden(`${t.kind.toLowerCase()}s "${String(meta.name ?? meta.generateName ?? '')}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  #assignName(t: ResourceType, meta: JsonObject): string {
    if (typeof meta.name === 'string' && meta.name !== '') return meta.name;
    if (typeof meta.generateName === 'string' && meta.generateName !== '') {
      meta.name = `${meta.generateName}${randomSuffix()}`;
      return meta.name;
    }
    throw this.#invalid(t, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
  }

  #prepare(t: ResourceType, obj: JsonObject, old: JsonObject | undefined, options: WriteOptions, uid: string): WriteResult {
    const name = nameOf(obj);
    const errors: FieldError[] = old ? [] : validateName(t.kind, name);
    if (t.builtin) {
      const object = applyBuiltinDefaults(t.kind, obj, { uid, allocateClusterIP: this.#clusterIP });
      errors.push(...validateBuiltin(t.kind, object, old));
      if (t.kind === 'CustomResourceDefinition') errors.push(...validateCrdDefinition(object));
      if (errors.length > 0) throw this.#invalid(t, name, errors);
      return { object, warnings: [] };
    }
    return this.#prepareCustom(t, obj, options, errors);
  }

  #prepareCustom(t: ResourceType, obj: JsonObject, options: WriteOptions, errors: FieldError[]): WriteResult {
    if (!t.schema) return { object: obj, warnings: [] };
    const mode = options.fieldValidation ?? 'Strict';
    const prepared = prepareCustomObject(obj, t.schema, { fieldValidation: mode });
    if (mode === 'Strict' && prepared.unknownFields.length > 0) {
      throw badRequest(formatUnknownFieldsMessage(t.kind, t.version, prepared.unknownFields));
    }
    const all = [...errors, ...prepared.errors];
    if (all.length > 0) throw this.#invalid(t, nameOf(obj), all);
    const warnings = mode === 'Warn' ? prepared.unknownFields.map((f) => `unknown field "${f}"`) : [];
    return { object: prepared.object, warnings };
  }

  #invalid(t: ResourceType, name: string, errors: FieldError[]): ApiError {
    const kindDotGroup = t.group === '' ? t.kind : `${t.kind}.${t.group}`;
    const causes = errors.map((e) => ({ reason: `FieldValue${e.type === 'Unsupported' ? 'NotSupported' : e.type}`, message: formatFieldError(e).replace(`${e.field}: `, ''), field: e.field }));
    return invalid(t.kind, t.group, name, formatInvalidMessage(kindDotGroup, name, errors), causes);
  }
}

function finalizersOf(obj: JsonObject): string[] {
  const f = metaOf(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

// kube-apiserver keeps an allocated ClusterIP when an update leaves it out.
function keepClusterIP(current: JsonObject, merged: JsonObject): void {
  const curSpec = objectAt(current, 'spec');
  const spec = isJsonObject(merged.spec) ? merged.spec : {};
  if (spec.clusterIP === undefined && curSpec.clusterIP !== undefined) spec.clusterIP = curSpec.clusterIP;
  if (spec.clusterIPs === undefined && curSpec.clusterIPs !== undefined) spec.clusterIPs = curSpec.clusterIPs;
  merged.spec = spec;
}
