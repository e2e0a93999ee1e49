// Building an AnalysisRun's spec from AnalysisTemplates and ClusterAnalysisTemplates as Argo does
// (utils/analysis NewAnalysisRunFromTemplates): templates referenced by templates are followed,
// metrics are concatenated (a duplicate name is an error), template args are merged (the same arg with
// two different values is an error) and then given the caller's values; an arg left with neither a
// value nor a valueFrom cannot run.
import { mergeTemplates } from './merge-templates.js';
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

/** The run spec for templates `refs` with the caller's `args`, dry-run and retention settings. */
export function buildRunSpec(input: { refs: readonly AnalysisTemplateRef[]; lookup: TemplateLookup; args: readonly Argument[]; dryRun?: DryRun[]; measurementRetention?: MeasurementRetention[] }): BuildResult<AnalysisRunSpec> {
  const collected: Collected = { namespaced: new Map(), cluster: new Map() };
  const missing = collect(input.refs, input.lookup, collected);
  if (missing) return { ok: false, message: missing };
  const templates = [...collected.namespaced.values(), ...collected.cluster.values()];
  return mergeTemplates(templates, { args: input.args, dryRun: input.dryRun, measurementRetention: input.measurementRetention });
}
