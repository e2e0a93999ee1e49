import { describe, it, expect } from '@jest/globals';
import { applyStrategicMergePatch, PatchError } from '../../../src/sim/strategic-merge-patch.js';
import type { BuiltinKindRef } from '../../../src/sim/patch-metadata.js';
import type { JsonObject } from '../../../src/sim/json.js';
import { CONFIG_MAP, DEPLOYMENT, POD, app, containersOf, deployment, itAppliesEach, names, podSpec, type Case } from './smp-fixtures.js';

// Directives and merge rules, modelled on k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go.
// kubectl-shaped patches are in strategic-merge-kubectl.test.ts, per-kind lists in strategic-merge-lists.test.ts.
const cases: Case[] = [
  [
    'patch order is kept for named entries, live order for the rest',
    DEPLOYMENT,
    deployment([{ name: 'a' }, { name: 'b', x: 1 }, { name: 'c' }]),
    podSpec({ containers: [{ name: 'c', y: 2 }, { name: 'a', y: 1 }] }),
    containersOf,
    [{ name: 'b', x: 1 }, { name: 'c', y: 2 }, { name: 'a', y: 1 }],
  ],
  [
    '$patch: delete removes a list entry',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'sidecar', $patch: 'delete' }] }),
    containersOf,
    [app],
  ],
  [
    '$patch: delete removes every entry with the key',
    DEPLOYMENT,
    deployment([{ name: 'a' }, { name: 'b' }, { name: 'a', dup: true }]),
    podSpec({ containers: [{ name: 'a', $patch: 'delete' }] }),
    containersOf,
    [{ name: 'b' }],
  ],
  [
    '$patch: delete of a missing entry changes nothing',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'ghost', $patch: 'delete' }] }),
    names,
    ['app', 'sidecar'],
  ],
  [
    '$patch: replace in a list replaces the list',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] }),
    containersOf,
    [{ name: 'only', image: 'x' }],
  ],
  [
    '$patch: replace on a map replaces the map',
    DEPLOYMENT,
    deployment([app], { nodeSelector: { disk: 'hdd', zone: 'a' } }),
    podSpec({ nodeSelector: { $patch: 'replace', disk: 'ssd' } }),
    (r) => (r.spec as { template: { spec: JsonObject } }).template.spec.nodeSelector,
    { disk: 'ssd' },
  ],
  [
    '$patch: replace on a map that does not exist yet',
    DEPLOYMENT,
    deployment([app]),
    podSpec({ nodeSelector: { $patch: 'replace', disk: 'ssd' } }),
    (r) => (r.spec as { template: { spec: JsonObject } }).template.spec.nodeSelector,
    { disk: 'ssd' },
  ],
  [
    '$patch: delete on a map deletes it',
    DEPLOYMENT,
    deployment(),
    { spec: { strategy: { rollingUpdate: { $patch: 'delete' } } } },
    (r) => (r.spec as JsonObject).strategy,
    { type: 'RollingUpdate' },
  ],
  [
    '$patch: merge on a map merges it',
    DEPLOYMENT,
    deployment(),
    { metadata: { labels: { $patch: 'merge', env: 'prod' } } },
    (r) => (r.metadata as JsonObject).labels,
    { app: 'web', tier: 'front', env: 'prod' },
  ],
  [
    '$patch: merge on a list entry merges it',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ $patch: 'merge', name: 'sidecar', image: 'envoy:3' }, { $patch: 'merge' }] }),
    containersOf,
    [app, { name: 'sidecar', image: 'envoy:3' }],
  ],
  [
    '$retainKeys switches the strategy from RollingUpdate to Recreate',
    DEPLOYMENT,
    deployment(),
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    (r) => (r.spec as JsonObject).strategy,
    { type: 'Recreate' },
  ],
  [
    '$retainKeys clears fields the patch does not name',
    DEPLOYMENT,
    deployment(),
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    (r) => (r.spec as JsonObject).strategy,
    { type: 'Recreate' },
  ],
  [
    '$retainKeys keeps listed fields and merges into them',
    DEPLOYMENT,
    deployment(),
    { spec: { strategy: { $retainKeys: ['rollingUpdate', 'type'], rollingUpdate: { maxSurge: 1 } } } },
    (r) => (r.spec as JsonObject).strategy,
    { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
  ],
  [
    'finalizers are added as a set',
    DEPLOYMENT,
    deployment(),
    { metadata: { finalizers: ['example.com/b', 'example.com/a'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['example.com/b', 'example.com/a'],
  ],
  [
    'a finalizer already present is not added twice',
    DEPLOYMENT,
    deployment(),
    { metadata: { finalizers: ['example.com/a'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['example.com/a'],
  ],
  [
    'a new finalizer goes before the live ones, as the apiserver does',
    CONFIG_MAP,
    { metadata: { name: 'cm', finalizers: ['a', 'b'] } },
    { metadata: { finalizers: ['c'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['c', 'a', 'b'],
  ],
  [
    'finalizers are created when missing',
    CONFIG_MAP,
    { metadata: { name: 'cm' } },
    { metadata: { finalizers: ['a'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['a'],
  ],
  [
    '$deleteFromPrimitiveList removes finalizers',
    CONFIG_MAP,
    { metadata: { name: 'cm', finalizers: ['a', 'b', 'c'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['a', 'c'],
  ],
  [
    '$deleteFromPrimitiveList with $setElementOrder, as kubectl apply sends it',
    CONFIG_MAP,
    { metadata: { name: 'cm', finalizers: ['a', 'b', 'c'] } },
    { metadata: { '$setElementOrder/finalizers': ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
    (r) => (r.metadata as JsonObject).finalizers,
    ['c', 'a'],
  ],
  [
    '$deleteFromPrimitiveList on a missing list does not create it',
    CONFIG_MAP,
    { metadata: { name: 'cm' } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    (r) => r.metadata,
    { name: 'cm' },
  ],
  [
    '$deleteFromPrimitiveList also works on an atomic list of primitives',
    POD,
    { spec: { containers: [{ name: 'app', args: ['-a', '-b', '-c'] }] } },
    { spec: { containers: [{ name: 'app', '$deleteFromPrimitiveList/args': ['-b'] }] } },
    (r) => r.spec,
    { containers: [{ name: 'app', args: ['-a', '-c'] }] },
  ],
  [
    'nulls inside a new subtree are dropped',
    POD,
    { spec: { containers: [{ name: 'app' }] } },
    { spec: { containers: [{ name: 'app', resources: { limits: { cpu: '1', memory: null } } }, { name: 'new', image: null, args: ['x'] }] } },
    (r) => r.spec,
    { containers: [{ name: 'app', resources: { limits: { cpu: '1' } } }, { name: 'new', args: ['x'] }] },
  ],
  [
    'a null for a missing field is ignored',
    CONFIG_MAP,
    { metadata: { name: 'cm' } },
    { metadata: { labels: null }, data: { a: null } },
    (r) => r,
    { metadata: { name: 'cm' }, data: {} },
  ],
  [
    'a value of another type replaces the live one',
    CONFIG_MAP,
    { metadata: { name: 'cm' }, data: 'oops' },
    { data: { a: '1' } },
    (r) => r.data,
    { a: '1' },
  ],
  [
    'a top-level $patch: replace replaces the object',
    CONFIG_MAP,
    { metadata: { name: 'cm' }, data: { a: '1' } },
    { $patch: 'replace', metadata: { name: 'cm' } },
    (r) => r,
    { metadata: { name: 'cm' } },
  ],
];


const rejected: Array<[string, BuiltinKindRef, JsonObject, JsonObject, RegExp]> = [
  ['an unknown $patch value on a map', DEPLOYMENT, deployment(), { spec: { $patch: 'explode' } }, /unknown patch type: "explode"/],
  ['an unknown $patch value on a list entry', DEPLOYMENT, deployment(), podSpec({ containers: [{ name: 'app', $patch: 'upsert' }] }), /unknown patch type: "upsert"/],
  ['an unknown directive key', DEPLOYMENT, deployment(), { spec: { $frobnicate: true } }, /unknown patch directive "\$frobnicate"/],
  ['$setElementOrder without a field', DEPLOYMENT, deployment(), { metadata: { $setElementOrder: ['a'] } }, /expected \$setElementOrder\/<field>/],
  ['$deleteFromPrimitiveList without a field', CONFIG_MAP, { metadata: {} }, { metadata: { $deleteFromPrimitiveList: ['a'] } }, /expected \$deleteFromPrimitiveList\/<field>/],
  ['a merge list entry without its merge key', DEPLOYMENT, deployment(), podSpec({ containers: [{ image: 'x' }] }), /does not contain declared merge key: name/],
  ['$patch: delete without the merge key', DEPLOYMENT, deployment(), podSpec({ containers: [{ $patch: 'delete' }] }), /does not contain declared merge key: name/],
  ['a merge list entry that is not a map', DEPLOYMENT, deployment(), podSpec({ containers: ['app'] }), /entries must be maps/],
  ['a map in a list of primitives', CONFIG_MAP, { metadata: {} }, { metadata: { finalizers: [{ a: 1 }] } }, /list of primitives/],
  [
    '$setElementOrder that contradicts the patch list',
    DEPLOYMENT,
    deployment(),
    podSpec({ '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'sidecar' }, { name: 'app' }] }),
    /doesn't match \$setElementOrder list/,
  ],
  [
    '$setElementOrder that is not a list',
    DEPLOYMENT,
    deployment(),
    podSpec({ '$setElementOrder/containers': { name: 'app' } }),
    /invalid patch format of setElementOrder list/,
  ],
  ['$retainKeys that is not a list', DEPLOYMENT, deployment(), { spec: { strategy: { $retainKeys: 'type' } } }, /invalid patch format of retainKeys/],
  [
    'a field missing from $retainKeys',
    DEPLOYMENT,
    deployment(),
    { spec: { strategy: { $retainKeys: ['type'], type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    /field "rollingUpdate" is set but not in/,
  ],
  ['a custom resource', { group: 'example.com', kind: 'Foo' }, { spec: {} }, { spec: { a: 1 } }, /not supported for Foo.example.com/],
];

describe('applyStrategicMergePatch', () => {
  itAppliesEach(cases);

  it.each(rejected)('rejects %s with a PatchError', (_name, kind, original, patch, message) => {
    const attempt = (): JsonObject => applyStrategicMergePatch(original, patch, kind);
    expect(attempt).toThrow(PatchError);
    expect(attempt).toThrow(message);
  });

  it('answers 415 for a custom resource and 400 for a malformed patch', () => {
    const statusOf = (kind: BuiltinKindRef, patch: JsonObject): number | undefined => {
      try {
        applyStrategicMergePatch({}, patch, kind);
      } catch (error) {
        return (error as PatchError).status;
      }
      return undefined;
    };
    expect(statusOf({ group: 'example.com', kind: 'Foo' }, {})).toBe(415);
    expect(statusOf(DEPLOYMENT, { spec: { $patch: 'explode' } })).toBe(400);
  });

  it('returns an object that shares nothing with the original or the patch', () => {
    const original = deployment();
    const patch = { spec: { replicas: 3, template: { spec: { tolerations: [{ key: 'a' }] } } } };
    const result = applyStrategicMergePatch(original, patch, DEPLOYMENT) as { metadata: { labels: JsonObject }; spec: { template: { spec: { tolerations: JsonObject[] } } } };
    result.metadata.labels.app = 'changed';
    result.spec.template.spec.tolerations[0].key = 'changed';
    expect(original.metadata).toEqual(deployment().metadata);
    expect(patch.spec.template.spec.tolerations[0].key).toBe('a');
  });
});
