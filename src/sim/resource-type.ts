import type { StructuralSchema } from './schema-validation.js';

/** A printer column of a custom resource (additionalPrinterColumns). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** Where a scale subresource reads and writes replicas (a CRD's `subresources.scale`). */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One kind the simulator serves, at one group/version. */
export interface ResourceType {
  group: string;
  version: string;
  /** Every version served for the group/resource (CRDs may serve several, all stored alike). */
  versions: string[];
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  builtin: boolean;
  status: boolean;
  scale?: ScaleSpec;
  /** Spec changes bump metadata.generation (all CRs, the workload kinds). */
  generation: boolean;
  schema?: StructuralSchema;
  printerColumns?: PrinterColumn[];
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The key that names a resource's storage, whatever version it is served at. */
export function typeKey(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${t.group}/${t.resource}`;
}

/** The apiVersion string of a group/version ("v1" for the core group). */
export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}
