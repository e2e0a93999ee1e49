// `kubectl rollouts lint` checks: schema (types, enums, required, unknown fields) with paths, then
// a Rollout's spec rules; kinds that are not Argo's pass untouched.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { formatSpecError } from '../../../src/api/field-error.js';
import { lintManifest } from '../../../src/api/lint-manifest.js';
import { fieldPath } from '../../../src/api/schema-errors.js';
import { readManifests } from '../../../src/kube/apply-manifests.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function aRollout(spec: Record<string, unknown> = {}, steps: unknown[] = [{ setWeight: 20 }, { pause: {} }]): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'checkout' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'checkout', image: 'checkout:1' }] } },
      strategy: { canary: { steps } },
      ...spec,
    },
  };
}

const lines = (doc: unknown): string[] => lintManifest(doc).errors.map(formatSpecError);

describe('lintManifest', () => {
  it('passes a valid Rollout and kinds that are not Argo’s', () => {
    expect(lintManifest(aRollout())).toEqual({ object: 'Rollout/checkout', errors: [] });
    expect(lintManifest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'checkout' }, spec: { whatever: 1 } })).toEqual({ object: 'Service/checkout', errors: [] });
  });

  it.each([
    ['a string for replicas', aRollout({ replicas: 'three' }), ['spec.replicas: Invalid value: "three": expected integer']],
    ['an unknown spec field', aRollout({ replicaz: 3 }), ['spec.replicaz: Invalid value: 3: unknown field']],
    ['an unknown step kind', aRollout({}, [{ setWieght: 20 }]), ['spec.strategy.canary.steps[0]: Invalid value: map[string]interface {}{…}: must set one of setWeight, pause, analysis, experiment, setCanaryScale, setHeaderRoute, setMirrorRoute, plugin']],
    ['a step with two kinds', aRollout({}, [{ setWeight: 20, pause: {} }]), ['spec.strategy.canary.steps[0]: Invalid value: map[string]interface {}{…}: only one of setWeight, pause may be set']],
    ['a bad pause duration', aRollout({}, [{ pause: { duration: { s: 1 } } }]), ['spec.strategy.canary.steps[0].pause.duration: Invalid value: map[string]interface {}{…}: matches none of the accepted forms']],
    ['an unknown field inside a step', aRollout({}, [{ pause: { duraton: '1m' } }]), ['spec.strategy.canary.steps[0].pause.duraton: Invalid value: "1m": unknown field']],
    ['a spec rule (weight over 100, with Argo’s own path)', aRollout({}, [{ setWeight: 120 }]), ['spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100']],
  ])('reports %s with its path', (_name, doc, expected) => {
    expect(lines(doc)).toEqual(expected);
  });

  it('reports every error, not only the first', () => {
    expect(lines(aRollout({ replicas: 'three', replicaz: 1, minReadySeconds: 'x' }))).toHaveLength(3);
  });

  it('names enum choices, and an unknown Argo kind', () => {
    const [template] = readManifests(join(ROOT, 'test/fixtures/manifests/invalid/analysis-template-unknown-method.yaml'));
    expect(lines(template)).toEqual(['spec.metrics[0].provider.web.method: Invalid value: "FETCH": supported values: "GET", "POST", "PUT"']);
    expect(lintManifest({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollouts', metadata: { name: 'x' } }).errors.map(formatSpecError)).toEqual(['kind: Invalid value: "Rollouts": not a kind of argoproj.io']);
  });

  it('accepts the repository’s valid manifests, status and timestamps included', () => {
    for (const file of ['rollout-blue-green-full.yaml', 'analysis-run-with-status.yaml', 'experiment-with-status.yaml', 'analysis-templates-all-providers.yaml']) {
      for (const doc of readManifests(join(ROOT, 'test/fixtures/manifests', file))) expect({ file, ...lintManifest(doc) }).toMatchObject({ errors: [] });
    }
  });

  it.each([
    ['/spec/replicas', 'spec.replicas'],
    ['/spec/strategy/canary/steps/0/setWeight', 'spec.strategy.canary.steps[0].setWeight'],
    ['/metadata/annotations/a~1b', 'metadata.annotations.a/b'],
    ['', ''],
  ])('fieldPath(%s) = %s', (pointer, path) => {
    expect(fieldPath(pointer)).toBe(path);
  });
});
