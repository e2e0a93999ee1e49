import { builtinTypes } from './builtin-types.js';
import { isJsonObject, stringOr, type JsonObject, type JsonValue } from './json.js';
import type { PrinterColumn, ResourceType, ScaleSpec } from './resource-type.js';

/** The kinds served right now: the built-ins plus one entry per established CRD. */
export class ResourceRegistry {
  #builtins: ResourceType[] = builtinTypes();
  /** CRD name → the types it serves (one per served version). */
  #custom = new Map<string, ResourceType[]>();
  // Rebuilt on every CRD change so that the request path only does map lookups.
  #all: ResourceType[] = [];
  #byGvr = new Map<string, ResourceType>();
  #byGr = new Map<string, ResourceType>();

  constructor() {
    this.#reindex();
  }

  /** All served types, built-ins first, one entry per served version. */
  all(): readonly ResourceType[] {
    return this.#all;
  }

  /** The type served at group/version/resource, if any. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.#byGvr.get(`${group}/${version}/${resource}`);
  }

  /** The first served version of group/resource (storage is shared between versions). */
  findAnyVersion(group: string, resource: string): ResourceType | undefined {
    return this.#byGr.get(`${group}/${resource}`);
  }

  /** The type of an apiVersion + kind as found in ownerReferences and involvedObject. */
  findByApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.#all.find((t) => t.group === group && t.version === version && t.kind === kind) ?? this.#all.find((t) => t.group === group && t.kind === kind);
  }

  /** Registers or replaces the kinds of an established CRD. */
  setCrd(crd: JsonObject): void {
    const name = metadataName(crd);
    const types = typesFromCrd(crd);
    if (types.length === 0) this.#custom.delete(name);
    else this.#custom.set(name, types);
    this.#reindex();
  }

  /** Stops serving a CRD's kinds. */
  removeCrd(name: string): void {
    this.#custom.delete(name);
    this.#reindex();
  }

  #reindex(): void {
    this.#all = [...this.#builtins, ...[...this.#custom.values()].flat()];
    this.#byGvr = new Map(this.#all.map((t) => [`${t.group}/${t.version}/${t.resource}`, t]));
    this.#byGr = new Map();
    for (const t of this.#all) {
      const key = `${t.group}/${t.resource}`;
      if (!this.#byGr.has(key)) this.#byGr.set(key, t);
    }
  }
}

function metadataName(obj: JsonObject): string {
  const meta = obj.metadata;
  return isJsonObject(meta) && typeof meta.name === 'string' ? meta.name : '';
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The served versions of a CRD as resource types; a CRD being deleted serves nothing new. */
export function typesFromCrd(crd: JsonObject): ResourceType[] {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  const served = versions.filter((v) => v.served !== false);
  const versionNames = served.map((v) => stringOr(v.name));
  const kind = stringOr(names.kind);
  return served.map((v) => {
    const sub = isJsonObject(v.subresources) ? v.subresources : {};
    const schema = isJsonObject(v.schema) && isJsonObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
    return {
      group: stringOr(spec.group),
      version: stringOr(v.name),
      versions: versionNames,
      resource: stringOr(names.plural),
      kind,
      listKind: stringOr(names.listKind, `${kind}List`),
      singular: stringOr(names.singular, kind.toLowerCase()),
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      builtin: false,
      status: isJsonObject(sub.status),
      scale: scaleSpecOf(sub.scale),
      generation: true,
      schema,
      printerColumns: printerColumnsOf(v.additionalPrinterColumns),
    };
  });
}

function scaleSpecOf(v: JsonValue | undefined): ScaleSpec | undefined {
  if (!isJsonObject(v)) return undefined;
  return {
    specReplicasPath: stringOr(v.specReplicasPath, '.spec.replicas'),
    statusReplicasPath: stringOr(v.statusReplicasPath, '.status.replicas'),
    labelSelectorPath: typeof v.labelSelectorPath === 'string' ? v.labelSelectorPath : undefined,
  };
}

function printerColumnsOf(v: JsonValue | undefined): PrinterColumn[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isJsonObject).map((c) => ({
    name: stringOr(c.name),
    type: stringOr(c.type, 'string'),
    jsonPath: stringOr(c.jsonPath),
    description: typeof c.description === 'string' ? c.description : undefined,
    format: typeof c.format === 'string' ? c.format : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}
