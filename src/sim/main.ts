#!/usr/bin/env node
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeKubeconfig } from './kubeconfig.js';
import { startSim } from './server.js';

const USAGE = `rollouts-sim: a Kubernetes API server with simulated workloads, on 127.0.0.1

Usage: rollouts-sim [flags]
  --port P                 port to listen on (0 picks a free one; default 0)
  --kubeconfig PATH        where to write a kubeconfig for kubectl and client-node
                           (default: <tmpdir>/rollouts-sim-<port>/kubeconfig)
  --pod-ready-seconds S    seconds until a new Pod is Running and Ready (default 2)
  --job-seconds S          seconds a Job's pod runs before it completes (default 1)
  --watch-history N        watch events kept for resuming watches (default 100000)
  --bookmark-seconds S     interval of BOOKMARK events on watches that allow them (default 10)
  -h, --help               this text

When ready it prints one JSON line: {"event":"ready","server":"http://127.0.0.1:PORT","kubeconfig":"PATH"}
Admin endpoints (fault injection, request counts): see docs/simulator.md.`;

function numberFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      'pod-ready-seconds': { type: 'string' },
      'job-seconds': { type: 'string' },
      'watch-history': { type: 'string' },
      'bookmark-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = await startSim({
    port: numberFlag(values.port, 'port', 0),
    podReadySeconds: numberFlag(values['pod-ready-seconds'], 'pod-ready-seconds', 2),
    jobSeconds: numberFlag(values['job-seconds'], 'job-seconds', 1),
    watchHistory: numberFlag(values['watch-history'], 'watch-history', 100_000),
    bookmarkSeconds: numberFlag(values['bookmark-seconds'], 'bookmark-seconds', 10),
  });
  const kubeconfig = resolve(values.kubeconfig ?? join(tmpdir(), `rollouts-sim-${sim.port}`, 'kubeconfig'));
  writeKubeconfig(kubeconfig, sim.url);
  process.stdout.write(`${JSON.stringify({ event: 'ready', server: sim.url, kubeconfig })}\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`rollouts-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
