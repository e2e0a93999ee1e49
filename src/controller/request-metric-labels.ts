// The labels of controller_clientset_k8s_request_total for one API request, as Argo's
// kubeclientmetrics round-tripper derives them from the request (argoproj/pkg) and
// controller/metrics/client.go then adjusts them.

/** One finished API request as the kube client reports it (verb in lower case, resource plural[/subresource]). */
export interface ObservedRequest {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  /** The HTTP status; 0 when no response arrived (connection refused, timeout). */
  code: number;
}

export interface RequestMetricLabels {
  kind: string;
  namespace: string;
  name: string;
  verb: string;
  status_code: string;
}

const VERBS: Readonly<Record<string, string>> = { get: 'Get', list: 'List', watch: 'Watch', create: 'Create', update: 'Update', patch: 'Patch', delete: 'Delete' };

// Argo collapses these names to keep the series count bounded: every event and ReplicaSet has its own.
const NAMELESS_KINDS = new Set(['events', 'replicasets']);

/**
 * kind is the resource's plural (a status or eviction subresource counts as its resource: PUT
 * rollouts/web/status → kind rollouts, name web); verb is Argo's (List, Watch, Get, Create, Update,
 * Patch, Delete); a list, and any request on events or replicasets, has name "N/A"; an unknown verb
 * turns kind, namespace and name into "Unknown".
 */
export function requestMetricLabels(request: ObservedRequest): RequestMetricLabels {
  const verb = VERBS[request.verb];
  const status = String(request.code);
  if (verb === undefined) return { kind: 'Unknown', namespace: 'Unknown', name: 'Unknown', verb: 'Unknown', status_code: status };
  const kind = request.resource.split('/')[0];
  const nameless = verb === 'List' || NAMELESS_KINDS.has(kind);
  return { kind, namespace: request.namespace ?? '', name: nameless ? 'N/A' : (request.name ?? ''), verb, status_code: status };
}
