// Shared fixtures of the strategic merge patch tests (not a test file itself).
import { it, expect } from '@jest/globals';
import { applyStrategicMergePatch } from '../../../src/sim/strategic-merge-patch.js';
import type { BuiltinKindRef } from '../../../src/sim/patch-metadata.js';
import type { JsonObject } from '../../../src/sim/json.js';

export const DEPLOYMENT: BuiltinKindRef = { group: 'apps', kind: 'Deployment' };
export const POD: BuiltinKindRef = { group: '', kind: 'Pod' };
export const SERVICE: BuiltinKindRef = { group: '', kind: 'Service' };
export const CONFIG_MAP: BuiltinKindRef = { group: '', kind: 'ConfigMap' };

export const app = { name: 'app', image: 'nginx:1.1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] };
export const sidecar = { name: 'sidecar', image: 'envoy:1' };

export function deployment(containers: JsonObject[] = [app, sidecar], extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['example.com/a'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}

export const podSpec = (spec: JsonObject): JsonObject => ({ spec: { template: { spec } } });
export const containersOf = (o: JsonObject): unknown => (o.spec as { template: { spec: { containers: unknown } } }).template.spec.containers;
export const names = (o: JsonObject): string[] => (containersOf(o) as Array<{ name: string }>).map((c) => c.name);

export type Case = [string, BuiltinKindRef, JsonObject, JsonObject, (result: JsonObject) => unknown, unknown];

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Registers each case twice: once for its result, once to prove the inputs are left untouched. */
export function itAppliesEach(cases: Case[]): void {
  it.each(cases)('%s', (_name, kind, original, patch, select, expected) => {
    expect(select(applyStrategicMergePatch(original, patch, kind))).toEqual(expected);
  });

  it.each(cases)('does not modify its inputs: %s', (_name, kind, original, patch) => {
    const [originalBefore, patchBefore] = [structuredClone(original), structuredClone(patch)];
    applyStrategicMergePatch(deepFreeze(original), deepFreeze(patch), kind);
    expect([original, patch]).toEqual([originalBefore, patchBefore]);
  });
}
