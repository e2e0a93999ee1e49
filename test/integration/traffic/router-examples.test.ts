import { beforeAll, describe, expect, it } from '@jest/globals';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// The README's router examples, applied unchanged with kubectl on rollouts-sim (with the mesh and gateway
// kinds installed) and released with `kubectl rollouts set image`: each router object carries the first
// step's weight, as the README says it will.

type Json = Record<string, unknown>;

describe('the README router examples, as a user runs them', () => {
  const bed = useControllerBed();

  beforeAll(async () => {
    for (const crd of ['istio', 'smi', 'gateway-api']) expect((await bed.sim.kubectl(['apply', '-f', `test/fixtures/crds/${crd}.yaml`])).stderr).toBe('');
  }, 30_000);

  const json = async (args: string[]): Promise<Json> => JSON.parse((await bed.sim.kubectl([...args, '-o', 'json'])).stdout || '{}') as Json;

  async function release(file: string, rollout: string, container: string, image: string): Promise<void> {
    expect((await bed.sim.kubectl(['apply', '-f', file])).stderr).toBe('');
    const probe = new RolloutProbe(bed.sim, rollout);
    await probe.until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 20_000);
    const set = await bed.rollouts(['set', 'image', rollout, `${container}=${image}`]);
    expect(set.code).toBe(0);
  }

  it('examples/istio-canary.yaml: the primary route goes to 5% canary', async () => {
    await release('examples/istio-canary.yaml', 'reviews', 'reviews', 'ghcr.io/example/reviews:1.10.0');
    const routes = await eventually(async () => {
      const vs = await json(['get', 'virtualservice', 'reviews']);
      const route = ((vs.spec as Json).http as { route: { destination: { host: string }; weight: number }[] }[])[0].route;
      return route.find((d) => d.destination.host === 'reviews-canary')?.weight === 5 ? route : undefined;
    }, 'VirtualService at 5%', 20_000);
    expect(routes.find((d) => d.destination.host === 'reviews-stable')?.weight).toBe(95);
  }, 60_000);

  it('examples/nginx-canary.yaml: a canary Ingress at weight 10 with the extra header annotation', async () => {
    await release('examples/nginx-canary.yaml', 'storefront', 'storefront', 'ghcr.io/example/storefront:7.4.0');
    const annotations = await eventually(async () => {
      const ing = await json(['get', 'ingress', 'storefront-storefront-canary']);
      const a = ((ing.metadata ?? {}) as { annotations?: Record<string, string> }).annotations;
      return a?.['nginx.ingress.kubernetes.io/canary-weight'] === '10' ? a : undefined;
    }, 'canary Ingress at 10', 20_000);
    expect(annotations['nginx.ingress.kubernetes.io/canary-by-header']).toBe('X-Canary');
  }, 60_000);

  it('examples/smi-canary.yaml: the TrafficSplit the controller created goes to 10/90', async () => {
    await release('examples/smi-canary.yaml', 'payments', 'payments', 'ghcr.io/example/payments:3.3.0');
    const spec = await eventually(async () => {
      const split = await json(['get', 'trafficsplits.split.smi-spec.io', 'payments']);
      const s = split.spec as { service: string; backends: { service: string; weight: string }[] } | undefined;
      return s?.backends.find((b) => b.service === 'payments-canary')?.weight === '10' ? s : undefined;
    }, 'TrafficSplit at 10', 20_000);
    expect(spec.service).toBe('payments');
  }, 60_000);

  it('examples/gateway-api-canary.yaml: the header rule, then 20% on the canary backendRef, the /admin rule untouched', async () => {
    const before = await eventually(async () => ((await bed.sim.kubectl(['apply', '-f', 'examples/gateway-api-canary.yaml'])).code === 0 ? json(['get', 'httproute', 'checkout-route']) : undefined), 'HTTPRoute applied');
    await release('examples/gateway-api-canary.yaml', 'checkout-web', 'checkout-web', 'ghcr.io/example/checkout-web:5.1.0');
    const rules = await eventually(async () => {
      const route = await json(['get', 'httproute', 'checkout-route']);
      const r = (route.spec as { rules: { name?: string; backendRefs: { name: string; weight?: number }[] }[] }).rules;
      return r[1].backendRefs.find((b) => b.name === 'checkout-web-canary')?.weight === 20 ? r : undefined;
    }, 'HTTPRoute at 20', 20_000);
    expect(rules.find((r) => r.name === 'canary-by-header')?.backendRefs.map((b) => b.name)).toEqual(['checkout-web-canary']);
    expect(rules[0]).toEqual(((before.spec as Json).rules as unknown[])[0]);
  }, 60_000);
});
