import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Given a fresh rollouts-sim, when a user drives it with the real kubectl v1.32, then it behaves as a cluster does.
describe('rollouts-sim driven by kubectl', () => {
  let sim: RunningSim;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.5 });
    const crds = await sim.kubectl(['apply', '-k', 'crds/']);
    expect(crds.stderr).toBe('');
    expect(crds.code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    await sim.stop();
  });

  it('serves the applied CRDs: established, listed by api-resources with short names', async () => {
    const wait = await sim.kubectl(['wait', '--for=condition=Established', '--timeout=5s', 'crd/rollouts.argoproj.io', 'crd/analysistemplates.argoproj.io']);
    expect(wait.code).toBe(0);
    const resources = await sim.kubectl(['api-resources', '--api-group=argoproj.io', '--no-headers']);
    const names = resources.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2));
    expect(names).toEqual(expect.arrayContaining([['rollouts', 'ro'], ['analysistemplates', 'at'], ['analysisruns', 'ar'], ['clusteranalysistemplates', 'cat'], ['experiments', 'exp']]));
  });

  it('accepts every example and fixture manifest in a server-side dry run', async () => {
    // The router examples need Istio's, SMI's and the Gateway API's kinds served, as on a cluster with them installed.
    for (const crd of ['istio', 'smi', 'gateway-api']) expect((await sim.kubectl(['apply', '-f', `test/fixtures/crds/${crd}.yaml`])).code).toBe(0);
    const ns = await sim.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    expect(ns.stderr).toBe('');
    const result = await sim.kubectl(['apply', '--dry-run=server', '-f', 'examples/', '-f', 'test/fixtures/manifests/']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rollout.argoproj.io\/checkout created \(server dry run\)/);
    const after = await sim.kubectl(['get', 'rollouts', '-A', '--no-headers']);
    expect(after.stdout.trim()).toBe('');
  });

  it('applies a Rollout and an AnalysisTemplate and shows the Rollout printer columns', async () => {
    const applied = await sim.kubectl(['apply', '-f', 'examples/canary-rollout.yaml', '-f', 'examples/analysis-template-success-rate.yaml']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('rollout.argoproj.io/checkout created');
    expect(applied.stdout).toMatch(/analysistemplate.argoproj.io\/\S+ created/);
    const got = await sim.kubectl(['get', 'ro']);
    const [header, row] = got.stdout.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(row).toMatch(/^checkout\s+6\s+\d+s$/);
    const at = await sim.kubectl(['get', 'analysistemplates', '-o', 'jsonpath={.items[0].spec.metrics[0].successCondition}']);
    expect(at.stdout).toBe('result[0] >= 0.95');
  });

  it('is idempotent: applying the same file again changes nothing', async () => {
    const before = await sim.kubectl(['get', 'ro', 'checkout', '-o', 'jsonpath={.metadata.resourceVersion}']);
    const again = await sim.kubectl(['apply', '-f', 'examples/canary-rollout.yaml']);
    expect(again.stdout).toContain('rollout.argoproj.io/checkout unchanged');
    expect(again.stdout).toContain('service/checkout-stable unchanged');
    const after = await sim.kubectl(['get', 'ro', 'checkout', '-o', 'jsonpath={.metadata.resourceVersion}']);
    expect(after.stdout).toBe(before.stdout);
  });

  it('rejects an invalid Rollout with a message naming the field, and stores nothing', async () => {
    const bad = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: bad}
spec:
  replicas: "six"
  selector: {matchLabels: {app: bad}}
  template:
    metadata: {labels: {app: bad}}
    spec: {containers: [{name: app, image: nginx}]}
`;
    const result = await sim.kubectl(['apply', '-f', '-'], bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The Rollout "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
    const unknownField = await sim.kubectl(['apply', '-f', '-'], bad.replace('replicas: "six"', 'replicas: 2\n  replicaz: 3'));
    expect(unknownField.stderr).toContain('strict decoding error: unknown field "spec.replicaz"');
    const got = await sim.kubectl(['get', 'ro', 'bad']);
    expect(got.stderr).toContain('rollouts.argoproj.io "bad" not found');
  });

  it('gives a ReplicaSet of 3 three Ready pods, and `get pods -w` streams the changes', async () => {
    const watch = sim.kubectlStream(['get', 'pods', '-l', 'app=web', '-w']);
    const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: "nginx:1.27", env: [{name: A, value: "1"}, {name: B, value: "2"}]}
`;
    expect((await sim.kubectl(['apply', '-f', '-'], rs)).code).toBe(0);
    await eventually(async () => ((await sim.kubectl(['get', 'rs', 'web', '-o', 'jsonpath={.status.readyReplicas}'])).stdout === '3' ? true : undefined), 'three ready replicas');
    const pods = await sim.kubectl(['get', 'pods', '-l', 'app=web', '--no-headers']);
    const lines = pods.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^web-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
    await eventually(() => (watch.output().split('\n').filter((l) => /\s1\/1\s+Running/.test(l)).length >= 3 ? true : undefined), 'watch shows three Running pods');
    const streamed = watch.output();
    await watch.stop();
    expect(streamed.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(streamed).toMatch(/ContainerCreating/);
  });

  it('applies each kind of patch kubectl sends', async () => {
    expect((await sim.kubectl(['patch', 'rs', 'web', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}'])).code).toBe(0);
    expect((await sim.kubectl(['patch', 'rs', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]'])).code).toBe(0);
    const smp = await sim.kubectl(['patch', 'rs', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"C","value":"3"}]}]}}}}']);
    expect(smp.code).toBe(0);
    const got = await sim.kubectl(['get', 'rs', 'web', '-o', 'json']);
    const rs = JSON.parse(got.stdout) as { metadata: { labels: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: { env: { name: string }[] }[] } } } };
    expect(rs.metadata.labels.tier).toBe('front');
    expect(rs.spec.replicas).toBe(4);
    expect(rs.spec.template.spec.containers[0].env.map((e) => e.name).sort()).toEqual(['A', 'B', 'C']);
    const bad = await sim.kubectl(['patch', 'rs', 'web', '--type', 'json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]']);
    expect(bad.code).toBe(1);
    const crSmp = await sim.kubectl(['patch', 'ro', 'checkout', '--type', 'strategic', '-p', '{"spec":{"replicas":2}}']);
    expect(crSmp.stderr).toContain('application/strategic-merge-patch+json is not supported by argoproj.io/v1alpha1, Kind=Rollout');
  });

  it('scales through the scale subresource, for built-ins and for Rollouts', async () => {
    expect((await sim.kubectl(['scale', 'rs', 'web', '--replicas=2'])).code).toBe(0);
    await eventually(async () => ((await sim.kubectl(['get', 'pods', '-l', 'app=web', '--no-headers'])).stdout.trim().split('\n').length === 2 ? true : undefined), 'two pods after scale down');
    expect((await sim.kubectl(['scale', 'ro', 'checkout', '--replicas=3'])).code).toBe(0);
    expect((await sim.kubectl(['get', 'ro', 'checkout', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
  });

  it('labels, annotates and sets images; -o yaml and jsonpath read them back', async () => {
    expect((await sim.kubectl(['label', 'rs', 'web', 'release=blue'])).code).toBe(0);
    expect((await sim.kubectl(['annotate', 'rs', 'web', 'note=hello'])).code).toBe(0);
    expect((await sim.kubectl(['set', 'image', 'rs/web', 'nginx=nginx:1.28'])).code).toBe(0);
    const yaml = await sim.kubectl(['get', 'rs', 'web', '-o', 'yaml']);
    expect(yaml.stdout).toContain('release: blue');
    expect(yaml.stdout).toContain('note: hello');
    expect(yaml.stdout).toContain('image: nginx:1.28');
    expect((await sim.kubectl(['get', 'rs', '-l', 'release=blue', '-o', 'name'])).stdout.trim()).toBe('replicaset.apps/web');
    expect((await sim.kubectl(['get', 'rs', '-l', 'release!=blue', '-o', 'name'])).stdout.trim()).toBe('');
  });

  it('deletes a ReplicaSet and, by garbage collection, its pods', async () => {
    const del = await sim.kubectl(['delete', 'rs', 'web']);
    expect(del.stdout).toContain('replicaset.apps "web" deleted');
    await eventually(async () => ((await sim.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout.trim() === '' ? true : undefined), 'pods gone');
  });

  it('accepts the protobuf bodies of kubectl create commands', async () => {
    const commands = [
      ['create', 'namespace', 'made-by-create'],
      ['create', 'configmap', 'settings', '--from-literal=mode=fast'],
      ['create', 'secret', 'generic', 'token', '--from-literal=key=s3cret'],
      ['create', 'serviceaccount', 'robot'],
      ['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=2', '--port=80'],
      ['create', 'service', 'clusterip', 'api', '--tcp=80:8080'],
      ['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'],
    ];
    for (const args of commands) {
      const result = await sim.kubectl(args);
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: '' });
    }
    expect((await sim.kubectl(['get', 'configmap', 'settings', '-o', 'jsonpath={.data.mode}'])).stdout).toBe('fast');
    expect((await sim.kubectl(['get', 'secret', 'token', '-o', 'jsonpath={.data.key}'])).stdout).toBe(Buffer.from('s3cret').toString('base64'));
    expect((await sim.kubectl(['get', 'svc', 'api', '-o', 'jsonpath={.spec.ports[0].targetPort}'])).stdout).toBe('8080');
    await eventually(async () => ((await sim.kubectl(['get', 'deploy', 'api', '-o', 'jsonpath={.status.availableReplicas}'])).stdout === '2' ? true : undefined), 'deployment available');
    await eventually(async () => ((await sim.kubectl(['get', 'job', 'once', '-o', 'jsonpath={.status.succeeded}'])).stdout === '1' ? true : undefined), 'job succeeded');
    const ns = await sim.kubectl(['get', 'ns', 'made-by-create', '--no-headers']);
    expect(ns.stdout).toMatch(/^made-by-create\s+Active/);
  });

  it('explains the Rollout schema from the published OpenAPI', async () => {
    const explain = await sim.kubectl(['explain', 'rollout.spec.strategy.canary.steps']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('setWeight');
  });
});
