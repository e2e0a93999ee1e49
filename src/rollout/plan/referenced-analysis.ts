// The AnalysisTemplates a Rollout names (canary or blue-green) must exist and combine into a runnable spec (metric names
// unique, args resolvable); otherwise the Rollout is InvalidSpec, as Argo reports a referenced
// template it cannot get.
import { invalid, goString, type SpecError } from '../../api/field-error.js';
import type { Rollout } from '../../api/types.js';
import type { RolloutAnalysis } from '../../api/schema/rollout-analysis.js';
import { runSpecFor } from './analysis-run-factory.js';
import type { RolloutSnapshot } from './plan-types.js';

type Block = { field: string; analysis: RolloutAnalysis };

// A block that names templates, with the field path of its template list.
function blockAt(field: string, analysis: RolloutAnalysis | undefined): Block[] {
  return analysis?.templates?.length ? [{ field: `${field}.templates`, analysis }] : [];
}

// Every analysis the rollout can start: canary background and steps, blue-green pre- and
// post-promotion (a blue-green run that cannot be built would otherwise hold the switch forever).
function analysisBlocks(rollout: Rollout): Block[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const steps = (canary?.steps ?? []).flatMap((step, i) => ('analysis' in step ? blockAt(`spec.strategy.canary.steps[${i}].analysis`, step.analysis) : []));
  return [
    ...blockAt('spec.strategy.canary.analysis', canary?.analysis),
    ...steps,
    ...blockAt('spec.strategy.blueGreen.prePromotionAnalysis', blueGreen?.prePromotionAnalysis),
    ...blockAt('spec.strategy.blueGreen.postPromotionAnalysis', blueGreen?.postPromotionAnalysis),
  ];
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
