// The five CustomResourceDefinitions, built from the TypeBox schemas so the API server and our
// types can never disagree. Names, short names, scale subresource and printer columns are
// Argo's, so `kubectl get ro` and HPA targets keep working for existing users.
import type { TSchema } from '@sinclair/typebox';
import { toStructuralSchema } from './crd-schema.js';
import type { StructuralSchema } from './crd-schema.js';
import { AnalysisRunSchema } from './schema/analysis-run.js';
import { AnalysisTemplateSchema, ClusterAnalysisTemplateSchema } from './schema/analysis-template.js';
import { ExperimentSchema } from './schema/experiment.js';
import { RolloutSchema } from './schema/rollout.js';

export const API_GROUP = 'argoproj.io';
export const API_VERSION = 'v1alpha1';

export interface PrinterColumn {
  name: string;
  type: 'integer' | 'string' | 'date';
  jsonPath: string;
  description: string;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath: string;
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: StructuralSchema };
      subresources: { status: Record<string, never>; scale?: ScaleSubresource };
      additionalPrinterColumns: PrinterColumn[];
    }[];
  };
}

/** What differs between our five kinds; everything else is common. */
export interface ResourceKind {
  kind: string;
  plural: string;
  shortName: string;
  scope: 'Namespaced' | 'Cluster';
  schema: TSchema;
  /** Base name of the generated file under crds/. */
  fileName: string;
  printerColumns: PrinterColumn[];
  scale?: ScaleSubresource;
}

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since the resource was created',
};

const ROLLOUT_COLUMNS: PrinterColumn[] = [
  { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas', description: 'Desired pods' },
  { name: 'Current', type: 'integer', jsonPath: '.status.replicas', description: 'Pods that exist, any version' },
  { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas', description: 'Pods of the desired version' },
  { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas', description: 'Pods ready for at least minReadySeconds' },
  AGE,
];

function phaseColumns(kind: string): PrinterColumn[] {
  return [{ name: 'Status', type: 'string', jsonPath: '.status.phase', description: `${kind} phase` }, AGE];
}

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    kind: 'Rollout',
    plural: 'rollouts',
    shortName: 'ro',
    scope: 'Namespaced',
    schema: RolloutSchema,
    fileName: 'rollout',
    printerColumns: ROLLOUT_COLUMNS,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.HPAReplicas', labelSelectorPath: '.status.selector' },
  },
  {
    kind: 'AnalysisTemplate',
    plural: 'analysistemplates',
    shortName: 'at',
    scope: 'Namespaced',
    schema: AnalysisTemplateSchema,
    fileName: 'analysis-template',
    printerColumns: [AGE],
  },
  {
    kind: 'ClusterAnalysisTemplate',
    plural: 'clusteranalysistemplates',
    shortName: 'cat',
    scope: 'Cluster',
    schema: ClusterAnalysisTemplateSchema,
    fileName: 'cluster-analysis-template',
    printerColumns: [AGE],
  },
  {
    kind: 'AnalysisRun',
    plural: 'analysisruns',
    shortName: 'ar',
    scope: 'Namespaced',
    schema: AnalysisRunSchema,
    fileName: 'analysis-run',
    printerColumns: phaseColumns('AnalysisRun'),
  },
  {
    kind: 'Experiment',
    plural: 'experiments',
    shortName: 'exp',
    scope: 'Namespaced',
    schema: ExperimentSchema,
    fileName: 'experiment',
    printerColumns: phaseColumns('Experiment'),
  },
];

// At the root, the API server owns apiVersion, kind and metadata: a CRD may only say they are
// a string, a string and an object (see "structural schema" rules on metadata).
function rootSchema(schema: TSchema): StructuralSchema {
  const structural = toStructuralSchema(schema);
  return {
    ...structural,
    properties: {
      ...structural.properties,
      apiVersion: { type: 'string', description: 'Versioned schema of this object, argoproj.io/v1alpha1' },
      kind: { type: 'string', description: 'REST resource this object represents' },
      metadata: { type: 'object' },
    },
  };
}

/** The CustomResourceDefinition for one kind. */
export function buildCrd(resource: ResourceKind): CustomResourceDefinition {
  const singular = resource.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${resource.plural}.${API_GROUP}` },
    spec: {
      group: API_GROUP,
      names: {
        kind: resource.kind,
        listKind: `${resource.kind}List`,
        plural: resource.plural,
        singular,
        shortNames: [resource.shortName],
      },
      scope: resource.scope,
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: rootSchema(resource.schema) },
          subresources: resource.scale ? { status: {}, scale: resource.scale } : { status: {} },
          additionalPrinterColumns: resource.printerColumns,
        },
      ],
    },
  };
}

/** All five CRDs, Rollout first. */
export function buildCrds(): CustomResourceDefinition[] {
  return RESOURCE_KINDS.map(buildCrd);
}
