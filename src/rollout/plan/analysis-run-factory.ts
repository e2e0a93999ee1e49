// The AnalysisRun object a Rollout creates for a step or its background analysis: Argo's name, labels,
// annotations and owner, and args resolved from the rollout (pod-template hashes, field paths).
import { buildRunSpec, type BuildResult, type TemplateLookup } from '../../api/analysis-run-builder.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { AnalysisRun, Argument, Rollout } from '../../api/types.js';
import type { AnalysisRunArgument } from '../../api/schema/analysis-args.js';
import type { RolloutAnalysis } from '../../api/schema/rollout-analysis.js';
import type { PlanContext } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';

/** The kinds of run a rollout makes, as the rollout-type label names them. */
export type RunType = 'Step' | 'Background' | 'PrePromotion' | 'PostPromotion';

/** Which run to build: its type, and the step index or name infix ('pre', 'post') that ends its name. */
export interface RunKind {
  type: RunType;
  stepIndex?: number;
  infix?: string;
}

/** A value inside the rollout by Kubernetes field path: `metadata.name`, `metadata.labels['app']`, `spec.replicas`. */
export function fieldPathValue(rollout: Rollout, path: string): string | undefined {
  const segments = path.match(/[^.[\]'"]+/g) ?? [];
  let cur: unknown = rollout;
  for (const seg of segments) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  if (cur === undefined || cur === null) return undefined;
  if (typeof cur === 'string') return cur;
  return typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : JSON.stringify(cur);
}

function argValue(arg: AnalysisRunArgument, ctx: Pick<PlanContext, 'rollout' | 'roles'>): string | undefined {
  const from = arg.valueFrom;
  if (from?.podTemplateHashValue === 'Latest') return podHashOf(ctx.roles.newRS);
  if (from?.podTemplateHashValue === 'Stable') return podHashOf(ctx.roles.stableRS);
  if (from?.fieldRef) return fieldPathValue(ctx.rollout, from.fieldRef.fieldPath);
  return arg.value;
}

/** The rollout's args with their values resolved (Argo's BuildArgumentsForRolloutAnalysisRun). */
export function resolveRolloutArgs(args: readonly AnalysisRunArgument[], ctx: Pick<PlanContext, 'rollout' | 'roles'>): Argument[] {
  return args.map((a) => {
    const value = argValue(a, ctx);
    return value === undefined ? { name: a.name } : { name: a.name, value };
  });
}

/** Template lookup over the snapshot's AnalysisTemplates and ClusterAnalysisTemplates. */
export function lookupOf(ctx: Pick<PlanContext, 'analysisTemplates' | 'clusterAnalysisTemplates'>): TemplateLookup {
  return { template: (name) => ctx.analysisTemplates.get(name), clusterTemplate: (name) => ctx.clusterAnalysisTemplates.get(name) };
}

/** The run spec of an analysis block for this rollout, or why it cannot be built. */
export function runSpecFor(analysis: RolloutAnalysis, ctx: Pick<PlanContext, 'rollout' | 'roles' | 'analysisTemplates' | 'clusterAnalysisTemplates'>): BuildResult<AnalysisRun['spec']> {
  return buildRunSpec({ refs: analysis.templates ?? [], lookup: lookupOf(ctx), args: resolveRolloutArgs(analysis.args ?? [], ctx), dryRun: analysis.dryRun, measurementRetention: analysis.measurementRetention });
}

function labelsFor(ctx: PlanContext, analysis: RolloutAnalysis, run: RunKind): Record<string, string> {
  const labels: Record<string, string> = { [LABELS.podTemplateHash]: ctx.currentHash, [LABELS.rolloutType]: run.type };
  if (run.stepIndex !== undefined) labels[LABELS.stepIndex] = String(run.stepIndex);
  const instance = ctx.rollout.metadata?.labels?.[LABELS.controllerInstanceId];
  if (instance) labels[LABELS.controllerInstanceId] = instance;
  return { ...labels, ...(analysis.analysisRunMetadata?.labels ?? {}), ...(ctx.rollout.spec.selector?.matchLabels ?? {}) };
}

// The runs named `<base>`, `<base>.1`, `<base>.2`… in the order Argo's collision counter tries the names,
// up to the first free one: none, then `<base>` is free; [`<base>`] → `<base>.1` is.
function runsNamedAfter(ctx: PlanContext, base: string): AnalysisRun[] {
  const byName = new Map(ctx.analysisRuns.map((r) => [r.metadata?.name, r]));
  const taken: AnalysisRun[] = [];
  for (let run = byName.get(base); run; run = byName.get(`${base}.${taken.length}`)) taken.push(run);
  return taken;
}

// `<rollout>-<hash>-<revision>[-<step>]`, or with `.1`, `.2`… when a run already has the name
// (Argo's CreateWithCollisionCounter, decided here from the cache instead of by trying).
function freeName(ctx: PlanContext, base: string): string {
  const taken = runsNamedAfter(ctx, base).length;
  return taken === 0 ? base : `${base}.${taken}`;
}

function baseName(ctx: PlanContext, run: RunKind): string {
  const parts = [ctx.rollout.metadata?.name ?? '', ctx.currentHash, String(ctx.revision)];
  const infix = run.stepIndex !== undefined ? String(run.stepIndex) : run.infix;
  if (infix !== undefined) parts.push(infix);
  return parts.join('-');
}

/** The existing runs that hold the names a new run of this kind would try, `<base>` first. */
export function runsWithNameOf(ctx: PlanContext, run: RunKind): AnalysisRun[] {
  return runsNamedAfter(ctx, baseName(ctx, run));
}

/** A new AnalysisRun object for an analysis block, or why it cannot be built. */
export function newAnalysisRun(ctx: PlanContext, analysis: RolloutAnalysis, run: RunKind): BuildResult<AnalysisRun> {
  const spec = runSpecFor(analysis, ctx);
  if (!spec.ok) return spec;
  const ro = ctx.rollout;
  const revision = String(ctx.revision);
  const base = baseName(ctx, run);
  const value: AnalysisRun = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: freeName(ctx, base),
      namespace: ro.metadata?.namespace,
      labels: labelsFor(ctx, analysis, run),
      annotations: { [ANNOTATIONS.revision]: revision, ...(analysis.analysisRunMetadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: ro.metadata?.name ?? '', uid: ro.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: spec.value,
  };
  return { ok: true, value };
}
