#!/usr/bin/env node
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { createKubeClient } from '../kube/kube-client.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import { messageOf } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { startHealthServer } from './health-server.js';
import { startControllers } from './controllers.js';
import { createControllerMetrics } from './metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { packageVersion } from '../cli/package-version.js';
import { leaderIdentity, leaseLockName } from './leader-election.js';
import { parseLeaderElectionTimings, runWhenLeading } from './run-when-leading.js';

const USAGE = `rollouts-controller: reconciles Argo Rollouts-compatible Rollouts (argoproj.io/v1alpha1)

Usage: rollouts-controller [flags]
  --kubeconfig FILE        kubeconfig to use (default: in-cluster, else $KUBECONFIG / ~/.kube/config)
  --context NAME           kubeconfig context (default: the current one)
  --namespace NS           watch only this namespace (default: all)
  --instance-id ID         handle only rollouts labelled argo-rollouts.argoproj.io/controller-instance-id=ID
  --rollout-threads N      rollouts reconciled at once (default 10)
  --analysis-threads N     AnalysisRuns reconciled at once (default 30)
  --rollout-resync S       reconcile every rollout at least every S seconds (default 900; 0 = never)
  --qps N                  API requests per second (default 40)
  --burst N                API request burst (default 80)
  --healthz-port P         serve /healthz and /readyz on this port (default 8080; 0 = off)
  --metrics-port P         serve Prometheus metrics at /metrics on this port (default 8090; 0 = off)
  --log-level LEVEL        trace|debug|info|warn|error (default info)
  --log-format FORMAT      json|text (default json)
  --leader-elect           run as one of several replicas: reconcile only while holding the Lease
                           argo-rollouts-controller-lock[-ID] in $POD_NAMESPACE (default false)
  --leader-election-lease-duration D   a standby takes over an unrenewed lease after D (default 15s)
  --leader-election-renew-deadline D   the leader stops if it cannot renew for D (default 10s)
  --leader-election-retry-period D     between acquire/renew attempts (default 2s)
  -h, --help               this text`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function flags(): ReturnType<typeof parseFlags> {
  return parseFlags(process.argv.slice(2));
}

function isLogFormat(value: string): value is 'json' | 'text' {
  return value === 'json' || value === 'text';
}

function parseFlags(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string' },
      'instance-id': { type: 'string' },
      'rollout-threads': { type: 'string' },
      'analysis-threads': { type: 'string' },
      'rollout-resync': { type: 'string' },
      qps: { type: 'string' },
      burst: { type: 'string' },
      'healthz-port': { type: 'string' },
      'metrics-port': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'leader-elect': { type: 'boolean' },
      'leader-election-lease-duration': { type: 'string' },
      'leader-election-renew-deadline': { type: 'string' },
      'leader-election-retry-period': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const format = values['log-format'] ?? 'json';
  if (!isLogFormat(format)) throw new Error(`--log-format must be json or text, got "${format}"`);
  return {
    help: values.help === true,
    kubeconfig: values.kubeconfig,
    context: values.context,
    namespace: values.namespace,
    instanceId: values['instance-id'],
    threads: Math.max(1, positiveInt(values['rollout-threads'], 'rollout-threads', 10)),
    analysisThreads: Math.max(1, positiveInt(values['analysis-threads'], 'analysis-threads', 30)),
    rolloutResyncMs: positiveInt(values['rollout-resync'], 'rollout-resync', 900) * 1000,
    qps: positiveInt(values.qps, 'qps', 40),
    burst: positiveInt(values.burst, 'burst', 80),
    healthzPort: positiveInt(values['healthz-port'], 'healthz-port', 8080),
    metricsPort: positiveInt(values['metrics-port'], 'metrics-port', 8090),
    logLevel: values['log-level'] ?? 'info',
    logFormat: format,
    leaderElect: values['leader-elect'] === true,
    leaderElection: parseLeaderElectionTimings({
      leaseDuration: values['leader-election-lease-duration'],
      renewDeadline: values['leader-election-renew-deadline'],
      retryPeriod: values['leader-election-retry-period'],
    }),
  };
}

async function main(): Promise<void> {
  const opts = flags();
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = createLogger({ level: opts.logLevel, format: opts.logFormat, name: 'rollouts-controller' });
  const kc = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  const metrics = createControllerMetrics({ version: packageVersion() });
  const client = createKubeClient(kc, { qps: opts.qps, burst: opts.burst, onRequest: metrics.onRequest });
  const metricsServer = opts.metricsPort > 0 ? await startMetricsServer(opts.metricsPort, metrics.registry) : undefined;
  // Argo's convention: the pod's namespace from the downward API, else argo-rollouts.
  const controllerNamespace = process.env.POD_NAMESPACE ?? 'argo-rollouts';
  const election = opts.leaderElect ? { lock: { namespace: controllerNamespace, name: leaseLockName(opts.instanceId) }, identity: leaderIdentity(hostname()), timings: opts.leaderElection } : undefined;
  const start = (): ReturnType<typeof startControllers> => startControllers({
    client,
    log,
    namespace: opts.namespace,
    instanceId: opts.instanceId,
    rolloutThreads: opts.threads,
    analysisThreads: opts.analysisThreads,
    rolloutResyncMs: opts.rolloutResyncMs,
    instanceName: hostname(),
    controllerNamespace,
    env: process.env,
    observer: metrics.observer,
  });
  // Losing the lease means another replica may already reconcile: stop at once, as Argo does.
  const controller = runWhenLeading({ client, log, election, start, onLost: () => process.exit(1) });
  const health = opts.healthzPort > 0 ? await startHealthServer(opts.healthzPort, controller.ready) : undefined;
  log.info({ server: kc.getCurrentCluster()?.server, namespace: opts.namespace ?? '(all)', threads: opts.threads, analysisThreads: opts.analysisThreads }, 'controller started');
  controller.ready.then(() => log.info(opts.leaderElect ? 'ready' : 'caches synced'), () => undefined);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight reconciles');
    void controller
      .stop()
      .then(() => Promise.all([health?.close(), metricsServer?.close()]))
      .then(() => {
        log.info('stopped');
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`rollouts-controller: ${messageOf(err)}\n`);
  process.exit(1);
});
