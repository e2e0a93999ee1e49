import { ALL_VERBS, type ResourceType } from './resource-type.js';
import type { JsonObject } from './json.js';

/** The version kubectl sees from `kubectl version`. */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-rollouts-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceType[]>;
}

/** Groups in discovery order (core first, then by first appearance), each with its versions. */
function groups(types: readonly ResourceType[]): GroupVersions[] {
  const byGroup = new Map<string, GroupVersions>();
  for (const t of types) {
    let g = byGroup.get(t.group);
    if (!g) byGroup.set(t.group, (g = { group: t.group, versions: new Map() }));
    const list = g.versions.get(t.version) ?? [];
    list.push(t);
    g.versions.set(t.version, list);
  }
  return [...byGroup.values()];
}

function preferredVersion(g: GroupVersions): string {
  return [...g.versions.keys()].sort(compareKubeVersions)[0];
}

/** Orders versions as kube does: GA before beta before alpha, higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.localeCompare(b);
}

function isPods(t: ResourceType): boolean {
  return t.builtin && t.kind === 'Pod';
}

function subresourceEntries(t: ResourceType): JsonObject[] {
  const out: JsonObject[] = [];
  if (t.status) out.push({ subresource: 'status', responseKind: { group: t.group, version: t.version, kind: t.kind }, verbs: ['get', 'patch', 'update'] });
  if (t.scale) out.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  if (isPods(t)) out.push({ subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
  return out;
}

function aggregatedResource(t: ResourceType): JsonObject {
  const entry: JsonObject = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: ALL_VERBS,
  };
  if (t.shortNames.length) entry.shortNames = t.shortNames;
  if (t.categories.length) entry.categories = t.categories;
  const subs = subresourceEntries(t);
  if (subs.length) entry.subresources = subs;
  return entry;
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(types: readonly ResourceType[], core: boolean, apiVersion: string): JsonObject {
  const items = groups(types)
    .filter((g) => (g.group === '') === core)
    .map((g): JsonObject => ({
      metadata: core ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: [...g.versions.entries()]
        .sort(([a], [b]) => compareKubeVersions(a, b))
        .map(([version, list]) => ({ version, resources: list.map(aggregatedResource), freshness: 'Current' })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items };
}

/** Legacy `/api`: the core group's versions. */
export function legacyCoreVersions(): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

function groupEntry(g: GroupVersions): JsonObject {
  const versions = [...g.versions.keys()].sort(compareKubeVersions).map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  const preferred = preferredVersion(g);
  return { name: g.group, versions, preferredVersion: { groupVersion: `${g.group}/${preferred}`, version: preferred } };
}

/** Legacy `/apis`: every named group. */
export function legacyGroupList(types: readonly ResourceType[]): JsonObject {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(types).filter((g) => g.group !== '').map(groupEntry) };
}

/** Legacy `/apis/<group>`, or undefined when the group is not served. */
export function legacyGroup(types: readonly ResourceType[], group: string): JsonObject | undefined {
  const g = groups(types).find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) } : undefined;
}

function legacyResource(t: ResourceType): JsonObject[] {
  const main: JsonObject = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: ALL_VERBS };
  if (t.shortNames.length) main.shortNames = t.shortNames;
  if (t.categories.length) main.categories = t.categories;
  const subs: JsonObject[] = [];
  if (t.status) subs.push({ name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
  if (t.scale) subs.push({ name: `${t.resource}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  if (isPods(t)) subs.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  return [main, ...subs];
}

/** Legacy `/api/v1` or `/apis/<group>/<version>`: an APIResourceList, or undefined when not served. */
export function legacyResourceList(types: readonly ResourceType[], group: string, version: string): JsonObject | undefined {
  const list = types.filter((t) => t.group === group && t.version === version);
  if (list.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources: list.flatMap(legacyResource) };
}
