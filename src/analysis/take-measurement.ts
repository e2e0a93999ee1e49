// One measurement of one metric: a new one, a resumed one (a Job still running), or the termination of
// one in flight when the run is being stopped. The provider's answer becomes a Measurement through the
// engine; a provider that cannot be had, or that throws, becomes an Error measurement with the cause.
import type { DateTime } from 'luxon';
import type { AnalysisRun, Measurement, Metric } from '../api/types.js';
import { measurementFromOutcome, terminatedMeasurement } from './engine/index.js';
import { formatTime } from './engine/run-state.js';
import type { MetricProvider, ProviderOutcome } from './providers/provider.js';

/** Finds the provider of a metric, or says why there is none. */
export type ProviderLookup = (metric: Metric) => MetricProvider | { error: string };

/** What one task produced. */
export interface TakenMeasurement {
  measurement: Measurement;
  /** It ended an in-flight measurement because the run is terminating. */
  terminated: boolean;
}

export interface MeasureInput {
  run: AnalysisRun;
  /** The metric with every arg (secrets included) substituted. */
  metric: Metric;
  inFlight?: Measurement;
  terminating: boolean;
  providerFor: ProviderLookup;
  now: () => DateTime;
  signal: AbortSignal;
}

function errorMeasurement(input: MeasureInput, startedAt: DateTime, message: string): Measurement {
  const base = input.inFlight ?? { phase: 'Running' as const, startedAt: formatTime(startedAt) };
  return measurementFromOutcome({ outcome: { kind: 'error', message }, metric: input.metric, now: input.now(), inFlight: base });
}

async function ask(provider: MetricProvider, input: MeasureInput): Promise<ProviderOutcome> {
  const request = { run: input.run, metric: input.metric, now: input.now(), signal: input.signal };
  if (input.inFlight === undefined) return provider.measure(request);
  // A measurement in flight belongs to a provider that can resume it; one that cannot measures afresh.
  return provider.resume ? provider.resume({ ...request, measurement: input.inFlight }) : provider.measure(request);
}

async function terminate(provider: MetricProvider, input: MeasureInput & { inFlight: Measurement }): Promise<TakenMeasurement> {
  const started = input.now();
  try {
    await provider.terminate?.({ run: input.run, metric: input.metric, now: started, signal: input.signal, measurement: input.inFlight });
  } catch (err) {
    return { measurement: errorMeasurement(input, started, (err as Error).message), terminated: true };
  }
  return { measurement: terminatedMeasurement(input.inFlight, input.now()), terminated: true };
}

/** Takes (or resumes, or terminates) one measurement; never throws. */
export async function takeMeasurement(input: MeasureInput): Promise<TakenMeasurement> {
  const started = input.now();
  const provider = input.providerFor(input.metric);
  if ('error' in provider) return { measurement: errorMeasurement(input, started, provider.error), terminated: false };
  if (input.terminating && input.inFlight) return terminate(provider, { ...input, inFlight: input.inFlight });
  try {
    const outcome = await ask(provider, input);
    const inFlight = input.inFlight ?? { phase: 'Running' as const, startedAt: formatTime(started) };
    return { measurement: measurementFromOutcome({ outcome, metric: input.metric, now: input.now(), inFlight }), terminated: false };
  } catch (err) {
    return { measurement: errorMeasurement(input, started, (err as Error).message), terminated: false };
  }
}
