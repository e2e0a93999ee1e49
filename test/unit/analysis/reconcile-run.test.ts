// The AnalysisRun reconcile with in-memory ports and scripted providers: what it measures and when,
// what it writes, which events it records, how it ends a run that cannot run, how it keeps secrets
// out of status, and how it deletes a run whose TTL has passed.
import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import type { AnalysisRunPorts, RunEvent } from '../../../src/analysis/ports.js';
import type { MetricProvider, ProviderOutcome } from '../../../src/analysis/providers/provider.js';
import { reconcileAnalysisRun, type RunReconcileDeps } from '../../../src/analysis/reconcile-run.js';
import type { AnalysisRun, Metric } from '../../../src/api/types.js';

const T0 = DateTime.fromISO('2024-05-01T12:00:00Z', { zone: 'utc' });

interface Bed {
  deps: RunReconcileDeps;
  run(): AnalysisRun | undefined;
  events: RunEvent[];
  deleted: string[];
  asked: Metric[];
  setNow(t: DateTime): void;
}

function aRun(metrics: Metric[], extra: Partial<AnalysisRun['spec']> = {}): AnalysisRun {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'run', namespace: 'default', uid: 'u1', resourceVersion: '1' }, spec: { metrics, ...extra } };
}

const web = (name: string, extra: Partial<Metric> = {}): Metric => ({ name, provider: { web: { url: 'http://127.0.0.1:1/{{args.path}}' } }, successCondition: 'result >= 0.9', ...extra });

/** A bed whose provider answers each measurement with the next outcome of `script`. */
function bedFor(initial: AnalysisRun, script: ProviderOutcome[], secrets: Record<string, Record<string, string>> = {}): Bed {
  let stored: AnalysisRun | undefined = structuredClone(initial);
  let now: DateTime = T0;
  let version = 1;
  const events: RunEvent[] = [];
  const deleted: string[] = [];
  const asked: Metric[] = [];
  const provider: MetricProvider = {
    kind: 'web',
    measure: ({ metric }) => {
      asked.push(metric);
      return Promise.resolve(script.shift() ?? { kind: 'error', message: 'script exhausted' });
    },
  };
  const ports: AnalysisRunPorts = {
    run: () => (stored ? structuredClone(stored) : undefined),
    patchRunStatus: (_ns, _name, status) => {
      version += 1;
      stored = { ...(stored as AnalysisRun), metadata: { ...stored?.metadata, resourceVersion: String(version) }, status: structuredClone(status) };
      return Promise.resolve(structuredClone(stored));
    },
    deleteRun: (_ns, name) => {
      deleted.push(name);
      stored = undefined;
      return Promise.resolve();
    },
    recordEvent: (_run, event) => {
      events.push(event);
      return Promise.resolve();
    },
    secretData: (_ns, name) => Promise.resolve(secrets[name]),
  };
  const deps: RunReconcileDeps = {
    ports,
    providerFor: () => provider,
    log: pino({ level: 'silent' }),
    now: () => now,
    signal: new AbortController().signal,
    versions: { isStale: () => false, record: () => undefined, forget: () => undefined },
  };
  return { deps, run: () => stored, events, deleted, asked, setNow: (t) => (now = t) };
}

/** The web provider spec of a metric the provider was asked to measure. */
const webOf = (metric: Metric | undefined): { url?: string; headers?: unknown[] } | undefined => (metric && 'web' in metric.provider ? metric.provider.web : undefined);

const value = (v: number): ProviderOutcome => ({ kind: 'value', result: v, value: String(v) });

describe('reconcileAnalysisRun', () => {
  it('measures at once, writes the measurement, and asks to come back after the interval', async () => {
    const bed = bedFor(aRun([web('score', { interval: '30s', count: 2 })], { args: [{ name: 'path', value: 'health' }] }), [value(0.95), value(0.97)]);
    const first = await reconcileAnalysisRun('default/run', bed.deps);
    expect(first.requeueAfterMs).toBe(30_000);
    expect(webOf(bed.asked[0])?.url).toBe('http://127.0.0.1:1/health');
    expect(bed.run()?.status).toMatchObject({ phase: 'Running', startedAt: '2024-05-01T12:00:00Z', metricResults: [{ name: 'score', phase: 'Running', count: 1, successful: 1, measurements: [{ phase: 'Successful', value: '0.95' }] }] });

    // Not due yet: nothing is measured or written.
    bed.setNow(T0.plus({ seconds: 10 }));
    expect(await reconcileAnalysisRun('default/run', bed.deps)).toEqual({ requeueAfterMs: 20_000 });
    expect(bed.asked).toHaveLength(1);

    bed.setNow(T0.plus({ seconds: 30 }));
    expect(await reconcileAnalysisRun('default/run', bed.deps)).toEqual({ requeueAfterMs: undefined });
    expect(bed.run()?.status).toMatchObject({ phase: 'Successful', completedAt: '2024-05-01T12:00:30Z', metricResults: [{ phase: 'Successful', count: 2, successful: 2 }] });
    expect(bed.events).toEqual([
      { type: 'Normal', reason: 'MetricSuccessful', message: "Metric 'score' Completed. Result: Successful" },
      { type: 'Normal', reason: 'AnalysisRunSuccessful', message: 'Analysis Completed. Result: Successful' },
    ]);
  });

  it('fails the run when failures pass the failureLimit, with Argo message, and Warning events', async () => {
    const bed = bedFor(aRun([web('score', { interval: '1s', failureLimit: 1 })], { args: [{ name: 'path', value: 'x' }] }), [value(0.5), value(0.4)]);
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.run()?.status?.phase).toBe('Running');
    bed.setNow(T0.plus({ seconds: 1 }));
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.run()?.status).toMatchObject({ phase: 'Failed', message: 'Metric "score" assessed Failed due to failed (2) > failureLimit (1)' });
    expect(bed.events.map((e) => `${e.type} ${e.reason}`)).toEqual(['Warning MetricFailed', 'Warning AnalysisRunFailed']);
  });

  it('ends a run whose condition does not parse in Error before measuring anything', async () => {
    const bed = bedFor(aRun([web('score', { successCondition: 'result >=' })], { args: [{ name: 'path', value: 'x' }] }), [value(1)]);
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.asked).toHaveLength(0);
    expect(bed.run()?.status?.phase).toBe('Error');
    expect(bed.run()?.status?.message).toMatch(/^Analysis spec invalid: .*successCondition/);
    expect(bed.events).toEqual([{ type: 'Warning', reason: 'AnalysisRunError', message: 'Analysis Completed. Result: Error' }]);
  });

  it('ends a run with an arg that has no value in Error, naming the arg', async () => {
    const bed = bedFor(aRun([web('score')], { args: [{ name: 'path' }] }), []);
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.run()?.status).toMatchObject({ phase: 'Error', message: 'Unable to resolve metric arguments: argument "path" was not supplied' });
  });

  it('reads secret args, substitutes them for the provider, and masks them in messages', async () => {
    const run = aRun([web('score', { provider: { web: { url: 'http://127.0.0.1:1/', headers: [{ key: 'Authorization', value: 'Bearer {{args.token}}' }] } } })], {
      args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
    });
    const bed = bedFor(run, [{ kind: 'error', message: 'server said: bad token s3cr3t-t0ken' }], { creds: { token: 's3cr3t-t0ken' } });
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(webOf(bed.asked[0])?.headers).toEqual([{ key: 'Authorization', value: 'Bearer s3cr3t-t0ken' }]);
    const written = JSON.stringify(bed.run());
    expect(written).not.toContain('s3cr3t-t0ken');
    expect(bed.run()?.status?.metricResults?.[0].measurements?.[0]).toMatchObject({ phase: 'Error', message: 'server said: bad token *****' });
  });

  it('ends the run in Error when a secret arg names a Secret that does not exist', async () => {
    const run = aRun([web('score')], { args: [{ name: 'path', valueFrom: { secretKeyRef: { name: 'missing', key: 'k' } } }] });
    const bed = bedFor(run, [value(1)]);
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.asked).toHaveLength(0);
    expect(bed.run()?.status).toMatchObject({ phase: 'Error', message: 'Unable to resolve metric arguments: secrets "missing" not found' });
  });

  it('retries an Error measurement after 10 s and errors the run past consecutiveErrorLimit', async () => {
    const failures: ProviderOutcome[] = Array.from({ length: 3 }, () => ({ kind: 'error', message: 'connection refused' }));
    const bed = bedFor(aRun([web('score', { interval: '1m', consecutiveErrorLimit: 2 })], { args: [{ name: 'path', value: 'x' }] }), failures);
    expect((await reconcileAnalysisRun('default/run', bed.deps)).requeueAfterMs).toBe(10_000);
    bed.setNow(T0.plus({ seconds: 10 }));
    await reconcileAnalysisRun('default/run', bed.deps);
    bed.setNow(T0.plus({ seconds: 20 }));
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.run()?.status).toMatchObject({ phase: 'Error', message: 'Metric "score" assessed Error due to consecutiveErrors (3) > consecutiveErrorLimit (2): "Error Message: connection refused"' });
  });

  it('a terminated run stops measuring and ends Successful with "Run Terminated"', async () => {
    const bed = bedFor(aRun([web('score', { interval: '1m' })], { args: [{ name: 'path', value: 'x' }] }), [value(1)]);
    await reconcileAnalysisRun('default/run', bed.deps);
    const stored = bed.run() as AnalysisRun;
    bed.deps.ports.run = () => ({ ...stored, spec: { ...stored.spec, terminate: true } });
    bed.setNow(T0.plus({ minutes: 5 }));
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.asked).toHaveLength(1);
    expect(bed.run()?.status).toMatchObject({ phase: 'Successful', message: 'Run Terminated' });
  });

  it('deletes a completed run once its ttlStrategy has passed, and waits until then', async () => {
    const done: AnalysisRun = { ...aRun([web('score')], { ttlStrategy: { secondsAfterSuccess: 60 } }), status: { phase: 'Successful', completedAt: '2024-05-01T12:00:00Z' } };
    const bed = bedFor(done, []);
    bed.setNow(T0.plus({ seconds: 20 }));
    expect(await reconcileAnalysisRun('default/run', bed.deps)).toEqual({ requeueAfterMs: 40_000 });
    expect(bed.deleted).toEqual([]);
    bed.setNow(T0.plus({ seconds: 61 }));
    await reconcileAnalysisRun('default/run', bed.deps);
    expect(bed.deleted).toEqual(['run']);
  });

  it('a dry-run metric is measured and reported but does not fail the run', async () => {
    const run = aRun([web('score', { failureLimit: 0 }), web('latency', { successCondition: 'result < 1' })], { args: [{ name: 'path', value: 'x' }], dryRun: [{ metricName: 'score' }] });
    const bed = bedFor(run, [value(0.1), value(0.5)]);
    await reconcileAnalysisRun('default/run', bed.deps);
    const status = bed.run()?.status;
    expect(status?.phase).toBe('Successful');
    expect(status?.metricResults?.find((r) => r.name === 'score')).toMatchObject({ phase: 'Failed', dryRun: true });
    expect(status?.dryRunSummary).toMatchObject({ count: 1, failed: 1 });
    expect(status?.runSummary).toMatchObject({ count: 1, successful: 1 });
  });
});
