// Which routers a Rollout configures, and which configured ones this controller cannot serve.
import { describe, expect, it } from '@jest/globals';
import type { RolloutTrafficRouting } from '../../../src/api/types.js';
import { reconcileRouters, routersFor, unsupportedRouters } from '../../../src/traffic/routers.js';
import type { TrafficRouter } from '../../../src/traffic/router.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { desiredAt, fakeTrafficObjects } from '../../helpers/fake-traffic-objects.js';

describe('routersFor', () => {
  it.each<[RolloutTrafficRouting | undefined, string[]]>([
    [undefined, []],
    [{ nginx: { stableIngress: 'shop' } }, ['Nginx']],
    [{ istio: { virtualService: { name: 'vs' } }, smi: {}, plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'r' } } }, ['Istio', 'SMI', 'GatewayAPI']],
    [{ alb: { servicePort: 80 } }, []],
  ])('%j → %j', (trafficRouting, types) => {
    const rollout = aRollout().withCanary(trafficRouting ? { trafficRouting } : {}).build();
    expect(routersFor(rollout, fakeTrafficObjects()).map((r) => r.type)).toEqual(types);
  });
});

describe('unsupportedRouters', () => {
  it.each<[RolloutTrafficRouting | undefined, string[]]>([
    [undefined, []],
    [{ istio: { virtualService: { name: 'vs' } }, nginx: {}, smi: {}, plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'r', namespace: 'x' } } }, []],
    [{ alb: { servicePort: 80 }, traefik: { weightedTraefikServiceName: 't' } }, ['alb', 'traefik']],
    [{ ambassador: { mappings: [] }, appMesh: {}, apisix: {} }, ['ambassador', 'appMesh', 'apisix']],
    [{ plugins: { 'acme/router': {}, 'argoproj-labs/gatewayAPI': { grpcRoute: 'g', httpRouteSelector: {} } } }, ['plugins["acme/router"]', 'plugins["argoproj-labs/gatewayAPI"].grpcRoute', 'plugins["argoproj-labs/gatewayAPI"].httpRouteSelector']],
  ])('%j → %j', (trafficRouting, names) => {
    expect(unsupportedRouters(trafficRouting)).toEqual(names);
  });
});

describe('reconcileRouters', () => {
  const router = (writes: number, verified?: boolean): TrafficRouter => ({ type: 'SMI', reconcile: () => Promise.resolve({ writes, ...(verified === undefined ? {} : { verified }) }) });

  it.each<[TrafficRouter[], { writes: number; verified?: boolean }]>([
    [[], { writes: 0 }],
    [[router(1, true), router(2, true)], { writes: 3, verified: true }],
    [[router(1, true), router(0, false)], { writes: 1, verified: false }],
    [[router(1), router(1, true)], { writes: 2, verified: true }],
  ])('adds up results', async (routers, expected) => {
    expect(await reconcileRouters(routers, aRollout().build(), desiredAt(10))).toEqual(expected);
  });
});
