// A small metrics app for analysis tests: it stands in for the telemetry of the Rollout's pods. It lists
// the ready pods in the simulator and, for each, counts requests served at a steady rate with the error
// rate and latency the test gives that pod's image, exposed on /metrics for a real Prometheus to scrape:
//   http_requests_total{namespace, pod, rollouts_pod_template_hash, code}
//   http_request_duration_seconds_bucket{…, le}
// so that stable and canary report different success rates and latencies, told apart by the
// `rollouts-pod-template-hash` label as a real mesh or ingress would report them.
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';

/** How the pods of one image behave. */
export interface Behaviour {
  /** Fraction of requests answered with a 500 (0–1). */
  errorRate: number;
  /** Every request takes this long. */
  latencySeconds: number;
}

export interface MetricsApp {
  /** host:port for a Prometheus scrape target. */
  target: string;
  /** Changes how the pods of an image behave from now on. */
  setBehaviour(image: string, behaviour: Behaviour): void;
  stop(): Promise<void>;
}

interface PodView {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { containers: { image?: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

const HEALTHY: Behaviour = { errorRate: 0, latencySeconds: 0.05 };
const BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const isReady = (pod: PodView): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Starts the app on 127.0.0.1: it reads pods of `namespace` from the simulator every `tickMs`. */
export async function startMetricsApp(options: { simUrl: string; namespace: string; behaviours?: Record<string, Behaviour>; requestsPerSecond?: number; tickMs?: number }): Promise<MetricsApp> {
  const behaviours = new Map(Object.entries(options.behaviours ?? {}));
  const rps = options.requestsPerSecond ?? 20;
  const tickMs = options.tickMs ?? 250;
  const registry = new Registry();
  const labelNames = ['namespace', 'pod', 'rollouts_pod_template_hash', 'code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests served, by pod and status code.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Request latency.', labelNames: ['namespace', 'pod', 'rollouts_pod_template_hash'], buckets: BUCKETS, registers: [registry] });

  const serve = (pod: PodView, seconds: number): void => {
    const image = pod.spec.containers[0]?.image ?? '';
    const b = behaviours.get(image) ?? HEALTHY;
    const labels = { namespace: options.namespace, pod: pod.metadata.name, rollouts_pod_template_hash: pod.metadata.labels?.['rollouts-pod-template-hash'] ?? '' };
    const served = rps * seconds;
    requests.inc({ ...labels, code: '200' }, served * (1 - b.errorRate));
    requests.inc({ ...labels, code: '500' }, served * b.errorRate);
    // Whole requests into the histogram; the fraction is carried by the counters above.
    for (let i = 0; i < Math.round(served); i++) duration.observe(labels, b.latencySeconds);
  };

  let last = performance.now();
  let stopped = false;
  const tick = async (): Promise<void> => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    try {
      const res = await fetch(`${options.simUrl}/api/v1/namespaces/${options.namespace}/pods`);
      const list = (await res.json()) as { items: PodView[] };
      for (const pod of list.items.filter(isReady)) serve(pod, seconds);
    } catch {
      // The simulator is stopping: the next tick (if any) tries again.
    }
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, tickMs);

  const server: Server = createServer((req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'Content-Type': registry.contentType });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    target: `127.0.0.1:${port}`,
    setBehaviour: (image, behaviour) => behaviours.set(image, behaviour),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
