import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, notFound } from './api-error.js';
import type { ApiPath } from './api-path.js';
import { parseBody, readBody, sendJson, wantsTable } from './http-util.js';
import { isJsonObject, type JsonObject } from './json.js';
import { applyPatch, patchTypeOf, type PatchType } from './patch.js';
import { apiVersionOf, type ResourceType } from './resource-type.js';
import type { DeleteOptions, FieldValidation, RestStorage, WriteOptions } from './rest-storage.js';
import { fromScale, toScale } from './scale.js';
import { selectorMatcher } from './list-pager.js';
import { toTable, type IncludeObject } from './tables.js';
import type { WatchHub } from './watch-hub.js';

type ResourcePath = Extract<ApiPath, { kind: 'resource' }>;

export interface HandlerDeps {
  storage: RestStorage;
  watches: WatchHub;
  now: () => Date;
}

/** The Kubernetes verb of a request, as RBAC and audit logs name it. */
export function verbOf(method: string, path: ResourcePath, query: URLSearchParams): string {
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (path.name !== undefined) return 'get';
      return watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return path.name !== undefined ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
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
  if (body.kind !== undefined && body.kind !== t.kind) throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${t.kind})`);
  const apiVersion = body.apiVersion;
  if (apiVersion !== undefined && !t.versions.some((v) => apiVersionOf({ group: t.group, version: v }) === apiVersion)) {
    throw badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(t)})`);
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
    const sub = path.subresource;
    if (sub !== undefined && !this.#hasSubresource(path.type, sub)) throw notFound({ group: path.type.group, resource: `${path.type.resource}/${sub}`, name: path.name ?? '' });
    if (path.type.namespaced && path.name !== undefined && path.namespace === undefined) throw notFound({ group: path.type.group, resource: path.type.resource, name: path.name });
    const method = req.method ?? 'GET';
    if ((method === 'GET' || method === 'HEAD') && path.name === undefined) return this.#listOrWatch(req, res, path, query);
    if (method === 'GET' || method === 'HEAD') return this.#get(req, res, path, query);
    if (method === 'POST' && path.name === undefined) return this.#create(req, res, path, query);
    if (method === 'DELETE') return this.#delete(req, res, path, query);
    if (path.name === undefined) throw methodNotAllowed();
    if (method === 'PUT') return this.#update(req, res, path, query);
    if (method === 'PATCH') return this.#patch(req, res, path, query);
    throw methodNotAllowed();
  }

  #hasSubresource(t: ResourceType, sub: string): boolean {
    return (sub === 'status' && t.status) || (sub === 'scale' && t.scale !== undefined);
  }

  #ns(path: ResourcePath): string {
    return path.type.namespaced ? (path.namespace ?? '') : '';
  }

  #listOrWatch(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    const t = path.type;
    const selectors = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined };
    const table = wantsTable(req.headers.accept);
    if (query.get('watch') === 'true' || query.get('watch') === '1') {
      const timeout = Number(query.get('timeoutSeconds') ?? '0');
      this.#deps.watches.serve(
        {
          type: t,
          namespace: t.namespaced ? path.namespace : undefined,
          match: selectorMatcher(t, selectors),
          resourceVersion: query.get('resourceVersion') ?? undefined,
          bookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: Number.isFinite(timeout) ? timeout : 0,
          table: table ? { include: includeObject(query) } : undefined,
        },
        res,
      );
      return;
    }
    const limit = Number(query.get('limit') ?? '0');
    const result = this.#deps.storage.list(t, t.namespaced ? path.namespace : undefined, { ...selectors, limit: Number.isFinite(limit) ? limit : 0, continue: query.get('continue') ?? undefined });
    const listMeta: JsonObject = { resourceVersion: result.resourceVersion };
    if (result.continue) listMeta.continue = result.continue;
    if (result.remainingItemCount !== undefined) listMeta.remainingItemCount = result.remainingItemCount;
    if (table) {
      sendJson(res, 200, toTable(t, result.items, { now: this.#deps.now(), include: includeObject(query), listMeta }));
      return;
    }
    const items = result.items.map((o) => present(t, o));
    sendJson(res, 200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: listMeta, items });
  }

  #get(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): void {
    const t = path.type;
    const obj = this.#deps.storage.get(t, this.#ns(path), path.name ?? '');
    if (path.subresource === 'scale' && t.scale) {
      sendJson(res, 200, toScale(t, t.scale, obj));
      return;
    }
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(t, [obj], { now: this.#deps.now(), include: includeObject(query), listMeta: { resourceVersion: String(obj.metadata && (obj.metadata as JsonObject).resourceVersion) } }));
      return;
    }
    sendJson(res, 200, present(t, obj));
  }

  async #create(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const body = requireObjectBody(parseBody(await readBody(req), req.headers['content-type']));
    checkKind(path.type, body);
    const result = this.#deps.storage.create(path.type, this.#ns(path), body, writeOptions(query));
    sendJson(res, 201, present(path.type, result.object), result.warnings);
  }

  async #update(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const t = path.type;
    const name = path.name ?? '';
    const body = requireObjectBody(parseBody(await readBody(req), req.headers['content-type']));
    if (path.subresource === 'scale' && t.scale) {
      const current = this.#deps.storage.get(t, this.#ns(path), name);
      const result = this.#deps.storage.update(t, this.#ns(path), name, fromScale(t.scale, current, body), writeOptions(query));
      sendJson(res, 200, toScale(t, t.scale, result.object));
      return;
    }
    checkKind(t, body);
    const result = this.#deps.storage.update(t, this.#ns(path), name, body, writeOptions(query, path.subresource));
    sendJson(res, 200, present(t, result.object), result.warnings);
  }

  async #patch(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const t = path.type;
    const name = path.name ?? '';
    const contentType = req.headers['content-type'];
    const type = patchTypeOf(contentType);
    const body = parseBody(await readBody(req), contentType);
    if (path.subresource === 'scale' && t.scale) return this.#patchScale(res, path, { type, body }, query);
    const options = writeOptions(query, path.subresource);
    if (type === 'apply' && !this.#deps.storage.find(t, this.#ns(path), name)) {
      const created = this.#deps.storage.create(t, this.#ns(path), { ...requireObjectBody(body) }, options);
      sendJson(res, 201, present(t, created.object), created.warnings);
      return;
    }
    const result = this.#deps.storage.patch(t, this.#ns(path), name, { type, body }, options);
    sendJson(res, 200, present(t, result.object), result.warnings);
  }

  #patchScale(res: ServerResponse, path: ResourcePath, patch: { type: PatchType; body: unknown }, query: URLSearchParams): void {
    const t = path.type;
    const spec = t.scale;
    if (!spec) throw notFound({ group: t.group, resource: `${t.resource}/scale`, name: path.name ?? '' });
    const current = this.#deps.storage.get(t, this.#ns(path), path.name ?? '');
    const scaleType: ResourceType = { ...t, group: 'autoscaling', version: 'v1', kind: 'Scale', builtin: false };
    const patched = applyScalePatch(scaleType, toScale(t, spec, current), patch);
    const result = this.#deps.storage.update(t, this.#ns(path), path.name ?? '', fromScale(spec, current, patched), writeOptions(query));
    sendJson(res, 200, toScale(t, spec, result.object));
  }

  async #delete(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const body = parseBody(await readBody(req), req.headers['content-type']);
    const options = deleteOptions(isJsonObject(body) ? body : {}, query);
    const t = path.type;
    if (path.name === undefined) {
      const selectors = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined };
      const listed = this.#deps.storage.list(t, t.namespaced ? path.namespace : undefined, selectors);
      const deleted = listed.items.map((o) => this.#deps.storage.delete(t, String((o.metadata as JsonObject).namespace ?? ''), String((o.metadata as JsonObject).name), options));
      sendJson(res, 200, { kind: t.listKind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: listed.resourceVersion }, items: deleted.map((o) => present(t, o)) });
      return;
    }
    const deleted = this.#deps.storage.delete(t, this.#ns(path), path.name, options);
    sendJson(res, 200, present(t, deleted));
  }
}

// A Scale is a plain object: strategic and apply patches on it behave as merge patches.
function applyScalePatch(scaleType: ResourceType, scale: JsonObject, patch: { type: PatchType; body: unknown }): JsonObject {
  const type: PatchType = patch.type === 'json' ? 'json' : 'merge';
  return applyPatch(scaleType, scale, { type, body: patch.body });
}

function deleteOptions(body: JsonObject, query: URLSearchParams): DeleteOptions {
  const policy = (body.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as string | undefined;
  if (body.orphanDependents === true && policy === undefined) return { propagationPolicy: 'Orphan' };
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`);
  }
  const pre = isJsonObject(body.preconditions) ? body.preconditions : {};
  const dryRun = Array.isArray(body.dryRun) ? body.dryRun.length > 0 : query.getAll('dryRun').length > 0;
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    preconditions: { uid: typeof pre.uid === 'string' ? pre.uid : undefined, resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined },
    dryRun,
  };
}

export { ApiError };
