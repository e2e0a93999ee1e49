import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

const CM = '/api/v1/namespaces/default/configmaps';

interface RequestSummary {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
  entries: { userAgent: string; verb: string; resource: string; code: number; count: number }[];
}

// Given rollouts-sim, when a test injects faults through /_sim/faults, then the API fails exactly as configured.
describe('rollouts-sim fault injection and request counting', () => {
  let sim: RunningSim;

  beforeAll(async () => {
    sim = await startSimProcess();
  });

  beforeEach(async () => {
    await sim.request('DELETE', '/_sim/faults');
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('adds latency to API requests', async () => {
    await sim.request('PUT', '/_sim/faults', { latencyMs: 200 });
    const started = Date.now();
    await sim.request('GET', CM);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('fails the configured share of requests with 5xx, limited to chosen verbs and resources', async () => {
    await sim.request('PUT', '/_sim/faults', { errorRate: 1, errorCode: 503, verbs: ['list'], resources: ['configmaps'] });
    const failed = await sim.request('GET', CM);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
    expect((await sim.request('GET', '/api/v1/namespaces/default/secrets')).status).toBe(200);
    await sim.request('PUT', '/_sim/faults', { errorRate: 0.3, seed: 7 });
    let failures = 0;
    for (let i = 0; i < 200; i++) if ((await sim.request('GET', CM)).status >= 500) failures++;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
  });

  it('refuses every other write with 409 Conflict', async () => {
    await sim.request('PUT', '/_sim/faults', { conflictEvery: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await sim.request('POST', CM, { metadata: { name: `c-${i}` } })).status);
    expect(codes).toEqual([201, 409, 201, 409, 201, 409]);
  });

  it('drops watch connections on a timer', async () => {
    await sim.request('PUT', '/_sim/faults', { dropWatchesEverySeconds: 0.3 });
    const started = Date.now();
    await (await fetch(`${sim.url}${CM}?watch=true`)).text();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects an unknown fault setting with 400 and a clear message', async () => {
    const res = await sim.request('PUT', '/_sim/faults', { latency: 5 });
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toContain('unknown fault setting "latency"');
  });

  it('counts requests by client, verb and resource', async () => {
    await sim.request('DELETE', '/_sim/requests');
    await sim.request('GET', CM, undefined, { 'User-Agent': 'bench-client/1' });
    await sim.request('POST', CM, { metadata: { name: 'counted' } }, { 'User-Agent': 'bench-client/1' });
    await sim.request('PATCH', `${CM}/counted`, { data: { a: 'b' } }, { 'Content-Type': 'application/merge-patch+json', 'User-Agent': 'bench-client/1' });
    await sim.request('GET', `${CM}/counted`, undefined, { 'User-Agent': 'someone-else' });
    const mine = (await sim.request('GET', '/_sim/requests?userAgent=bench-client')).json as RequestSummary;
    expect(mine.total).toBe(3);
    expect(mine.byVerb).toEqual({ list: 1, create: 1, patch: 1 });
    expect(mine.byResource).toEqual({ configmaps: 3 });
    const all = (await sim.request('GET', '/_sim/requests')).json as RequestSummary;
    expect(all.total).toBe(4);
    expect(all.entries.find((e) => e.userAgent === 'someone-else')).toMatchObject({ verb: 'get', resource: 'configmaps', code: 200, count: 1 });
  });
});

describe('rollouts-sim process', () => {
  it('prints one ready line, listens on 127.0.0.1 only, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'sim', 'main.js'), '--port', '0', '--kubeconfig', join(ROOT, 'test-output', 'sim-process', 'kubeconfig')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    const ready = JSON.parse(line) as { event: string; server: string; kubeconfig: string };
    expect(ready.event).toBe('ready');
    expect(ready.server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.kubeconfig).toMatch(/kubeconfig$/);
    expect((await fetch(`${ready.server}/healthz`)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('refuses a bad flag with a clear message and exit code 1', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'sim', 'main.js'), '--pod-ready-seconds', 'soon'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--pod-ready-seconds must be a non-negative number, got "soon"');
  });
});
