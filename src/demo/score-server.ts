// The demo's built-in metrics source: what a real service's success-rate endpoint would answer,
// queried by the demo's AnalysisTemplates through the `web` provider.
//   GET /score?version=ghcr.io/example/payments:1.2.0 → 200 {"score":0.99}
//   GET /score?version=ghcr.io/example/payments:1.1.0 → 200 {"score":0.5}
//   an image the demo never released → 404; any other path → 404.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoApp } from './release-plan.js';
import { scoreOf } from './release-plan.js';

export interface ScoreServer {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  port: number;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(apps: readonly DemoApp[], req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  // Only the one endpoint exists: anything else is a wrong URL in a template.
  if (req.method !== 'GET' || url.pathname !== '/score') return answer(res, 404, { error: 'not found: GET /score?version=IMAGE' });
  const version = url.searchParams.get('version') ?? '';
  const score = scoreOf(apps, version);
  if (score === undefined) return answer(res, 404, { error: `unknown version ${JSON.stringify(version)}` });
  answer(res, 200, { version, score });
}

/** Starts the score endpoint on 127.0.0.1 (port 0 picks a free one). */
export async function startScoreServer(apps: readonly DemoApp[], port = 0): Promise<ScoreServer> {
  const server = createServer((req, res) => handle(apps, req, res));
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
