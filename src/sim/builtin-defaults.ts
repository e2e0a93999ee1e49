import { cloneJson, isJsonObject, objectAt, str, type JsonObject, type JsonValue } from './json.js';

/** What defaulting needs from the server: fresh IPs and the object's own uid. */
export interface DefaultingContext {
  uid: string;
  allocateClusterIP(): string;
}

function setDefault(obj: JsonObject, key: string, value: JsonValue): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function child(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isJsonObject(v)) return v;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

function imagePullPolicy(image: JsonValue | undefined): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastSegment = image.split('/').pop() ?? image;
  const hasTag = lastSegment.includes(':') && !image.includes('@');
  return !hasTag || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: JsonObject): void {
  setDefault(c, 'imagePullPolicy', imagePullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  if (Array.isArray(c.ports)) for (const p of c.ports.filter(isJsonObject)) setDefault(p, 'protocol', 'TCP');
}

/** Pod spec defaults as kube-apiserver fills them (so that `kubectl get -o yaml` looks familiar). */
function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  for (const key of ['containers', 'initContainers']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const c of list.filter(isJsonObject)) defaultContainer(c);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = child(spec, 'template');
  defaultPodSpec(child(template, 'spec'));
}

function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxSurge', '25%');
    setDefault(ru, 'maxUnavailable', '25%');
  }
  defaultTemplate(spec);
}

function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

// The labels the Job controller stamps so that a Job's pods can be found by uid and by name.
function defaultJob(obj: JsonObject, ctx: DefaultingContext): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const name = str(objectAt(obj, 'metadata').name);
  const jobLabels = { 'batch.kubernetes.io/controller-uid': ctx.uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': ctx.uid, 'job-name': name };
  if (spec.manualSelector !== true) setDefault(spec, 'selector', { matchLabels: { 'batch.kubernetes.io/controller-uid': ctx.uid } });
  const meta = child(child(spec, 'template'), 'metadata');
  meta.labels = { ...objectAt(meta, 'labels'), ...jobLabels };
  const podSpec = child(child(spec, 'template'), 'spec');
  setDefault(podSpec, 'restartPolicy', 'Never');
  defaultTemplate(spec);
}

function defaultService(obj: JsonObject, ctx: DefaultingContext): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'clusterIP', ctx.allocateClusterIP());
    setDefault(spec, 'clusterIPs', [spec.clusterIP]);
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : [];
  for (const p of ports) {
    setDefault(p, 'protocol', 'TCP');
    setDefault(p, 'targetPort', p.port ?? null);
  }
  setDefault(obj, 'status', { loadBalancer: {} });
}

function defaultNamespace(obj: JsonObject): void {
  const meta = child(obj, 'metadata');
  meta.labels = { ...objectAt(meta, 'labels'), 'kubernetes.io/metadata.name': str(meta.name) };
  setDefault(child(obj, 'spec'), 'finalizers', ['kubernetes']);
  setDefault(obj, 'status', { phase: 'Active' });
}

// stringData is write-only: kube-apiserver folds it into base64 data.
function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
  if (!isJsonObject(obj.stringData)) return;
  const data = child(obj, 'data');
  // A value that is not a string is encoded as its JSON text (5 → "5", null → "null").
  for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');
  delete obj.stringData;
}

// One node, and pods are bound to it as they are created: there is no scheduling to simulate.
function defaultPod(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'nodeName', 'sim-node');
}

const DEFAULTERS: Record<string, (obj: JsonObject, ctx: DefaultingContext) => void> = {
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  Job: defaultJob,
  Service: defaultService,
  Namespace: defaultNamespace,
  Secret: defaultSecret,
  Pod: defaultPod,
};

/** A copy of a built-in object with the defaults kube-apiserver would fill in. */
export function applyBuiltinDefaults(kind: string, obj: JsonObject, ctx: DefaultingContext): JsonObject {
  const out = cloneJson(obj);
  DEFAULTERS[kind]?.(out, ctx);
  return out;
}
