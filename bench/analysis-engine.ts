// Measures the analysis engine's hot paths without I/O: evaluating a compiled condition against a
// Prometheus-style result, compiling Argo expressions (cold, cache bypassed by unique text), and one
// whole reconcile pass of a 3-metric AnalysisRun with an instant provider. One JSON line last.
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { compileCondition, evaluateMeasurement } from '../src/analysis/engine/index.js';
import type { AnalysisRunPorts } from '../src/analysis/ports.js';
import { reconcileAnalysisRun } from '../src/analysis/reconcile-run.js';
import type { AnalysisRun, Metric } from '../src/api/types.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

function rate(work: (i: number) => void): number {
  let n = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let k = 0; k < 100; k++) work(n++);
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

async function rateAsync(work: (i: number) => Promise<void>): Promise<number> {
  let n = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < deadline) await work(n++);
  return Math.round(n / ((performance.now() - started) / 1000));
}

const metric = (name: string): Metric => ({ name, interval: '1s', successCondition: 'len(result) > 0 && result[0] >= 0.95', failureCondition: 'result[0] < 0.9', provider: { prometheus: { address: 'http://127.0.0.1:1', query: 'q{{args.x}}' } } });

async function reconcilePasses(): Promise<number> {
  let run: AnalysisRun = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r', namespace: 'default', resourceVersion: '1' }, spec: { args: [{ name: 'x', value: '1' }], metrics: [metric('a'), metric('b'), metric('c')] } };
  let now = DateTime.utc();
  const ports: AnalysisRunPorts = {
    run: () => run,
    patchRunStatus: (_ns, _n, status) => {
      run = { ...run, status };
      return Promise.resolve(run);
    },
    deleteRun: () => Promise.resolve(),
    recordEvent: () => Promise.resolve(),
    secretData: () => Promise.resolve(undefined),
  };
  const provider = { kind: 'prometheus' as const, measure: () => Promise.resolve({ kind: 'value' as const, result: [0.99], value: '[0.99]' }) };
  const deps = { ports, providerFor: () => provider, log: pino({ level: 'silent' }), now: () => now, signal: new AbortController().signal, versions: { isStale: () => false, record: () => undefined, forget: () => undefined } };
  return rateAsync(async () => {
    now = now.plus({ seconds: 1 });
    await reconcileAnalysisRun('default/r', deps);
  });
}

async function main(): Promise<void> {
  const condition = { successCondition: 'len(result) > 0 && result[0] >= 0.95', failureCondition: 'result[0] < 0.9' };
  const evaluationsPerSecond = rate((i) => {
    evaluateMeasurement({ metric: condition, result: [0.9 + (i % 10) / 100] });
  });
  process.stderr.write(`condition evaluations: ${evaluationsPerSecond}/s\n`);
  const compilesPerSecond = rate((i) => {
    compileCondition(`result[0] >= 0.${i} && all(result, {# > 0.1})`);
  });
  process.stderr.write(`cold compiles: ${compilesPerSecond}/s\n`);
  const passesPerSecond = await reconcilePasses();
  process.stderr.write(`reconcile passes (3 metrics, measuring each pass): ${passesPerSecond}/s\n`);
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  process.stdout.write(`${JSON.stringify({ bench: 'analysis-engine', evaluationsPerSecond, compilesPerSecond, reconcilePassesPerSecond: passesPerSecond, heapMb })}\n`);
}

void main();
