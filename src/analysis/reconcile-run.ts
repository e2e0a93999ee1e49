// The AnalysisRun reconcile (Argo's reconcileAnalysisRun): read the run from the cache, check it,
// take the measurements that are due, fold them in with the engine, write the status if it changed,
// and say when the next measurement is due. Level-triggered: it never asks what woke it.
import type { DateTime } from 'luxon';
import type { AnalysisRun, AnalysisRunStatus, Metric, MetricResult } from '../api/types.js';
import type { Logger } from '../shared/logger.js';
import {
  applyMeasurement,
  applyRetention,
  assessRun,
  dueMetrics,
  initialStatus,
  isCompleted,
  isTerminating,
  nextRequeue,
  prepareRun,
  redact,
  resolveArgs,
  secretRefsOf,
  secretValuesOf,
  templateMetric,
  ttlExpiry,
  unresolvedArgsMessage,
  type MetricTask,
  type PreparedRun,
  type ResolvedArg,
  type SecretData,
} from './engine/index.js';
import { formatTime } from './engine/run-state.js';
import type { AnalysisRunPorts, RunEvent } from './ports.js';
import type { MetricProvider } from './providers/provider.js';
import { takeMeasurement, type ProviderLookup, type TakenMeasurement } from './take-measurement.js';

export interface RunReconcileDeps {
  ports: AnalysisRunPorts;
  providerFor: ProviderLookup;
  log: Logger;
  now: () => DateTime;
  /** Aborted when the controller stops: in-flight provider requests end. */
  signal: AbortSignal;
  /** Resource versions this controller wrote last, to recognise a cache that has not caught up yet. */
  versions: { isStale(key: string, resourceVersion: string): boolean; record(key: string, resourceVersion: string): void; forget(key: string): void };
}

export interface RunReconcileResult {
  requeueAfterMs?: number;
}

/** A run's name, namespace, uid, resourceVersion and queue key, with the defaults a run from the API never needs. */
function identityOf(run: AnalysisRun): { namespace: string; name: string; uid: string; resourceVersion: string; key: string } {
  const { namespace = 'default', name = '', uid = '', resourceVersion = '' } = run.metadata ?? {};
  return { namespace, name, uid, resourceVersion, key: `${namespace}/${name}` };
}

type Args = { ok: true; value: ResolvedArg[] } | { ok: false; message: string };

// Every Secret the args name, read once each; a Secret that does not exist is left out.
async function readSecrets(run: AnalysisRun, ports: AnalysisRunPorts): Promise<SecretData> {
  const names = [...new Set(secretRefsOf(run.spec.args).map((r) => r.name))];
  const namespace = run.metadata?.namespace ?? 'default';
  const entries = await Promise.all(names.map(async (name) => [name, await ports.secretData(namespace, name)] as const));
  return Object.fromEntries(entries.filter(([, data]) => data !== undefined));
}

async function resolveWithSecrets(run: AnalysisRun, ports: AnalysisRunPorts): Promise<Args> {
  try {
    return resolveArgs({ args: run.spec.args, secrets: await readSecrets(run, ports) });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function specMetric(run: AnalysisRun, name: string): Metric | undefined {
  return run.spec.metrics.find((m) => m.name === name);
}

interface Measured {
  task: MetricTask;
  taken: TakenMeasurement;
}

async function measureAll(run: AnalysisRun, tasks: readonly MetricTask[], args: readonly ResolvedArg[], deps: RunReconcileDeps): Promise<Measured[] | { message: string }> {
  const metrics: Metric[] = [];
  for (const task of tasks) {
    const templated = templateMetric(specMetric(run, task.metric.name) ?? task.metric, args);
    if (!templated.ok) return { message: templated.message };
    metrics.push(templated.value);
  }
  const terminating = isTerminating(run);
  const taken = await Promise.all(tasks.map((task, i) => takeMeasurement({ run, metric: metrics[i], inFlight: task.inFlight, terminating, providerFor: deps.providerFor, now: deps.now, signal: deps.signal })));
  return tasks.map((task, i) => ({ task, taken: taken[i] }));
}

function fold(status: AnalysisRunStatus, measured: readonly Measured[], ctx: { prepared: PreparedRun; secrets: readonly string[]; now: DateTime }): AnalysisRunStatus {
  let next = status;
  for (const { task, taken } of measured) {
    const name = task.metric.name;
    next = applyMeasurement({ status: next, metricName: name, measurement: taken.measurement, now: ctx.now, dryRun: ctx.prepared.dryRun.has(name), replacesInFlight: task.inFlight !== undefined, terminated: taken.terminated, secretValues: ctx.secrets });
  }
  return next;
}

function errored(status: AnalysisRunStatus, message: string, now: DateTime): AnalysisRunStatus {
  return { ...status, phase: 'Error', message, completedAt: status.completedAt ?? formatTime(now) };
}

// Metrics that reached a final phase in this pass, for their events (Argo's "Metric '…' Completed").
function completedMetrics(before: AnalysisRunStatus | undefined, after: AnalysisRunStatus): MetricResult[] {
  const previous = new Map((before?.metricResults ?? []).map((r) => [r.name, r.phase]));
  return (after.metricResults ?? []).filter((r) => isCompleted(r.phase) && previous.get(r.name) !== r.phase);
}

const warningPhase = (phase: string): boolean => phase === 'Failed' || phase === 'Error';

function eventsOf(before: AnalysisRunStatus | undefined, after: AnalysisRunStatus): RunEvent[] {
  const events: RunEvent[] = completedMetrics(before, after).map((r) => ({ type: warningPhase(r.phase) ? 'Warning' : 'Normal', reason: `Metric${r.phase}`, message: `Metric '${r.name}' Completed. Result: ${r.phase}` }));
  if (isCompleted(after.phase) && before?.phase !== after.phase) {
    events.push({ type: warningPhase(after.phase) ? 'Warning' : 'Normal', reason: `AnalysisRun${after.phase}`, message: `Analysis Completed. Result: ${after.phase}` });
  }
  return events;
}

// Old measurements' leftovers (Jobs) go when a metric's history is trimmed; a failure is only logged.
async function collectGarbage(run: AnalysisRun, trimmed: readonly { metricName: string; keep: number }[], ctx: { metrics: readonly Metric[]; deps: RunReconcileDeps; log: Logger }): Promise<void> {
  const { deps, log } = ctx;
  for (const t of trimmed) {
    const metric = ctx.metrics.find((m) => m.name === t.metricName);
    const provider = metric ? deps.providerFor(metric) : undefined;
    if (!metric || !provider || 'error' in provider) continue;
    await garbageCollect(provider, run, metric, t.keep).catch((err: unknown) => log.warn({ metric: t.metricName, reason: (err as Error).message }, 'garbage collection of old measurements failed'));
  }
}

async function garbageCollect(provider: MetricProvider, run: AnalysisRun, metric: Metric, keep: number): Promise<void> {
  await provider.garbageCollect?.(run, metric, keep);
}

interface Pass {
  status: AnalysisRunStatus;
  requeueAfterMs?: number;
}

// The provider's raw message may carry a secret arg (a web URL's path, an echoed header): masked
// here as it is in the status, so that the log line says no more than the run does.
function logMeasurements(log: Logger, measured: readonly Measured[], secrets: readonly string[]): void {
  const mask = (text: string | undefined): string | undefined => (text === undefined ? undefined : redact(text, secrets));
  for (const { task, taken } of measured) {
    log.info({ metric: task.metric.name, phase: taken.measurement.phase, value: mask(taken.measurement.value), reason: mask(taken.measurement.message) }, 'measurement taken');
  }
}

async function measurePass(run: AnalysisRun, prepared: PreparedRun, deps: RunReconcileDeps, log: Logger): Promise<Pass> {
  const now = deps.now();
  let status = initialStatus(run, now);
  const tasks = dueMetrics({ ...run, status }, now, prepared.metrics);
  if (tasks.length > 0) {
    const args = await resolveWithSecrets(run, deps.ports);
    if (!args.ok) return { status: errored(status, unresolvedArgsMessage(args.message), now) };
    const secrets = secretValuesOf(args.value);
    const measured = await measureAll({ ...run, status }, tasks, args.value, deps);
    if ('message' in measured) return { status: errored(status, unresolvedArgsMessage(redact(measured.message, secrets)), now) };
    status = fold(status, measured, { prepared, secrets, now: deps.now() });
    logMeasurements(log, measured, secrets);
  }
  const assessed = assessRun({ run: { ...run, status }, now: deps.now(), metrics: prepared.metrics, dryRun: prepared.dryRun });
  const retained = applyRetention({ status: assessed.status, metrics: prepared.metrics, retention: prepared.retention });
  await collectGarbage(run, retained.trimmed, { metrics: prepared.metrics, deps, log });
  const requeueAfterMs = isCompleted(retained.status.phase) ? undefined : nextRequeue({ ...run, status: retained.status }, deps.now(), prepared.metrics);
  return { status: retained.status, requeueAfterMs };
}

// A completed run waits for its TTL, if it has one, and is then deleted.
async function expire(run: AnalysisRun, deps: RunReconcileDeps, log: Logger): Promise<RunReconcileResult> {
  const expiry = ttlExpiry(run);
  if (!expiry || run.metadata?.deletionTimestamp) return {};
  const left = expiry.diff(deps.now()).toMillis();
  if (left > 0) return { requeueAfterMs: left };
  log.info({ reason: 'ttlStrategy expired' }, 'deleting completed AnalysisRun');
  const id = identityOf(run);
  await deps.ports.deleteRun(id.namespace, id.name, id.uid);
  return {};
}

async function write(run: AnalysisRun, status: AnalysisRunStatus, deps: RunReconcileDeps, log: Logger): Promise<void> {
  const id = identityOf(run);
  const updated = await deps.ports.patchRunStatus(id.namespace, id.name, status, id.resourceVersion);
  deps.versions.record(id.key, identityOf(updated).resourceVersion);
  for (const event of eventsOf(run.status, status)) {
    await deps.ports.recordEvent(updated, event).catch((err: unknown) => log.warn({ reason: (err as Error).message }, 'event not recorded'));
  }
  if (status.phase !== run.status?.phase) log.info({ phase: status.phase, reason: status.message }, 'AnalysisRun phase changed');
}

// A run that fails its checks ends in Error before any measurement.
async function passOf(run: AnalysisRun, deps: RunReconcileDeps, log: Logger): Promise<Pass> {
  const prepared = prepareRun(run);
  if (prepared.ok) return measurePass(run, prepared.run, deps, log);
  const now = deps.now();
  return { status: errored(initialStatus(run, now), prepared.message, now) };
}

/**
 * Reconciles one AnalysisRun by key (`namespace/name`). Throws on API failures (the queue backs off);
 * a 409 surfaces as a conflict error, which the caller treats as "re-read and reconcile again".
 */
export async function reconcileAnalysisRun(key: string, deps: RunReconcileDeps): Promise<RunReconcileResult> {
  const [namespace, name] = key.split('/');
  const run = deps.ports.run(namespace, name);
  if (!run) {
    deps.versions.forget(key);
    return {};
  }
  if (deps.versions.isStale(key, identityOf(run).resourceVersion)) return {};
  const log = deps.log.child({ analysisrun: name, namespace });
  if (isCompleted(run.status?.phase)) return expire(run, deps, log);
  if (run.metadata?.deletionTimestamp) return {};
  const pass = await passOf(run, deps, log);
  if (JSON.stringify(pass.status) !== JSON.stringify(run.status)) await write(run, pass.status, deps, log);
  else log.debug({ reason: 'nothing due' }, 'nothing to do');
  return { requeueAfterMs: pass.requeueAfterMs };
}
