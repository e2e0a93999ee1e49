import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin-handler.js';
import { ApiError, internalError, notFound } from './api-error.js';
import { ApiHandler, verbOf } from './api-handler.js';
import { resolveApiPath, type ResourcePath } from './api-path.js';
import { startClusterControllers, type ClusterControllers } from './cluster/cluster.js';
import { aggregatedDiscovery, legacyCoreVersions, legacyGroup, legacyGroupList, legacyResourceList, SERVER_VERSION } from './discovery.js';
import { FaultInjector } from './faults.js';
import { aggregatedDiscoveryVersion, sendError, sendJson } from './http-util.js';
import type { JsonObject } from './json.js';
import { openApiV3Document, openApiV3Index } from './openapi.js';
import { ResourceRegistry } from './registry.js';
import { RequestLog } from './request-log.js';
import { RestStorage } from './rest-storage.js';
import { ObjectStore } from './store.js';
import { WatchHub } from './watch-hub.js';

export interface SimOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Seconds from a Pod's creation until it is Running and Ready. */
  podReadySeconds?: number;
  /** Seconds a Job's pod runs before it succeeds (or fails, when told to). */
  jobSeconds?: number;
  /** Watch events kept for resuming watches; older resourceVersions get 410 Gone. */
  watchHistory?: number;
  bookmarkSeconds?: number;
  /** Where the simulator reports its own internal failures. */
  logError?: (message: string) => void;
}

export interface Sim {
  url: string;
  port: number;
  registry: ResourceRegistry;
  storage: RestStorage;
  close(): Promise<void>;
}

const SEED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class SimServer {
  readonly registry = new ResourceRegistry();
  readonly store: ObjectStore;
  readonly storage: RestStorage;
  readonly watches: WatchHub;
  readonly faults: FaultInjector;
  readonly requests = new RequestLog();
  readonly api: ApiHandler;
  readonly logError: (message: string) => void;
  #ip = 10;
  controllers?: ClusterControllers;

  constructor(options: SimOptions) {
    const now = (): Date => new Date();
    this.store = new ObjectStore({ logCapacity: options.watchHistory ?? 100_000 });
    this.storage = new RestStorage({ store: this.store, now, clusterIP: () => this.#nextIP() });
    this.watches = new WatchHub(this.store, { now, bookmarkSeconds: options.bookmarkSeconds ?? 10 });
    this.faults = new FaultInjector(() => this.watches.dropAll());
    this.api = new ApiHandler({ storage: this.storage, watches: this.watches, now });
    this.logError = options.logError ?? ((m) => process.stderr.write(`${m}\n`));
  }

  #nextIP(): string {
    const n = this.#ip++;
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      await this.#route(req, res, url);
    } catch (err) {
      this.#fail(req, res, err);
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/_sim/')) return handleAdmin(req, res, url, this);
    if (this.#nonResource(req, res, url.pathname)) return;
    const path = resolveApiPath(url.pathname, this.registry);
    if (path.kind === 'group-version' || path.kind === 'group') return this.#groupDiscovery(res, path);
    if (path.kind !== 'resource') throw notFound({ group: '', resource: '', name: url.pathname });
    await this.#resource(req, res, path, url.searchParams);
  }

  // API requests are counted once answered or dropped (a watch ends when its client goes) and may meet an injected fault before they are served.
  async #resource(req: IncomingMessage, res: ServerResponse, path: ResourcePath, query: URLSearchParams): Promise<void> {
    const verb = verbOf(req.method ?? 'GET', path, query);
    res.on('close', () => this.requests.record({ userAgent: String(req.headers['user-agent'] ?? ''), verb, group: path.type.group, resource: path.type.resource, namespace: path.namespace ?? '', subresource: path.subresource ?? '', code: res.statusCode }));
    await this.#injectFaults(verb, path);
    await this.api.handle(req, res, path, query);
  }

  async #injectFaults(verb: string, path: ResourcePath): Promise<void> {
    const resourceName = path.subresource ? `${path.type.resource}/${path.subresource}` : path.type.resource;
    const fault = this.faults.decide(verb, resourceName);
    if (fault.delayMs > 0) await delay(fault.delayMs);
    if (fault.failWith) throw new ApiError(fault.failWith, fault.failWith === 503 ? 'ServiceUnavailable' : 'InternalError', 'injected fault: the server is currently unable to handle the request');
    if (fault.conflict) throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${path.type.resource} "${path.name ?? ''}": injected conflict; please apply your changes to the latest version and try again`);
  }

  // API errors become a Status; anything else is the simulator's own bug: logged, and answered with 500.
  #fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    if (err instanceof ApiError) return sendError(res, err);
    this.logError(`rollouts-sim: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
    sendError(res, internalError((err as Error).message));
  }

  #nonResource(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const p = pathname.replace(/\/$/, '') || '/';
    if (p === '/healthz' || p === '/readyz' || p === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return true;
    }
    if (p === '/version') return this.#json(res, SERVER_VERSION);
    if (p === '/api' || p === '/apis') return this.#rootDiscovery(req, res, p === '/api');
    if (p === '/openapi/v3') return this.#json(res, openApiV3Index(this.registry.all()));
    if (p.startsWith('/openapi/v3/')) return this.#openApiDocument(res, p.slice('/openapi/v3/'.length));
    return false;
  }

  #json(res: ServerResponse, body: JsonObject): boolean {
    sendJson(res, 200, body);
    return true;
  }

  #rootDiscovery(req: IncomingMessage, res: ServerResponse, core: boolean): boolean {
    const aggregated = aggregatedDiscoveryVersion(req.headers.accept);
    if (aggregated) {
      const body = JSON.stringify(aggregatedDiscovery(this.registry.all(), core, `apidiscovery.k8s.io/${aggregated}`));
      res.writeHead(200, { 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
      return true;
    }
    return this.#json(res, core ? legacyCoreVersions() : legacyGroupList(this.registry.all()));
  }

  #openApiDocument(res: ServerResponse, gvPath: string): boolean {
    const segs = gvPath.split('/');
    const [group, version] = segs[0] === 'api' ? ['', segs[1]] : [segs[1], segs[2]];
    const doc = openApiV3Document(this.registry.all(), group ?? '', version ?? '');
    if (!doc) throw notFound({ group: '', resource: 'openapi', name: gvPath });
    return this.#json(res, doc);
  }

  #groupDiscovery(res: ServerResponse, path: { kind: 'group'; group: string } | { kind: 'group-version'; group: string; version: string }): void {
    const body = path.kind === 'group' ? legacyGroup(this.registry.all(), path.group) : legacyResourceList(this.registry.all(), path.group, path.version);
    if (!body) throw notFound({ group: '', resource: '', name: path.group });
    sendJson(res, 200, body);
  }

  seed(): void {
    const nsType = this.registry.find('', 'v1', 'namespaces');
    if (!nsType) return;
    for (const name of SEED_NAMESPACES) this.storage.create(nsType, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}

/** Starts rollouts-sim on 127.0.0.1 and resolves once it accepts connections. */
export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const sim = new SimServer(options);
  sim.seed();
  sim.controllers = startClusterControllers({
    registry: sim.registry,
    store: sim.store,
    storage: sim.storage,
    podReadySeconds: options.podReadySeconds ?? 2,
    jobSeconds: options.jobSeconds ?? 1,
    logError: sim.logError,
  });
  const server: Server = createServer((req, res) => void sim.handle(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registry: sim.registry,
    storage: sim.storage,
    close: async () => {
      sim.faults.close();
      sim.controllers?.stop();
      sim.watches.dropAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
