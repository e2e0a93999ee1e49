// The defaults kube-apiserver fills into a pod template. A ReplicaSet's template comes back from the
// API with them, a Rollout's (a custom resource) does not; comparing both after defaulting tells
// whether a ReplicaSet runs a Rollout's template (e.g. after `undo` copied a template back).
import { canonicalJson } from './hash.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withDefaults(obj: Json, defaults: Json): Json {
  const out: Json = { ...obj };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v;
  return out;
}

function pullPolicy(image: unknown): string {
  const text = typeof image === 'string' ? image : '';
  const last = text.split('/').pop() ?? text;
  const tagged = last.includes(':') && !text.includes('@');
  return !tagged || text.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): unknown {
  if (!isObject(probe)) return probe;
  const out = withDefaults(probe, { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  if (isObject(out.httpGet)) out.httpGet = withDefaults(out.httpGet, { scheme: 'HTTP' });
  return out;
}

function defaultEnv(env: unknown): unknown {
  if (!Array.isArray(env)) return env;
  return env.map((e: unknown) => {
    if (!isObject(e) || !isObject(e.valueFrom) || !isObject(e.valueFrom.fieldRef)) return e;
    return { ...e, valueFrom: { ...e.valueFrom, fieldRef: withDefaults(e.valueFrom.fieldRef, { apiVersion: 'v1' }) } };
  });
}

function defaultContainer(c: unknown): unknown {
  if (!isObject(c)) return c;
  const out = withDefaults(c, { imagePullPolicy: pullPolicy(c.image), terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
  if (Array.isArray(out.ports)) out.ports = out.ports.map((p: unknown) => (isObject(p) ? withDefaults(p, { protocol: 'TCP' }) : p));
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) if (out[probe] !== undefined) out[probe] = defaultProbe(out[probe]);
  if (out.env !== undefined) out.env = defaultEnv(out.env);
  return out;
}

function defaultVolume(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out = { ...v };
  for (const kind of ['configMap', 'secret']) if (isObject(out[kind])) out[kind] = withDefaults(out[kind], { defaultMode: 420 });
  return out;
}

function defaultPodSpec(spec: unknown): Json {
  const base = isObject(spec) ? spec : {};
  const out = withDefaults(base, { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
  for (const key of ['containers', 'initContainers']) if (Array.isArray(out[key])) out[key] = out[key].map(defaultContainer);
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map(defaultVolume);
  return out;
}

/** A pod template with kube-apiserver's defaults filled in and the given labels left out. */
export function normalizePodTemplate(template: unknown, dropLabels: readonly string[] = []): string {
  const t = isObject(template) ? template : {};
  const meta = isObject(t.metadata) ? { ...t.metadata } : {};
  const labels = isObject(meta.labels) ? { ...meta.labels } : {};
  for (const key of dropLabels) delete labels[key];
  meta.labels = labels;
  if (isObject(meta.annotations) && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  delete meta.creationTimestamp;
  return canonicalJson({ metadata: meta, spec: defaultPodSpec(t.spec) });
}
