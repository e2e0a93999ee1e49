import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { RecordedRequest } from './controller-requests.js';

// Holds the controller's recorded API requests against RBAC rules written in YAML: which requests no
// rule grants, which granted permissions no request used.

/** One RBAC rule, as written (no resourceNames, no wildcards: the rules here are least-privilege). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** A permission: "<group> <resource[/subresource]> <verb>", the core group written as "core". */
export type Permission = string;

/** The permission a request needs: `list rollouts.argoproj.io` → "argoproj.io rollouts list". */
export function permissionOf(request: Pick<RecordedRequest, 'group' | 'resource' | 'subresource' | 'verb'>): Permission {
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return `${request.group || 'core'} ${resource} ${request.verb}`;
}

/** The rules of the Role or ClusterRole named `name` in a YAML file. */
export function readRules(file: string, kind: 'ClusterRole' | 'Role', name: string): PolicyRule[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; rules?: PolicyRule[] });
  const role = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!role) throw new Error(`${file}: no ${kind} ${name}`);
  return role.rules ?? [];
}

/** Every permission the rules grant, one per group × resource × verb. */
export function permissionsOf(rules: PolicyRule[]): Set<Permission> {
  return new Set(rules.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${group || 'core'} ${resource} ${verb}`)))));
}

/** Wildcards and resourceNames-free rules only: '*' anywhere is not least privilege. */
export function wildcardsIn(rules: PolicyRule[]): string[] {
  return rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]).filter((v) => v.includes('*'));
}

/** What the controller may do: everywhere (ClusterRole), and in its own namespace only (Role). */
export interface Grants {
  cluster: Set<Permission>;
  controllerNamespace: Set<Permission>;
}

/** A request line with where it was recorded and the namespace(s) its controller counted as its own. */
export interface SourcedRequest extends RecordedRequest {
  source: string;
  controllerNamespaces: string[];
}

/** Requests no grant covers, one line each: "core pods watch (in default; seen in rbac workload)". */
export function ungranted(requests: SourcedRequest[], grants: Grants): string[] {
  const missing = new Map<string, Set<string>>();
  for (const r of requests) {
    const p = permissionOf(r);
    if (grants.cluster.has(p)) continue;
    // Role rules hold in the controller's namespace only.
    if (grants.controllerNamespace.has(p) && r.controllerNamespaces.includes(r.namespace)) continue;
    const line = `${p} (in ${r.namespace || 'all namespaces / cluster scope'})`;
    missing.set(line, (missing.get(line) ?? new Set()).add(r.source));
  }
  return [...missing].map(([line, sources]) => `${line}; seen in ${named([...sources].sort())}`).sort();
}

// The first two sources and how many more: "the RBAC workload, a.json and 3 more".
function named(sources: string[]): string {
  const more = sources.length > 2 ? ` and ${sources.length - 2} more` : '';
  return `${sources.slice(0, 2).join(', ')}${more}`;
}

/** Granted permissions that no request used and that `reasons` does not explain. */
export function unexplained(granted: Set<Permission>, used: Set<Permission>, reasons: ReadonlyMap<Permission, string>): Permission[] {
  return [...granted].filter((p) => !used.has(p) && !reasons.has(p)).sort();
}

/** Reasons that no longer hold: the permission is not granted at all, or the workload now uses it. */
export function staleReasons(reasons: ReadonlyMap<Permission, string>, granted: Set<Permission>, usedByWorkload: Set<Permission>): string[] {
  return [...reasons.keys()]
    .flatMap((p) => {
      if (!granted.has(p)) return [`${p}: listed with a reason but not granted`];
      return usedByWorkload.has(p) ? [`${p}: listed as not exercised, but the workload used it`] : [];
    })
    .sort();
}
