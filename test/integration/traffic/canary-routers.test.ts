import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServer, type LocalServer } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { watchObject, type ObjectWatch } from '../../helpers/object-watch.js';
import { RolloutProbe, servicesYaml } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given rollouts-sim with Istio's, SMI's and the Gateway API's CRDs applied, the controller, and objects a
// user wrote by hand (a VirtualService, an HTTPRoute, an Ingress, each with routes of their own beside the
// ones the Rollout names), a canary released with kubectl and the plugin moves the router weights with every
// step, adds and removes its header and mirror routes, and on abort — by command or by a failed analysis —
// puts 100% on stable in one write of each router object. The user's routes come through byte for byte.

type Json = Record<string, unknown>;
interface Obj {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Json;
}
interface IstioRoute {
  name?: string;
  match?: unknown[];
  route?: { destination: { host: string }; weight?: number }[];
  mirror?: { host: string };
  mirrorPercentage?: { value: number };
}
interface HttpRouteRule {
  name?: string;
  matches?: unknown[];
  backendRefs?: { name: string; weight?: number }[];
}

const ISTIO = '/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices';
const SMI = '/apis/split.smi-spec.io/v1alpha1/namespaces/default/trafficsplits';
const GATEWAY = '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes';
const INGRESS = '/apis/networking.k8s.io/v1/namespaces/default/ingresses';

/** A Rollout of 4 replicas behind `trafficRouting`, with its two services. */
function routedRollout(name: string, image: string, trafficRouting: string, steps: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ${name}}
spec:
  replicas: 4
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    canary:
      canaryService: ${name}-canary
      stableService: ${name}-stable
      abortScaleDownDelaySeconds: 2
      scaleDownDelaySeconds: 2
      trafficRouting:
${trafficRouting}
      steps:
${steps}
${servicesYaml(name, ['stable', 'canary'])}`;
}

const canaryWeightIn = (route: IstioRoute | undefined, host: string): number | undefined => route?.route?.find((d) => d.destination.host === host)?.weight;
const backendWeight = (rule: HttpRouteRule | undefined, name: string): number | undefined => rule?.backendRefs?.find((b) => b.name === name)?.weight;

describe('canary traffic routers on rollouts-sim', () => {
  // A short resync, so that a hand-edited router object is put right within the test.
  const bed = useControllerBed({ controllerArgs: ['--rollout-resync', '2'] });
  let web: LocalServer;
  let score = 1;
  const watches: ObjectWatch<unknown>[] = [];

  beforeAll(async () => {
    for (const crd of ['istio', 'smi', 'gateway-api']) expect((await bed.sim.kubectl(['apply', '-f', `test/fixtures/crds/${crd}.yaml`])).stderr).toBe('');
    await eventually(async () => ((await bed.sim.kubectl(['get', 'virtualservices,trafficsplits,httproutes'])).code === 0 ? true : undefined), 'third-party kinds served');
    web = await startLocalServer(() => ({ status: 200, body: { score } }));
    expect((await bed.sim.kubectl(['apply', '-f', 'analysis/templates/web-health-score.yaml'])).code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    for (const w of watches) w.stop();
    await web?.stop();
  });

  const getObject = async (path: string, name: string): Promise<Obj> => (await bed.sim.request('GET', `${path}/${name}`)).json as Obj;
  const watch = async <T>(path: string, name: string): Promise<ObjectWatch<T>> => {
    const w = await watchObject<T>(bed.sim.url, path, name);
    watches.push(w);
    return w;
  };
  /** Runs the plugin's abort; answers when the API server took the abort (a watch on the Rollout saw it). */
  const abort = async (name: string): Promise<number> => {
    const rollout = await watch<{ status?: { abort?: boolean } }>('/apis/argoproj.io/v1alpha1/namespaces/default/rollouts', name);
    await bed.rollouts(['abort', name]);
    return (await eventually(() => rollout.changes.find((c) => c.object.status?.abort === true), `${name} aborted`)).at;
  };
  const apply = async (yaml: string): Promise<void> => {
    const result = await bed.sim.kubectl(['apply', '-f', '-'], yaml);
    if (result.code !== 0) throw new Error(result.stderr);
  };

  describe('Istio VirtualService', () => {
    const userRoutes = {
      hosts: ['shop.example.com'],
      gateways: ['shop-gateway'],
      http: [
        { name: 'admin', match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'admin', port: { number: 8080 } } }], timeout: '5s' },
        { name: 'primary', route: [{ destination: { host: 'shop-stable' }, weight: 100 }, { destination: { host: 'shop-canary' }, weight: 0 }], retries: { attempts: 3 } },
        { name: 'fallback', route: [{ destination: { host: 'legacy' } }] },
      ],
      tcp: [{ match: [{ port: 3306 }], route: [{ destination: { host: 'db' } }] }],
    };
    const istio = `        istio:
          virtualService: {name: shop-vs, routes: [primary]}
        managedRoutes: [{name: beta-testers}, {name: mirror-half}]`;
    const steps = `      - setWeight: 25
      - pause: {}
      - setHeaderRoute: {name: beta-testers, match: [{headerName: x-beta, headerValue: {exact: "yes"}}]}
      - setMirrorRoute: {name: mirror-half, percentage: 50, match: [{method: {exact: GET}}]}
      - setWeight: 75
      - pause: {}
      - setHeaderRoute: {name: beta-testers}`;
    const shop = (): RolloutProbe => new RolloutProbe(bed.sim, 'shop');
    // The VirtualService as the API server stored it after kubectl apply (kubectl sorts keys): the bytes
    // every later read is compared with.
    let stored = '';
    const vs = async (): Promise<{ http: IstioRoute[]; spec: Json }> => {
      const spec = (await getObject(ISTIO, 'shop-vs')).spec;
      return { http: spec.http as IstioRoute[], spec };
    };
    const primary = async (): Promise<IstioRoute | undefined> => (await vs()).http.find((r) => r.name === 'primary');

    it('a first release leaves the VirtualService as the user wrote it: 100% stable', async () => {
      await apply(`apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shop-vs}
spec: ${JSON.stringify(userRoutes)}
`);
      stored = JSON.stringify((await vs()).spec);
      await apply(routedRollout('shop', 'shop:1', istio, steps));
      await shop().until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
      expect((await vs()).spec).toEqual(userRoutes);
      expect(JSON.stringify((await vs()).spec)).toBe(stored);
    }, 30_000);

    it('moves the weight of the named route with each step and adds the header and mirror routes first, in managedRoutes order', async () => {
      await apply(routedRollout('shop', 'shop:2', istio, steps));
      await shop().until('paused at setWeight 25', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
      expect(canaryWeightIn(await primary(), 'shop-canary')).toBe(25);
      expect(canaryWeightIn(await primary(), 'shop-stable')).toBe(75);
      expect(await shop().replicasByImage()).toEqual({ 'shop:1': 4, 'shop:2': 1 });

      await bed.rollouts(['promote', 'shop']);
      await shop().until('paused at setWeight 75', (s) => s.currentStepIndex === 5 && (s.pauseConditions?.length ?? 0) > 0);
      const { http } = await vs();
      expect(http.map((r) => r.name)).toEqual(['beta-testers', 'mirror-half', 'admin', 'primary', 'fallback']);
      expect(http[0]).toMatchObject({ match: [{ headers: { 'x-beta': { exact: 'yes' } } }], route: [{ destination: { host: 'shop-canary' }, weight: 100 }] });
      expect(http[1]).toMatchObject({ match: [{ method: { exact: 'GET' } }], mirror: { host: 'shop-canary' }, mirrorPercentage: { value: 50 } });
      expect(canaryWeightIn(http[3], 'shop-canary')).toBe(75);
      expect(await shop().replicasByImage()).toEqual({ 'shop:1': 4, 'shop:2': 3 });
      // The user's own routes and fields are exactly as written.
      expect(http[2]).toEqual(userRoutes.http[0]);
      expect(http[4]).toEqual(userRoutes.http[2]);
      expect((await vs()).spec.tcp).toEqual(userRoutes.tcp);
    }, 40_000);

    it('a weight changed by hand is put back by the next resync, the user route beside it untouched', async () => {
      const current = await getObject(ISTIO, 'shop-vs');
      const http = structuredClone(current.spec.http) as IstioRoute[];
      for (const d of http.find((r) => r.name === 'primary')?.route ?? []) d.weight = d.destination.host === 'shop-canary' ? 100 : 0;
      const edited = await bed.sim.request('PUT', `${ISTIO}/shop-vs`, { ...current, spec: { ...current.spec, http } });
      expect(edited.status).toBe(200);
      await eventually(async () => (canaryWeightIn(await primary(), 'shop-canary') === 75 ? true : undefined), 'weight put back to 75', 8_000);
      expect((await vs()).http.find((r) => r.name === 'admin')).toEqual(userRoutes.http[0]);
    }, 20_000);

    it('an abort puts 100% on stable and removes the managed routes in one write', async () => {
      const changes = await watch<Obj>(ISTIO, 'shop-vs');
      const aborted = await abort('shop');
      await shop().until('aborted', (s) => s.phase === 'Degraded' && s.abort === true);
      const first = await eventually(() => changes.changes[0], 'the router write');
      const http = first.object.spec.http as IstioRoute[];
      expect(canaryWeightIn(http.find((r) => r.name === 'primary'), 'shop-canary')).toBe(0);
      expect(http.map((r) => r.name)).toEqual(['admin', 'primary', 'fallback']);
      console.log(`Istio: abort written → VirtualService at 0% canary ${first.at - aborted} ms later`);
      await new Promise((r) => setTimeout(r, 1000));
      expect(changes.changes).toHaveLength(1);
      // Back to the user's object byte for byte: stable 100, canary 0, no route of ours.
      expect(JSON.stringify((await vs()).spec)).toBe(stored);
      // The canary pods go after abortScaleDownDelaySeconds (2 s).
      await eventually(async () => ((await shop().replicasByImage())['shop:2'] === 0 ? true : undefined), 'canary scaled down after the abort delay');
    }, 40_000);

    it('retry, then a full release, ends with the VirtualService exactly as the user wrote it', async () => {
      await bed.rollouts(['retry', 'rollout', 'shop']);
      await shop().until('paused again at setWeight 25', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
      expect(canaryWeightIn(await primary(), 'shop-canary')).toBe(25);
      await bed.rollouts(['promote', 'shop', '--full']);
      const done = await shop().until('second revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 30_000);
      await eventually(async () => (JSON.stringify((await vs()).spec) === stored ? true : undefined), 'VirtualService restored');
      expect(await shop().selector('shop-stable')).toBe(done.currentPodHash);
      // The previous stable stays for scaleDownDelaySeconds (2 s), then goes.
      await eventually(async () => ((await shop().replicasByImage())['shop:1'] === 0 ? true : undefined), 'old stable scaled down after the delay');
    }, 60_000);

    it('a failed analysis sends all traffic back to stable; the time from the failing measurement to the router write is printed', async () => {
      score = 1;
      const analysed = `      - setWeight: 50
      - analysis:
          templates: [{templateName: web-health-score}]
          args:
            - {name: url, value: "${web.url}/health"}
            - {name: interval, value: 1s}
            - {name: count, value: "5"}`;
      await apply(routedRollout('shop', 'shop:3', istio, analysed));
      await eventually(async () => (canaryWeightIn(await primary(), 'shop-canary') === 50 ? true : undefined), 'canary at 50%', 20_000);
      const runs = await watchObject<{ metadata: { name: string }; status?: { phase?: string } }>(bed.sim.url, '/apis/argoproj.io/v1alpha1/namespaces/default/analysisruns', '');
      watches.push(runs);
      const router = await watch<Obj>(ISTIO, 'shop-vs');
      score = 0.2;
      await shop().until('aborted by the analysis', (s) => s.phase === 'Degraded', 20_000);
      const failed = await eventually(() => runs.changes.find((c) => c.object.status?.phase === 'Failed'), 'the run failing');
      const write = await eventually(() => router.changes.find((c) => canaryWeightIn((c.object.spec.http as IstioRoute[]).find((r) => r.name === 'primary'), 'shop-canary') === 0), 'the router write');
      console.log(`Istio: failed measurement (run Failed) → VirtualService at 0% canary in ${write.at - failed.at} ms`);
      expect(router.changes.filter((c) => c.at <= write.at)).toHaveLength(1);
      score = 1;
    }, 60_000);
  });

  describe('SMI TrafficSplit', () => {
    const mesh = (): RolloutProbe => new RolloutProbe(bed.sim, 'mesh');
    const smi = `        smi: {trafficSplitName: mesh-split, rootService: mesh-root}`;
    const steps = `      - setWeight: 20
      - pause: {}
      - setWeight: 60
      - pause: {}`;
    const backends = async (): Promise<Record<string, string | number>> => {
      const spec = (await getObject(SMI, 'mesh-split')).spec as { service: string; backends: { service: string; weight: string | number }[] };
      return Object.fromEntries([['root', spec.service], ...spec.backends.map((b) => [b.service, b.weight])]) as Record<string, string | number>;
    };

    it('keeps a TrafficSplit owned by the Rollout in step, and an abort writes 0% canary once', async () => {
      await apply(routedRollout('mesh', 'mesh:1', smi, steps));
      await mesh().until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
      expect(await eventually(async () => (await bed.sim.request('GET', `${SMI}/mesh-split`)).status === 200 ? backends() : undefined, 'TrafficSplit created')).toEqual({ root: 'mesh-root', 'mesh-canary': '0', 'mesh-stable': '100' });
      await apply(routedRollout('mesh', 'mesh:2', smi, steps));
      await mesh().until('paused at 20', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
      expect(await backends()).toMatchObject({ 'mesh-canary': '20', 'mesh-stable': '80' });
      await bed.rollouts(['promote', 'mesh']);
      await mesh().until('paused at 60', (s) => s.currentStepIndex === 3 && (s.pauseConditions?.length ?? 0) > 0);
      expect(await backends()).toMatchObject({ 'mesh-canary': '60', 'mesh-stable': '40' });
      const changes = await watch<Obj>(SMI, 'mesh-split');
      const aborted = await abort('mesh');
      const first = await eventually(() => changes.changes[0], 'the router write');
      console.log(`SMI: abort written → TrafficSplit at 0% canary ${first.at - aborted} ms later`);
      expect(await backends()).toMatchObject({ 'mesh-canary': '0', 'mesh-stable': '100' });
      await mesh().until('aborted', (s) => s.phase === 'Degraded');
      await new Promise((r) => setTimeout(r, 1000));
      expect(changes.changes).toHaveLength(1);
    }, 60_000);
  });

  describe('Gateway API HTTPRoute (the argoproj-labs/gatewayAPI plugin configuration)', () => {
    const web2 = (): RolloutProbe => new RolloutProbe(bed.sim, 'front');
    const userSpec = {
      parentRefs: [{ name: 'edge', namespace: 'gateways' }],
      hostnames: ['front.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [{ name: 'admin', port: 8080 }] },
        { backendRefs: [{ name: 'front-stable', port: 80, weight: 100 }, { name: 'front-canary', port: 80, weight: 0 }] },
      ],
    };
    const gateway = `        plugins:
          argoproj-labs/gatewayAPI: {httpRoute: front-route, namespace: default}
        managedRoutes: [{name: canary-header}]`;
    const steps = `      - setWeight: 30
      - setHeaderRoute: {name: canary-header, match: [{headerName: x-canary, headerValue: {exact: "on"}}]}
      - pause: {}
      - setHeaderRoute: {name: canary-header}
      - setWeight: 70
      - pause: {}`;
    const rules = async (): Promise<HttpRouteRule[]> => (await getObject(GATEWAY, 'front-route')).spec.rules as HttpRouteRule[];

    it('sets the backendRef weights, adds and removes the header rule, restores the HTTPRoute at the end, and aborts in one write', async () => {
      await apply(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: front-route}
spec: ${JSON.stringify(userSpec)}
`);
      const stored = JSON.stringify((await getObject(GATEWAY, 'front-route')).spec);
      await apply(routedRollout('front', 'front:1', gateway, steps));
      await web2().until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
      await apply(routedRollout('front', 'front:2', gateway, steps));
      await web2().until('paused after the header route', (s) => s.currentStepIndex === 2 && (s.pauseConditions?.length ?? 0) > 0);
      const withHeader = await rules();
      expect(backendWeight(withHeader[1], 'front-canary')).toBe(30);
      expect(backendWeight(withHeader[1], 'front-stable')).toBe(70);
      const header = withHeader.find((r) => r.name === 'canary-header');
      expect(header?.matches).toEqual([{ headers: [{ type: 'Exact', name: 'x-canary', value: 'on' }] }]);
      expect(header?.backendRefs?.map((b) => b.name)).toEqual(['front-canary']);
      expect(withHeader[0]).toEqual(userSpec.rules[0]);

      await bed.rollouts(['promote', 'front']);
      await web2().until('paused at 70', (s) => s.currentStepIndex === 5 && (s.pauseConditions?.length ?? 0) > 0);
      const at70 = await rules();
      expect(at70.find((r) => r.name === 'canary-header')).toBeUndefined();
      expect(backendWeight(at70[1], 'front-canary')).toBe(70);

      const changes = await watch<Obj>(GATEWAY, 'front-route');
      const aborted = await abort('front');
      const first = await eventually(() => changes.changes[0], 'the router write');
      console.log(`Gateway API: abort written → HTTPRoute at 0% canary ${first.at - aborted} ms later`);
      expect(backendWeight((first.object.spec.rules as HttpRouteRule[])[1], 'front-canary')).toBe(0);
      await web2().until('aborted', (s) => s.phase === 'Degraded');
      await bed.rollouts(['retry', 'rollout', 'front']);
      await web2().until('paused again', (s) => s.currentStepIndex === 2 && (s.pauseConditions?.length ?? 0) > 0);
      await bed.rollouts(['promote', 'front', '--full']);
      await web2().until('second revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 30_000);
      // Byte for byte as stored after kubectl apply, and no canary label left.
      await eventually(async () => (JSON.stringify((await getObject(GATEWAY, 'front-route')).spec) === stored ? true : undefined), 'HTTPRoute restored');
      expect((await getObject(GATEWAY, 'front-route')).metadata.labels?.['rollouts.argoproj.io/gatewayapi-canary']).toBeUndefined();
    }, 90_000);
  });

  describe('NGINX Ingress', () => {
    const site = (): RolloutProbe => new RolloutProbe(bed.sim, 'site');
    const nginx = `        nginx:
          stableIngress: site
          additionalIngressAnnotations: {canary-by-header: X-Canary}`;
    const steps = `      - setWeight: 10
      - pause: {}`;

    it('clones the stable Ingress into a canary Ingress whose weight follows the steps; the stable Ingress is never written', async () => {
      const stable = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  rules:
    - host: site.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: site-stable, port: {number: 80}}}}
`;
      await apply(stable);
      const before = await getObject(INGRESS, 'site');
      await apply(routedRollout('site', 'site:1', nginx, steps));
      await site().until('first revision healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
      await apply(routedRollout('site', 'site:2', nginx, steps));
      await site().until('paused at 10', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
      const canary = await getObject(INGRESS, 'site-site-canary');
      expect(canary.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10', 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary' });
      expect(JSON.stringify(canary.spec)).toContain('site-canary');
      expect(JSON.stringify(canary.spec)).not.toContain('site-stable');
      const changes = await watch<Obj>(INGRESS, 'site-site-canary');
      const aborted = await abort('site');
      const first = await eventually(() => changes.changes[0], 'the router write');
      expect(first.object.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
      console.log(`NGINX: abort written → canary Ingress at weight 0 ${first.at - aborted} ms later`);
      expect((await getObject(INGRESS, 'site')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    }, 60_000);
  });
});
