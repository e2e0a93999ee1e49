// The one file that knows every provider: a metric in, the provider that measures it out, or a
// message the engine turns into an Error measurement (a provider Argo has and this controller does
// not, or a metric that sets none or several).
import { metricProviderKinds, type MetricProviderKind } from '../../api/metric-provider-kind.js';
import type { Metric } from '../../api/types.js';
import type { Logger } from '../../shared/logger.js';
import type { JobPort, ReadSecret } from '../ports.js';
import { createDatadogProvider } from './datadog.js';
import { createJobProvider } from './job.js';
import { createPrometheusProvider } from './prometheus.js';
import type { MetricProvider } from './provider.js';
import { createWebProvider } from './web.js';

/** What the providers need from the process, given once by the controller. */
export interface ProviderRegistryDeps {
  log: Logger;
  /** Creates, reads and deletes the job provider's Jobs (src/kube/analysis-ports.ts: createJobPort). */
  jobs: JobPort;
  /** Reads provider credentials from Secrets (src/kube/analysis-ports.ts: createSecretReader). */
  readSecret: ReadSecret;
  /** The namespace the controller runs in, where Argo keeps the `datadog` Secret. */
  controllerNamespace: string;
  /**
   * The controller's environment, read as Argo reads it: ARGO_ROLLOUTS_PROMETHEUS_ADDRESS (address for
   * prometheus metrics without one), ARGO_ROLLOUTS_ANALYSIS_JOB_NAMESPACE (where Jobs run),
   * DD_API_KEY / DD_APP_KEY / DD_ADDRESS (Datadog credentials). Pass `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Hands out the provider of a metric. */
export interface ProviderRegistry {
  /** The metric's provider, or why there is none. */
  providerFor(metric: Metric): MetricProvider | { error: string };
}

/** Builds every provider once; providers keep no state between measurements. */
export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  const env = deps.env ?? {};
  const child = (provider: MetricProviderKind): Logger => deps.log.child({ provider });
  // A Record over every kind: adding a kind to src/api without deciding here does not compile.
  const providers: Record<MetricProviderKind, MetricProvider | undefined> = {
    prometheus: createPrometheusProvider({ log: child('prometheus'), defaultAddress: env.ARGO_ROLLOUTS_PROMETHEUS_ADDRESS }),
    web: createWebProvider({ log: child('web') }),
    datadog: createDatadogProvider({
      log: child('datadog'),
      readSecret: deps.readSecret,
      controllerNamespace: deps.controllerNamespace,
      env,
    }),
    job: createJobProvider({ jobs: deps.jobs, log: child('job'), jobNamespace: env.ARGO_ROLLOUTS_ANALYSIS_JOB_NAMESPACE }),
    kayenta: undefined,
    newRelic: undefined,
    wavefront: undefined,
    cloudWatch: undefined,
    graphite: undefined,
    influxdb: undefined,
    skywalking: undefined,
    plugin: undefined,
  };
  return {
    providerFor: (metric) => {
      const kinds = metricProviderKinds(metric.provider);
      if (kinds.length === 0) return { error: `no valid provider in metric '${metric.name}'` };
      if (kinds.length > 1) return { error: `metric '${metric.name}' sets more than one provider: ${kinds.join(', ')}` };
      return providers[kinds[0]] ?? { error: `metric provider '${kinds[0]}' is not supported by this controller` };
    },
  };
}
