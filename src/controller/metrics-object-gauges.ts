// The gauges that describe objects (rollout_info, analysis_run_info…), computed from the informer
// caches on every scrape as Argo's collectors do: a deleted object's series vanish with it.
import { Gauge, type Registry } from 'prom-client';
import type { AnalysisRun, AnalysisTemplate, Rollout } from '../api/types.js';
import type { KubeObject } from '../kube/kube-client-types.js';
import { phaseSamples, metricTypeLabel, runMetricSeries } from './analysis-run-metric-series.js';
import type { CacheSources } from './controller-observer.js';
import { ROLLOUT_PHASE_SERIES, rolloutMetricPhase, rolloutReplicaGauges, rolloutStrategyLabels } from './rollout-metric-series.js';

type Labels = Record<string, string>;
type Sample = [Labels, number];

interface GaugeSpec {
  name: string;
  help: string;
  labelNames: string[];
  samples: () => Iterable<Sample>;
}

/**
 * A gauge that forgets its series once a scrape has read them. Its series are rebuilt from the caches
 * at every scrape anyway; kept between scrapes they would only hold memory: at 10,000 rollouts the
 * 7 rollout gauges carry 110,000 series (rollout_phase alone 6 a rollout), about 20 MB of heap that
 * the garbage collector's headroom turns into several times that in RSS.
 */
class ScrapeTimeGauge extends Gauge {
  override async get(): ReturnType<Gauge['get']> {
    try {
      return await super.get();
    } finally {
      this.reset();
    }
  }
}

// A gauge whose series are rebuilt from `samples` at each scrape, and dropped after it.
function scrapeTimeGauge(registry: Registry, spec: GaugeSpec): void {
  const gauge: Gauge = new ScrapeTimeGauge({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames,
    registers: [registry],
    collect: () => {
      gauge.reset();
      for (const [labels, value] of spec.samples()) gauge.set(labels, value);
    },
  });
}

const ids = (o: KubeObject): Labels => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' });

function* rolloutInfo(rollouts: readonly Rollout[]): Iterable<Sample> {
  for (const r of rollouts) {
    const { strategy, trafficRouter } = rolloutStrategyLabels(r);
    yield [{ ...ids(r), strategy, traffic_router: trafficRouter, phase: rolloutMetricPhase(r) }, 1];
  }
}

function* rolloutPhase(rollouts: readonly Rollout[]): Iterable<Sample> {
  for (const r of rollouts) {
    const { strategy } = rolloutStrategyLabels(r);
    const current = rolloutMetricPhase(r);
    for (const phase of ROLLOUT_PHASE_SERIES) yield [{ ...ids(r), strategy, phase }, phase === current ? 1 : 0];
  }
}

function* replicaGauge(rollouts: readonly Rollout[], field: keyof ReturnType<typeof rolloutReplicaGauges>): Iterable<Sample> {
  for (const r of rollouts) yield [ids(r), rolloutReplicaGauges(r)[field]];
}

function registerRolloutGauges(registry: Registry, list: () => readonly Rollout[]): void {
  const ns = ['namespace', 'name'];
  scrapeTimeGauge(registry, { name: 'rollout_info', help: 'Information about rollout.', labelNames: [...ns, 'strategy', 'traffic_router', 'phase'], samples: () => rolloutInfo(list()) });
  const replicas = [
    ['available', 'The number of available replicas per rollout.'],
    ['unavailable', 'The number of unavailable replicas per rollout.'],
    ['desired', 'The number of desired replicas per rollout.'],
    ['updated', 'The number of updated replicas per rollout.'],
  ] as const;
  for (const [field, help] of replicas) scrapeTimeGauge(registry, { name: `rollout_info_replicas_${field}`, help, labelNames: ns, samples: () => replicaGauge(list(), field) });
  scrapeTimeGauge(registry, { name: 'rollout_phase', help: 'Information on the state of the rollout (DEPRECATED - use rollout_info)', labelNames: [...ns, 'strategy', 'phase'], samples: () => rolloutPhase(list()) });
}

function* runInfo(runs: readonly AnalysisRun[]): Iterable<Sample> {
  for (const run of runs) yield [{ ...ids(run), phase: run.status?.phase ?? '' }, 1];
}

function* runPhase(runs: readonly AnalysisRun[]): Iterable<Sample> {
  for (const run of runs) for (const { phase, value } of phaseSamples(run.status?.phase)) yield [{ ...ids(run), phase }, value];
}

function* runMetricType(runs: readonly AnalysisRun[]): Iterable<Sample> {
  for (const run of runs) for (const s of runMetricSeries(run)) yield [{ ...ids(run), metric: s.metric, type: s.type }, 1];
}

function* runMetricPhase(runs: readonly AnalysisRun[]): Iterable<Sample> {
  for (const run of runs) {
    for (const s of runMetricSeries(run)) {
      for (const { phase, value } of s.phases) yield [{ ...ids(run), metric: s.metric, type: s.type, dry_run: s.dryRun, phase }, value];
    }
  }
}

function registerRunGauges(registry: Registry, list: () => readonly AnalysisRun[]): void {
  const ns = ['namespace', 'name'];
  scrapeTimeGauge(registry, { name: 'analysis_run_info', help: 'Information about analysis run.', labelNames: [...ns, 'phase'], samples: () => runInfo(list()) });
  scrapeTimeGauge(registry, { name: 'analysis_run_phase', help: 'Information on the state of the Analysis Run (DEPRECATED - use analysis_run_info)', labelNames: [...ns, 'phase'], samples: () => runPhase(list()) });
  scrapeTimeGauge(registry, { name: 'analysis_run_metric_type', help: 'Information on the type of a specific metric in the Analysis Runs', labelNames: [...ns, 'metric', 'type'], samples: () => runMetricType(list()) });
  scrapeTimeGauge(registry, { name: 'analysis_run_metric_phase', help: 'Information on the duration of a specific metric in the Analysis Run', labelNames: [...ns, 'metric', 'type', 'dry_run', 'phase'], samples: () => runMetricPhase(list()) });
}

function* templateInfo(templates: readonly AnalysisTemplate[]): Iterable<Sample> {
  for (const t of templates) yield [ids(t), 1];
}

function* templateMetricInfo(templates: readonly AnalysisTemplate[]): Iterable<Sample> {
  for (const t of templates) for (const m of t.spec.metrics ?? []) yield [{ ...ids(t), type: metricTypeLabel(m), metric: m.name }, 1];
}

function registerTemplateGauges(registry: Registry, list: () => readonly AnalysisTemplate[]): void {
  scrapeTimeGauge(registry, { name: 'analysis_template_info', help: 'Information about analysis templates.', labelNames: ['namespace', 'name'], samples: () => templateInfo(list()) });
  scrapeTimeGauge(registry, { name: 'analysis_template_metric_info', help: 'Information on metrics in analysis templates.', labelNames: ['namespace', 'name', 'type', 'metric'], samples: () => templateMetricInfo(list()) });
}

/**
 * Registers every object gauge on `registry`, reading `sources` as they stand at scrape time (a
 * controller registers its caches once its informers exist; until then the lists are empty).
 */
export function registerObjectGauges(registry: Registry, sources: Readonly<CacheSources>): void {
  const read = <T>(source: (() => readonly KubeObject[]) | undefined): readonly T[] => (source?.() ?? []) as unknown as readonly T[];
  registerRolloutGauges(registry, () => read<Rollout>(sources.rollouts));
  registerRunGauges(registry, () => read<AnalysisRun>(sources.analysisRuns));
  registerTemplateGauges(registry, () => [...read<AnalysisTemplate>(sources.analysisTemplates), ...read<AnalysisTemplate>(sources.clusterAnalysisTemplates)]);
}
