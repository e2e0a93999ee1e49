import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, notFound } from './api-error.js';
import type { FaultInjector } from './faults.js';
import { parseFaultConfig } from './faults.js';
import { parseBody, readBody, sendJson } from './http-util.js';
import type { JsonObject } from './json.js';
import type { RequestLog } from './request-log.js';
import type { ObjectStore } from './store.js';
import type { WatchHub } from './watch-hub.js';

export interface AdminDeps {
  faults: FaultInjector;
  requests: RequestLog;
  store: ObjectStore;
  watches: WatchHub;
}

/**
 * `/_sim/…`: the simulator's own controls, outside the Kubernetes API.
 *   GET/PUT/DELETE /_sim/faults   fault injection (see FaultConfig)
 *   GET/DELETE     /_sim/requests request counter (?userAgent=prefix filters)
 *   POST           /_sim/watches/drop  end every open watch now (?abrupt=true resets the connections)
 *   POST           /_sim/compact  forget watch history (older resourceVersions get 410)
 *   GET            /_sim/stats    object counts, open watches, current resourceVersion
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, deps: AdminDeps): Promise<void> {
  const route = ADMIN_ROUTES.get(`${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`);
  if (route) return route({ req, res, url, deps });
  // An unknown admin path is 404 to a GET and 405 to anything else.
  if (url.pathname.startsWith('/_sim/')) throw req.method === 'GET' ? notFound({ group: '', resource: 'sim', name: url.pathname }) : methodNotAllowed();
  throw notFound({ group: '', resource: 'sim', name: url.pathname });
}

/** One admin request. */
interface AdminCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  deps: AdminDeps;
}

type AdminRoute = (call: AdminCall) => void | Promise<void>;

const ADMIN_ROUTES = new Map<string, AdminRoute>([
  ['GET /_sim/faults', showFaults],
  ['PUT /_sim/faults', setFaults],
  ['POST /_sim/faults', setFaults],
  ['DELETE /_sim/faults', clearFaults],
  ['GET /_sim/requests', ({ res, url, deps }) => sendJson(res, 200, deps.requests.summary({ userAgent: url.searchParams.get('userAgent') ?? undefined }) as unknown as JsonObject)],
  ['DELETE /_sim/requests', resetRequests],
  ['POST /_sim/watches/drop', ({ res, url, deps }) => sendJson(res, 200, { dropped: deps.watches.dropAll(url.searchParams.get('abrupt') === 'true') })],
  ['POST /_sim/compact', compact],
  ['GET /_sim/stats', ({ res, deps }) => sendJson(res, 200, stats(deps))],
]);

function showFaults({ res, deps }: AdminCall): void {
  sendJson(res, 200, deps.faults.config as unknown as JsonObject);
}

async function setFaults(call: AdminCall): Promise<void> {
  const { req, deps } = call;
  const body = parseBody(await readBody(req), req.headers['content-type']);
  try {
    deps.faults.set(parseFaultConfig(body ?? {}));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest((err as Error).message);
  }
  showFaults(call);
}

function clearFaults(call: AdminCall): void {
  call.deps.faults.set(parseFaultConfig({}));
  showFaults(call);
}

function resetRequests({ res, deps }: AdminCall): void {
  deps.requests.reset();
  sendJson(res, 200, { reset: true });
}

function compact({ res, deps }: AdminCall): void {
  deps.store.compact();
  sendJson(res, 200, { compactedAt: String(deps.store.currentRv) });
}

function stats(deps: AdminDeps): JsonObject {
  const objects: JsonObject = {};
  for (const key of deps.store.typeKeys()) objects[key.replace(/^\//, '')] = deps.store.count(key);
  return { resourceVersion: String(deps.store.currentRv), watches: deps.watches.size, objects };
}
