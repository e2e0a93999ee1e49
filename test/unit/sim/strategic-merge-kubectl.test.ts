import { describe, it, expect } from '@jest/globals';
import { applyStrategicMergePatch } from '../../../src/sim/strategic-merge-patch.js';
import type { JsonObject } from '../../../src/sim/json.js';
import { CONFIG_MAP, DEPLOYMENT, app, containersOf, deployment, itAppliesEach, names, podSpec, sidecar, type Case } from './smp-fixtures.js';

// Strategic merge patches shaped like those kubectl sends: `apply` (three-way patch with
// $setElementOrder / $retainKeys / $patch: delete), `set image`, `rollout restart`, `label`, `annotate`.
const cases: Case[] = [
  [
    'kubectl set image changes one container and keeps the other',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'app', image: 'nginx:1.2' }] }),
    containersOf,
    [{ ...app, image: 'nginx:1.2' }, sidecar],
  ],
  [
    'kubectl set image on the second container keeps the order',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'sidecar', image: 'envoy:2' }] }),
    names,
    ['app', 'sidecar'],
  ],
  ['kubectl scale', DEPLOYMENT, deployment(), { spec: { replicas: 5 } }, (r) => (r.spec as JsonObject).replicas, 5],
  [
    'kubectl rollout restart adds a template annotation',
    DEPLOYMENT,
    deployment(),
    { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
    (r) => (r.spec as { template: JsonObject }).template.metadata,
    { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
  ],
  [
    'kubectl label removes a label with null and adds another',
    DEPLOYMENT,
    deployment(),
    { metadata: { labels: { tier: null, env: 'prod' } } },
    (r) => (r.metadata as JsonObject).labels,
    { app: 'web', env: 'prod' },
  ],
  [
    'kubectl annotate creates the annotations map',
    CONFIG_MAP,
    { metadata: { name: 'cm' }, data: { a: '1' } },
    { metadata: { annotations: { note: 'x' } } },
    (r) => r,
    { metadata: { name: 'cm', annotations: { note: 'x' } }, data: { a: '1' } },
  ],
  [
    'kubectl apply removes an env var ($patch: delete with $setElementOrder)',
    DEPLOYMENT,
    deployment(),
    podSpec({
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
      containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }] }],
    }),
    (r) => (containersOf(r) as JsonObject[])[0].env,
    [{ name: 'A', value: '1' }],
  ],
  [
    'kubectl apply renames a container ($setElementOrder keeps the declared order)',
    DEPLOYMENT,
    deployment(),
    podSpec({
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'proxy' }],
      containers: [{ name: 'proxy', image: 'envoy:2' }, { $patch: 'delete', name: 'sidecar' }],
    }),
    containersOf,
    [app, { name: 'proxy', image: 'envoy:2' }],
  ],
  [
    'kubectl apply reorders containers with $setElementOrder alone',
    DEPLOYMENT,
    deployment(),
    podSpec({ '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] }),
    names,
    ['sidecar', 'app'],
  ],
  [
    'kubectl apply inserts a container where $setElementOrder puts it',
    DEPLOYMENT,
    deployment(),
    podSpec({
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'log' }, { name: 'sidecar' }],
      containers: [{ name: 'log', image: 'busybox' }],
    }),
    names,
    ['app', 'log', 'sidecar'],
  ],
  [
    'a container added without $setElementOrder goes first, as the apiserver does',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [{ name: 'log', image: 'busybox' }] }),
    names,
    ['log', 'app', 'sidecar'],
  ],
];

describe('strategic merge patches as kubectl sends them', () => {
  itAppliesEach(cases);

  it('applies the full three-way patch kubectl apply sends for an edited manifest', () => {
    const live = deployment();
    const patch: JsonObject = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, labels: { tier: null } },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
            containers: [
              { name: 'app', image: 'nginx:1.3', '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }], env: [{ name: 'B', value: '20' }] },
            ],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(live, patch, DEPLOYMENT);
    expect(result.metadata).toEqual({
      name: 'web',
      labels: { app: 'web' },
      finalizers: ['example.com/a'],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    });
    expect((result.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
    expect(containersOf(result)).toEqual([
      { ...app, image: 'nginx:1.3', env: [{ name: 'A', value: '1' }, { name: 'B', value: '20' }] },
      sidecar,
    ]);
  });
});

// Bodies captured from kubectl v1.32 against a recording server; the live object carries the
// last-applied configuration of the previous manifest and some server-side defaults.
describe('patches captured from kubectl v1.32', () => {
  const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment"}\n';
  const live = (): JsonObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '5',
      labels: { app: 'web', tier: 'front' },
      finalizers: ['example.com/a', 'example.com/b'],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image: 'nginx:1.1', imagePullPolicy: 'IfNotPresent', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
            { name: 'sidecar', image: 'envoy:1' },
          ],
        },
      },
    },
  });
  const template = (o: JsonObject): JsonObject => (o.spec as { template: JsonObject }).template;

  it.each<[string, JsonObject, JsonObject]>([
    [
      'kubectl apply: label removed, finalizer swapped, strategy switched, env var removed, container renamed',
      {
        metadata: {
          '$deleteFromPrimitiveList/finalizers': ['example.com/b'],
          '$setElementOrder/finalizers': ['example.com/a', 'example.com/c'],
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
          finalizers: ['example.com/c'],
          labels: { tier: null },
        },
        spec: {
          strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' },
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'app' }, { name: 'proxy' }],
              containers: [
                { '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], name: 'app' },
                { image: 'envoy:2', name: 'proxy' },
                { $patch: 'delete', name: 'sidecar' },
              ],
            },
          },
        },
      },
      {
        ...live(),
        metadata: {
          name: 'web',
          namespace: 'default',
          uid: 'u1',
          resourceVersion: '5',
          labels: { app: 'web' },
          finalizers: ['example.com/a', 'example.com/c'],
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          strategy: { type: 'Recreate' },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'app', image: 'nginx:1.1', imagePullPolicy: 'IfNotPresent', env: [{ name: 'A', value: '1' }] },
                { name: 'proxy', image: 'envoy:2' },
              ],
            },
          },
        },
      },
    ],
    [
      'kubectl set image deployment/web app=nginx:1.2',
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ image: 'nginx:1.2', name: 'app' }] } } } },
      (() => {
        const expected = live();
        (template(expected).spec as { containers: JsonObject[] }).containers[0].image = 'nginx:1.2';
        return expected;
      })(),
    ],
    [
      'kubectl rollout restart deployment/web',
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-23T18:28:02Z' } } } } },
      (() => {
        const expected = live();
        (template(expected).metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-11-23T18:28:02Z' };
        return expected;
      })(),
    ],
    [
      'kubectl patch deployment/web -p \'{"spec":{"paused":true}}\'',
      { spec: { paused: true } },
      { ...live(), spec: { ...(live().spec as JsonObject), paused: true } },
    ],
  ])('%s', (_name, patch, expected) => {
    expect(applyStrategicMergePatch(live(), patch, DEPLOYMENT)).toEqual(expected);
  });
});
