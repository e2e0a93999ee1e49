// The NGINX router against an in-memory TrafficObjects: the canary Ingress it creates and keeps, and the
// stable Ingress it never writes.
import { describe, expect, it } from '@jest/globals';
import type { NginxTrafficRouting, Rollout } from '../../../src/api/types.js';
import { canaryIngressName, createNginxRouter } from '../../../src/traffic/nginx.js';
import type { ObjectRef, UnstructuredObject } from '../../../src/traffic/router.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt, fakeTrafficObjects, FakeConflictError, type FakeTrafficObjects } from '../../helpers/fake-traffic-objects.js';

const API = 'networking.k8s.io/v1';
const STABLE_REF: ObjectRef = { apiVersion: API, resource: 'ingresses', namespace: 'default', name: 'shop' };
const CANARY_REF: ObjectRef = { ...STABLE_REF, name: 'shop-shop-canary' };
const P = 'nginx.ingress.kubernetes.io';

function rolloutWith(nginx: NginxTrafficRouting = { stableIngress: 'shop' }, maxTrafficWeight?: number): Rollout {
  return aRollout()
    .withName('shop')
    .withCanary({ canaryService: 'shop-canary', stableService: 'shop-stable', trafficRouting: { nginx, ...(maxTrafficWeight ? { maxTrafficWeight } : {}) } })
    .build();
}

function stableIngress(): UnstructuredObject {
  const backend = (name: string): unknown => ({ service: { name, port: { number: 80 } } });
  return {
    apiVersion: API,
    kind: 'Ingress',
    metadata: { name: 'shop', annotations: { 'kubernetes.io/ingress.class': 'nginx', 'team': 'shop' } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('shop-stable') }] } },
        { host: 'admin.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('shop-admin') }] } },
      ],
    },
  };
}

function setup(): { objects: FakeTrafficObjects; stable: UnstructuredObject } {
  const objects = fakeTrafficObjects();
  return { objects, stable: objects.seed(STABLE_REF, stableIngress()) };
}

describe('NGINX router', () => {
  it('names the canary Ingress as Argo does, cut to 253 characters', () => {
    expect(canaryIngressName('shop', 'web')).toBe('shop-web-canary');
    expect(canaryIngressName('r'.repeat(200), 's'.repeat(100))).toHaveLength(253);
  });

  it('creates the canary Ingress from the stable rules that reach the stable Service, owned by the Rollout', async () => {
    const { objects } = setup();
    const result = await createNginxRouter(objects).reconcile(rolloutWith(), desiredAt(10));
    expect(result).toEqual({ writes: 1, verified: true });
    const canary = objects.peek(CANARY_REF);
    expect(canary?.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'nginx', [`${P}/canary`]: 'true', [`${P}/canary-weight`]: '10' });
    expect(canary?.metadata.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop', uid: 'guestbook-uid', controller: true, blockOwnerDeletion: true }]);
    expect(canary?.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop-canary', port: { number: 80 } } } }] } }],
    });
  });

  it.each([0, 25, 60, 100])('sets canary-weight %i, then writes nothing on a second pass', async (weight) => {
    const { objects, stable } = setup();
    const router = createNginxRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(5));
    expect(await router.reconcile(rolloutWith(), desiredAt(weight))).toEqual({ writes: weight === 5 ? 0 : 1, verified: true });
    expect(objects.peek(CANARY_REF)?.metadata.annotations?.[`${P}/canary-weight`]).toBe(String(weight));
    objects.resetCalls();
    expect(await router.reconcile(rolloutWith(), desiredAt(weight))).toEqual({ writes: 0, verified: true });
    expect(objects.calls).toMatchObject({ update: 0, create: 0 });
    expect(objects.peek(STABLE_REF)).toEqual(stable);
  });

  it('writes canary-weight-total with maxTrafficWeight', async () => {
    const { objects } = setup();
    await createNginxRouter(objects).reconcile(rolloutWith(undefined, 1000), desiredAt(250, { maxWeight: 1000 }));
    expect(objects.peek(CANARY_REF)?.metadata.annotations).toMatchObject({ [`${P}/canary-weight`]: '250', [`${P}/canary-weight-total`]: '1000' });
  });

  it('prefixes additionalIngressAnnotations, copies canaryIngressAnnotations, honours annotationPrefix', async () => {
    const { objects } = setup();
    const nginx = { stableIngress: 'shop', annotationPrefix: 'custom.io', additionalIngressAnnotations: { 'canary-by-cookie': 'beta', 'custom.io/x': 'y' }, canaryIngressAnnotations: { 'example.com/owner': 'team-a' } };
    await createNginxRouter(objects).reconcile(rolloutWith(nginx), desiredAt(30));
    expect(objects.peek(CANARY_REF)?.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'nginx',
      'custom.io/canary-by-cookie': 'beta',
      'custom.io/x': 'y',
      'example.com/owner': 'team-a',
      'custom.io/canary': 'true',
      'custom.io/canary-weight': '30',
    });
  });

  it.each([
    [{ exact: 'yes' }, { [`${P}/canary-by-header-value`]: 'yes' }],
    [{ regex: 'y.*' }, { [`${P}/canary-by-header-pattern`]: 'y.*' }],
    [{ prefix: 'a.b' }, { [`${P}/canary-by-header-pattern`]: '^a\\.b' }],
  ])('routes a header %j to the canary while the header route is desired, then takes it away', async (headerValue, expected) => {
    const { objects } = setup();
    const router = createNginxRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(10, { headerRoutes: [{ name: 'hdr', match: [{ headerName: 'X-Canary', headerValue }] }] }));
    expect(objects.peek(CANARY_REF)?.metadata.annotations).toMatchObject({ [`${P}/canary-by-header`]: 'X-Canary', ...expected });
    await router.reconcile(rolloutWith(), desiredAt(10));
    expect(Object.keys(objects.peek(CANARY_REF)?.metadata.annotations ?? {}).filter((k) => k.includes('by-header'))).toEqual([]);
  });

  it('keeps annotations another controller put on the canary Ingress', async () => {
    const { objects } = setup();
    const router = createNginxRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(10));
    const canary = objects.peek(CANARY_REF)!;
    canary.metadata.annotations = { ...canary.metadata.annotations, 'field.cattle.io/publicEndpoints': '[]' };
    objects.seed(STABLE_REF, canary);
    await router.reconcile(rolloutWith(), desiredAt(20));
    expect(objects.peek(CANARY_REF)?.metadata.annotations).toMatchObject({ 'field.cattle.io/publicEndpoints': '[]', [`${P}/canary-weight`]: '20' });
  });

  it('handles stableIngresses, one canary Ingress each', async () => {
    const { objects } = setup();
    objects.seed(STABLE_REF, { ...stableIngress(), metadata: { name: 'shop-internal' } });
    const result = await createNginxRouter(objects).reconcile(rolloutWith({ stableIngresses: ['shop', 'shop-internal'] }), desiredAt(40));
    expect(result).toEqual({ writes: 2, verified: true });
    expect(objects.peek({ ...STABLE_REF, name: 'shop-shop-internal-canary' })?.metadata.annotations?.[`${P}/canary-weight`]).toBe('40');
  });

  it.each<[string, (o: FakeTrafficObjects) => void, string]>([
    ['a missing stable Ingress', (o) => o.delete(STABLE_REF), 'stable Ingress "shop" not found in namespace "default"'],
    [
      'a stable Ingress without the stable Service',
      (o) => {
        const s = stableIngress();
        (s.spec as { rules: unknown[] }).rules = (s.spec as { rules: unknown[] }).rules.slice(1);
        o.seed(STABLE_REF, s);
      },
      'stable Ingress "shop" has no rule with backend service "shop-stable"',
    ],
    ['a canary Ingress someone else controls', (o) => o.seed(CANARY_REF, { apiVersion: API, kind: 'Ingress', metadata: { name: 'shop-shop-canary' }, spec: {} }), 'canary Ingress "shop-shop-canary" is controlled by another object than Rollout "shop"'],
  ])('rejects %s', async (_case, arrange, message) => {
    const { objects } = setup();
    arrange(objects);
    await expect(createNginxRouter(objects).reconcile(rolloutWith(), desiredAt(10))).rejects.toThrow(message);
  });

  it('passes a 409 from update on unchanged', async () => {
    const { objects } = setup();
    await createNginxRouter(objects).reconcile(rolloutWith(), desiredAt(10));
    const conflict = new FakeConflictError('modified');
    objects.update = () => Promise.reject(conflict);
    await expect(createNginxRouter(objects).reconcile(rolloutWith(), desiredAt(20))).rejects.toBe(conflict);
  });
});
