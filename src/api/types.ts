// Every API type in one import: `import type { Rollout, CanaryStep } from '../api/types.js'`.
// The types are derived from the TypeBox schemas in ./schema, the single source of truth.
export type {
  StringMap,
  ConditionStatus,
  OwnerReference,
  ObjectMeta,
  LabelSelector,
  PodTemplateMetadata,
  Container,
  PodSpec,
  PodTemplateSpec,
} from './schema/common.js';
export type {
  FieldRef,
  SecretKeyRef,
  ValueFrom,
  Argument,
  PodTemplateHashValue,
  ArgumentValueFrom,
  AnalysisRunArgument,
  DryRun,
  MeasurementRetention,
  AnalysisTemplateRef,
  AnalysisRunMetadata,
  AnalysisPhase,
} from './schema/analysis-args.js';
export type { MetricPlugin, MetricProvider } from './schema/metric-provider.js';
export type {
  Sigv4Config,
  OAuth2Config,
  BasicAuthConfig,
  Authentication,
  WebMetricHeader,
} from './schema/provider-auth.js';
export type { PrometheusRangeQuery, PrometheusMetric } from './schema/provider-prometheus.js';
export type { WebMetricMethod, WebMetric } from './schema/provider-web.js';
export type { DatadogAggregator, DatadogSecretRef, DatadogMetric } from './schema/provider-datadog.js';
export type { JobSpec, JobMetric } from './schema/provider-job.js';
export type { KayentaMetric } from './schema/provider-kayenta.js';
export type { CloudWatchMetric } from './schema/provider-cloudwatch.js';
export type {
  NewRelicMetric,
  WavefrontMetric,
  GraphiteMetric,
  InfluxdbMetric,
  SkyWalkingMetric,
} from './schema/provider-query.js';
export type { Metric } from './schema/analysis-metric.js';
export type {
  AnalysisTemplateSpec,
  AnalysisTemplate,
  ClusterAnalysisTemplate,
} from './schema/analysis-template.js';
export type {
  TTLStrategy,
  AnalysisRunSpec,
  Measurement,
  MetricResult,
  RunSummary,
  AnalysisRunStatus,
  AnalysisRun,
} from './schema/analysis-run.js';
export type {
  RolloutAnalysis,
  RolloutAnalysisBackground,
  AnalysisRunStrategy,
} from './schema/rollout-analysis.js';
export type {
  ReplicaSetSpecRef,
  TemplateService,
  RolloutExperimentTemplate,
  RolloutExperimentStepAnalysisTemplateRef,
  RolloutExperimentStep,
} from './schema/experiment-step.js';
export type {
  RolloutPause,
  SetCanaryScale,
  StringMatch,
  HeaderRoutingMatch,
  SetHeaderRoute,
  RouteMatch,
  SetMirrorRoute,
  PluginStep,
  CanaryStep,
} from './schema/canary-step.js';
export type {
  NginxTrafficRouting,
  IstioVirtualService,
  IstioDestinationRule,
  IstioTrafficRouting,
  SMITrafficRouting,
  ALBTrafficRouting,
  AmbassadorTrafficRouting,
  AppMeshTrafficRouting,
  TraefikTrafficRouting,
  ApisixTrafficRouting,
  ManagedRoute,
  RolloutTrafficRouting,
} from './schema/traffic-routing.js';
export type { AntiAffinity } from './schema/strategy-common.js';
export type { PingPongSpec, ReplicaProgressThreshold, CanaryStrategy } from './schema/canary-strategy.js';
export type { BlueGreenStrategy } from './schema/blue-green-strategy.js';
export type {
  RolloutPhase,
  PauseReason,
  PauseCondition,
  RolloutConditionType,
  RolloutCondition,
  RolloutAnalysisRunStatus,
  WeightDestination,
  TrafficWeights,
  StepPluginStatus,
  PingPongType,
  CanaryStatus,
  BlueGreenStatus,
  ALBStatus,
  CompletionStatus,
  RolloutDurationStatus,
  RolloutStatus,
} from './schema/rollout-status.js';
export type {
  WorkloadRef,
  RollbackWindowSpec,
  RolloutStrategy,
  RolloutSpec,
  Rollout,
} from './schema/rollout.js';
export type {
  ExperimentTemplateSpec,
  ExperimentAnalysisTemplateRef,
  ExperimentSpec,
  TemplateStatusCode,
  TemplateStatus,
  ExperimentCondition,
  ExperimentAnalysisRunStatus,
  ExperimentStatus,
  Experiment,
} from './schema/experiment.js';
export type { CanaryStepKind, CanaryStepOf, TaggedCanaryStep } from './canary-step-kind.js';
export type { MetricProviderKind, MetricProviderOf, TaggedMetricProvider } from './metric-provider-kind.js';
