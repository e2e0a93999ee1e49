// TrafficObjects over our client (src/kube/traffic-ports.ts) against rollouts-sim with Istio's, SMI's and the
// Gateway API's CRDs applied by kubectl. Given objects a user wrote, when a router reconciles through the
// port, then the API holds the weights, a second pass writes nothing, a stale update is a ConflictError,
// and a missing object reads as undefined.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { ConflictError } from '../../../src/kube/kube-errors.js';
import { trafficObjectsOf } from '../../../src/kube/traffic-ports.js';
import type { Rollout } from '../../../src/api/types.js';
import { createGatewayApiRouter } from '../../../src/traffic/gateway-api.js';
import { createIstioRouter } from '../../../src/traffic/istio.js';
import type { ObjectRef, TrafficObjects, UnstructuredObject } from '../../../src/traffic/router.js';
import { createSmiRouter } from '../../../src/traffic/smi.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt } from '../../helpers/fake-traffic-objects.js';
import { startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

const VS: ObjectRef = { apiVersion: 'networking.istio.io/v1beta1', resource: 'virtualservices', namespace: 'default', name: 'shop-vs' };
const SPLIT: ObjectRef = { apiVersion: 'split.smi-spec.io/v1alpha1', resource: 'trafficsplits', namespace: 'default', name: 'shop' };
const ROUTE: ObjectRef = { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes', namespace: 'default', name: 'shop-route' };

const rollout: Rollout = aRollout()
  .withName('shop')
  .withCanary({
    canaryService: 'shop-canary',
    stableService: 'shop-stable',
    trafficRouting: {
      istio: { virtualService: { name: 'shop-vs', routes: ['primary'] } },
      smi: {},
      plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'shop-route' } },
      managedRoutes: [{ name: 'hdr' }],
    },
  })
  .build();

const HEADER = { name: 'hdr', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] };

function virtualService(): UnstructuredObject {
  return {
    apiVersion: VS.apiVersion,
    kind: 'VirtualService',
    metadata: { name: VS.name },
    spec: {
      hosts: ['shop.example.com'],
      http: [
        { name: 'admin', match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'shop-admin' } }] },
        { name: 'primary', route: [{ destination: { host: 'shop-stable' }, weight: 100 }, { destination: { host: 'shop-canary' }, weight: 0 }] },
      ],
    },
  };
}

function httpRoute(): UnstructuredObject {
  return {
    apiVersion: ROUTE.apiVersion,
    kind: 'HTTPRoute',
    metadata: { name: ROUTE.name },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'shop-stable', port: 80, weight: 100 }, { name: 'shop-canary', port: 80, weight: 0 }] }] },
  };
}

describe('trafficObjectsOf against rollouts-sim', () => {
  let sim: RunningSim;
  let objects: TrafficObjects;

  beforeAll(async () => {
    sim = await startSimProcess();
    for (const crd of ['istio', 'smi', 'gateway-api']) {
      const applied = await sim.kubectl(['apply', '-f', `test/fixtures/crds/${crd}.yaml`]);
      expect(applied.stderr).toBe('');
    }
    objects = trafficObjectsOf(createKubeClient(loadKubeConfig({ kubeconfig: sim.kubeconfig })));
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('reads a missing object as undefined and deletes it without error', async () => {
    await expect(objects.get({ ...VS, name: 'nothing' })).resolves.toBeUndefined();
    await expect(objects.delete({ ...VS, name: 'nothing' })).resolves.toBeUndefined();
  });

  it('round-trips a VirtualService through the Istio router, user routes untouched', async () => {
    const original = await objects.create(VS, virtualService());
    const router = createIstioRouter(objects);
    expect(await router.reconcile(rollout, desiredAt(30, { headerRoutes: [HEADER] }))).toEqual({ writes: 1, verified: true });
    const routed = (await objects.get(VS))?.spec as { http: { name: string; route: { weight?: number }[] }[] };
    expect(routed.http.map((r) => r.name)).toEqual(['hdr', 'admin', 'primary']);
    expect(routed.http[2]?.route.map((d) => d.weight)).toEqual([70, 30]);
    expect(await router.reconcile(rollout, desiredAt(30, { headerRoutes: [HEADER] }))).toEqual({ writes: 0, verified: true });
    await router.reconcile(rollout, desiredAt(0));
    expect(JSON.stringify((await objects.get(VS))?.spec)).toBe(JSON.stringify(original.spec));
  });

  it('creates and updates a TrafficSplit through the SMI router', async () => {
    const router = createSmiRouter(objects);
    expect(await router.reconcile(rollout, desiredAt(10))).toEqual({ writes: 1, verified: true });
    expect(await router.reconcile(rollout, desiredAt(40))).toEqual({ writes: 1, verified: true });
    const split = await objects.get(SPLIT);
    expect(split?.spec).toEqual({ service: 'shop-stable', backends: [{ service: 'shop-canary', weight: '40' }, { service: 'shop-stable', weight: '60' }] });
    expect(split?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'shop', controller: true });
  });

  it('round-trips an HTTPRoute through the Gateway API router', async () => {
    await objects.create(ROUTE, httpRoute());
    const router = createGatewayApiRouter(objects);
    expect(await router.reconcile(rollout, desiredAt(25, { headerRoutes: [HEADER] }))).toEqual({ writes: 1, verified: true });
    const rules = ((await objects.get(ROUTE))?.spec as { rules: { name?: string; backendRefs: { weight?: number }[] }[] }).rules;
    expect(rules.map((r) => r.name)).toEqual([undefined, 'hdr']);
    expect(rules[0]?.backendRefs.map((b) => b.weight)).toEqual([75, 25]);
    expect(await router.reconcile(rollout, desiredAt(25, { headerRoutes: [HEADER] }))).toEqual({ writes: 0, verified: true });
  });

  it('answers an update at a stale resourceVersion with a ConflictError', async () => {
    const current = (await objects.get(VS))!;
    await objects.update(VS, { ...current, metadata: { ...current.metadata, labels: { touched: 'yes' } } });
    await expect(objects.update(VS, current)).rejects.toBeInstanceOf(ConflictError);
  });
});
