import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, notFound } from './api-error.js';
import type { ResourcePath } from './api-path.js';
import { parseBody, readBody, sendJson, wantsTable } from './http-util.js';
import { isJsonObject, str, type JsonObject } from './json.js';
import { metaOf, nameOf, namespaceOf, type NamespacedName } from './object-meta.js';
import { applyPatch, patchTypeOf, type PatchType } from './patch.js';
import { apiVersionOf, type ResourceType } from './resource-type.js';
import type { DeleteOptions, FieldValidation, ListOptions, RestStorage, WriteOptions } from './rest-storage.js';
import { fromScale, toScale } from './scale.js';
import { selectorMatcher } from './list-pager.js';
import { toTable, type IncludeObject } from './tables.js';
import type { WatchHub } from './watch-hub.js';

export interface HandlerDeps {
  storage: RestStorage;
  watches: WatchHub;
  now: () => Date;
}

// The verbs that do not depend on whether the path names one object.
const VERB_OF_METHOD = new Map([
  ['POST', 'create'],
  ['PUT', 'update'],
  ['PATCH', 'patch'],
]);

/** The Kubernetes verb of a request, as RBAC and audit logs name it. */
export function verbOf(method: string, path: ResourcePath, query: URLSearchParams): string {
  const named = path.name !== undefined;
  if (method === 'GET' || method === 'HEAD') {
    if (named) return 'get';
    return isWatch(query) ? 'watch' : 'list';
  }
  if (method === 'DELETE') return named ? 'delete' : 'deletecollection';
  return VERB_OF_METHOD.get(method) ?? method.toLowerCase();
}

function isWatch(query: URLSearchParams): boolean {
  return query.get('watch') === 'true' || query.get('watch') === '1';
}

// A numeric query parameter; absent or not a number reads as 0.
function numberParam(query: URLSearchParams, name: string): number {
  const n = Number(query.get(name) ?? '0');
  return Number.isFinite(n) ? n : 0;
}

function selectorsOf(query: URLSearchParams): Pick<ListOptions, 'labelSelector' | 'fieldSelector'> {
  return { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined };
}

function present(t: ResourceType, obj: JsonObject): JsonObject {
  const apiVersion = apiVersionOf(t);
  return obj.apiVersion === apiVersion && obj.kind === t.kind ? obj : { ...obj, apiVersion, kind: t.kind };
}

function writeOptions(query: URLSearchParams, subresource?: string): WriteOptions {
  const fv = query.get('fieldValidation');
  if (fv !== null && !['Strict', 'Warn', 'Ignore'].includes(fv)) throw badRequest(`fieldValidation must be one of Ignore, Warn, Strict (got "${fv}")`);
  const dryRun = query.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All')) throw badRequest('dryRun: Unsupported value: only "All" is supported');
  return { dryRun: dryRun.length > 0, fieldValidation: (fv as FieldValidation | null) ?? 'Warn', subresource: subresource === 'status' ? 'status' : undefined };
}

function checkKind(t: ResourceType, body: JsonObject): void {
  if (body.kind !== undefined && body.kind !== t.kind) throw badRequest(`the kind in the data (${str(body.kind)}) does not match the expected kind (${t.kind})`);
  const apiVersion = body.apiVersion;
  if (apiVersion !== undefined && !t.versions.some((v) => apiVersionOf({ group: t.group, version: v }) === apiVersion)) {
    throw badRequest(`the API version in the data (${str(apiVersion)}) does not match the expected API version (${apiVersionOf(t)})`);
  }
}

function requireObjectBody(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Serves one resource request (get/list/watch/create/update/patch/delete and the status and scale subresources). */
export class ApiHandler {
  readonly #deps: HandlerDeps;

  constructor(deps: HandlerDeps) {
    this.#deps = deps;
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    checkAddressable(path);
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      if (path.name === undefined) return this.#listOrWatch(req, res, path, query);
      return this.#get(req, res, path, query);
    }
    if (method === 'DELETE') return this.#delete(req, res, path, query);
    if (method === 'POST') return this.#post(req, res, path, query);
    if (path.name === undefined) throw methodNotAllowed();
    if (method === 'PUT') return this.#update(req, res, path, query);
    if (method === 'PATCH') return this.#patch(req, res, path, query);
    throw methodNotAllowed();
  }

  // POST creates in a collection; on one object only the eviction subresource accepts it.
  #post(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    if (path.subresource === 'eviction') return this.#evict(req, res, path);
    if (path.name !== undefined) throw methodNotAllowed();
    return this.#create(req, res, path, query);
  }

  // policy/v1 Eviction: no PodDisruptionBudgets are served, so every eviction is allowed and deletes the pod.
  async #evict(req: IncomingMessage, res: ServerResponse, path: ResourcePath): Promise<void> {
    const body = parseBody(await readBody(req), req.headers['content-type']);
    if (!isJsonObject(body) || body.kind !== 'Eviction') throw badRequest('the body of an eviction must be a policy/v1 Eviction');
    this.#deps.storage.delete(path.type, namespaceOfPath(path), path.name ?? '', {});
    sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
  }

  #listOrWatch(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    if (isWatch(query)) this.#watch(req, res, path, query);
    else this.#list(req, res, path, query);
  }

  #watch(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    const t = path.type;
    this.#deps.watches.serve(
      {
        type: t,
        namespace: namespaceScope(path),
        match: selectorMatcher(t, selectorsOf(query)),
        resourceVersion: query.get('resourceVersion') ?? undefined,
        bookmarks: query.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: numberParam(query, 'timeoutSeconds'),
        table: wantsTable(req.headers.accept) ? { include: includeObject(query) } : undefined,
      },
      res,
    );
  }

  #list(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    const t = path.type;
    const options = { ...selectorsOf(query), limit: numberParam(query, 'limit'), continue: query.get('continue') ?? undefined };
    const result = this.#deps.storage.list(t, namespaceScope(path), options);
    const listMeta: JsonObject = { resourceVersion: result.resourceVersion };
    if (result.continue) listMeta.continue = result.continue;
    if (result.remainingItemCount !== undefined) listMeta.remainingItemCount = result.remainingItemCount;
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(t, result.items, { now: this.#deps.now(), include: includeObject(query), listMeta }));
      return;
    }
    const items = result.items.map((o) => present(t, o));
    sendJson(res, 200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: listMeta, items });
  }

  #get(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    const t = path.type;
    const obj = this.#deps.storage.get(t, namespaceOfPath(path), path.name ?? '');
    if (path.subresource === 'scale' && t.scale) {
      sendJson(res, 200, toScale(t, t.scale, obj));
      return;
    }
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(t, [obj], { now: this.#deps.now(), include: includeObject(query), listMeta: { resourceVersion: str(metaOf(obj).resourceVersion) } }));
      return;
    }
    sendJson(res, 200, present(t, obj));
  }

  async #create(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const body = requireObjectBody(parseBody(await readBody(req), req.headers['content-type']));
    checkKind(path.type, body);
    const result = this.#deps.storage.create(path.type, namespaceOfPath(path), body, writeOptions(query));
    sendJson(res, 201, present(path.type, result.object), result.warnings);
  }

  async #update(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const t = path.type;
    const target = targetOf(path);
    const body = requireObjectBody(parseBody(await readBody(req), req.headers['content-type']));
    if (path.subresource === 'scale' && t.scale) {
      const current = this.#deps.storage.get(t, target.namespace, target.name);
      const result = this.#deps.storage.update(t, target, fromScale(t.scale, current, body), writeOptions(query));
      sendJson(res, 200, toScale(t, t.scale, result.object));
      return;
    }
    checkKind(t, body);
    const result = this.#deps.storage.update(t, target, body, writeOptions(query, path.subresource));
    sendJson(res, 200, present(t, result.object), result.warnings);
  }

  async #patch(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const t = path.type;
    const target = targetOf(path);
    const contentType = req.headers['content-type'];
    const type = patchTypeOf(contentType);
    const body = parseBody(await readBody(req), contentType);
    if (path.subresource === 'scale' && t.scale) return this.#patchScale(res, path, { type, body }, query);
    const options = writeOptions(query, path.subresource);
    // Server-side apply creates what does not exist yet.
    if (type === 'apply' && !this.#deps.storage.find(t, target.namespace, target.name)) {
      const created = this.#deps.storage.create(t, target.namespace, { ...requireObjectBody(body) }, options);
      sendJson(res, 201, present(t, created.object), created.warnings);
      return;
    }
    const result = this.#deps.storage.patch(t, target, { type, body }, options);
    sendJson(res, 200, present(t, result.object), result.warnings);
  }

  #patchScale(res: ServerResponse, path: ResourcePath, patch: { type: PatchType; body: unknown }, query: URLSearchParams): void {
    const t = path.type;
    const spec = t.scale;
    if (!spec) throw notFound({ group: t.group, resource: `${t.resource}/scale`, name: path.name ?? '' });
    const target = targetOf(path);
    const current = this.#deps.storage.get(t, target.namespace, target.name);
    const scaleType: ResourceType = { ...t, group: 'autoscaling', version: 'v1', kind: 'Scale', builtin: false };
    const patched = applyScalePatch(scaleType, toScale(t, spec, current), patch);
    const result = this.#deps.storage.update(t, target, fromScale(spec, current, patched), writeOptions(query));
    sendJson(res, 200, toScale(t, spec, result.object));
  }

  async #delete(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const body = parseBody(await readBody(req), req.headers['content-type']);
    const options = deleteOptions(isJsonObject(body) ? body : {}, query);
    const t = path.type;
    if (path.name === undefined) {
      const listed = this.#deps.storage.list(t, namespaceScope(path), selectorsOf(query));
      const deleted = listed.items.map((o) => this.#deps.storage.delete(t, namespaceOf(o), nameOf(o), options));
      sendJson(res, 200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: listed.resourceVersion }, items: deleted.map((o) => present(t, o)) });
      return;
    }
    const deleted = this.#deps.storage.delete(t, namespaceOfPath(path), path.name, options);
    sendJson(res, 200, present(t, deleted));
  }
}

// A Scale is a plain object: strategic and apply patches on it behave as merge patches.
function applyScalePatch(scaleType: ResourceType, scale: JsonObject, patch: { type: PatchType; body: unknown }): JsonObject {
  const type: PatchType = patch.type === 'json' ? 'json' : 'merge';
  return applyPatch(scaleType, scale, { type, body: patch.body });
}

// DeleteOptions from the request body, or the query where the body leaves them out.
function deleteOptions(body: JsonObject, query: URLSearchParams): DeleteOptions {
  const policy = (body.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as string | undefined;
  // The deprecated orphanDependents stands in for a missing policy.
  if (body.orphanDependents === true && policy === undefined) return { propagationPolicy: 'Orphan' };
  return {
    propagationPolicy: checkPropagationPolicy(policy),
    preconditions: preconditionsOf(body),
    dryRun: Array.isArray(body.dryRun) ? body.dryRun.length > 0 : query.getAll('dryRun').length > 0,
  };
}

function checkPropagationPolicy(policy: string | undefined): DeleteOptions['propagationPolicy'] {
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
  }
  return policy as DeleteOptions['propagationPolicy'];
}

function preconditionsOf(body: JsonObject): DeleteOptions['preconditions'] {
  const pre = isJsonObject(body.preconditions) ? body.preconditions : {};
  return { uid: typeof pre.uid === 'string' ? pre.uid : undefined, resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined };
}

// A path names a subresource the type serves, and a namespaced object only within a namespace.
function checkAddressable(path: ResourcePath): void {
  const t = path.type;
  const sub = path.subresource;
  if (sub !== undefined && !hasSubresource(t, sub)) throw notFound({ group: t.group, resource: `${t.resource}/${sub}`, name: path.name ?? '' });
  if (t.namespaced && path.name !== undefined && path.namespace === undefined) throw notFound({ group: t.group, resource: t.resource, name: path.name });
}

function hasSubresource(t: ResourceType, sub: string): boolean {
  if (sub === 'eviction') return t.builtin && t.kind === 'Pod';
  return (sub === 'status' && t.status) || (sub === 'scale' && t.scale !== undefined);
}

// The namespace of the object a path names ('' for cluster-scoped types).
function namespaceOfPath(path: ResourcePath): string {
  return path.type.namespaced ? (path.namespace ?? '') : '';
}

function targetOf(path: ResourcePath): NamespacedName {
  return { namespace: namespaceOfPath(path), name: path.name ?? '' };
}

// The namespace a list or watch is limited to; undefined means all namespaces.
function namespaceScope(path: ResourcePath): string | undefined {
  return path.type.namespaced ? path.namespace : undefined;
}

export { ApiError };
