// Strategic merge patch metadata for the built-in kinds the simulator serves, transcribed from the
// `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api and k8s.io/apimachinery (meta/v1).
// The apiserver reads those tags from its Go types; the simulator has no Go types, so the
// information lives here as data.

/** A built-in kind; `group` is '' for the core group. */
export interface BuiltinKindRef {
  readonly group: string;
  readonly kind: string;
}

/**
 * A list that strategic merge patch merges instead of replacing: entries are matched by
 * `mergeKey`, or, when it is absent, the list holds primitives merged as a set (finalizers).
 */
export interface MergeList {
  readonly mergeKey?: string;
}

/**
 * The merge lists of one kind, by field path from the object root: fields joined with '.',
 * and '[]' after a list field to step into its entries ('spec.containers[].env').
 * Lists not named here are atomic: a patch replaces them whole.
 */
export type PatchMetadata = Readonly<Record<string, MergeList>>;

const byKey = (mergeKey: string): MergeList => ({ mergeKey });
const PRIMITIVE_SET: MergeList = {};

function under(prefix: string, table: PatchMetadata): PatchMetadata {
  return Object.fromEntries(Object.entries(table).map(([path, list]) => [`${prefix}.${path}`, list]));
}

const OBJECT_META: PatchMetadata = {
  finalizers: PRIMITIVE_SET,
  ownerReferences: byKey('uid'),
};

// Container and EphemeralContainerCommon carry the same tags.
const CONTAINER: PatchMetadata = {
  ports: byKey('containerPort'),
  env: byKey('name'),
  volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'),
};

const POD_SPEC: PatchMetadata = {
  containers: byKey('name'),
  ...under('containers[]', CONTAINER),
  initContainers: byKey('name'),
  ...under('initContainers[]', CONTAINER),
  ephemeralContainers: byKey('name'),
  ...under('ephemeralContainers[]', CONTAINER),
  volumes: byKey('name'),
  imagePullSecrets: byKey('name'),
  hostAliases: byKey('ip'),
  topologySpreadConstraints: byKey('topologyKey'),
  resourceClaims: byKey('name'),
  schedulingGates: byKey('name'),
};

const POD_STATUS: PatchMetadata = {
  conditions: byKey('type'),
  podIPs: byKey('ip'),
  hostIPs: byKey('ip'),
  resourceClaimStatuses: byKey('name'),
};

const STATUS_CONDITIONS: PatchMetadata = { 'status.conditions': byKey('type') };

const METADATA_ONLY: PatchMetadata = under('metadata', OBJECT_META);

// Deployment, ReplicaSet and Job embed a PodTemplateSpec and report conditions merged by type.
// DeploymentSpec.strategy is tagged retainKeys, which needs no entry: the client sends
// `$retainKeys` in the patch and the directive alone drives the server.
const POD_TEMPLATE_OWNER: PatchMetadata = {
  ...METADATA_ONLY,
  ...under('spec.template.metadata', OBJECT_META),
  ...under('spec.template.spec', POD_SPEC),
  ...STATUS_CONDITIONS,
};

// Endpoints `subsets` and every Ingress list carry no patch tags in k8s.io/api: they are atomic.
const KINDS: ReadonlyArray<readonly [BuiltinKindRef, PatchMetadata]> = [
  [{ group: '', kind: 'Pod' }, { ...METADATA_ONLY, ...under('spec', POD_SPEC), ...under('status', POD_STATUS) }],
  [{ group: '', kind: 'Service' }, { ...METADATA_ONLY, 'spec.ports': byKey('port'), ...STATUS_CONDITIONS }],
  [{ group: '', kind: 'Endpoints' }, METADATA_ONLY],
  [{ group: '', kind: 'ConfigMap' }, METADATA_ONLY],
  [{ group: '', kind: 'Secret' }, METADATA_ONLY],
  [{ group: '', kind: 'Namespace' }, { ...METADATA_ONLY, ...STATUS_CONDITIONS }],
  [{ group: '', kind: 'ServiceAccount' }, { ...METADATA_ONLY, secrets: byKey('name') }],
  [{ group: '', kind: 'Event' }, METADATA_ONLY],
  [{ group: 'events.k8s.io', kind: 'Event' }, METADATA_ONLY],
  [{ group: 'apps', kind: 'Deployment' }, POD_TEMPLATE_OWNER],
  [{ group: 'apps', kind: 'ReplicaSet' }, POD_TEMPLATE_OWNER],
  [{ group: 'batch', kind: 'Job' }, POD_TEMPLATE_OWNER],
  [{ group: 'coordination.k8s.io', kind: 'Lease' }, METADATA_ONLY],
  [{ group: 'networking.k8s.io', kind: 'Ingress' }, METADATA_ONLY],
  // RBAC rules and subjects carry no patch tags: both lists are atomic.
  [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }, METADATA_ONLY],
  [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' }, METADATA_ONLY],
  [{ group: 'rbac.authorization.k8s.io', kind: 'Role' }, METADATA_ONLY],
  [{ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' }, METADATA_ONLY],
  // CRD schemas carry no merge keys: everything below metadata merges as plain maps and atomic lists.
  [{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' }, METADATA_ONLY],
];

const kindKey = (ref: BuiltinKindRef): string => `${ref.group}/${ref.kind}`;

/** Strategic merge patch metadata of every built-in kind, keyed by `group/kind` ('/Pod' for the core group). */
export const PATCH_METADATA: ReadonlyMap<string, PatchMetadata> = new Map(
  KINDS.map(([ref, table]) => [kindKey(ref), table]),
);

/** The merge lists of a kind, or undefined for kinds without strategic merge support (custom resources). */
export function patchMetadataFor(kind: BuiltinKindRef): PatchMetadata | undefined {
  return PATCH_METADATA.get(kindKey(kind));
}

/** True when the kind accepts `application/strategic-merge-patch+json`; custom resources answer 415. */
export function supportsStrategicMerge(kind: BuiltinKindRef): boolean {
  return PATCH_METADATA.has(kindKey(kind));
}

/** How the list at `path` merges, or undefined when it is atomic. */
export function mergeListAt(table: PatchMetadata, path: string): MergeList | undefined {
  return Object.hasOwn(table, path) ? table[path] : undefined;
}
