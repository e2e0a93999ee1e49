// The dashboard's HTTP API against rollouts-sim and the controller: the list and the rollout page's
// JSON, the live stream, and each action changing the Rollout exactly as `kubectl rollouts` does.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { startDashboard, type RunningDashboard } from '../../../src/dashboard/server.js';
import { eventsOf } from '../../helpers/analysis-runs.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe, type RolloutStatusView } from '../../helpers/rollout-fixtures.js';
import { ROOT } from '../../helpers/sim-process.js';

const STEPS = `      - setWeight: 20
      - pause: {}
      - setWeight: 60
      - pause: {}`;
const TOKEN = 's3cret-token';

interface Row { name: string; namespace: string; strategy: string; status: string; step: string; setWeight: string; actualWeight: string; images: { image: string; tags: string[] }[]; age: string }
interface Detail { name: string; status: string; stepViews: { text: string; state: string }[]; weights: { canary: number; stable: number; setWeight: number; source: string }; revisions: { revision: number; replicaSets: { pods: unknown[] }[] }[] }

async function call(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // an HTML page
  }
  return { status: res.status, json, headers: res.headers };
}

const act = (base: string, ns: string, name: string, action: string, headers: Record<string, string> = {}): ReturnType<typeof call> =>
  call(base, `/api/rollouts/${ns}/${name}/actions/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'dashboard-test/1', ...headers }, body: '{}' });

/** The fields an operation changes, to compare the dashboard's effect with the plugin's. */
const effect = (s: RolloutStatusView): unknown => ({ phase: s.phase, currentStepIndex: s.currentStepIndex, abort: s.abort ?? false, paused: (s.pauseConditions ?? []).map((p) => p.reason), controllerPause: s.controllerPause ?? false });

describe('the dashboard over HTTP', () => {
  const bed = useControllerBed();
  let dash: RunningDashboard;
  let readOnly: RunningDashboard;
  let authed: RunningDashboard;

  beforeAll(async () => {
    const client = createKubeClient(loadKubeConfig({ kubeconfig: bed.sim.kubeconfig }), { userAgent: 'dashboard-test' });
    [dash, readOnly, authed] = await Promise.all([
      startDashboard({ client, port: 0 }),
      startDashboard({ client, port: 0, readOnly: true }),
      startDashboard({ client, port: 0, authToken: TOKEN }),
    ]);
    // Given two identical rollouts paused at their first pause: one driven by the dashboard, one by the plugin.
    for (const name of ['dash', 'plug']) {
      const ro = new RolloutProbe(bed.sim, name);
      await ro.deployFirst('shop:1', { steps: STEPS });
      await ro.apply('shop:2', { steps: STEPS });
      await ro.until('paused at step 1', (s) => s.currentStepIndex === 1 && s.phase === 'Paused');
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([dash, readOnly, authed].map((d) => d?.close()));
  });

  it('lists the rollouts with strategy, phase, step, weight and images', async () => {
    const { status, json } = await call(dash.url, '/api/rollouts?namespace=default');
    expect(status).toBe(200);
    const rows = (json as { namespaces: string[]; rollouts: Row[] }).rollouts;
    expect((json as { namespaces: string[] }).namespaces).toContain('default');
    expect(rows.map((r) => r.name)).toEqual(['dash', 'plug']);
    expect(rows[0]).toMatchObject({ namespace: 'default', strategy: 'Canary', status: 'Paused', step: '1/4', setWeight: '20', actualWeight: '16' });
    expect(rows[0].images.map((i) => i.image).sort()).toEqual(['shop:1', 'shop:2']);
    expect((await call(dash.url, '/api/rollouts?namespace=elsewhere')).json).toMatchObject({ rollouts: [] });
  });

  it('shows a rollout: steps done/current/pending, weights, ReplicaSets and their pods', async () => {
    const { status, json } = await call(dash.url, '/api/rollouts/default/dash');
    expect(status).toBe(200);
    const d = json as Detail;
    expect(d.stepViews).toEqual([
      { index: 0, text: 'setWeight: 20', state: 'done' },
      { index: 1, text: 'pause', state: 'current' },
      { index: 2, text: 'setWeight: 60', state: 'pending' },
      { index: 3, text: 'pause', state: 'pending' },
    ].map((s) => expect.objectContaining({ text: expect.stringContaining(s.text.split(':')[0]), state: s.state })));
    // No traffic router: the weight is the canary's share of available pods (1 of 6), as `get rollout` shows.
    expect(d.weights).toEqual({ canary: 16, stable: 84, setWeight: 20, source: 'computed' });
    expect(d.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(d.revisions.flatMap((r) => r.replicaSets.flatMap((rs) => rs.pods))).toHaveLength(6);
    expect((await call(dash.url, '/api/rollouts/default/missing')).status).toBe(404);
  });

  it('pushes a change made with kubectl to an open stream within 2 seconds', async () => {
    const controller = new AbortController();
    const res = await fetch(`${dash.url}/api/stream?namespace=default&rollout=plug`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextView = async (): Promise<Record<string, unknown>> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: view') && data) return JSON.parse(data.slice(6)) as Record<string, unknown>;
          continue;
        }
        const { value } = await reader.read();
        buffer += decoder.decode(value);
      }
    };
    expect(await nextView()).toMatchObject({ name: 'plug' });
    const started = Date.now();
    await bed.sim.kubectl(['annotate', 'ro', 'plug', 'dashboard-test/touched=yes']);
    let latency: number;
    for (;;) {
      await nextView();
      latency = Date.now() - started;
      const ro = JSON.parse((await bed.sim.kubectl(['get', 'ro', 'plug', '-o', 'json'])).stdout) as { metadata: { annotations?: Record<string, string> } };
      if (ro.metadata.annotations?.['dashboard-test/touched'] === 'yes') break;
    }
    controller.abort();
    process.stdout.write(`dashboard SSE latency after kubectl annotate (incl. kubectl run): ${latency} ms\n`);
    expect(latency).toBeLessThan(2000);
  });

  it('promote, abort and retry change the Rollout as kubectl rollouts does, each recorded as an event', async () => {
    const dashRo = new RolloutProbe(bed.sim, 'dash');
    const plugRo = new RolloutProbe(bed.sim, 'plug');
    const steps: [string, string[], (s: RolloutStatusView) => boolean][] = [
      ['promote', ['promote'], (s) => s.currentStepIndex === 3 && s.phase === 'Paused'],
      ['abort', ['abort'], (s) => s.abort === true && s.phase === 'Degraded'],
      ['retry', ['retry', 'rollout'], (s) => !s.abort && s.currentStepIndex === 1 && s.phase === 'Paused'],
      ['promote-full', ['promote', '--full'], (s) => s.phase === 'Healthy'],
    ];
    for (const [action, pluginArgs, settled] of steps) {
      const viaDashboard = await act(dash.url, 'default', 'dash', action);
      expect(viaDashboard).toMatchObject({ status: 200 });
      const viaPlugin = await bed.rollouts([...pluginArgs, 'plug']);
      expect(viaPlugin.code).toBe(0);
      // The same words as the plugin prints, naming the other rollout.
      expect((viaDashboard.json as { message: string }).message).toBe(viaPlugin.stdout.trim().replace("'plug'", "'dash'"));
      const [a, b] = await Promise.all([dashRo.until(`${action} settled`, settled, 20_000), plugRo.until(`${action} settled`, settled, 20_000)]);
      expect(effect(a)).toEqual(effect(b));
    }
    const events = await eventsOf(bed.sim, 'dash');
    for (const action of ['promote', 'abort', 'retry', 'promote-full']) expect(events).toMatch(new RegExp(`DashboardAction: ${action} from the dashboard by 127\\.0\\.0\\.1 \\(dashboard-test/1\\)`));
  }, 90_000);

  it('restart sets spec.restartAt as the plugin does', async () => {
    expect((await act(dash.url, 'default', 'dash', 'restart')).status).toBe(200);
    const restartAt = (await bed.sim.kubectl(['get', 'ro', 'dash', '-o', 'jsonpath={.spec.restartAt}'])).stdout;
    expect(restartAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('--read-only refuses actions with 403 and says so in its config', async () => {
    expect((await call(readOnly.url, '/api/config')).json).toEqual({ readOnly: true, auth: false });
    expect((await call(readOnly.url, '/api/rollouts')).status).toBe(200);
    expect((await act(readOnly.url, 'default', 'dash', 'abort')).status).toBe(403);
    expect(await new RolloutProbe(bed.sim, 'dash').status()).not.toMatchObject({ abort: true });
  });

  it('--auth-token-file: 401 without the token, 200 with the bearer token or the login cookie', async () => {
    expect((await call(authed.url, '/api/rollouts')).status).toBe(401);
    expect((await call(authed.url, '/api/rollouts', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await act(authed.url, 'default', 'dash', 'abort')).status).toBe(401);
    expect((await call(authed.url, '/')).headers.get('location')).toBe('/login');
    expect((await call(authed.url, '/login')).status).toBe(200);
    expect((await call(authed.url, '/api/rollouts', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const bad = await call(authed.url, '/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    expect(bad.status).toBe(401);
    const login = await call(authed.url, '/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).not.toContain(TOKEN);
    expect((await call(authed.url, '/api/rollouts', { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await call(authed.url, '/', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('`kubectl rollouts dashboard --port 0 --read-only` serves until Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'dashboard', '--port', '0', '--read-only'], { env: { ...process.env, KUBECONFIG: bed.sim.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const line = await new Promise<string>((resolve) => createInterface(child.stdout).once('line', resolve));
    expect(line).toMatch(/^Rollouts dashboard available at http:\/\/127\.0\.0\.1:\d+ \(read-only\)$/);
    const url = /http:\S+/.exec(line)![0];
    expect((await call(url, '/api/config')).json).toEqual({ readOnly: true, auth: false });
    expect((await call(url, '/api/rollouts')).json).toMatchObject({ rollouts: [{ name: 'dash' }, { name: 'plug' }] });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
