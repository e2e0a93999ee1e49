// A small keep-alive HTTP client for the benchmark's own requests to rollouts-sim, with its own
// User-Agent so the simulator's request counter can tell them apart from the controller's.
import { Agent, request } from 'node:http';

/** The answer to one request. */
export interface ApiResponse {
  status: number;
  body: string;
}

/** JSON requests to one API server over a pool of keep-alive connections. */
export class BenchApi {
  readonly #agent: Agent;
  readonly #base: URL;

  constructor(baseUrl: string, connections = 32) {
    this.#base = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** Sends one request; `contentType` defaults to JSON merge patch for PATCH. */
  send(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'User-Agent': 'rollouts-bench', Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.#base), { method, agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends and throws unless the answer is 2xx. */
  async must(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as unknown;
  }

  /** Closes the pooled connections. */
  close(): void {
    this.#agent.destroy();
  }
}

/** Runs `work` for every item with at most `limit` in flight. */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
