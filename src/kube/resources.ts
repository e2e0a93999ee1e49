/** Where a kind lives in the API: enough to build its URL paths. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

function ref(groupVersion: string, plural: string, kind: string, namespaced = true): ResourceRef {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  return { group, version, plural, kind, namespaced };
}

/** Every kind the controller, the plugin and the dashboard touch. */
export const RESOURCES = {
  rollouts: ref('argoproj.io/v1alpha1', 'rollouts', 'Rollout'),
  analysisRuns: ref('argoproj.io/v1alpha1', 'analysisruns', 'AnalysisRun'),
  analysisTemplates: ref('argoproj.io/v1alpha1', 'analysistemplates', 'AnalysisTemplate'),
  clusterAnalysisTemplates: ref('argoproj.io/v1alpha1', 'clusteranalysistemplates', 'ClusterAnalysisTemplate', false),
  experiments: ref('argoproj.io/v1alpha1', 'experiments', 'Experiment'),
  replicaSets: ref('apps/v1', 'replicasets', 'ReplicaSet'),
  deployments: ref('apps/v1', 'deployments', 'Deployment'),
  pods: ref('v1', 'pods', 'Pod'),
  services: ref('v1', 'services', 'Service'),
  secrets: ref('v1', 'secrets', 'Secret'),
  configMaps: ref('v1', 'configmaps', 'ConfigMap'),
  events: ref('v1', 'events', 'Event'),
  namespaces: ref('v1', 'namespaces', 'Namespace', false),
  jobs: ref('batch/v1', 'jobs', 'Job'),
  leases: ref('coordination.k8s.io/v1', 'leases', 'Lease'),
  ingresses: ref('networking.k8s.io/v1', 'ingresses', 'Ingress'),
  customResourceDefinitions: ref('apiextensions.k8s.io/v1', 'customresourcedefinitions', 'CustomResourceDefinition', false),
} as const satisfies Record<string, ResourceRef>;

/** The resource of a manifest's apiVersion and kind, among the kinds this product knows. */
export function resourceFor(apiVersion: string | undefined, kind: string | undefined): ResourceRef | undefined {
  return Object.values(RESOURCES).find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** The apiVersion string of a resource ("v1" for core). */
export function apiVersionOf(r: ResourceRef): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** The URL path of a collection or of one object (and its subresource). */
export function resourcePath(r: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}` : '';
  return `${base}${ns}/${r.plural}${tail}`;
}
