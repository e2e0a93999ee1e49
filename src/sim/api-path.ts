import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './resource-type.js';

/** A request path resolved against the served kinds. */
export type ApiPath =
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string; subresource?: string }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'group'; group: string }
  | { kind: 'unknown' };

/** A path that names a resource: a collection, one object, or one object's subresource. */
export type ResourcePath = Extract<ApiPath, { kind: 'resource' }>;

interface GroupVersionRest {
  group: string;
  version: string;
  rest: string[];
}

function splitGroupVersion(segs: string[]): GroupVersionRest | { group: string } | undefined {
  if (segs[0] === 'api' && segs.length >= 2) return { group: '', version: segs[1], rest: segs.slice(2) };
  if (segs[0] === 'apis' && segs.length === 2) return { group: segs[1] };
  if (segs[0] === 'apis' && segs.length >= 3) return { group: segs[1], version: segs[2], rest: segs.slice(3) };
  return undefined;
}

/**
 * Resolves `/api/v1/namespaces/ns/pods/name/status` and friends. `namespaces/<ns>/<resource>` is
 * namespaced when <resource> is served in that group/version; otherwise `namespaces/<name>/<sub>`
 * addresses the Namespace object itself.
 */
export function resolveApiPath(pathname: string, registry: ResourceRegistry): ApiPath {
  const segs = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const gv = splitGroupVersion(segs);
  if (!gv) return { kind: 'unknown' };
  if (!('version' in gv)) return { kind: 'group', group: gv.group };
  const { group, version, rest } = gv;
  if (rest.length === 0) return { kind: 'group-version', group, version };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = registry.find(group, version, rest[2]);
    if (type?.namespaced) return { kind: 'resource', type, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const type = registry.find(group, version, rest[0]);
  if (!type || rest.length > 3) return { kind: 'unknown' };
  return { kind: 'resource', type, name: rest[1], subresource: rest[2] };
}
