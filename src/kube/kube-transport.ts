import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import type { Dispatcher } from 'undici';
import { RolloutsError } from '../shared/errors.js';

/** What every request needs from the kubeconfig: where to go, how to connect, and who we are. */
export interface KubeTransport {
  /** The API server's base URL without a trailing slash. */
  readonly server: string;
  /** The undici dispatcher carrying the cluster's TLS settings (and proxy), or undefined for undici's default. */
  dispatcher(): Promise<Dispatcher | undefined>;
  /** Authorization (bearer, exec plugin, token file, basic) and impersonation headers, fresh per request. */
  authHeaders(): Promise<Record<string, string>>;
}

/**
 * Lets client-node interpret the kubeconfig (TLS files, exec plugins, token files, proxies) while the
 * HTTP stays ours. The dispatcher is built once, since client-node makes a new one per call; the
 * headers are asked for per request because exec and token-file credentials rotate.
 */
export function createKubeTransport(kc: KubeConfig): KubeTransport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new RolloutsError('CONFIG_INVALID', 'the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  let dispatcher: Promise<Dispatcher | undefined> | undefined;
  return {
    server,
    dispatcher: () => (dispatcher ??= buildDispatcher(kc, server)),
    authHeaders: () => authHeaders(kc),
  };
}

async function buildDispatcher(kc: KubeConfig, server: string): Promise<Dispatcher | undefined> {
  const context = new RequestContext(server, HttpMethod.GET);
  try {
    await kc.applySecurityAuthentication(context);
  } catch (err) {
    throw new RolloutsError('CONFIG_INVALID', `cannot set up a connection to ${server}: ${(err as Error).message}`, { cause: err });
  }
  return context.getDispatcher();
}

async function authHeaders(kc: KubeConfig): Promise<Record<string, string>> {
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return headers;
}

/** `rollouts-controller/<version of package.json>`, the default User-Agent. */
export function defaultUserAgent(): string {
  return `rollouts-controller/${packageVersion()}`;
}

let version: string | undefined;

// src/kube/x.ts and dist/kube/x.js both sit two levels below package.json.
function packageVersion(): string {
  if (version !== undefined) return version;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    version = 'unknown';
  }
  return version;
}
