// The command line end to end with a recording client at the edge: parsing, what each command
// prints, and its exit code.
import { describe, expect, it } from '@jest/globals';
import type { CliDeps, GlobalOptions } from '../../../src/cli/cli-types.js';
import { createPainter } from '../../../src/cli/render/colors.js';
import { renderRollout } from '../../../src/cli/render/rollout-text.js';
import { runCli } from '../../../src/cli/run-cli.js';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';
import { RESOURCES, type ResourceRef } from '../../../src/kube/resources.js';
import { rolloutInfo } from '../../../src/view/rollout-info.js';
import type { RolloutTree } from '../../../src/view/view-types.js';
import { recordingClient, type RecordingClient } from '../ops/recording-client.js';
import { NOW, scenario } from '../view/canary-fixtures.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  client: RecordingClient;
  connected: GlobalOptions[];
}

/** Puts a scenario's objects in the "default" namespace (the session's default) unless told otherwise. */
function objectsOf(tree: RolloutTree, namespace = 'default'): { resource: ResourceRef; object: KubeObject }[] {
  const place = <T extends { metadata?: unknown }>(obj: T): KubeObject => ({ ...obj, metadata: { ...(obj.metadata as object), namespace } });
  return [
    { resource: RESOURCES.rollouts, object: place(tree.rollout) },
    ...tree.replicaSets.map((o) => ({ resource: RESOURCES.replicaSets, object: place(o) })),
    ...tree.pods.map((o) => ({ resource: RESOURCES.pods, object: place(o) })),
    ...tree.analysisRuns.map((o) => ({ resource: RESOURCES.analysisRuns, object: place(o) })),
  ];
}

async function run(argv: string[], objects: { resource: ResourceRef; object: KubeObject }[] = [], signal = new AbortController().signal): Promise<Run> {
  const client = recordingClient(objects);
  let stdout = '';
  let stderr = '';
  const connected: GlobalOptions[] = [];
  const deps: CliDeps = {
    stdout: { write: (s) => (stdout += s) },
    stderr: { write: (s) => (stderr += s) },
    isTTY: false,
    env: {},
    connect: (globals) => {
      connected.push(globals);
      return Promise.resolve({ client, namespace: globals.namespace ?? 'default' });
    },
    now: () => NOW,
    signal,
    version: '9.9.9',
  };
  const code = await runCli(argv, deps);
  return { code, stdout, stderr, client, connected };
}

describe('kubectl rollouts: parsing and exit codes', () => {
  it('prints the version without connecting', async () => {
    const r = await run(['version', '--short']);
    expect(r).toMatchObject({ code: 0, stdout: 'kubectl-rollouts: v9.9.9\n', stderr: '', connected: [] });
  });

  it('prints help with exit code 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kubectl rollouts');
    expect(r.stdout).toContain('promote');
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['promote'], /missing required argument 'name'/],
    [['promote', 'a', 'b'], /too many arguments/],
    [['set', 'image', 'checkout', 'nginx:1'], /Error: expected CONTAINER=IMAGE/],
    [['undo', 'checkout', '--to-revision', 'x'], /Error: invalid argument "x" for "--to-revision" flag/],
    [['status', 'checkout', '--timeout', '10'], /Error: invalid argument "10" for "-t, --timeout" flag/],
    [['get', 'rollout', 'checkout', '--frob'], /unknown option '--frob'/],
  ])('%j fails with exit code 1', async (argv, message) => {
    const r = await run(argv, objectsOf(scenario('healthy')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.client.writes()).toEqual([]);
  });

  it.each([
    [['-n', 'shop', 'pause', 'checkout']],
    [['pause', 'checkout', '-n', 'shop']],
    [['pause', '--namespace=shop', 'checkout']],
  ])('takes the global flags anywhere on the line: %j', async (argv) => {
    const r = await run(argv, objectsOf(scenario('healthy'), 'shop'));
    expect(r).toMatchObject({ code: 0, stdout: "rollout 'checkout' paused\n" });
    expect(r.connected).toEqual([{ namespace: 'shop' }]);
  });

  it('passes --kubeconfig and --context to the connection', async () => {
    const r = await run(['abort', 'checkout', '--kubeconfig', '/tmp/kc', '--context', 'prod'], objectsOf(scenario('healthy')));
    expect(r.connected).toEqual([{ kubeconfig: '/tmp/kc', context: 'prod' }]);
  });

  it.each([
    [['promote', 'checkout'], "rollout 'checkout' promoted\n", { status: { pauseConditions: null } }],
    [['promote', 'checkout', '--full'], "rollout 'checkout' fully promoted\n", { status: { promoteFull: true } }],
    [['promote', 'checkout', '--full=true'], "rollout 'checkout' fully promoted\n", { status: { promoteFull: true } }],
    [['abort', 'checkout'], "rollout 'checkout' aborted\n", { status: { abort: true } }],
    [['retry', 'rollout', 'checkout'], "rollout 'checkout' retried\n", { status: { abort: false } }],
    [['retry', 'ro', 'checkout'], "rollout 'checkout' retried\n", { status: { abort: false } }],
    [['pause', 'checkout'], "rollout 'checkout' paused\n", { spec: { paused: true } }],
    [['restart', 'checkout'], "rollout 'checkout' restarts in 0s\n", { spec: { restartAt: '2024-05-01T12:00:00Z' } }],
  ])('%j prints Argo’s line and sends the patch', async (argv, stdout, body) => {
    const r = await run(argv, objectsOf(scenario('paused')));
    expect(r).toMatchObject({ code: 0, stdout, stderr: '' });
    expect(r.client.writes().map((w) => w.body)).toEqual([body]);
  });

  it('aborts several rollouts in one go, as Argo accepts', async () => {
    const other = { resource: RESOURCES.rollouts, object: { ...scenario('healthy').rollout, metadata: { name: 'cart', namespace: 'default' } } as KubeObject };
    const r = await run(['abort', 'checkout', 'cart'], [...objectsOf(scenario('healthy')), other]);
    expect(r.stdout).toBe("rollout 'checkout' aborted\nrollout 'cart' aborted\n");
  });

  it('warns about Argo’s deprecated promote flags but honours them', async () => {
    const r = await run(['promote', 'checkout', '--skip-current-step'], objectsOf(scenario('paused')));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Flag --skip-current-step has been deprecated');
    expect(r.client.writes().map((w) => w.body)).toEqual([{ status: { currentStepIndex: 3 } }]);
  });

  it('sets an image and undoes to a revision', async () => {
    const setImage = await run(['set', 'image', 'checkout', 'checkout=ghcr.io/example/checkout:2.0.0'], objectsOf(scenario('healthy')));
    expect(setImage).toMatchObject({ code: 0, stdout: 'rollout "checkout" image updated\n' });
    const undo = await run(['undo', 'checkout', '--to-revision', '1'], objectsOf(scenario('healthy')));
    expect(undo).toMatchObject({ code: 0, stdout: "rollout 'checkout' undo\n" });
    expect(undo.client.writes()[0]).toMatchObject({ patchType: 'json' });
  });

  it('reports a missing rollout with exit code 1', async () => {
    const r = await run(['promote', 'nope']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Error: rollouts.argoproj.io "nope" not found\n' });
  });
});

describe('get, list and status', () => {
  it('get rollout prints the same text as the golden renderer', async () => {
    const r = await run(['get', 'rollout', 'checkout', '--no-color'], objectsOf(scenario('progressing')));
    const tree = scenario('progressing');
    const expected = renderRollout(rolloutInfo({ ...tree, rollout: { ...tree.rollout, metadata: { ...tree.rollout.metadata, namespace: 'default' } } }, NOW), createPainter(false));
    expect(r).toMatchObject({ code: 0, stdout: expected, stderr: '' });
  });

  it('list rollouts prints a table, and says when there is nothing', async () => {
    expect((await run(['list', 'rollouts'], objectsOf(scenario('paused')))).stdout).toContain('checkout    Canary     Paused        2/5');
    expect(await run(['list', 'ro', '-A'])).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found.\n' });
  });

  it.each([
    ['healthy', 'Healthy\n', 0, ''],
    ['paused', 'Paused - CanaryPauseStep\n', 0, ''],
    ['progressing', 'Progressing - more replicas need to be updated\n', 0, ''],
    ['aborted', 'Degraded\n', 1, 'Error: The rollout is in a degraded state with message: RolloutAborted: Rollout aborted update to revision 3'],
  ] as const)('status --watch=false of a %s rollout', async (state, stdout, code, stderr) => {
    const r = await run(['status', 'checkout', '--watch=false'], objectsOf(scenario(state)));
    expect(r).toMatchObject({ code, stdout });
    expect(r.stderr.startsWith(stderr)).toBe(true);
  });

  it.each([
    ['healthy', 'Healthy\n', 0, ''],
    ['aborted', 'Degraded - RolloutAborted: Rollout aborted update to revision 3: Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)\n', 1, 'Error: The rollout is in a degraded state'],
    ['progressing', 'Progressing - more replicas need to be updated\n', 1, 'Error: Rollout status watch exceeded timeout\n'],
  ] as const)('status (watching, --timeout 200ms) of a %s rollout', async (state, stdout, code, stderr) => {
    const r = await run(['status', 'checkout', '--timeout', '200ms'], objectsOf(scenario(state)));
    expect(r).toMatchObject({ code, stdout });
    expect(r.stderr.startsWith(stderr)).toBe(true);
  });

  it('status ends on Ctrl-C like a timeout', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const r = await run(['status', 'checkout'], objectsOf(scenario('paused')), stop.signal);
    expect(r).toMatchObject({ code: 1, stdout: 'Paused - CanaryPauseStep\n', stderr: 'Error: Rollout status watch exceeded timeout\n' });
  });

  it('get rollout --watch draws once, then until Ctrl-C', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const r = await run(['get', 'rollout', 'checkout', '-w', '--no-color'], objectsOf(scenario('healthy')), stop.signal);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\x1b[H\x1b[2J\x1b[0;0HName:            checkout\n')).toBe(true);
  });
});
