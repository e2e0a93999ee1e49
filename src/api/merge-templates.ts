// Several templates become one run spec as in Argo's NewAnalysisRunFromTemplates
// (utils/analysis/helpers.go): metrics are concatenated and must have distinct names; the same arg
// in two templates must not have two different values (a value beats no value); the caller's
// args then fill or override the templates' by name, and every arg must end with a value or a
// valueFrom; dryRun and measurementRetention rules are concatenated (caller's first) and must not
// repeat a metricName.
import type { AnalysisRunSpec, Argument, Metric } from './types.js';
import type { DryRun, MeasurementRetention } from './schema/analysis-args.js';

/** What one (Cluster)AnalysisTemplate contributes. */
export interface TemplateParts {
  metrics?: Metric[];
  args?: Argument[];
  dryRun?: DryRun[];
  measurementRetention?: MeasurementRetention[];
}

/** What the caller (a Rollout's analysis block) adds to the templates. */
export interface GivenRunParts {
  args?: readonly Argument[];
  dryRun?: readonly DryRun[];
  measurementRetention?: readonly MeasurementRetention[];
}

type Merged<T> = { ok: true; value: T } | { ok: false; message: string };

function distinctMetrics(templates: readonly TemplateParts[]): Merged<Metric[]> {
  const metrics = templates.flatMap((t) => t.metrics ?? []);
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (seen.has(metric.name)) return { ok: false, message: `two metrics have the same name '${metric.name}'` };
    seen.add(metric.name);
  }
  return { ok: true, value: metrics };
}

function distinctRules<T extends { metricName: string }>(rules: T[], label: string): Merged<T[]> {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.metricName)) return { ok: false, message: `two ${label} metric rules have the same name '${rule.metricName}'` };
    seen.add(rule.metricName);
  }
  return { ok: true, value: rules };
}

// Argo's flattenArgs: `a: "1"` and `a: "2"` clash; `a` (no value) then `a: "1"` → `a: "1"`.
function flattenArgs(templates: readonly TemplateParts[]): Merged<Argument[]> {
  const combined: Argument[] = [];
  for (const arg of templates.flatMap((t) => t.args ?? [])) {
    const i = combined.findIndex((a) => a.name === arg.name);
    const previous = combined[i];
    if (previous === undefined) {
      combined.push({ ...arg });
    } else if (previous.value !== undefined && arg.value !== undefined && previous.value !== arg.value) {
      return { ok: false, message: `Argument \`${arg.name}\` specified multiple times with different values: '${previous.value}', '${arg.value}'` };
    } else if (previous.value === undefined) {
      combined[i] = { ...arg };
    }
  }
  return { ok: true, value: combined };
}

// Argo's MergeArgs: the caller's value (else valueFrom) replaces the template's; unknown names are ignored.
function mergeArgs(given: readonly Argument[], templateArgs: Argument[]): Merged<Argument[]> {
  const merged = templateArgs.map((a) => ({ ...a }));
  for (const arg of given) {
    const target = merged.find((a) => a.name === arg.name);
    if (target === undefined) continue;
    if (arg.value !== undefined) target.value = arg.value;
    else if (arg.valueFrom !== undefined) target.valueFrom = arg.valueFrom;
  }
  const unresolved = merged.find((a) => a.value === undefined && a.valueFrom === undefined);
  return unresolved === undefined ? { ok: true, value: merged } : { ok: false, message: `args.${unresolved.name} was not resolved` };
}

interface Flattened {
  metrics: Metric[];
  args: Argument[];
  dryRun: DryRun[];
  retention: MeasurementRetention[];
}

// Argo's FlattenTemplates: the templates' parts side by side, before the caller's are added.
function flattenTemplates(templates: readonly TemplateParts[]): Merged<Flattened> {
  const metrics = distinctMetrics(templates);
  if (!metrics.ok) return metrics;
  const dryRun = distinctRules(templates.flatMap((t) => t.dryRun ?? []), 'Dry-Run');
  if (!dryRun.ok) return dryRun;
  const retention = distinctRules(templates.flatMap((t) => t.measurementRetention ?? []), 'Measurement Retention');
  if (!retention.ok) return retention;
  const args = flattenArgs(templates);
  if (!args.ok) return args;
  return { ok: true, value: { metrics: metrics.value, args: args.value, dryRun: dryRun.value, retention: retention.value } };
}

/**
 * One run spec from templates (namespaced ones first, then cluster-scoped, as Argo orders them) and
 * the caller's args / dryRun / measurementRetention, or Argo's message for why they do not combine.
 */
export function mergeTemplates(templates: readonly TemplateParts[], given: GivenRunParts = {}): Merged<AnalysisRunSpec> {
  const flat = flattenTemplates(templates);
  if (!flat.ok) return flat;
  const args = mergeArgs(given.args ?? [], flat.value.args);
  if (!args.ok) return args;
  const dryRun = distinctRules([...(given.dryRun ?? []), ...flat.value.dryRun], 'Dry-Run');
  if (!dryRun.ok) return dryRun;
  const retention = distinctRules([...(given.measurementRetention ?? []), ...flat.value.retention], 'Measurement Retention');
  if (!retention.ok) return retention;
  return { ok: true, value: specOf({ metrics: flat.value.metrics, args: args.value, dryRun: dryRun.value, retention: retention.value }) };
}

// Empty lists are left out, as Go's omitempty leaves them out.
function specOf(parts: Flattened): AnalysisRunSpec {
  const spec: AnalysisRunSpec = { metrics: parts.metrics };
  if (parts.args.length > 0) spec.args = parts.args;
  if (parts.dryRun.length > 0) spec.dryRun = parts.dryRun;
  if (parts.retention.length > 0) spec.measurementRetention = parts.retention;
  return spec;
}
