// The AnalysisTemplates a Rollout names must exist and combine into a runnable spec (metric names
// unique, args resolvable); otherwise the Rollout is InvalidSpec, as Argo reports a referenced
// template it cannot get.
import { invalid, goString, type SpecError } from '../../api/field-error.js';
import type { Rollout } from '../../api/types.js';
import type { RolloutAnalysis } from '../../api/schema/rollout-analysis.js';
import { runSpecFor } from './analysis-run-factory.js';
import type { RolloutSnapshot } from './plan-types.js';

function analysisBlocks(rollout: Rollout): { field: string; analysis: RolloutAnalysis }[] {
  const canary = rollout.spec.strategy?.canary;
  const blocks: { field: string; analysis: RolloutAnalysis }[] = [];
  if (canary?.analysis?.templates?.length) blocks.push({ field: 'spec.strategy.canary.analysis.templates', analysis: canary.analysis });
  (canary?.steps ?? []).forEach((step, i) => {
    if ('analysis' in step && step.analysis?.templates?.length) blocks.push({ field: `spec.strategy.canary.steps[${i}].analysis.templates`, analysis: step.analysis });
  });
  return blocks;
}

/** The first problem with each analysis block the rollout names (templates missing, duplicate metrics, unresolved args). */
export function referencedAnalysisErrors(rollout: Rollout, snapshot: Pick<RolloutSnapshot, 'analysisTemplates' | 'clusterAnalysisTemplates'>): SpecError[] {
  // Pod-template hashes are not known yet at validation: any value stands in for them.
  const ctx = { rollout, roles: { all: [], older: [], other: [] }, analysisTemplates: snapshot.analysisTemplates, clusterAnalysisTemplates: snapshot.clusterAnalysisTemplates };
  return analysisBlocks(rollout).flatMap(({ field, analysis }) => {
    const built = runSpecFor(analysis, ctx);
    const names = (analysis.templates ?? []).map((t) => t.templateName ?? '').join(', ');
    return built.ok ? [] : [invalid(field, goString(names), built.message)];
  });
}
