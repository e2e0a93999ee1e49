import { setTimeout as delay } from 'node:timers/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { request, type Dispatcher } from 'undici';
import { createTokenBucket, type TokenBucket } from '../shared/token-bucket.js';
import type { DeleteOptions, KubeClient, KubeObject, ListOptions, ListResult, PatchType, RequestObserver, WatchEvent, WatchOptions } from './kube-client-types.js';
import { errorFromResponse, KubeRequestError, networkError, type KubeRequestTarget } from './kube-errors.js';
import { createKubeTransport, defaultUserAgent, type KubeTransport } from './kube-transport.js';
import { RESOURCES, resourcePath, type ResourceRef } from './resources.js';
import { readWatchStream } from './watch-stream.js';

export interface KubeClientOptions {
  /** Default `rollouts-controller/<package version>`. */
  userAgent?: string;
  /** Client-side rate limit shared by every request but watches (default 40 per second; 0 or less: none)... */
  qps?: number;
  /** ...with bursts of up to this many (default 80). */
  burst?: number;
  /** Per request, watches excepted (default 30 s). */
  timeoutMs?: number;
  onRequest?: RequestObserver;
}

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  contentType?: string;
  target: KubeRequestTarget;
  /** What onRequest reports: plural[/subresource]. */
  resource: string;
}

interface Context {
  transport: KubeTransport;
  bucket: TokenBucket;
  userAgent: string;
  timeoutMs: number;
  onRequest?: RequestObserver;
}

/** A KubeClient over undici's request API (WHATWG fetch costs several times more CPU per call), configured and authenticated by the kubeconfig, rate-limited client-side. */
export function createKubeClient(kc: KubeConfig, options: KubeClientOptions = {}): KubeClient {
  const ctx: Context = {
    transport: createKubeTransport(kc),
    bucket: createTokenBucket({ qps: options.qps ?? 40, burst: options.burst ?? 80, nowMs: Date.now() }),
    userAgent: options.userAgent ?? defaultUserAgent(),
    timeoutMs: options.timeoutMs ?? 30_000,
    onRequest: options.onRequest,
  };
  /* eslint-disable max-params -- the KubeClient interface fixes these signatures */
  return {
    get: (r, namespace, name) => call(ctx, { method: 'GET', path: resourcePath(r, namespace, name), ...targetOf('get', r, namespace, { name }) }),
    list: (r, namespace, opts) => listObjects(ctx, r, namespace, opts),
    create: (r, namespace, object) => {
      const ns = namespace ?? object.metadata?.namespace;
      const name = object.metadata?.name ?? (object.metadata?.generateName as string | undefined);
      return call(ctx, { method: 'POST', path: resourcePath(r, ns), body: object, ...targetOf('create', r, ns, { name }) });
    },
    replace: (r, namespace, name, object, opts) => call(ctx, { method: 'PUT', path: resourcePath(r, namespace, name, opts?.subresource), body: object, ...targetOf('update', r, namespace, { name, subresource: opts?.subresource }) }),
    patch: (r, namespace, name, patch, opts) =>
      call(ctx, { method: 'PATCH', path: resourcePath(r, namespace, name, opts.subresource), body: patch, contentType: CONTENT_TYPES[opts.type], ...targetOf('patch', r, namespace, { name, subresource: opts.subresource }) }),
    delete: async (r, namespace, name, opts) => {
      await call(ctx, { method: 'DELETE', path: resourcePath(r, namespace, name), body: deleteBody(opts), ...targetOf('delete', r, namespace, { name }) });
    },
    evictPod: async (namespace, name) => {
      const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } };
      await call(ctx, { method: 'POST', path: resourcePath(RESOURCES.pods, namespace, name, 'eviction'), body, ...targetOf('create', RESOURCES.pods, namespace, { name, subresource: 'eviction' }) });
    },
    watch: (r, namespace, opts, onEvent, signal) => watchObjects(ctx, { r, namespace, opts, onEvent, signal }),
  };
  /* eslint-enable max-params */
}

function targetOf(verb: string, r: ResourceRef, namespace: string | undefined, object: { name?: string; subresource?: string } = {}): Pick<Call, 'target' | 'resource'> {
  const { name, subresource } = object;
  const qualified = `${r.plural}${r.group ? `.${r.group}` : ''}${subresource ? `/${subresource}` : ''}`;
  const ns = r.namespaced ? namespace : undefined;
  return { target: { verb, resource: qualified, ...(ns ? { namespace: ns } : {}), ...(name !== undefined ? { name } : {}) }, resource: `${r.plural}${subresource ? `/${subresource}` : ''}` };
}

async function listObjects<T extends KubeObject>(ctx: Context, r: ResourceRef, namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult<T>> {
  const query = new URLSearchParams();
  setQuery(query, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: opts.limit, continue: opts.continue });
  const list = await call<{ items?: T[] | null; metadata?: { resourceVersion?: string; continue?: string } }>(ctx, { method: 'GET', path: resourcePath(r, namespace), query, ...targetOf('list', r, namespace) });
  const next = list.metadata?.continue;
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', ...(next ? { continue: next } : {}) };
}

function deleteBody(opts: DeleteOptions | undefined): unknown {
  if (!opts) return undefined;
  return { apiVersion: 'v1', kind: 'DeleteOptions', ...opts };
}

async function call<T>(ctx: Context, c: Call): Promise<T> {
  const wait = ctx.bucket.reserve(Date.now());
  if (wait > 0) await delay(wait);
  const started = performance.now();
  let status: number;
  let text: string;
  try {
    const res = await send(ctx, c, { headersTimeout: ctx.timeoutMs, bodyTimeout: ctx.timeoutMs });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    report(ctx, c, 0, started);
    throw networkError(c.target, err);
  }
  report(ctx, c, status, started);
  if (status < 200 || status > 299) throw errorFromResponse(c.target, status, text);
  return parseBody<T>(c, status, text);
}

// One HTTP exchange through the kubeconfig's dispatcher (undici's global one when it has no TLS settings).
async function send(ctx: Context, c: Call, limits: { headersTimeout?: number; bodyTimeout?: number; signal?: AbortSignal }): Promise<Dispatcher.ResponseData> {
  const body = c.body === undefined ? undefined : JSON.stringify(c.body);
  return request(urlOf(ctx, c), {
    method: c.method,
    headers: await headersFor(ctx, body === undefined ? undefined : (c.contentType ?? 'application/json')),
    body,
    dispatcher: await ctx.transport.dispatcher(),
    ...limits,
  });
}

function parseBody<T>(c: Call, status: number, text: string): T {
  if (text === '') return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new KubeRequestError(c.target, { code: status, reason: 'InvalidResponse', message: `the server answered ${status} with a body that is not JSON` }, { cause: err });
  }
}

function urlOf(ctx: Context, c: Pick<Call, 'path' | 'query'>): string {
  const query = c.query?.toString();
  return `${ctx.transport.server}${c.path}${query ? `?${query}` : ''}`;
}

async function headersFor(ctx: Context, contentType: string | undefined): Promise<Record<string, string>> {
  return { ...(await ctx.transport.authHeaders()), Accept: 'application/json', 'User-Agent': ctx.userAgent, ...(contentType ? { 'Content-Type': contentType } : {}) };
}

function report(ctx: Context, c: Pick<Call, 'target' | 'resource'>, code: number, started: number): void {
  const { verb, namespace, name } = c.target;
  ctx.onRequest?.({ verb, resource: c.resource, namespace, name, code, durationMs: performance.now() - started });
}

interface WatchCall<T> {
  r: ResourceRef;
  namespace: string | undefined;
  opts: WatchOptions;
  onEvent: (event: WatchEvent<T>) => void;
  signal: AbortSignal;
}

// Watches bypass the rate limiter and the timeout: they are long-lived and few (one per informer).
async function watchObjects<T extends KubeObject>(ctx: Context, w: WatchCall<T>): Promise<void> {
  const c: Call = { method: 'GET', path: resourcePath(w.r, w.namespace), query: watchQuery(w.opts), ...targetOf('watch', w.r, w.namespace) };
  if (w.signal.aborted) return;
  const started = performance.now();
  let res: Dispatcher.ResponseData;
  try {
    // No body timeout: a quiet watch is healthy, and the server ends it after timeoutSeconds anyway.
    res = await send(ctx, c, { bodyTimeout: 0, signal: w.signal });
  } catch (err) {
    if (w.signal.aborted) return;
    report(ctx, c, 0, started);
    throw networkError(c.target, err);
  }
  report(ctx, c, res.statusCode, started);
  if (res.statusCode < 200 || res.statusCode > 299) throw errorFromResponse(c.target, res.statusCode, await res.body.text().catch(() => ''));
  // A handler's own exception is passed on as it is; anything else here is the connection or the stream breaking.
  let handlerError: { err: unknown } | undefined;
  const onEvent = (event: WatchEvent<T>): void => {
    try {
      w.onEvent(event);
    } catch (err) {
      handlerError = { err };
      throw err;
    }
  };
  try {
    await readWatchStream(res.body, onEvent);
  } catch (err) {
    if (handlerError) throw handlerError.err;
    if (w.signal.aborted) return;
    throw networkError(c.target, err);
  }
}

function watchQuery(opts: WatchOptions): URLSearchParams {
  const query = new URLSearchParams({ watch: 'true' });
  const { resourceVersion, labelSelector, fieldSelector, timeoutSeconds } = opts;
  setQuery(query, { resourceVersion, labelSelector, fieldSelector, allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined, timeoutSeconds });
  return query;
}

// Empty strings count as unset: "?labelSelector=" would mean the same, but noisier.
function setQuery(query: URLSearchParams, params: Record<string, string | number | undefined>): void {
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
}
