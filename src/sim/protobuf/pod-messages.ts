import type { MessageTable } from './schema.js';

/**
 * k8s.io/api/core/v1 (generated.proto): the pod and what a pod template carries. Covers
 * what kubectl's generators set and the common hand-written fields; anything else (affinity,
 * topology spread, exotic volume sources, container statuses) is skipped as an unknown field.
 */
export const podMessages: MessageTable = {
  Pod: { 1: 'metadata ObjectMeta', 2: 'spec PodSpec', 3: 'status PodStatus' },
  PodTemplateSpec: { 1: 'metadata ObjectMeta', 2: 'spec PodSpec' },
  PodSpec: {
    1: 'volumes []Volume', 2: 'containers []Container', 3: 'restartPolicy string',
    4: 'terminationGracePeriodSeconds int64 keep', 5: 'activeDeadlineSeconds int64 keep', 6: 'dnsPolicy string',
    7: 'nodeSelector map<string>', 8: 'serviceAccountName string', 9: 'serviceAccount string', 10: 'nodeName string',
    11: 'hostNetwork bool', 12: 'hostPID bool', 13: 'hostIPC bool', 14: 'securityContext PodSecurityContext',
    15: 'imagePullSecrets []LocalObjectReference', 16: 'hostname string', 17: 'subdomain string', 19: 'schedulerName string',
    20: 'initContainers []Container', 21: 'automountServiceAccountToken bool keep', 22: 'tolerations []Toleration',
    23: 'hostAliases []HostAlias', 24: 'priorityClassName string', 25: 'priority int32 keep', 26: 'dnsConfig PodDNSConfig',
    27: 'shareProcessNamespace bool keep', 28: 'readinessGates []PodReadinessGate', 29: 'runtimeClassName string keep',
    30: 'enableServiceLinks bool keep', 31: 'preemptionPolicy string keep', 32: 'overhead map<Quantity>',
    35: 'setHostnameAsFQDN bool keep', 36: 'os PodOS', 37: 'hostUsers bool keep', 38: 'schedulingGates []PodSchedulingGate',
    40: 'resources ResourceRequirements', 41: 'hostnameOverride string keep',
  },
  PodStatus: {
    1: 'phase string', 3: 'message string', 4: 'reason string', 5: 'hostIP string', 6: 'podIP string',
    7: 'startTime Time keep', 9: 'qosClass string', 11: 'nominatedNodeName string', 17: 'observedGeneration int64',
  },
  HostAlias: { 1: 'ip string keep', 2: 'hostnames []string' },
  PodDNSConfig: { 1: 'nameservers []string', 2: 'searches []string', 3: 'options []PodDNSConfigOption' },
  PodDNSConfigOption: { 1: 'name string', 2: 'value string keep' },
  PodReadinessGate: { 1: 'conditionType string keep' },
  PodOS: { 1: 'name string keep' },
  PodSchedulingGate: { 1: 'name string keep' },
  Toleration: { 1: 'key string', 2: 'operator string', 3: 'value string', 4: 'effect string', 5: 'tolerationSeconds int64 keep' },
  PodSecurityContext: {
    2: 'runAsUser int64 keep', 3: 'runAsNonRoot bool keep', 4: 'supplementalGroups []int64', 5: 'fsGroup int64 keep',
    6: 'runAsGroup int64 keep', 7: 'sysctls []Sysctl', 9: 'fsGroupChangePolicy string keep', 10: 'seccompProfile SeccompProfile',
    12: 'supplementalGroupsPolicy string keep',
  },
  Sysctl: { 1: 'name string keep', 2: 'value string keep' },
  SeccompProfile: { 1: 'type string keep', 2: 'localhostProfile string keep' },

  Container: {
    1: 'name string keep', 2: 'image string', 3: 'command []string', 4: 'args []string', 5: 'workingDir string',
    6: 'ports []ContainerPort', 7: 'env []EnvVar', 8: 'resources ResourceRequirements', 9: 'volumeMounts []VolumeMount',
    10: 'livenessProbe Probe', 11: 'readinessProbe Probe', 12: 'lifecycle Lifecycle', 13: 'terminationMessagePath string',
    14: 'imagePullPolicy string', 15: 'securityContext SecurityContext', 16: 'stdin bool', 17: 'stdinOnce bool', 18: 'tty bool',
    19: 'envFrom []EnvFromSource', 20: 'terminationMessagePolicy string', 22: 'startupProbe Probe',
    23: 'resizePolicy []ContainerResizePolicy', 24: 'restartPolicy string keep',
  },
  ContainerPort: { 1: 'name string', 2: 'hostPort int32', 3: 'containerPort int32 keep', 4: 'protocol string', 5: 'hostIP string' },
  ContainerResizePolicy: { 1: 'resourceName string keep', 2: 'restartPolicy string keep' },
  ResourceRequirements: { 1: 'limits map<Quantity>', 2: 'requests map<Quantity>', 3: 'claims []ResourceClaim' },
  ResourceClaim: { 1: 'name string keep', 2: 'request string' },
  SecurityContext: {
    1: 'capabilities Capabilities', 2: 'privileged bool keep', 4: 'runAsUser int64 keep', 5: 'runAsNonRoot bool keep',
    6: 'readOnlyRootFilesystem bool keep', 7: 'allowPrivilegeEscalation bool keep', 8: 'runAsGroup int64 keep',
    9: 'procMount string keep', 11: 'seccompProfile SeccompProfile',
  },
  Capabilities: { 1: 'add []string', 2: 'drop []string' },

  EnvVar: { 1: 'name string keep', 2: 'value string', 3: 'valueFrom EnvVarSource' },
  EnvVarSource: {
    1: 'fieldRef ObjectFieldSelector', 2: 'resourceFieldRef ResourceFieldSelector',
    3: 'configMapKeyRef ConfigMapKeySelector', 4: 'secretKeyRef SecretKeySelector',
  },
  ObjectFieldSelector: { 1: 'apiVersion string', 2: 'fieldPath string keep' },
  ResourceFieldSelector: { 1: 'containerName string', 2: 'resource string keep', 3: 'divisor Quantity' },
  ConfigMapKeySelector: { 1: 'localObjectReference LocalObjectReference inline', 2: 'key string keep', 3: 'optional bool keep' },
  SecretKeySelector: { 1: 'localObjectReference LocalObjectReference inline', 2: 'key string keep', 3: 'optional bool keep' },
  EnvFromSource: { 1: 'prefix string', 2: 'configMapRef ConfigMapEnvSource', 3: 'secretRef SecretEnvSource' },
  ConfigMapEnvSource: { 1: 'localObjectReference LocalObjectReference inline', 2: 'optional bool keep' },
  SecretEnvSource: { 1: 'localObjectReference LocalObjectReference inline', 2: 'optional bool keep' },

  Probe: {
    1: 'handler ProbeHandler inline', 2: 'initialDelaySeconds int32', 3: 'timeoutSeconds int32', 4: 'periodSeconds int32',
    5: 'successThreshold int32', 6: 'failureThreshold int32', 7: 'terminationGracePeriodSeconds int64 keep',
  },
  ProbeHandler: { 1: 'exec ExecAction', 2: 'httpGet HTTPGetAction', 3: 'tcpSocket TCPSocketAction', 4: 'grpc GRPCAction' },
  Lifecycle: { 1: 'postStart LifecycleHandler', 2: 'preStop LifecycleHandler', 3: 'stopSignal string keep' },
  LifecycleHandler: { 1: 'exec ExecAction', 2: 'httpGet HTTPGetAction', 3: 'tcpSocket TCPSocketAction', 4: 'sleep SleepAction' },
  ExecAction: { 1: 'command []string' },
  HTTPGetAction: { 1: 'path string', 2: 'port IntOrString', 3: 'host string', 4: 'scheme string', 5: 'httpHeaders []HTTPHeader' },
  HTTPHeader: { 1: 'name string keep', 2: 'value string keep' },
  TCPSocketAction: { 1: 'port IntOrString', 2: 'host string' },
  GRPCAction: { 1: 'port int32 keep', 2: 'service string keep' },
  SleepAction: { 1: 'seconds int64 keep' },

  VolumeMount: {
    1: 'name string keep', 2: 'readOnly bool', 3: 'mountPath string keep', 4: 'subPath string',
    5: 'mountPropagation string keep', 6: 'subPathExpr string', 7: 'recursiveReadOnly string keep',
  },
  Volume: { 1: 'name string keep', 2: 'volumeSource VolumeSource inline' },
  VolumeSource: {
    1: 'hostPath HostPathVolumeSource', 2: 'emptyDir EmptyDirVolumeSource', 6: 'secret SecretVolumeSource',
    10: 'persistentVolumeClaim PersistentVolumeClaimVolumeSource', 19: 'configMap ConfigMapVolumeSource',
  },
  HostPathVolumeSource: { 1: 'path string keep', 2: 'type string keep' },
  EmptyDirVolumeSource: { 1: 'medium string', 2: 'sizeLimit Quantity' },
  SecretVolumeSource: { 1: 'secretName string', 2: 'items []KeyToPath', 3: 'defaultMode int32 keep', 4: 'optional bool keep' },
  ConfigMapVolumeSource: {
    1: 'localObjectReference LocalObjectReference inline', 2: 'items []KeyToPath', 3: 'defaultMode int32 keep', 4: 'optional bool keep',
  },
  KeyToPath: { 1: 'key string keep', 2: 'path string keep', 3: 'mode int32 keep' },
  PersistentVolumeClaimVolumeSource: { 1: 'claimName string keep', 2: 'readOnly bool' },
};
