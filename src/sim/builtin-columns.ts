import { getPath, isJsonObject, objectAt, str, type JsonObject, type JsonValue } from './json.js';
import { formatLabelSelectorObject } from './selectors.js';

/** A column of a built-in kind's table: header, priority (1 = only with -o wide) and cell function. */
export interface BuiltinColumn {
  name: string;
  type: string;
  priority: number;
  description: string;
  cell: (obj: JsonObject, age: (ts: JsonValue | undefined) => string) => string | number;
}

function arr(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

function num(v: JsonValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

const age: BuiltinColumn = { name: 'Age', type: 'string', priority: 0, description: 'Time since the object was created', cell: (o, a) => a(objectAt(o, 'metadata').creationTimestamp) };

function containersOf(o: JsonObject): JsonObject[] {
  return arr(objectAt(objectAt(objectAt(o, 'spec'), 'template'), 'spec').containers);
}

const workloadWide: BuiltinColumn[] = [
  { name: 'Containers', type: 'string', priority: 1, description: 'Container names', cell: (o) => containersOf(o).map((c) => str(c.name)).join(',') },
  { name: 'Images', type: 'string', priority: 1, description: 'Container images', cell: (o) => containersOf(o).map((c) => str(c.image)).join(',') },
  { name: 'Selector', type: 'string', priority: 1, description: 'Label selector', cell: (o) => formatLabelSelectorObject(objectAt(o, 'spec').selector) },
];

function podStatus(o: JsonObject): string {
  if (objectAt(o, 'metadata').deletionTimestamp !== undefined) return 'Terminating';
  const status = objectAt(o, 'status');
  for (const cs of arr(status.containerStatuses)) {
    const waiting = getPath(cs, ['state', 'waiting', 'reason']);
    if (typeof waiting === 'string') return waiting;
    const terminated = getPath(cs, ['state', 'terminated', 'reason']);
    if (typeof terminated === 'string' && status.phase !== 'Succeeded' && status.phase !== 'Failed') return terminated;
  }
  if (status.phase === 'Succeeded') return 'Completed';
  if (status.phase === 'Failed') return 'Error';
  return typeof status.phase === 'string' ? status.phase : 'Pending';
}

function podReady(o: JsonObject): string {
  const total = arr(objectAt(o, 'spec').containers).length;
  const ready = arr(objectAt(o, 'status').containerStatuses).filter((c) => c.ready === true).length;
  return `${ready}/${total}`;
}

function podRestarts(o: JsonObject): number {
  return arr(objectAt(o, 'status').containerStatuses).reduce((n, c) => n + num(c.restartCount), 0);
}

function servicePorts(o: JsonObject): string {
  const ports = arr(objectAt(o, 'spec').ports);
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${str(p.port)}${p.nodePort ? `:${str(p.nodePort)}` : ''}/${str(p.protocol, 'TCP')}`).join(',');
}

function jobStatus(o: JsonObject): string {
  const conditions = arr(objectAt(o, 'status').conditions).filter((c) => c.status === 'True');
  if (conditions.some((c) => c.type === 'Complete')) return 'Complete';
  if (conditions.some((c) => c.type === 'Failed')) return 'Failed';
  return 'Running';
}

function endpointsCell(o: JsonObject): string {
  const parts: string[] = [];
  for (const s of arr(o.subsets)) {
    const ports = arr(s.ports);
    for (const a of arr(s.addresses)) for (const p of ports.length ? ports : [{}]) parts.push(p.port ? `${str(a.ip)}:${str(p.port)}` : str(a.ip));
  }
  if (parts.length === 0) return '<none>';
  return parts.length > 3 ? `${parts.slice(0, 3).join(',')} + ${parts.length - 3} more...` : parts.join(',');
}

function dataCount(o: JsonObject): number {
  return Object.keys(isJsonObject(o.data) ? o.data : {}).length + Object.keys(isJsonObject(o.binaryData) ? o.binaryData : {}).length;
}

function involved(o: JsonObject): string {
  const ref = objectAt(o, 'involvedObject');
  return `${str(ref.kind).toLowerCase()}/${str(ref.name)}`;
}

function lastSeen(o: JsonObject, a: (ts: JsonValue | undefined) => string): string {
  return a(o.lastTimestamp ?? o.eventTime ?? o.firstTimestamp ?? objectAt(o, 'metadata').creationTimestamp);
}

// A cell's text, or `none` where kubectl prints a placeholder for an empty value.
function orNone(v: JsonValue | undefined, none = '<none>'): string {
  return str(v) || none;
}

function serviceSelector(o: JsonObject): string {
  const s = objectAt(o, 'spec').selector;
  if (!isJsonObject(s) || Object.keys(s).length === 0) return '<none>';
  return Object.entries(s).map(([k, v]) => `${k}=${str(v)}`).join(',');
}

// Columns as kubectl shows them for each built-in kind (kube-apiserver's table printers).
export const BUILTIN_COLUMNS: Record<string, BuiltinColumn[]> = {
  Pod: [
    { name: 'Ready', type: 'string', priority: 0, description: 'Ready containers', cell: podReady },
    { name: 'Status', type: 'string', priority: 0, description: 'Pod status', cell: podStatus },
    { name: 'Restarts', type: 'string', priority: 0, description: 'Container restarts', cell: (o) => String(podRestarts(o)) },
    age,
    { name: 'IP', type: 'string', priority: 1, description: 'Pod IP', cell: (o) => orNone(objectAt(o, 'status').podIP) },
    { name: 'Node', type: 'string', priority: 1, description: 'Node', cell: (o) => orNone(objectAt(o, 'spec').nodeName) },
  ],
  ReplicaSet: [
    { name: 'Desired', type: 'integer', priority: 0, description: 'Desired replicas', cell: (o) => num(objectAt(o, 'spec').replicas) },
    { name: 'Current', type: 'integer', priority: 0, description: 'Current replicas', cell: (o) => num(objectAt(o, 'status').replicas) },
    { name: 'Ready', type: 'integer', priority: 0, description: 'Ready replicas', cell: (o) => num(objectAt(o, 'status').readyReplicas) },
    age,
    ...workloadWide,
  ],
  Deployment: [
    { name: 'Ready', type: 'string', priority: 0, description: 'Ready/desired', cell: (o) => `${num(objectAt(o, 'status').readyReplicas)}/${num(objectAt(o, 'spec').replicas)}` },
    { name: 'Up-to-date', type: 'integer', priority: 0, description: 'Updated replicas', cell: (o) => num(objectAt(o, 'status').updatedReplicas) },
    { name: 'Available', type: 'integer', priority: 0, description: 'Available replicas', cell: (o) => num(objectAt(o, 'status').availableReplicas) },
    age,
    ...workloadWide,
  ],
  Job: [
    { name: 'Status', type: 'string', priority: 0, description: 'Job status', cell: jobStatus },
    { name: 'Completions', type: 'string', priority: 0, description: 'Succeeded/completions', cell: (o) => `${num(objectAt(o, 'status').succeeded)}/${num(objectAt(o, 'spec').completions) || 1}` },
    age,
  ],
  Service: [
    { name: 'Type', type: 'string', priority: 0, description: 'Service type', cell: (o) => orNone(objectAt(o, 'spec').type, 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', priority: 0, description: 'Cluster IP', cell: (o) => orNone(objectAt(o, 'spec').clusterIP) },
    { name: 'External-IP', type: 'string', priority: 0, description: 'External IP', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', priority: 0, description: 'Ports', cell: servicePorts },
    age,
    { name: 'Selector', type: 'string', priority: 1, description: 'Selector', cell: serviceSelector },
  ],
  Endpoints: [{ name: 'Endpoints', type: 'string', priority: 0, description: 'Endpoints', cell: endpointsCell }, age],
  Namespace: [{ name: 'Status', type: 'string', priority: 0, description: 'Phase', cell: (o) => orNone(objectAt(o, 'status').phase, 'Active') }, age],
  ConfigMap: [{ name: 'Data', type: 'integer', priority: 0, description: 'Keys', cell: dataCount }, age],
  Secret: [{ name: 'Type', type: 'string', priority: 0, description: 'Type', cell: (o) => orNone(o.type, 'Opaque') }, { name: 'Data', type: 'integer', priority: 0, description: 'Keys', cell: dataCount }, age],
  ServiceAccount: [{ name: 'Secrets', type: 'integer', priority: 0, description: 'Secrets', cell: (o) => arr(o.secrets).length }, age],
  Lease: [{ name: 'Holder', type: 'string', priority: 0, description: 'Holder', cell: (o) => str(objectAt(o, 'spec').holderIdentity) }, age],
  Ingress: [
    { name: 'Class', type: 'string', priority: 0, description: 'Ingress class', cell: (o) => orNone(objectAt(o, 'spec').ingressClassName) },
    { name: 'Hosts', type: 'string', priority: 0, description: 'Hosts', cell: (o) => arr(objectAt(o, 'spec').rules).map((r) => orNone(r.host, '*')).join(',') || '*' },
    { name: 'Address', type: 'string', priority: 0, description: 'Address', cell: () => '' },
    { name: 'Ports', type: 'string', priority: 0, description: 'Ports', cell: (o) => (arr(objectAt(o, 'spec').tls).length ? '80, 443' : '80') },
    age,
  ],
  CustomResourceDefinition: [{ name: 'Created At', type: 'date', priority: 0, description: 'Creation time', cell: (o) => str(objectAt(o, 'metadata').creationTimestamp) }],
};

/** Event columns differ: kubectl leads with LAST SEEN rather than the name. */
export const EVENT_COLUMNS: BuiltinColumn[] = [
  { name: 'Last Seen', type: 'string', priority: 0, description: 'Last seen', cell: lastSeen },
  { name: 'Type', type: 'string', priority: 0, description: 'Type', cell: (o) => str(o.type) },
  { name: 'Reason', type: 'string', priority: 0, description: 'Reason', cell: (o) => str(o.reason) },
  { name: 'Object', type: 'string', priority: 0, description: 'Involved object', cell: involved },
  { name: 'Message', type: 'string', priority: 0, description: 'Message', cell: (o) => str(o.message) },
];
