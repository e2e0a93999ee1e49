// The SMI router against an in-memory TrafficObjects: one TrafficSplit, created and then kept in step.
import { describe, expect, it } from '@jest/globals';
import type { Rollout, SMITrafficRouting } from '../../../src/api/types.js';
import type { ObjectRef } from '../../../src/traffic/router.js';
import { createSmiRouter } from '../../../src/traffic/smi.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt, fakeTrafficObjects, FakeConflictError } from '../../helpers/fake-traffic-objects.js';

const REF: ObjectRef = { apiVersion: 'split.smi-spec.io/v1alpha1', resource: 'trafficsplits', namespace: 'default', name: 'shop' };

function rolloutWith(smi: SMITrafficRouting = {}): Rollout {
  return aRollout().withName('shop').withCanary({ canaryService: 'shop-canary', stableService: 'shop-stable', trafficRouting: { smi } }).build();
}

describe('SMI router', () => {
  it('creates the TrafficSplit named after the Rollout, owned by it, with v1alpha1 quantity weights', async () => {
    const objects = fakeTrafficObjects();
    expect(await createSmiRouter(objects).reconcile(rolloutWith(), desiredAt(20))).toEqual({ writes: 1, verified: true });
    const split = objects.peek(REF);
    expect(split?.spec).toEqual({ service: 'shop-stable', backends: [{ service: 'shop-canary', weight: '20' }, { service: 'shop-stable', weight: '80' }] });
    expect(split?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'shop', controller: true });
  });

  it('uses trafficSplitName, rootService and integer weights for v1alpha3', async () => {
    const objects = fakeTrafficObjects();
    await createSmiRouter(objects, { apiVersion: 'v1alpha3' }).reconcile(rolloutWith({ trafficSplitName: 'shop-split', rootService: 'shop' }), desiredAt(35));
    const split = objects.peek({ ...REF, apiVersion: 'split.smi-spec.io/v1alpha3', name: 'shop-split' });
    expect(split?.spec).toEqual({ service: 'shop', backends: [{ service: 'shop-canary', weight: 35 }, { service: 'shop-stable', weight: 65 }] });
  });

  it.each([0, 50, 100])('updates to weight %i and writes nothing the second time', async (weight) => {
    const objects = fakeTrafficObjects();
    const router = createSmiRouter(objects);
    await router.reconcile(rolloutWith(), desiredAt(10));
    await router.reconcile(rolloutWith(), desiredAt(weight));
    expect(objects.peek(REF)?.spec).toMatchObject({ backends: [{ weight: String(weight) }, { weight: String(100 - weight) }] });
    objects.resetCalls();
    expect(await router.reconcile(rolloutWith(), desiredAt(weight))).toEqual({ writes: 0, verified: true });
    expect(objects.calls.update).toBe(0);
  });

  it('adds experiment services between canary and stable', async () => {
    const objects = fakeTrafficObjects();
    await createSmiRouter(objects).reconcile(rolloutWith(), { ...desiredAt(20), additional: [{ serviceName: 'shop-exp', weight: 10 }], stable: { serviceName: 'shop-stable', weight: 70 } });
    expect((objects.peek(REF)?.spec as { backends: unknown }).backends).toEqual([
      { service: 'shop-canary', weight: '20' },
      { service: 'shop-exp', weight: '10' },
      { service: 'shop-stable', weight: '70' },
    ]);
  });

  it('keeps other spec fields and refuses a TrafficSplit it does not own', async () => {
    const objects = fakeTrafficObjects();
    objects.seed(REF, { apiVersion: REF.apiVersion, kind: 'TrafficSplit', metadata: { name: 'shop' }, spec: { service: 'shop-stable', backends: [] } });
    await expect(createSmiRouter(objects).reconcile(rolloutWith(), desiredAt(10))).rejects.toThrow('Rollout "shop" does not own TrafficSplit "shop"');
  });

  it('passes a 409 from update on unchanged', async () => {
    const objects = fakeTrafficObjects();
    await createSmiRouter(objects).reconcile(rolloutWith(), desiredAt(10));
    const conflict = new FakeConflictError('modified');
    objects.update = () => Promise.reject(conflict);
    await expect(createSmiRouter(objects).reconcile(rolloutWith(), desiredAt(20))).rejects.toBe(conflict);
  });
});
