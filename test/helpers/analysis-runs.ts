import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, type RunningSim } from './sim-process.js';

/** An AnalysisRun as `kubectl get analysisrun -o json` shows it (the parts the analysis tests read). */
export interface RunView {
  metadata: { name: string; uid: string; labels?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  spec: { args?: { name: string; value?: string; valueFrom?: unknown }[]; metrics: unknown[]; terminate?: boolean };
  status?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    completedAt?: string;
    runSummary?: Record<string, number>;
    metricResults?: MetricResultView[];
  };
}

export interface MetricResultView {
  name: string;
  phase: string;
  message?: string;
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  consecutiveError?: number;
  measurements?: { phase: string; value?: string; message?: string; startedAt?: string; finishedAt?: string; metadata?: Record<string, string> }[];
}

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** Every AnalysisRun of the namespace, optionally narrowed by a label selector. */
export async function listRuns(sim: RunningSim, selector?: string): Promise<RunView[]> {
  const args = ['get', 'analysisruns', '-o', 'json', ...(selector ? ['-l', selector] : [])];
  return (JSON.parse((await sim.kubectl(args)).stdout) as { items: RunView[] }).items;
}

/** One AnalysisRun, or undefined when it does not exist. */
export async function getRun(sim: RunningSim, name: string): Promise<RunView | undefined> {
  const result = await sim.kubectl(['get', 'analysisrun', name, '-o', 'json']);
  return result.code === 0 ? (JSON.parse(result.stdout) as RunView) : undefined;
}

/** Waits until the run has reached a completed phase and returns it. */
export function completedRun(sim: RunningSim, name: string, timeoutMs = 20_000): Promise<RunView> {
  return eventually(async () => {
    const run = await getRun(sim, name);
    return COMPLETED.has(run?.status?.phase ?? '') ? run : undefined;
  }, `AnalysisRun ${name} to complete`, timeoutMs);
}

/** The run a rollout made for its release `hash` (and of `type`, Step or Background). */
export async function runOfRelease(sim: RunningSim, rollout: string, hash: string, type = 'Step'): Promise<RunView | undefined> {
  return (await listRuns(sim, `rollouts-pod-template-hash=${hash},rollout-type=${type}`)).find((r) => r.metadata.ownerReferences?.some((o) => o.kind === 'Rollout' && o.name === rollout));
}

/** `reason: message` of every event about the object, one a line, as `kubectl get events` lists them. */
export async function eventsOf(sim: RunningSim, name: string): Promise<string> {
  const jsonpath = 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}';
  return (await sim.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', jsonpath])).stdout;
}

/** A request a test server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP server on 127.0.0.1 that a test starts and stops. */
export interface LocalServer {
  url: string;
  port: number;
  received: ReceivedRequest[];
  stop(): Promise<void>;
}

/** What a test server answers: a status and a body (JSON-encoded unless it is a string). */
export interface Answer {
  status: number;
  body: unknown;
  /** Answers only after this long: a slow provider (a client that gave up before is simply gone). */
  delayMs?: number;
}

function respond(res: ServerResponse, answer: Answer, timers: Set<NodeJS.Timeout>): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const send = (): void => {
    if (!res.destroyed) res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(text);
  };
  if (answer.delayMs === undefined) return send();
  const timer = setTimeout(() => {
    timers.delete(timer);
    send();
  }, answer.delayMs);
  timers.add(timer);
}

/** Starts a server on 127.0.0.1 (a free port) that records each request and answers with `handle`. */
export async function startLocalServer(handle: (request: ReceivedRequest) => Answer): Promise<LocalServer> {
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      received.push(request);
      respond(res, handle(request), timers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
