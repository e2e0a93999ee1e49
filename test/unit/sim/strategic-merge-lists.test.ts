import { describe } from '@jest/globals';
import type { JsonObject } from '../../../src/sim/json.js';
import { DEPLOYMENT, POD, SERVICE, app, deployment, itAppliesEach, names, podSpec, type Case } from './smp-fixtures.js';

// Merge lists of each built-in kind, after the patchStrategy / patchMergeKey tags of k8s.io/api;
// lists without tags are atomic.
const cases: Case[] = [
  [
    'container env merges by name',
    POD,
    { spec: { containers: [app] } },
    { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } },
    (r) => (r.spec as { containers: JsonObject[] }).containers[0].env,
    [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }],
  ],
  [
    'container ports merge by containerPort',
    POD,
    { spec: { containers: [app] } },
    { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 9090 }] }] } },
    (r) => (r.spec as { containers: JsonObject[] }).containers[0].ports,
    [{ containerPort: 80, name: 'http' }, { containerPort: 9090 }],
  ],
  [
    'volumes merge by name and volumeMounts by mountPath',
    POD,
    {
      spec: {
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      },
    },
    {
      spec: {
        volumes: [{ name: 'cache', emptyDir: {} }],
        containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', readOnly: true }] }],
      },
    },
    (r) => r.spec,
    {
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'data', emptyDir: {} }],
      containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] }],
    },
  ],
  [
    'a volume source switch uses $retainKeys inside a list entry',
    POD,
    { spec: { volumes: [{ name: 'data', emptyDir: {} }], containers: [] } },
    { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' } }] } },
    (r) => (r.spec as JsonObject).volumes,
    [{ name: 'data', configMap: { name: 'cfg' } }],
  ],
  [
    'pod status conditions merge by type',
    POD,
    { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] } },
    { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    (r) => (r.status as JsonObject).conditions,
    [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }],
  ],
  [
    'deployment status conditions merge by type',
    DEPLOYMENT,
    { status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] } },
    { status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] } },
    (r) => (r.status as JsonObject).conditions,
    [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
  ],
  [
    'ownerReferences merge by uid',
    { group: 'apps', kind: 'ReplicaSet' },
    { metadata: { name: 'rs', ownerReferences: [{ uid: 'u1', name: 'a', controller: true }] } },
    { metadata: { ownerReferences: [{ uid: 'u1', controller: false }] } },
    (r) => (r.metadata as JsonObject).ownerReferences,
    [{ uid: 'u1', name: 'a', controller: false }],
  ],
  [
    'a Job pod template merges containers by name',
    { group: 'batch', kind: 'Job' },
    { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }], restartPolicy: 'Never' } } } },
    { spec: { template: { spec: { containers: [{ name: 'a', image: 'y' }] } } } },
    (r) => r.spec,
    { template: { spec: { containers: [{ name: 'a', image: 'y' }, { name: 'b' }], restartPolicy: 'Never' } } },
  ],
  [
    'Service ports merge by port',
    SERVICE,
    { spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } },
    { spec: { ports: [{ port: 443, targetPort: 9443 }] } },
    (r) => (r.spec as JsonObject).ports,
    [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }],
  ],
  [
    'atomic lists are replaced whole (tolerations)',
    POD,
    { spec: { containers: [], tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } },
    { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
    (r) => (r.spec as JsonObject).tolerations,
    [{ key: 'c', operator: 'Exists' }],
  ],
  [
    'Endpoints subsets are atomic',
    { group: '', kind: 'Endpoints' },
    { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] },
    { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] },
    (r) => r.subsets,
    [{ addresses: [{ ip: '10.0.0.2' }] }],
  ],
  [
    'Ingress rules are atomic',
    { group: 'networking.k8s.io', kind: 'Ingress' },
    { spec: { rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] } },
    { spec: { rules: [{ host: 'c.example.com' }] } },
    (r) => r.spec,
    { rules: [{ host: 'c.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
  ],
  [
    'a CRD merges maps and replaces lists',
    { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
    {
      spec: {
        group: 'example.com',
        names: { kind: 'Foo', plural: 'foos' },
        versions: [{ name: 'v1', served: true, storage: true }, { name: 'v2', served: true, storage: false }],
      },
    },
    { spec: { names: { shortNames: ['fo'] }, versions: [{ name: 'v1', served: false, storage: true, schema: { openAPIV3Schema: { $ref: '#/x' } } }] } },
    (r) => r.spec,
    {
      group: 'example.com',
      names: { kind: 'Foo', plural: 'foos', shortNames: ['fo'] },
      versions: [{ name: 'v1', served: false, storage: true, schema: { openAPIV3Schema: { $ref: '#/x' } } }],
    },
  ],
  [
    'merging an empty merge list changes nothing',
    DEPLOYMENT,
    deployment(),
    podSpec({ containers: [] }),
    names,
    ['app', 'sidecar'],
  ],
];

describe('strategic merge patch lists by kind', () => {
  itAppliesEach(cases);
});
