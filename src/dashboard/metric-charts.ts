// The data of an AnalysisRun's charts: every metric's measurements over time, and the threshold of
// its success condition when that condition is a simple comparison. Pure: the page draws the SVG.
import type { AnalysisRun, Measurement, Metric } from '../api/types.js';

/** `result[0] >= 0.95` → { op: '>=', value: 0.95 }; conditions that are not one comparison give none. */
export interface Threshold {
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  value: number;
}

export interface ChartPoint {
  /** When the measurement finished (else started), RFC 3339. */
  time: string;
  /** The first number of the measured value ("[0.97]" → 0.97), null when the value is not a number. */
  value: number | null;
  phase: string;
}

export interface MetricChart {
  metric: string;
  phase: string;
  successCondition: string;
  failureCondition: string;
  threshold?: Threshold;
  points: ChartPoint[];
}

// Only `result`, `result[0]` or `result.field` compared with a number literal, either way round.
const LEFT = /^\s*result(?:\[\s*0\s*\]|\.[A-Za-z_]\w*)?\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;
const RIGHT = /^\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(<=|>=|==|!=|<|>)\s*result(?:\[\s*0\s*\]|\.[A-Za-z_]\w*)?\s*$/i;
const FLIPPED: Record<Threshold['op'], Threshold['op']> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** The threshold of a simple condition, e.g. "result[0] >= 0.95" → >= 0.95; "0.5 < result" → > 0.5. */
export function parseThreshold(condition: string | undefined): Threshold | undefined {
  if (!condition) return undefined;
  const left = LEFT.exec(condition);
  if (left) return { op: left[1] as Threshold['op'], value: Number(left[2]) };
  const right = RIGHT.exec(condition);
  if (right) return { op: FLIPPED[right[2] as Threshold['op']], value: Number(right[1]) };
  return undefined;
}

/** The first finite number in a measured value: "0.97", "[0.97, 0.5]", "{\"code\":200}" → 200. */
export function measuredNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(value);
  if (!match) return null;
  const n = Number(match[0]);
  return Number.isFinite(n) ? n : null;
}

function pointOf(m: Measurement): ChartPoint {
  return { time: m.finishedAt ?? m.startedAt ?? '', value: measuredNumber(m.value), phase: m.phase };
}

/**
 * A condition with the run's literal arguments put in, as the measurement saw it:
 * "result >= {{args.min-score}}" with min-score "0.9" → "result >= 0.9". Secret-backed ones stay as written.
 */
export function resolveArgs(condition: string | undefined, run: AnalysisRun): string {
  const values = new Map((run.spec.args ?? []).flatMap((a) => (a.value === undefined ? [] : [[a.name, a.value] as const])));
  return (condition ?? '').replace(/\{\{\s*args\.([\w.-]+)\s*\}\}/g, (whole, name: string) => values.get(name) ?? whole);
}

function chartOf(metric: Metric, run: AnalysisRun): MetricChart {
  const result = run.status?.metricResults?.find((r) => r.name === metric.name);
  const successCondition = resolveArgs(metric.successCondition, run);
  const threshold = parseThreshold(successCondition);
  return {
    metric: metric.name,
    phase: result?.phase ?? 'Pending',
    successCondition,
    failureCondition: resolveArgs(metric.failureCondition, run),
    ...(threshold ? { threshold } : {}),
    points: (result?.measurements ?? []).map(pointOf),
  };
}

/** One chart per metric of the run, in the spec's order. */
export function metricCharts(run: AnalysisRun): MetricChart[] {
  return run.spec.metrics.map((metric) => chartOf(metric, run));
}
