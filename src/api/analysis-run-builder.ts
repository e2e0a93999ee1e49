// Building an AnalysisRun's spec from AnalysisTemplates and ClusterAnalysisTemplates as Argo does
// (utils/analysis NewAnalysisRunFromTemplates): templates referenced by templates are followed,
// metrics are concatenated (a duplicate name is an error), template args are merged (the same arg with
// two different values is an error) and then given the caller's values; an arg left with neither a
// value nor a valueFrom cannot run.
import type { AnalysisRunSpec, AnalysisTemplateSpec, Argument } from './types.js';
import type { AnalysisTemplateRef, DryRun, MeasurementRetention } from './schema/analysis-args.js';

/** Where templates come from: namespaced ones from the rollout's namespace, cluster ones cluster-wide. */
export interface TemplateLookup {
  template(name: string): { spec: AnalysisTemplateSpec } | undefined;
  clusterTemplate(name: string): { spec: AnalysisTemplateSpec } | undefined;
}

export type BuildResult<T> = { ok: true; value: T } | { ok: false; message: string };

interface Collected {
  namespaced: Map<string, AnalysisTemplateSpec>;
  cluster: Map<string, AnalysisTemplateSpec>;
}

function refKind(ref: AnalysisTemplateRef): 'cluster' | 'namespaced' {
  return ref.clusterScope ? 'cluster' : 'namespaced';
}

// Depth-first, each template once (Argo's FilterUniqueTemplates), namespaced before cluster-scoped.
function collect(refs: readonly AnalysisTemplateRef[], lookup: TemplateLookup, into: Collected): string | undefined {
  for (const ref of refs) {
    const name = ref.templateName ?? '';
    const kind = refKind(ref);
    const seen = kind === 'cluster' ? into.cluster : into.namespaced;
    if (seen.has(name)) continue;
    const found = kind === 'cluster' ? lookup.clusterTemplate(name) : lookup.template(name);
    if (!found) return kind === 'cluster' ? `clusteranalysistemplate.argoproj.io "${name}" not found` : `analysistemplate.argoproj.io "${name}" not found`;
    seen.set(name, found.spec);
    const nested = collect(found.spec.templates ?? [], lookup, into);
    if (nested) return nested;
  }
  return undefined;
}

function mergeArgs(specs: readonly AnalysisTemplateSpec[]): BuildResult<Argument[]> {
  const combined: Argument[] = [];
  for (const arg of specs.flatMap((s) => s.args ?? [])) {
    const i = combined.findIndex((a) => a.name === arg.name);
    if (i < 0) {
      combined.push({ ...arg });
      continue;
    }
    const prev = combined[i];
    if (prev.value !== undefined && arg.value !== undefined && prev.value !== arg.value) {
      return { ok: false, message: `Argument \`${arg.name}\` specified multiple times with different values: '${prev.value}', '${arg.value}'` };
    }
    if (prev.value === undefined) combined[i] = { ...arg };
  }
  return { ok: true, value: combined };
}

// The caller's args override the templates' by name; args the templates do not declare are ignored.
function applyArgs(templateArgs: Argument[], given: readonly Argument[]): BuildResult<Argument[]> {
  const out = templateArgs.map((a) => ({ ...a }));
  for (const arg of given) {
    const target = out.find((a) => a.name === arg.name);
    if (!target) continue;
    if (arg.value !== undefined) target.value = arg.value;
    else if (arg.valueFrom !== undefined) target.valueFrom = arg.valueFrom;
  }
  const unresolved = out.find((a) => a.value === undefined && a.valueFrom === undefined);
  return unresolved ? { ok: false, message: `args.${unresolved.name} was not resolved` } : { ok: true, value: out };
}

function duplicateMetric(specs: readonly AnalysisTemplateSpec[]): string | undefined {
  const seen = new Set<string>();
  for (const metric of specs.flatMap((s) => s.metrics ?? [])) {
    if (seen.has(metric.name)) return `two metrics have the same name '${metric.name}'`;
    seen.add(metric.name);
  }
  return undefined;
}

/** The run spec for templates `refs` with the caller's `args`, dry-run and retention settings. */
export function buildRunSpec(input: { refs: readonly AnalysisTemplateRef[]; lookup: TemplateLookup; args: readonly Argument[]; dryRun?: DryRun[]; measurementRetention?: MeasurementRetention[] }): BuildResult<AnalysisRunSpec> {
  const collected: Collected = { namespaced: new Map(), cluster: new Map() };
  const missing = collect(input.refs, input.lookup, collected);
  if (missing) return { ok: false, message: missing };
  const specs = [...collected.namespaced.values(), ...collected.cluster.values()];
  const duplicate = duplicateMetric(specs);
  if (duplicate) return { ok: false, message: duplicate };
  const templateArgs = mergeArgs(specs);
  if (!templateArgs.ok) return templateArgs;
  const args = applyArgs(templateArgs.value, input.args);
  if (!args.ok) return args;
  const spec: AnalysisRunSpec = { metrics: specs.flatMap((s) => s.metrics ?? []) };
  if (args.value.length) spec.args = args.value;
  const dryRun = [...specs.flatMap((s) => s.dryRun ?? []), ...(input.dryRun ?? [])];
  if (dryRun.length) spec.dryRun = dryRun;
  const retention = [...specs.flatMap((s) => s.measurementRetention ?? []), ...(input.measurementRetention ?? [])];
  if (retention.length) spec.measurementRetention = retention;
  return { ok: true, value: spec };
}
