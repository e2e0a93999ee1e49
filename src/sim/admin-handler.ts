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
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /_sim/faults':
      return sendJson(res, 200, deps.faults.config as unknown as JsonObject);
    case 'PUT /_sim/faults':
    case 'POST /_sim/faults':
      return setFaults(req, res, deps);
    case 'DELETE /_sim/faults':
      deps.faults.set(parseFaultConfig({}));
      return sendJson(res, 200, deps.faults.config as unknown as JsonObject);
    case 'GET /_sim/requests':
      return sendJson(res, 200, deps.requests.summary({ userAgent: url.searchParams.get('userAgent') ?? undefined }) as unknown as JsonObject);
    case 'DELETE /_sim/requests':
      deps.requests.reset();
      return sendJson(res, 200, { reset: true });
    case 'POST /_sim/watches/drop':
      return sendJson(res, 200, { dropped: deps.watches.dropAll(url.searchParams.get('abrupt') === 'true') });
    case 'POST /_sim/compact':
      deps.store.compact();
      return sendJson(res, 200, { compactedAt: String(deps.store.currentRv) });
    case 'GET /_sim/stats':
      return sendJson(res, 200, stats(deps));
    default:
      if (url.pathname.startsWith('/_sim/')) throw req.method === 'GET' ? notFound({ group: '', resource: 'sim', name: url.pathname }) : methodNotAllowed();
      throw notFound({ group: '', resource: 'sim', name: url.pathname });
  }
}

async function setFaults(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  const body = parseBody(await readBody(req), req.headers['content-type']);
  try {
    deps.faults.set(parseFaultConfig(body ?? {}));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest((err as Error).message);
  }
  sendJson(res, 200, deps.faults.config as unknown as JsonObject);
}

function stats(deps: AdminDeps): JsonObject {
  const objects: JsonObject = {};
  for (const key of deps.store.typeKeys()) objects[key.replace(/^\//, '')] = deps.store.count(key);
  return { resourceVersion: String(deps.store.currentRv), watches: deps.watches.size, objects };
}
