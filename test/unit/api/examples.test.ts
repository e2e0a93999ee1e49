import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { FormatRegistry } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse, parseAllDocuments } from 'yaml';
import { RESOURCE_KINDS } from '../../../src/api/crds.js';

const root = process.cwd();
const invalidDir = join(root, 'test/fixtures/manifests/invalid');
const OUR_KINDS = new Set(['Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun', 'Experiment']);

interface Manifest {
  file: string;
  kind: string;
  name: string;
  body: Record<string, unknown>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return path === invalidDir ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

function manifestsIn(files: string[]): Manifest[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((document) => document.toJS() as Record<string, unknown> | null)
      .filter((body): body is Record<string, unknown> => body !== null && OUR_KINDS.has(body.kind as string))
      .map((body) => ({
        file: relative(root, file),
        kind: body.kind as string,
        name: (body.metadata as { name?: string } | undefined)?.name ?? '?',
        body,
      })),
  );
}

// ajv knows neither x-kubernetes-int-or-string nor the API server's pruning. This rewrites the
// CRD schema into plain JSON schema that behaves like the API server with strict field
// validation (kubectl's default): int-or-string becomes anyOf, and an object with declared
// properties refuses unknown ones unless it preserves unknown fields.
function toAjvSchema(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...node };
  if (node['x-kubernetes-int-or-string'] === true) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties as Record<string, Record<string, unknown>>).map(([key, child]) => [key, toAjvSchema(child)]),
    );
    if (node['x-kubernetes-preserve-unknown-fields'] !== true && node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (node.items) out.items = toAjvSchema(node.items as Record<string, unknown>);
  if (node.additionalProperties) out.additionalProperties = toAjvSchema(node.additionalProperties as Record<string, unknown>);
  return out;
}

function loadValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(join(root, 'crds'))) {
    const crd = parse(readFileSync(join(root, 'crds', file), 'utf8'));
    if (crd.kind !== 'CustomResourceDefinition') continue;
    validators.set(crd.spec.names.kind, ajv.compile(toAjvSchema(crd.spec.versions[0].schema.openAPIV3Schema)));
  }
  return validators;
}

function validate(validators: Map<string, ValidateFunction>, manifest: Manifest): string[] {
  const validator = validators.get(manifest.kind)!;
  if (validator(manifest.body)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

// TypeBox refuses unknown string formats; the API server checks date-time itself.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => !Number.isNaN(Date.parse(value)));
const schemaOf = (kind: string): TSchema => RESOURCE_KINDS.find((resource) => resource.kind === kind)!.schema;

const validators = loadValidators();
const valid = manifestsIn([...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test/fixtures/manifests'))]);
const invalid = manifestsIn(readdirSync(invalidDir).map((file) => join(invalidDir, file)));

describe('example and fixture manifests', () => {
  it('cover every kind', () => {
    expect(new Set(valid.map((manifest) => manifest.kind))).toEqual(OUR_KINDS);
  });

  it.each(valid.map((manifest) => [`${manifest.file} ${manifest.kind}/${manifest.name}`, manifest] as const))('%s matches its CRD', (_label, manifest) => {
    expect(validate(validators, manifest)).toEqual([]);
  });
});

describe('TypeBox schemas (the source of the TS types)', () => {
  it.each(valid.map((manifest) => [`${manifest.file} ${manifest.kind}/${manifest.name}`, manifest] as const))('%s is accepted by Value.Check', (_label, manifest) => {
    const errors = [...Value.Errors(schemaOf(manifest.kind), manifest.body)].map((error) => `${error.path} ${error.message}`);
    expect(errors).toEqual([]);
  });
});

describe('invalid manifests', () => {
  it.each([
    ['rollout-replicas-string.yaml', '/spec/replicas'],
    ['rollout-misspelled-step.yaml', '/spec/strategy/canary/steps/0 must NOT have additional properties {"additionalProperty":"setWieght"}'],
    ['rollout-pause-duration-object.yaml', '/spec/strategy/canary/steps/0/pause/duration'],
    ['analysis-template-metric-without-provider.yaml', '/spec/metrics/0 must have required property \'provider\''],
    ['analysis-run-without-metrics.yaml', '/spec must have required property \'metrics\''],
    ['experiment-template-without-selector.yaml', '/spec/templates/0 must have required property \'selector\''],
    ['cluster-analysis-template-bad-datadog-version.yaml', '/spec/metrics/0/provider/datadog/apiVersion'],
  ])('%s is rejected at %s (and by the TypeBox schema)', (file, expected) => {
    const manifest = invalid.find((candidate) => candidate.file.endsWith(`/${file}`));
    expect(manifest).toBeDefined();
    const errors = validate(validators, manifest!);
    expect(errors.some((error) => error.startsWith(expected))).toBe(true);
    expect(Value.Check(schemaOf(manifest!.kind), manifest!.body)).toBe(false);
  });

  // Argo's CRDs take any string here, so ours must too; the controller reports the bad value instead.
  it.each([['rollout-unknown-pod-template-hash.yaml'], ['analysis-template-unknown-method.yaml']])('%s passes the CRD as with Argo, and only the TypeBox schema rejects it', (file) => {
    const manifest = invalid.find((candidate) => candidate.file.endsWith(`/${file}`));
    expect(manifest).toBeDefined();
    expect(validate(validators, manifest!)).toEqual([]);
    expect(Value.Check(schemaOf(manifest!.kind), manifest!.body)).toBe(false);
  });

  it('has a test case for every file in invalid/', () => {
    expect(invalid).toHaveLength(readdirSync(invalidDir).length);
  });
});
