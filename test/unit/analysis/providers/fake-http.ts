// Small HTTP servers for the provider tests, on 127.0.0.1 only. Every server records what it was
// sent, and stop() ends it together with any connection it left hanging.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { pino, type Logger } from 'pino';
import type { AnalysisRun, Metric } from '../../../../src/api/types.js';
import type { MeasureRequest } from '../../../../src/analysis/providers/provider.js';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/api/v1/query?query=up". */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** Starts a server that answers every request with `reply(request)`; with `tls`, over HTTPS. */
export async function startFakeServer(reply: (request: RecordedRequest) => Reply, tls?: { key: string; cert: string }): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded = { method: req.method ?? '', url: req.url ?? '', path: parsed.pathname, query: parsed.searchParams, headers: req.headers, body };
      requests.push(recorded);
      const answer = reply(recorded);
      if (answer.hang === true) return;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
      res.writeHead(answer.status ?? 200, { 'Content-Type': type, ...answer.headers });
      res.end(text);
    });
  };
  const server = tls === undefined ? createServer(handle) : createTlsServer(tls, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A throwaway self-signed certificate for 127.0.0.1 (no client trusts it without `insecure`). */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'provider-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on: opened, then closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger whose lines the test can read (to check that no secret reaches a log). */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { log, lines };
}

export const NOW = DateTime.fromISO('2020-09-02T19:53:55Z', { zone: 'utc' });

export function aRun(overrides: Partial<NonNullable<AnalysisRun['metadata']>> = {}): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'checkout-analysis', namespace: 'shop', uid: '6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f', ...overrides },
    spec: { metrics: [] },
  };
}

/** A measure request for `metric`, at NOW, with a signal that is never aborted unless given. */
export function measureRequest(metric: Metric, options: { run?: AnalysisRun; signal?: AbortSignal } = {}): MeasureRequest {
  return { run: options.run ?? aRun(), metric, now: NOW, signal: options.signal ?? new AbortController().signal };
}
