// The Gateway API router against an in-memory TrafficObjects, configured as the argoproj-labs/gatewayAPI
// plugin is: weights on backendRefs, header rules named after managed routes, user rules never touched.
import { describe, expect, it } from '@jest/globals';
import type { Rollout } from '../../../src/api/types.js';
import { createGatewayApiRouter, isManagedRuleName } from '../../../src/traffic/gateway-api.js';
import type { ObjectRef, UnstructuredObject } from '../../../src/traffic/router.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt, fakeTrafficObjects, FakeConflictError, type FakeTrafficObjects } from '../../helpers/fake-traffic-objects.js';

const REF: ObjectRef = { apiVersion: 'gateway.networking.k8s.io/v1', resource: 'httproutes', namespace: 'default', name: 'shop-route' };
const LABEL = 'rollouts.argoproj.io/gatewayapi-canary';

function rolloutWith(config: Record<string, unknown> = { httpRoute: 'shop-route' }): Rollout {
  return aRollout()
    .withName('shop')
    .withCanary({ canaryService: 'shop-canary', stableService: 'shop-stable', trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': config }, managedRoutes: [{ name: 'hdr' }, { name: 'beta' }] } })
    .build();
}

function httpRoute(): UnstructuredObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop-route', labels: { app: 'shop' } },
    spec: {
      parentRefs: [{ name: 'gw' }],
      hostnames: ['shop.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [{ name: 'shop-admin', port: 80 }] },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-region', value: 'eu' }] }],
          filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-gw', value: '1' }] } }],
          backendRefs: [
            { name: 'shop-stable', port: 80, weight: 100 },
            { name: 'shop-canary', port: 80, weight: 0 },
          ],
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/preview' } }], backendRefs: [{ name: 'shop-canary', port: 80 }] },
      ],
    },
  };
}

interface Rule {
  name?: string;
  backendRefs: { name: string; weight?: number }[];
  [k: string]: unknown;
}

function rulesOf(objects: FakeTrafficObjects): Rule[] {
  return (objects.peek(REF)?.spec as { rules: Rule[] }).rules;
}

function setup(): { objects: FakeTrafficObjects; original: UnstructuredObject } {
  const objects = fakeTrafficObjects();
  return { objects, original: objects.seed(REF, httpRoute()) };
}

const HEADER = { name: 'hdr', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }, { headerName: 'x-user', headerValue: { prefix: 'beta-' } }] };

describe('Gateway API router', () => {
  it.each([
    [10, 90],
    [50, 50],
    [100, 0],
  ])('sets canary %i / stable %i on the backendRefs, leaving canary-only and other rules alone', async (canary, stable) => {
    const { objects, original } = setup();
    expect(await createGatewayApiRouter(objects).reconcile(rolloutWith(), desiredAt(canary))).toEqual({ writes: 1, verified: true });
    const rules = rulesOf(objects);
    expect(rules[1]?.backendRefs).toEqual([
      { name: 'shop-stable', port: 80, weight: stable },
      { name: 'shop-canary', port: 80, weight: canary },
    ]);
    const originalRules = (original.spec as { rules: Rule[] }).rules;
    expect(rules[0]).toEqual(originalRules[0]);
    expect(rules[2]).toEqual(originalRules[2]);
    expect(objects.peek(REF)?.metadata.labels).toEqual({ app: 'shop', [LABEL]: 'in-progress' });
  });

  it('writes nothing and calls no update when already converged', async () => {
    const { objects } = setup();
    const router = createGatewayApiRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }));
    objects.resetCalls();
    expect(await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }))).toEqual({ writes: 0, verified: true });
    expect(objects.calls.update).toBe(0);
  });

  it('adds a header rule after the user rules as the plugin builds it, and removes it when no longer desired', async () => {
    const { objects } = setup();
    const router = createGatewayApiRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }));
    const rules = rulesOf(objects);
    expect(rules).toHaveLength(4);
    expect(rules[3]).toEqual({
      name: 'hdr',
      matches: [
        {
          path: { type: 'PathPrefix', value: '/' },
          headers: [
            { name: 'x-region', value: 'eu' },
            { type: 'Exact', name: 'x-canary', value: 'yes' },
            { type: 'RegularExpression', name: 'x-user', value: 'beta-.*' },
          ],
        },
      ],
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-gw', value: '1' }] } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'shop-canary', port: 80 }],
    });
    await router.reconcile(rolloutWith(), desiredAt(20));
    expect(rulesOf(objects).map((r) => r.name)).toEqual([undefined, undefined, undefined]);
  });

  it('orders several header rules by managedRoutes', async () => {
    const { objects } = setup();
    const beta = { name: 'beta', match: [{ headerName: 'x-beta', headerValue: { regex: '.+' } }] };
    await createGatewayApiRouter(objects).reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [beta, HEADER] }));
    expect(rulesOf(objects).map((r) => r.name)).toEqual([undefined, undefined, undefined, 'hdr', 'beta']);
  });

  it('keeps a header rule the API server added defaults to', async () => {
    const { objects } = setup();
    const router = createGatewayApiRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }));
    const stored = objects.peek(REF)!;
    const rules = (stored.spec as { rules: Rule[] }).rules;
    rules[3].backendRefs[0].weight = 1;
    objects.seed(REF, stored);
    objects.resetCalls();
    expect(await router.reconcile(rolloutWith(), desiredAt(20, { headerRoutes: [HEADER] }))).toEqual({ writes: 0, verified: true });
  });

  it('leaves every user-written rule and field identical after a full release and after an abort', async () => {
    const { objects, original } = setup();
    const router = createGatewayApiRouter(objects);
    for (const step of [desiredAt(0), desiredAt(20, { headerRoutes: [HEADER] }), desiredAt(60), desiredAt(100), desiredAt(0)]) {
      await router.reconcile(rolloutWith(), step);
    }
    expect(JSON.stringify(objects.peek(REF)?.spec)).toBe(JSON.stringify(original.spec));
    expect(objects.peek(REF)?.metadata.labels).toEqual(original.metadata.labels);
    await router.reconcile(rolloutWith(), desiredAt(30, { headerRoutes: [HEADER] }));
    await router.reconcile(rolloutWith(), desiredAt(0));
    expect(JSON.stringify(objects.peek(REF)?.spec)).toBe(JSON.stringify(original.spec));
  });

  it('adds header rules only to httpRoutes with useHeaderRoutes, in the configured namespace', async () => {
    const objects = fakeTrafficObjects();
    objects.seed({ ...REF, namespace: 'gateways' }, httpRoute());
    objects.seed({ ...REF, namespace: 'gateways' }, { ...httpRoute(), metadata: { name: 'shop-internal' } });
    const config = { namespace: 'gateways', httpRoutes: [{ name: 'shop-route', useHeaderRoutes: true }, { name: 'shop-internal' }], disableInProgressLabel: true };
    expect(await createGatewayApiRouter(objects).reconcile(rolloutWith(config), desiredAt(20, { headerRoutes: [HEADER] }))).toEqual({ writes: 2, verified: true });
    expect((objects.peek({ ...REF, namespace: 'gateways' })?.spec as { rules: unknown[] }).rules).toHaveLength(4);
    const internal = objects.peek({ ...REF, namespace: 'gateways', name: 'shop-internal' });
    expect((internal?.spec as { rules: unknown[] }).rules).toHaveLength(3);
    expect(internal?.metadata.labels).toBeUndefined();
  });

  it.each<[string, (o: FakeTrafficObjects) => void, Record<string, unknown>, string]>([
    ['a missing HTTPRoute', (o) => o.delete(REF), { httpRoute: 'shop-route' }, 'HTTPRoute "shop-route" not found in namespace "default"'],
    ['no routes configured', () => undefined, {}, 'trafficRouting.plugins["argoproj-labs/gatewayAPI"] needs httpRoute or httpRoutes'],
    [
      'an HTTPRoute without the stable Service',
      (o) => {
        const r = httpRoute();
        (r.spec as { rules: Rule[] }).rules[1].backendRefs = [{ name: 'shop-canary', weight: 0 }, { name: 'other' }];
        o.seed(REF, r);
      },
      { httpRoute: 'shop-route' },
      'HTTPRoute "shop-route" has no backendRef to the stable Service "shop-stable"',
    ],
  ])('rejects %s', async (_case, arrange, config, message) => {
    const { objects } = setup();
    arrange(objects);
    await expect(createGatewayApiRouter(objects).reconcile(rolloutWith(config), desiredAt(10))).rejects.toThrow(message);
  });

  it('passes a 409 from update on unchanged', async () => {
    const { objects } = setup();
    const conflict = new FakeConflictError('modified');
    objects.update = () => Promise.reject(conflict);
    await expect(createGatewayApiRouter(objects).reconcile(rolloutWith(), desiredAt(10))).rejects.toBe(conflict);
  });

  it.each([
    ['hdr', true],
    ['hdr-2', true],
    ['hdr-x', false],
    ['hdrx', false],
    [undefined, false],
  ])('treats rule name %s as managed: %s', (name, managed) => {
    expect(isManagedRuleName(name, ['hdr'])).toBe(managed);
  });
});
