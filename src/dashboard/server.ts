// The dashboard: one static page and a JSON + Server-Sent Events API over the shared read model
// (src/view) and the plugin's operations (src/ops). Started by `kubectl rollouts dashboard` and by
// `npm start` in-process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { KubeClient } from '../kube/kube-client-types.js';
import { messageOf } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { isDashboardAction, runDashboardAction } from './actions.js';
import { isAuthorized, sessionCookie, tokenMatches } from './auth.js';
import { startClusterCache, type ClusterCache } from './cluster-cache.js';
import { rolloutDetail, rolloutRow } from './dashboard-model.js';
import { clientAddress, readBody, sendJson, sendStatic, sendText } from './http-util.js';
import { createLiveStreams, type LiveStreams } from './live-streams.js';
import { loginPage } from './login-page.js';

export interface DashboardOptions {
  client: KubeClient;
  /** 0 picks a free port; default 3100. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  readOnly?: boolean;
  /** When set, every request needs this bearer token or the login cookie. */
  authToken?: string;
  /** Only this namespace; default all. */
  namespace?: string;
  log?: Logger;
  /** The clock for ages (tests pin it); default the real one. */
  now?: () => DateTime;
}

export interface RunningDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Context {
  options: DashboardOptions;
  cache: ClusterCache;
  streams: LiveStreams;
  now: () => DateTime;
}

const ROLLOUT_PATH = /^\/api\/rollouts\/([a-z0-9.-]+)\/([a-z0-9.-]+)$/;
const ACTION_PATH = /^\/api\/rollouts\/([a-z0-9.-]+)\/([a-z0-9.-]+)\/actions\/([a-z-]+)$/;

function listView(ctx: Context, namespace: string | undefined): unknown {
  const now = ctx.now();
  const rows = ctx.cache
    .rollouts(namespace || undefined)
    .map((r) => ctx.cache.tree(r.metadata?.namespace ?? '', r.metadata?.name ?? ''))
    .flatMap((tree) => (tree ? [rolloutRow(tree, now)] : []))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { namespaces: ctx.cache.namespaces(), rollouts: rows };
}

function detailView(ctx: Context, namespace: string, name: string): unknown {
  const tree = ctx.cache.tree(namespace, name);
  return tree ? rolloutDetail(tree, ctx.now()) : undefined;
}

function openStream(ctx: Context, url: URL, res: ServerResponse): void {
  const namespace = url.searchParams.get('namespace') ?? '';
  const name = url.searchParams.get('rollout');
  const compute = name ? (): unknown => detailView(ctx, namespace, name) : (): unknown => listView(ctx, namespace);
  ctx.streams.open({ compute, res });
}

async function handleLogin(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = ctx.options.authToken ?? '';
  const given = new URLSearchParams(await readBody(req)).get('token') ?? '';
  if (!tokenMatches(token, given)) return sendText(res, 401, loginPage(true));
  res.writeHead(303, { Location: '/', 'Set-Cookie': sessionCookie(token) });
  res.end();
}

async function handleAction(ctx: Context, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray): Promise<void> {
  const [, namespace, name, action] = match;
  if (ctx.options.readOnly) return sendJson(res, 403, { error: 'the dashboard is read-only' });
  if (!isDashboardAction(action)) return sendJson(res, 404, { error: `unknown action '${action}'` });
  // A JSON content type cannot be sent by a plain cross-site form: a cheap guard against CSRF.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { error: 'send the action as application/json' });
  const requester = { address: clientAddress(req), userAgent: req.headers['user-agent'] ?? '' };
  const result = await runDashboardAction(ctx.options.client, { ref: { namespace, name }, action, requester, now: ctx.now() });
  if (result.eventError) ctx.options.log?.warn({ rollout: `${namespace}/${name}`, err: messageOf(result.eventError) }, 'dashboard action event not recorded');
  ctx.options.log?.info({ rollout: `${namespace}/${name}`, action, address: requester.address }, 'dashboard action');
  sendJson(res, 200, { message: result.message });
}

function handleRead(ctx: Context, url: URL, res: ServerResponse): void {
  const detail = ROLLOUT_PATH.exec(url.pathname);
  if (detail) {
    const view = detailView(ctx, detail[1], detail[2]);
    return view ? sendJson(res, 200, view) : sendJson(res, 404, { error: `rollout '${detail[2]}' not found in namespace '${detail[1]}'` });
  }
  if (url.pathname === '/api/rollouts') return sendJson(res, 200, listView(ctx, url.searchParams.get('namespace') ?? undefined));
  if (url.pathname === '/api/config') return sendJson(res, 200, { readOnly: Boolean(ctx.options.readOnly), auth: Boolean(ctx.options.authToken) });
  if (url.pathname === '/api/stream') return openStream(ctx, url, res);
  sendJson(res, 404, { error: 'not found' });
}

function handlePage(url: URL, res: ServerResponse): Promise<void> {
  if (url.pathname.startsWith('/static/')) return sendStatic(res, url.pathname.slice('/static/'.length));
  return sendStatic(res, 'index.html');
}

// Unauthenticated: the login page and its stylesheet only. Pages redirect to it; the API answers 401.
function refuseUnauthorized(url: URL, req: IncomingMessage, res: ServerResponse): void {
  if (url.pathname.startsWith('/api/')) return sendJson(res, 401, { error: 'sign in: send Authorization: Bearer <token>' });
  res.writeHead(303, { Location: '/login' });
  res.end();
}

// The login page and its stylesheet, served to anyone when a token is configured; false otherwise.
function servePublic(ctx: Context, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> | false {
  if (!ctx.options.authToken) return false;
  if (url.pathname === '/login') return req.method === 'POST' ? handleLogin(ctx, req, res) : Promise.resolve(sendText(res, 200, loginPage(false)));
  if (url.pathname === '/static/app.css') return sendStatic(res, 'app.css');
  return false;
}

async function route(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard');
  const publicPage = servePublic(ctx, url, req, res);
  if (publicPage) return publicPage;
  if (!isAuthorized(req, ctx.options.authToken)) return refuseUnauthorized(url, req, res);
  const action = ACTION_PATH.exec(url.pathname);
  if (action && req.method === 'POST') return handleAction(ctx, req, res, action);
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
  if (url.pathname.startsWith('/api/')) return handleRead(ctx, url, res);
  return handlePage(url, res);
}

function statusOf(err: unknown): number {
  const code = (err as { code?: unknown }).code;
  if (code === 'KUBE_NOT_FOUND') return 404;
  if (code === 'ROLLOUT_INVALID_SPEC') return 400;
  return 500;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts the caches and the server; resolves once both are ready. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const cache = await startClusterCache({ client: options.client, namespace: options.namespace, log: options.log });
  const streams = createLiveStreams();
  const ctx: Context = { options, cache, streams, now: options.now ?? ((): DateTime => DateTime.utc()) };
  const unsubscribe = cache.onChange(() => streams.refresh());
  const server = createServer((req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      options.log?.warn({ url: req.url, err: messageOf(err) }, 'dashboard request failed');
      if (!res.headersSent) sendJson(res, statusOf(err), { error: messageOf(err) });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 3100, host);
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      unsubscribe();
      streams.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cache.stop();
    },
  };
}
