import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { renderCrdFiles } from '../../../src/api/crd-files.js';
import { buildCrds } from '../../../src/api/crds.js';
import type { CustomResourceDefinition } from '../../../src/api/crds.js';
import type { StructuralSchema } from '../../../src/api/crd-schema.js';

const crdDir = join(process.cwd(), 'crds');
const rendered = renderCrdFiles();
const crds = buildCrds();

function crdOf(kind: string): CustomResourceDefinition {
  const crd = crds.find((candidate) => candidate.spec.names.kind === kind);
  if (!crd) throw new Error(`no CRD for ${kind}`);
  return crd;
}

// Every schema node reachable through properties, items and additionalProperties, with its path.
function* schemaNodes(node: StructuralSchema, path = ''): Generator<[string, StructuralSchema]> {
  yield [path || '<root>', node];
  for (const [name, child] of Object.entries(node.properties ?? {})) yield* schemaNodes(child, `${path}.${name}`);
  if (node.items) yield* schemaNodes(node.items, `${path}[]`);
  if (node.additionalProperties) yield* schemaNodes(node.additionalProperties, `${path}{}`);
}

function forbiddenKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const forbidden = new Set(['anyOf', 'oneOf', 'allOf', 'not', '$ref', '$id', 'const', 'patternProperties', 'definitions']);
  return Object.entries(value).flatMap(([key, child]) => [
    ...(forbidden.has(key) ? [`${path}.${key}`] : []),
    ...forbiddenKeys(child, `${path}.${key}`),
  ]);
}

describe('crds/ on disk', () => {
  it('holds exactly the generated files', () => {
    const onDisk = readdirSync(crdDir).filter((name) => name.endsWith('.yaml')).sort();
    expect(onDisk).toEqual([...rendered.keys()].sort());
  });

  it.each([...rendered.keys()])('%s is byte for byte what `npm run gen:crds` writes', (fileName) => {
    expect(readFileSync(join(crdDir, fileName), 'utf8')).toBe(rendered.get(fileName));
  });

  it('lists every CRD in the kustomization', () => {
    const kustomization = parse(rendered.get('kustomization.yaml')!) as { resources: string[] };
    expect(kustomization.resources).toEqual(['rollout.yaml', 'analysis-template.yaml', 'cluster-analysis-template.yaml', 'analysis-run.yaml', 'experiment.yaml']);
  });
});

describe('CRD names', () => {
  it.each([
    ['Rollout', 'rollouts.argoproj.io', 'rollouts', 'rollout', 'RolloutList', 'ro', 'Namespaced'],
    ['AnalysisTemplate', 'analysistemplates.argoproj.io', 'analysistemplates', 'analysistemplate', 'AnalysisTemplateList', 'at', 'Namespaced'],
    ['ClusterAnalysisTemplate', 'clusteranalysistemplates.argoproj.io', 'clusteranalysistemplates', 'clusteranalysistemplate', 'ClusterAnalysisTemplateList', 'cat', 'Cluster'],
    ['AnalysisRun', 'analysisruns.argoproj.io', 'analysisruns', 'analysisrun', 'AnalysisRunList', 'ar', 'Namespaced'],
    ['Experiment', 'experiments.argoproj.io', 'experiments', 'experiment', 'ExperimentList', 'exp', 'Namespaced'],
  ])('%s is %s (%s/%s/%s, short name %s, %s)', (kind, name, plural, singular, listKind, shortName, scope) => {
    const crd = crdOf(kind);
    expect(crd.metadata.name).toBe(name);
    expect(crd.spec.group).toBe('argoproj.io');
    expect(crd.spec.names).toEqual({ kind, plural, singular, listKind, shortNames: [shortName] });
    expect(crd.spec.scope).toBe(scope);
    expect(crd.spec.versions.map((version) => [version.name, version.served, version.storage])).toEqual([['v1alpha1', true, true]]);
  });
});

describe('CRD subresources and printer columns', () => {
  it.each(crds.map((crd) => [crd.spec.names.kind, crd] as const))('%s has a status subresource', (_kind, crd) => {
    expect(crd.spec.versions[0].subresources.status).toEqual({});
  });

  it('Rollout scales through .spec.replicas / .status.HPAReplicas / .status.selector', () => {
    expect(crdOf('Rollout').spec.versions[0].subresources.scale).toEqual({
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.HPAReplicas',
      labelSelectorPath: '.status.selector',
    });
  });

  it.each([
    ['Rollout', [['Desired', 'integer', '.spec.replicas'], ['Current', 'integer', '.status.replicas'], ['Up-to-date', 'integer', '.status.updatedReplicas'], ['Available', 'integer', '.status.availableReplicas'], ['Age', 'date', '.metadata.creationTimestamp']]],
    ['AnalysisRun', [['Status', 'string', '.status.phase'], ['Age', 'date', '.metadata.creationTimestamp']]],
    ['Experiment', [['Status', 'string', '.status.phase'], ['Age', 'date', '.metadata.creationTimestamp']]],
    ['AnalysisTemplate', [['Age', 'date', '.metadata.creationTimestamp']]],
    ['ClusterAnalysisTemplate', [['Age', 'date', '.metadata.creationTimestamp']]],
  ])('%s prints the same columns as Argo', (kind, expected) => {
    const columns = crdOf(kind).spec.versions[0].additionalPrinterColumns;
    expect(columns.map((column) => [column.name, column.type, column.jsonPath])).toEqual(expected);
  });
});

describe('CRD schemas are structural', () => {
  const schemas = crds.map((crd) => [crd.spec.names.kind, crd.spec.versions[0].schema.openAPIV3Schema] as const);

  it.each(schemas)('%s: every node has a type or an int-or-string / preserve-unknown marker', (_kind, schema) => {
    const untyped = [...schemaNodes(schema)]
      .filter(([, node]) => node.type === undefined && node['x-kubernetes-int-or-string'] !== true)
      .map(([path]) => path);
    expect(untyped).toEqual([]);
  });

  it.each(schemas)('%s: no anyOf, oneOf, $ref, $id or TypeBox leftovers', (_kind, schema) => {
    expect(forbiddenKeys(schema)).toEqual([]);
  });

  it.each(schemas)('%s: no node has both properties and additionalProperties', (_kind, schema) => {
    const both = [...schemaNodes(schema)].filter(([, node]) => node.properties && node.additionalProperties).map(([path]) => path);
    expect(both).toEqual([]);
  });

  it.each(schemas)('%s: root metadata is a bare object and spec is required', (_kind, schema) => {
    expect(schema.properties?.metadata).toEqual({ type: 'object' });
    expect(schema.required).toEqual(['spec']);
  });

  it.each([
    ['Rollout', ['spec', 'properties', 'strategy', 'properties', 'canary', 'properties', 'steps', 'items'], undefined],
    ['AnalysisTemplate', ['spec', 'properties', 'metrics', 'items'], ['name', 'provider']],
    ['AnalysisRun', ['spec'], ['metrics']],
    ['AnalysisRun', ['status'], ['phase']],
    ['Experiment', ['spec'], ['templates']],
    ['Experiment', ['spec', 'properties', 'templates', 'items'], ['name', 'selector', 'template']],
    ['Rollout', ['spec', 'properties', 'strategy', 'properties', 'blueGreen'], ['activeService']],
  ])('%s %j requires %j', (kind, path, required) => {
    let node: unknown = crdOf(kind).spec.versions[0].schema.openAPIV3Schema.properties;
    for (const key of path) node = (node as Record<string, unknown>)[key];
    expect((node as StructuralSchema).required).toEqual(required);
  });

  it('merges the canary step union into one object with all eight actions', () => {
    const steps = crdOf('Rollout').spec.versions[0].schema.openAPIV3Schema.properties!.spec.properties!.strategy.properties!.canary.properties!.steps;
    expect(Object.keys(steps.items!.properties!)).toEqual(['analysis', 'experiment', 'pause', 'plugin', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'setWeight']);
  });
});
