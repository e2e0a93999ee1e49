import { createHash } from 'node:crypto';
import { SERVER_VERSION } from './discovery.js';
import type { JsonObject, JsonValue } from './json.js';
import type { ResourceType } from './resource-type.js';

const QUERY = (name: string, description: string): JsonObject => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });

const WRITE_PARAMS = [
  QUERY('dryRun', 'When present, modifications are not persisted. Valid value: All.'),
  QUERY('fieldManager', 'The name of the actor making the change.'),
  QUERY('fieldValidation', 'How unknown or duplicate fields are treated: Ignore, Warn or Strict.'),
];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function gvk(t: ResourceType): JsonObject {
  return { group: t.group, version: t.version, kind: t.kind };
}

function schemaName(t: ResourceType): string {
  const reversed = t.group === '' ? 'io.k8s.api.core' : t.group.split('.').reverse().join('.');
  return `${reversed}.${t.version}.${t.kind}`;
}

function ref(t: ResourceType): JsonObject {
  return { $ref: `#/components/schemas/${schemaName(t)}` };
}

// Built-ins leave strategic merge out of the PATCH content types on purpose: kubectl then computes
// apply patches from its own compiled-in types, whose merge keys match the ones this server applies.
function patchOperation(t: ResourceType): JsonObject {
  const body = { schema: { type: 'object' } };
  return {
    operationId: `patch${t.kind}`,
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': gvk(t),
    parameters: [...WRITE_PARAMS, QUERY('force', 'Force is going to "force" Apply requests.')],
    requestBody: { content: { 'application/json-patch+json': body, 'application/merge-patch+json': body, 'application/apply-patch+yaml': body } },
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(t) } } } },
  };
}

function operation(t: ResourceType, action: string, params: JsonObject[] = []): JsonObject {
  return {
    operationId: `${action}${t.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(t),
    parameters: params,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(t) } } } },
  };
}

function paths(t: ResourceType): Record<string, JsonObject> {
  const base = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
  const out: Record<string, JsonObject> = {
    [base]: { get: operation(t, 'list'), post: operation(t, 'post', WRITE_PARAMS), delete: operation(t, 'deletecollection') },
    [`${base}/{name}`]: { get: operation(t, 'get'), put: operation(t, 'put', WRITE_PARAMS), patch: patchOperation(t), delete: operation(t, 'delete') },
  };
  if (t.status) out[`${base}/{name}/status`] = { get: operation(t, 'get'), put: operation(t, 'put', WRITE_PARAMS) };
  return out;
}

// CRD schemas are published so that `kubectl explain rollout.spec` works; built-ins are not described.
function componentSchema(t: ResourceType): JsonValue {
  const schema: JsonObject = t.schema ? { ...(t.schema as unknown as JsonObject) } : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  schema['x-kubernetes-group-version-kind'] = [gvk(t)];
  return schema;
}

/** The OpenAPI v3 document of one group/version, or undefined when not served. */
export function openApiV3Document(types: readonly ResourceType[], group: string, version: string): JsonObject | undefined {
  const list = types.filter((t) => t.group === group && t.version === version);
  if (list.length === 0) return undefined;
  const allPaths: JsonObject = {};
  const schemas: JsonObject = {};
  for (const t of list) {
    Object.assign(allPaths, paths(t));
    schemas[schemaName(t)] = componentSchema(t);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion }, paths: allPaths, components: { schemas } };
}

/** The `/openapi/v3` index: one entry per group/version, with a content hash so clients refetch after a change. */
export function openApiV3Index(types: readonly ResourceType[]): JsonObject {
  const gvs = new Set(types.map((t) => `${t.group}|${t.version}`));
  const out: JsonObject = {};
  for (const gv of gvs) {
    const [group, version] = gv.split('|');
    const doc = openApiV3Document(types, group, version);
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
    out[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
  }
  return { paths: out };
}
