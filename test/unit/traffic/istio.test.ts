// The Istio router against an in-memory TrafficObjects: weights, managed routes in managedRoutes order, and
// everything the user wrote left byte-for-byte as it was.
import { describe, expect, it } from '@jest/globals';
import type { Rollout, RolloutTrafficRouting } from '../../../src/api/types.js';
import { createIstioRouter, virtualServiceLocation } from '../../../src/traffic/istio.js';
import type { ObjectRef, UnstructuredObject } from '../../../src/traffic/router.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt, fakeTrafficObjects, FakeConflictError, type FakeTrafficObjects } from '../../helpers/fake-traffic-objects.js';

const API = 'networking.istio.io/v1beta1';
const VS_REF: ObjectRef = { apiVersion: API, resource: 'virtualservices', namespace: 'default', name: 'shop-vs' };
const DR_REF: ObjectRef = { apiVersion: API, resource: 'destinationrules', namespace: 'default', name: 'shop-dr' };

function rolloutWith(trafficRouting: Partial<RolloutTrafficRouting> = {}): Rollout {
  return aRollout()
    .withName('shop')
    .withCanary({
      canaryService: 'shop-canary',
      stableService: 'shop-stable',
      trafficRouting: { istio: { virtualService: { name: 'shop-vs', routes: ['primary'] } }, managedRoutes: [{ name: 'hdr' }, { name: 'mirror' }], ...trafficRouting },
    })
    .build();
}

function virtualService(): UnstructuredObject {
  return {
    apiVersion: API,
    kind: 'VirtualService',
    metadata: { name: 'shop-vs', annotations: { team: 'shop' } },
    spec: {
      hosts: ['shop.example.com'],
      gateways: ['shop-gw'],
      http: [
        { name: 'admin', match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'shop-admin' } }], timeout: '5s' },
        {
          name: 'primary',
          retries: { attempts: 3 },
          route: [
            { destination: { host: 'shop-stable.default.svc.cluster.local', port: { number: 8080 } }, weight: 100 },
            { destination: { host: 'shop-canary', port: { number: 8080 } }, weight: 0, headers: { request: { set: { 'x-version': 'canary' } } } },
          ],
        },
      ],
      tls: [{ match: [{ port: 443, sniHosts: ['shop.example.com'] }], route: [{ destination: { host: 'shop-stable' }, weight: 100 }, { destination: { host: 'shop-canary' }, weight: 0 }] }],
      tcp: [{ match: [{ port: 9000 }], route: [{ destination: { host: 'shop-db' } }] }],
    },
  };
}

interface Http {
  name?: string;
  route: { destination: { host: string }; weight?: number }[];
  [k: string]: unknown;
}

function httpOf(objects: FakeTrafficObjects): Http[] {
  return (objects.peek(VS_REF)?.spec as { http: Http[] }).http;
}

function weightsOf(route: Http | undefined): Record<string, number | undefined> {
  return Object.fromEntries((route?.route ?? []).map((d) => [d.destination.host.split('.')[0], d.weight]));
}

function setup(vs: UnstructuredObject = virtualService()): { objects: FakeTrafficObjects; original: UnstructuredObject } {
  const objects = fakeTrafficObjects();
  const original = objects.seed(VS_REF, vs);
  return { objects, original };
}

const HEADER = { name: 'hdr', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] };
const MIRROR = { name: 'mirror', match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }], percentage: 35 };

describe('Istio router', () => {
  it.each([
    [10, 90],
    [50, 50],
    [100, 0],
  ])('sets canary %i / stable %i on the named http route and the only tls route', async (canary, stable) => {
    const { objects } = setup();
    const result = await createIstioRouter(objects).reconcile(rolloutWith(), desiredAt(canary));
    expect(result).toEqual({ writes: 1, verified: true });
    expect(weightsOf(httpOf(objects).find((r) => r.name === 'primary'))).toEqual({ 'shop-stable': stable, 'shop-canary': canary });
    const tls = (objects.peek(VS_REF)?.spec as { tls: Http[] }).tls;
    expect(weightsOf(tls[0])).toEqual({ 'shop-stable': stable, 'shop-canary': canary });
  });

  it('writes nothing and calls no update when the weights are already there', async () => {
    const { objects } = setup();
    const router = createIstioRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }));
    objects.resetCalls();
    const again = await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }));
    expect(again).toEqual({ writes: 0, verified: true });
    expect(objects.calls.update).toBe(0);
  });

  it('places header and mirror routes first, in managedRoutes order, and builds them as Argo does', async () => {
    const { objects } = setup();
    await createIstioRouter(objects).reconcile(rolloutWith(), desiredAt(20, { mirrorRoutes: [MIRROR], headerRoutes: [HEADER] }));
    const http = httpOf(objects);
    expect(http.map((r) => r.name)).toEqual(['hdr', 'mirror', 'admin', 'primary']);
    expect(http[0]).toEqual({ name: 'hdr', match: [{ headers: { 'x-canary': { exact: 'yes' } } }], route: [{ destination: { host: 'shop-canary', port: { number: 8080 } }, weight: 100 }] });
    expect(http[1]).toEqual({
      name: 'mirror',
      match: [{ method: { exact: 'GET' }, uri: { prefix: '/api' } }],
      route: [
        { destination: { host: 'shop-stable.default.svc.cluster.local', port: { number: 8080 } }, weight: 80 },
        { destination: { host: 'shop-canary', port: { number: 8080 } }, weight: 20 },
      ],
      mirror: { host: 'shop-canary', port: { number: 8080 } },
      mirrorPercentage: { value: 35 },
    });
  });

  it('removes a managed route once it is no longer desired', async () => {
    const { objects } = setup();
    const router = createIstioRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER], mirrorRoutes: [MIRROR] }));
    await router.reconcile(rolloutWith(), desiredAt(40, { mirrorRoutes: [MIRROR] }));
    expect(httpOf(objects).map((r) => r.name)).toEqual(['mirror', 'admin', 'primary']);
    expect(weightsOf(httpOf(objects)[0])).toEqual({ 'shop-stable': 60, 'shop-canary': 40 });
  });

  it('leaves every user-written route and field byte-for-byte identical after a full release and after an abort', async () => {
    const { objects, original } = setup();
    const router = createIstioRouter(objects);
    const steps = [
      desiredAt(0),
      desiredAt(20, { headerRoutes: [HEADER] }),
      desiredAt(50, { headerRoutes: [HEADER], mirrorRoutes: [MIRROR] }),
      desiredAt(100),
      desiredAt(0),
    ];
    for (const step of steps) await router.reconcile(rolloutWith(), step);
    const after = objects.peek(VS_REF);
    expect(JSON.stringify(after?.spec)).toBe(JSON.stringify(original.spec));
    expect(after?.metadata.annotations).toEqual(original.metadata.annotations);

    await router.reconcile(rolloutWith(), desiredAt(30, { headerRoutes: [HEADER] }));
    await router.reconcile(rolloutWith(), desiredAt(0)); // abort: weight 0, no managed routes
    expect(JSON.stringify(objects.peek(VS_REF)?.spec)).toBe(JSON.stringify(original.spec));
  });

  it('weights the only http route when routes is omitted, and refuses to guess between several', async () => {
    const single = virtualService();
    const spec = single.spec as { http: Http[] };
    spec.http = spec.http.filter((r) => r.name === 'primary');
    const { objects } = setup(single);
    const omitted = rolloutWith({ istio: { virtualService: { name: 'shop-vs' } } });
    await createIstioRouter(objects).reconcile(omitted, desiredAt(30));
    expect(weightsOf(httpOf(objects)[0])).toEqual({ 'shop-stable': 70, 'shop-canary': 30 });

    const two = setup();
    await expect(createIstioRouter(two.objects).reconcile(omitted, desiredAt(30))).rejects.toThrow('VirtualService "shop-vs" must have exactly one HTTP route when trafficRouting.istio.virtualService.routes is omitted (it has 2)');
  });

  it.each<[string, (vs: UnstructuredObject) => UnstructuredObject | undefined, Partial<RolloutTrafficRouting>, string]>([
    ['a missing VirtualService', () => undefined, {}, 'VirtualService "shop-vs" not found in namespace "default"'],
    ['a missing route', (vs) => vs, { istio: { virtualService: { name: 'shop-vs', routes: ['checkout'] } } }, 'HTTP route "checkout" not found in VirtualService "shop-vs"'],
    [
      'a route without the canary',
      (vs) => {
        const primary = (vs.spec as { http: Http[] }).http[1];
        primary.route = primary.route.slice(0, 1);
        return vs;
      },
      {},
      'HTTP route "primary" in VirtualService "shop-vs" has no destination for the canary Service "shop-canary"',
    ],
    ['a tlsRoutes entry that matches nothing', (vs) => vs, { istio: { virtualService: { name: 'shop-vs', routes: ['primary'], tlsRoutes: [{ port: 8443 }] } } }, 'TLS route (port 8443, sniHosts []) not found in VirtualService "shop-vs"'],
  ])('rejects %s with a message naming it', async (_case, shape, routing, message) => {
    const objects = fakeTrafficObjects();
    const vs = shape(virtualService());
    if (vs) objects.seed(VS_REF, vs);
    await expect(createIstioRouter(objects).reconcile(rolloutWith(routing), desiredAt(10))).rejects.toThrow(message);
    expect(objects.calls.update).toBe(0);
  });

  it('refuses a desired route that managedRoutes does not list', async () => {
    const { objects } = setup();
    await expect(createIstioRouter(objects).reconcile(rolloutWith(), desiredAt(10, { headerRoutes: [{ ...HEADER, name: 'other' }] }))).rejects.toThrow('routes "other" are not listed in trafficRouting.managedRoutes');
  });

  it('passes a 409 from update on unchanged', async () => {
    const { objects } = setup();
    const conflict = new FakeConflictError('the object has been modified');
    objects.update = () => Promise.reject(conflict);
    await expect(createIstioRouter(objects).reconcile(rolloutWith(), desiredAt(10))).rejects.toBe(conflict);
  });

  it('weights listed tls and tcp routes by port and sniHosts', async () => {
    const vs = virtualService();
    (vs.spec as { tcp: Http[] }).tcp[0].route = [{ destination: { host: 'shop-stable' }, weight: 100 }, { destination: { host: 'shop-canary' }, weight: 0 }];
    const { objects } = setup(vs);
    const routing = { istio: { virtualService: { name: 'shop-vs', routes: ['primary'], tlsRoutes: [{ port: 443, sniHosts: ['shop.example.com'] }], tcpRoutes: [{ port: 9000 }] } } };
    await createIstioRouter(objects).reconcile(rolloutWith(routing), desiredAt(25));
    const spec = objects.peek(VS_REF)?.spec as { tls: Http[]; tcp: Http[] };
    expect(weightsOf(spec.tls[0])).toEqual({ 'shop-stable': 75, 'shop-canary': 25 });
    expect(weightsOf(spec.tcp[0])).toEqual({ 'shop-stable': 75, 'shop-canary': 25 });
  });

  it('leaves a tcp route that does not hold both services alone when tcpRoutes is not listed', async () => {
    const { objects, original } = setup();
    await createIstioRouter(objects).reconcile(rolloutWith(), desiredAt(25));
    expect((objects.peek(VS_REF)?.spec as { tcp: unknown }).tcp).toEqual((original.spec as { tcp: unknown }).tcp);
  });

  it('with a DestinationRule: writes the hashes into the subsets and matches destinations by subset', async () => {
    const objects = fakeTrafficObjects();
    objects.seed(DR_REF, {
      apiVersion: API,
      kind: 'DestinationRule',
      metadata: { name: 'shop-dr' },
      spec: { host: 'shop', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'canary', labels: { app: 'shop' } }, { name: 'stable', labels: { app: 'shop' } }, { name: 'legacy', labels: { v: '1' } }] },
    });
    objects.seed(VS_REF, {
      apiVersion: API,
      kind: 'VirtualService',
      metadata: { name: 'shop-vs' },
      spec: { http: [{ name: 'primary', route: [{ destination: { host: 'shop', subset: 'stable' }, weight: 100 }, { destination: { host: 'shop', subset: 'canary' }, weight: 0 }] }] },
    });
    const rollout = rolloutWith({ istio: { virtualService: { name: 'shop-vs', routes: ['primary'] }, destinationRule: { name: 'shop-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' } } });
    const result = await createIstioRouter(objects).reconcile(rollout, desiredAt(15, { headerRoutes: [HEADER] }));
    expect(result).toEqual({ writes: 2, verified: true });
    const dr = objects.peek(DR_REF);
    expect((dr?.spec as { subsets: unknown }).subsets).toEqual([
      { name: 'canary', labels: { app: 'shop', 'rollouts-pod-template-hash': 'c4n4ry' } },
      { name: 'stable', labels: { app: 'shop', 'rollouts-pod-template-hash': 'st4bl3' } },
      { name: 'legacy', labels: { v: '1' } },
    ]);
    expect(dr?.metadata.annotations).toEqual({ 'argo-rollouts.argoproj.io/managed-by-rollouts': 'shop' });
    const http = httpOf(objects);
    expect(http[0]?.route).toEqual([{ destination: { host: 'shop', subset: 'canary' }, weight: 100 }]);
    expect(http[1]?.route.map((d) => d.weight)).toEqual([85, 15]);
  });

  it.each([
    ['shop-vs', { name: 'shop-vs', namespace: 'default' }],
    ['shop-vs.mesh', { name: 'shop-vs', namespace: 'mesh' }],
    ['shop.vs.mesh', { name: 'shop.vs', namespace: 'mesh' }],
  ])('finds VirtualService %s at %j', (name, location) => {
    expect(virtualServiceLocation(name, 'default')).toEqual(location);
  });
});
