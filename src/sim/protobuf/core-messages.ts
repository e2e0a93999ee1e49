import type { MessageTable } from './schema.js';

/**
 * k8s.io/api/core/v1 (generated.proto) outside the pod: namespaces, config, accounts and
 * services. Field numbers as upstream; `keep` marks Go pointers and fields without omitempty.
 */
export const coreMessages: MessageTable = {
  Namespace: { 1: 'metadata ObjectMeta', 2: 'spec NamespaceSpec', 3: 'status NamespaceStatus' },
  NamespaceSpec: { 1: 'finalizers []string' },
  NamespaceStatus: { 1: 'phase string', 2: 'conditions []NamespaceCondition' },
  NamespaceCondition: {
    1: 'type string keep',
    2: 'status string keep',
    4: 'lastTransitionTime Time',
    5: 'reason string',
    6: 'message string',
  },

  ConfigMap: {
    1: 'metadata ObjectMeta',
    2: 'data map<string>',
    3: 'binaryData map<bytes>',
    4: 'immutable bool keep',
  },
  Secret: {
    1: 'metadata ObjectMeta',
    2: 'data map<bytes>',
    3: 'type string',
    4: 'stringData map<string>',
    5: 'immutable bool keep',
  },
  ServiceAccount: {
    1: 'metadata ObjectMeta',
    2: 'secrets []ObjectReference',
    3: 'imagePullSecrets []LocalObjectReference',
    4: 'automountServiceAccountToken bool keep',
  },

  ObjectReference: {
    1: 'kind string',
    2: 'namespace string',
    3: 'name string',
    4: 'uid string',
    5: 'apiVersion string',
    6: 'resourceVersion string',
    7: 'fieldPath string',
  },
  LocalObjectReference: { 1: 'name string' },
  TypedLocalObjectReference: { 1: 'apiGroup string keep', 2: 'kind string keep', 3: 'name string keep' },

  Service: { 1: 'metadata ObjectMeta', 2: 'spec ServiceSpec', 3: 'status ServiceStatus' },
  ServiceSpec: {
    1: 'ports []ServicePort',
    2: 'selector map<string>',
    3: 'clusterIP string',
    4: 'type string',
    5: 'externalIPs []string',
    7: 'sessionAffinity string',
    8: 'loadBalancerIP string',
    9: 'loadBalancerSourceRanges []string',
    10: 'externalName string',
    11: 'externalTrafficPolicy string',
    12: 'healthCheckNodePort int32',
    13: 'publishNotReadyAddresses bool',
    14: 'sessionAffinityConfig SessionAffinityConfig',
    17: 'ipFamilyPolicy string keep',
    18: 'clusterIPs []string',
    19: 'ipFamilies []string',
    20: 'allocateLoadBalancerNodePorts bool keep',
    21: 'loadBalancerClass string keep',
    22: 'internalTrafficPolicy string keep',
    23: 'trafficDistribution string keep',
  },
  ServicePort: {
    1: 'name string',
    2: 'protocol string',
    3: 'port int32 keep',
    4: 'targetPort IntOrString',
    5: 'nodePort int32',
    6: 'appProtocol string keep',
  },
  SessionAffinityConfig: { 1: 'clientIP ClientIPConfig' },
  ClientIPConfig: { 1: 'timeoutSeconds int32 keep' },
  ServiceStatus: { 1: 'loadBalancer LoadBalancerStatus', 2: 'conditions []Condition' },
  LoadBalancerStatus: { 1: 'ingress []LoadBalancerIngress' },
  LoadBalancerIngress: { 1: 'ip string', 2: 'hostname string', 3: 'ipMode string keep', 4: 'ports []PortStatus' },
  PortStatus: { 1: 'port int32 keep', 2: 'protocol string keep', 3: 'error string keep' },
};
